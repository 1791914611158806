/**
 * Turns a raw group message into "a command word plus the rest", or "not a command"
 * (SPEC "Command grammar"). Pure and total: every string gets an answer, none throws.
 */

import { ZERO_WIDTH } from '../core/text.js';

const ODD_SPACES = /[\u3000\u2005\u00A0\u2002-\u200A\u202F\u205F\t\r\f\v]/g;

/**
 * Full-width spaces (U+3000), the mention space (U+2005), other odd spaces and zero-width or
 * direction marks become plain spaces or vanish; runs of spaces fold; lines are kept.
 */
export function normalizeText(raw: string): string {
  return raw
    .replace(ZERO_WIDTH, '')
    .replace(ODD_SPACES, ' ')
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').trim())
    .join('\n')
    .trim();
}

export type ParsedMessage =
  | {
      kind: 'command';
      word: string;
      known: boolean;
      rest: string;
      viaMention: boolean;
      /**
       * For an unknown word that is a known word run on into more text ("/报修楼道灯不亮"): that
       * word and what followed it, so the reply can show the command with the space.
       */
      runOn?: { word: string; after: string };
    }
  | { kind: 'none' };

export interface ParserVocabulary {
  /** Every command word and alias. */
  words: readonly string[];
  /** The names the bot goes by in this group (its own name, its group alias). */
  botNames: readonly string[];
}

const SLASHES = ['/', '／'];
// A command word starts with a letter or a CJK ideograph: WeChat's text emoticons ("/::)") do not.
const WORD_START = /^[\p{L}\p{Script=Han}]/u;
const LATIN = /[A-Za-z]/;

function stripMentionPrefix(text: string, botNames: readonly string[]): string | null {
  if (!text.startsWith('@') && !text.startsWith('＠')) return null;
  const body = text.slice(1);
  // The longest name first: "红管家" must not eat the start of "红管家助手".
  const names = [...botNames].filter((n) => n.length > 0).sort((a, b) => b.length - a.length);
  for (const name of names) {
    if (!body.startsWith(name)) continue;
    const after = body.slice(name.length);
    if (after === '' || after.startsWith(' ') || after.startsWith('\n')) return after.trim();
  }
  return null;
}

/** Each vocabulary's words lower-cased once, longest first, not on every message. */
const lowered = new WeakMap<readonly string[], readonly { word: string; lower: string }[]>();

function loweredWords(words: readonly string[]): readonly { word: string; lower: string }[] {
  let list = lowered.get(words);
  if (!list) {
    list = words
      .map((word) => ({ word, lower: word.toLowerCase() }))
      .sort((a, b) => b.lower.length - a.lower.length);
    lowered.set(words, list);
  }
  return list;
}

/** The longest known word the body starts with, and whether a blank or the end follows it. */
function matchKnownWord(body: string, words: readonly string[]): { word: string; ends: boolean } | null {
  const lower = body.toLowerCase();
  // Longest first, so the first match is the longest known word.
  for (const { word, lower: w } of loweredWords(words)) {
    if (!lower.startsWith(w)) continue;
    const next = body.charAt(w.length);
    // An English alias glued to more letters is another word ("/helpme" is not "/help").
    if (LATIN.test(w.charAt(w.length - 1)) && LATIN.test(next)) return null;
    return { word, ends: next === '' || /\s/.test(next) };
  }
  return null;
}

/**
 * False for a group message that can never be a command whatever the bot is called (it starts
 * with neither a slash nor an @), so the bot need not keep it: members' chatter is not stored.
 */
export function mayBeCommand(raw: string): boolean {
  const first = normalizeText(raw).charAt(0);
  return SLASHES.includes(first) || first === '@' || first === '＠';
}

/**
 * Reads one message. `/word rest`, `／word rest`, `@bot word rest` and `@bot /word rest` are
 * commands; the longest known word wins. The word must be followed by a blank or the end
 * (issue 13): "/报修单 灯" is not 报修 with the text "单 灯", nor "/进度#1e3" 进度 of "#1e3".
 * An unknown word is still a command (with `known: false`) so the user gets a suggestion.
 */
export function parseMessage(raw: string, vocabulary: ParserVocabulary): ParsedMessage {
  const text = normalizeText(raw);
  let body: string | null = null;
  let viaMention = false;
  const afterMention = stripMentionPrefix(text, vocabulary.botNames);
  if (afterMention !== null) {
    viaMention = true;
    body = SLASHES.includes(afterMention.charAt(0)) ? afterMention.slice(1).trimStart() : afterMention;
  } else if (SLASHES.includes(text.charAt(0))) {
    body = text.slice(1).trimStart();
  }
  if (body === null) return { kind: 'none' };
  if (body === '') {
    return viaMention ? { kind: 'command', word: '', known: false, rest: '', viaMention } : { kind: 'none' };
  }
  if (!WORD_START.test(body)) return { kind: 'none' };
  const known = matchKnownWord(body, vocabulary.words);
  if (known?.ends) {
    return {
      kind: 'command',
      word: known.word,
      known: true,
      rest: body.slice(known.word.length).trim(),
      viaMention,
    };
  }
  const firstToken = body.split(/\s/, 1)[0] ?? '';
  return {
    kind: 'command',
    word: firstToken,
    known: false,
    rest: body.slice(firstToken.length).trim(),
    viaMention,
    ...(known ? { runOn: { word: known.word, after: body.slice(known.word.length).trim() } } : {}),
  };
}

/**
 * How the bot shows what members wrote and what they are called (issue 13). Every bot message
 * is built from lines the bot controls; a member's text or name is shown inside one of them,
 * never as a line of its own, so a ticket "灯坏了\n业委会通知: 本月物业费翻倍" or a member named
 * "张三\n[幸福小区业主群] 红管家: …" cannot make a line that looks like the bot or a notice.
 */

import { ZERO_WIDTH } from './text.js';

/**
 * Names are cut at 16 characters: the names people use in a compound group ("3-2-301 张三丰",
 * "物业-王师傅") are well within it, and a longer one is an ad or a prank that would otherwise
 * fill the line of a reminder that @mentions ten people.
 */
export const NAME_MAX = 16;

/** What an empty (or all-invisible) name shows: never the contact id, which means nothing to people. */
export const NAME_FALLBACK = '无昵称成员';

// Blanks and every kind of line break (NEL and the Unicode line and paragraph separators
// included, which some clients draw as new lines) become one space; other control characters go.
const BLANKS = /[\s\u0085\u2028\u2029]+/g;
const CONTROL = /(?![\t\n\v\f\r\u0085])\p{Cc}/gu;

/**
 * User text on one line: line breaks and runs of blanks become one space, invisible and
 * direction-changing marks are dropped, and with `max` the text is cut to that many characters
 * (code points, so no half emoji), the last of them "…".
 */
export function oneLine(text: string, max?: number): string {
  const flat = text.replace(ZERO_WIDTH, '').replace(CONTROL, '').replace(BLANKS, ' ').trim();
  if (max === undefined) return flat;
  const chars = [...flat];
  // The "…" counts: what is shown is at most `max` long, so cutting twice changes nothing.
  return chars.length <= max
    ? flat
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}

/**
 * Quotes what the user typed back to them, on one line and cut short: a 10,000-character paste
 * is not echoed, and a pasted line break cannot start a line of the reply.
 */
export function quote(text: string, max = 20): string {
  return oneLine(text, max);
}

/** A member's name as the bot shows it: one line, at most NAME_MAX characters, never empty. */
export function displayName(name: string | null | undefined): string {
  const shown = oneLine(name ?? '', NAME_MAX);
  return shown === '' ? NAME_FALLBACK : shown;
}

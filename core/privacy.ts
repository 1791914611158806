/**
 * Phone numbers in what owners write (issue 7, privacy; issue 13): owners add "电话 138 1234 5678"
 * so the manager can call them, and write it every way a phone keyboard or a cautious owner
 * allows: full-width digits, Chinese digit words, any split by blanks, dashes or dots, +86 or
 * 0086 in front, zero-width marks pasted between the digits. Every one of them is masked.
 */

import { ZERO_WIDTH_CHAR } from './text.js';

/** The value of each digit character an owner may type: ASCII, full-width, Chinese words. */
const DIGIT_VALUES = new Map<string, string>([
  ...[...'0123456789'].map((d) => [d, d] as const),
  ...[...'０１２３４５６７８９'].map((d, i) => [d, String(i)] as const),
  ...[...'〇一二三四五六七八九'].map((d, i) => [d, String(i)] as const),
  ['零', '0'],
  ['○', '0'],
  // 幺 is how 1 is read out in phone numbers, so owners who spell the number out write it too.
  ['幺', '1'],
]);

/** What may stand between the groups of one number, each kind shown as one character. */
const SEPARATOR_KINDS: readonly [RegExp, string][] = [
  [/\s/, ' '],
  [/[-‐‑‒–—―－﹣]/, '-'],
  [/[.．·・•]/, '.'],
  [/[()（）]/, '('],
];

function separatorKind(c: string): string | null {
  for (const [re, kind] of SEPARATOR_KINDS) if (re.test(c)) return kind;
  return null;
}

/** More visible separator characters than this between two digit groups: two numbers. */
const MAX_GAP = 3;

/**
 * A currency sign before, or a unit after, several groups makes them amounts, dates or counts
 * side by side ("¥1300000 2020年", "1300 1000000元"), not a phone number split in chunks.
 */
const CURRENCY_BEFORE = /[¥￥$＄]\s?$/;
const UNIT_AFTER = /^\s?[元块角万亿年月日号楼栋幢单室层户间套平米㎡%％点时秒个次人天辆斤度吨岁期]/;

/** A mainland mobile number (1[3-9] and 9 more digits), with the country code or not. */
const MOBILE = /^(?:0086|86)?(1[3-9][0-9]{9})$/;

interface Group {
  start: number;
  end: number;
  digits: string;
  /** The separators between the previous group of the chain and this one, one char per kind. */
  gap: string;
}

/** Digit groups (zero-width marks inside one do not split it), chained by short separator runs. */
function digitChains(chars: readonly string[]): Group[][] {
  const chains: Group[][] = [];
  let chain: Group[] = [];
  let gap = '';
  let gapOk = false;
  let i = 0;
  while (i < chars.length) {
    const c = chars[i] as string;
    const value = DIGIT_VALUES.get(c);
    if (value !== undefined) {
      const start = i;
      let digits = '';
      let end = i;
      while (i < chars.length) {
        const d = DIGIT_VALUES.get(chars[i] as string);
        if (d !== undefined) {
          digits += d;
          i++;
          end = i;
        } else if (ZERO_WIDTH_CHAR.test(chars[i] as string)) i++;
        else break;
      }
      if (!gapOk && chain.length > 0) {
        chains.push(chain);
        chain = [];
      }
      chain.push({ start, end, digits, gap: chain.length > 0 ? gap : '' });
      i = end;
      gap = '';
      gapOk = true;
      continue;
    }
    if (ZERO_WIDTH_CHAR.test(c)) {
      i++;
      continue;
    }
    const kind = separatorKind(c);
    if (kind !== null && gapOk && gap.length < MAX_GAP) gap += kind;
    else gapOk = false;
    i++;
  }
  if (chain.length > 0) chains.push(chain);
  return chains;
}

/** True when a blank (not only a dash or a dot) stands before group `i` of the chain. */
function blankBefore(chain: readonly Group[], i: number): boolean {
  const g = chain[i];
  return g === undefined || i === 0 || g.gap.includes(' ');
}

/**
 * The phone numbers in one chain of digit groups, as [first group, last group, national number].
 * One group that is a whole number is a phone wherever it stands ("3-2-13812345678"). Several
 * groups read as one number only when they are whole blank-separated words and either the same
 * separator splits them all ("138 1234 5678", "1 3 8 1 2 3 4 5 6 7 8"; the gap after a +86 may
 * differ) or each has 3 digits or more, as people chunk a phone number ("138-1234 5678"). So
 * numbers side by side ("1-3-1000 1-1-101", "1-1-1300 1000000元") are not read across.
 */
function phonesIn(chain: readonly Group[], context: readonly string[]): [number, number, string][] {
  const found: [number, number, string][] = [];
  let i = 0;
  while (i < chain.length) {
    let matched = false;
    let digits = '';
    for (let j = i; j < chain.length && digits.length < 15; j++) {
      digits += (chain[j] as Group).digits;
      const national = MOBILE.exec(digits)?.[1];
      if (national === undefined) continue;
      const prefixGroup = (chain[i] as Group).digits === '86' || (chain[i] as Group).digits === '0086';
      const parts = chain.slice(i + (prefixGroup ? 1 : 0), j + 1);
      const gaps = parts.slice(1).map((g) => g.gap);
      const sameSeparator = gaps.every((g) => g === gaps[0]);
      const phoneChunks = parts.every((g) => g.digits.length >= 3);
      const oneWord = blankBefore(chain, i) && blankBefore(chain, j + 1);
      const measured =
        CURRENCY_BEFORE.test(
          context.slice(Math.max(0, (chain[i] as Group).start - 2), (chain[i] as Group).start).join(''),
        ) || UNIT_AFTER.test(context.slice((chain[j] as Group).end, (chain[j] as Group).end + 2).join(''));
      if (i === j || (oneWord && !measured && (sameSeparator || phoneChunks))) {
        found.push([i, j, national]);
        i = j + 1;
        matched = true;
        break;
      }
    }
    if (!matched) i++;
  }
  return found;
}

/** Where the phone numbers of a text are, as spans of its code points, in order. */
function phoneSpans(chars: readonly string[]): { start: number; end: number; national: string }[] {
  const spans: { start: number; end: number; national: string }[] = [];
  for (const chain of digitChains(chars)) {
    for (const [i, j, national] of phonesIn(chain, chars)) {
      let start = (chain[i] as Group).start;
      if (chars[start - 1] === '+' || chars[start - 1] === '＋') start--;
      spans.push({ start, end: (chain[j] as Group).end, national });
    }
  }
  return spans;
}

/** Each phone number of a text replaced by what `replace` makes of its 11 national digits. */
function replacePhones(text: string, replace: (national: string) => string): string {
  const chars = [...text];
  const spans = phoneSpans(chars);
  if (spans.length === 0) return text;
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += `${chars.slice(at, s.start).join('')}${replace(s.national)}`;
    at = s.end;
  }
  return out + chars.slice(at).join('');
}

/** "电话 138 1234 5678" → "电话 138****5678", however the number was written. */
export function maskPhones(text: string): string {
  return replacePhones(text, (national) => `${national.slice(0, 3)}****${national.slice(7)}`);
}

/**
 * "电话 138 1234 5678" → "电话 (电话已隐去)": for what anyone with a link can read (the board
 * page, SPEC "The desk"), where not even the masked digits are shown.
 */
export function dropPhones(text: string): string {
  return replacePhones(text, () => '(电话已隐去)');
}

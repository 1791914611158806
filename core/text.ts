/**
 * Text helpers that commands and schedules share. Owners type on phones whose keyboards switch to
 * full-width digits (０-９) in Chinese input mode; every number they type goes through here.
 */

/**
 * Zero-width characters, direction marks and the soft hyphen: invisible in WeChat, but they
 * split words and numbers for a program ("报\u200b修", "138\u200b1234 5678").
 */
export const ZERO_WIDTH = /[\u200B-\u200F\u2060-\u2064\uFEFF\u00AD\u202A-\u202E\u2066-\u2069]/g;
/** The same set, to test one character. */
export const ZERO_WIDTH_CHAR = new RegExp(ZERO_WIDTH.source);

const FULL_WIDTH_DIGIT = /[０-９]/g;

/** `１２３` → `123`; everything else is left as it is. */
export function halfWidthDigits(s: string): string {
  return s.replace(FULL_WIDTH_DIGIT, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
}

// The Intl objects below are made on first use: each loads ICU data into the process (the Chinese
// collation about 2 MB of RSS), and most runs of the bot never cut a file name or sort names.
let graphemes: Intl.Segmenter | null = null;
let zhCollator: Intl.Collator | null = null;
let zhNumericCollator: Intl.Collator | null = null;

/** Chinese names in the order a reader in China expects (pinyin): for sorting compounds, areas and staff. */
export function compareZh(a: string, b: string): number {
  zhCollator ??= new Intl.Collator('zh-Hans-CN');
  return zhCollator.compare(a, b);
}

/** A copy of `list` sorted by name with {@link compareZh}: the same order on both stores. */
export function sortByName<T extends { name: string }>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => compareZh(a.name, b.name));
}

/** As {@link compareZh}, with the numbers in a text compared as numbers (2号楼 before 10号楼). */
export function compareZhNumeric(a: string, b: string): number {
  zhNumericCollator ??= new Intl.Collator('zh-Hans-CN', { numeric: true });
  return zhNumericCollator.compare(a, b);
}

/**
 * The longest start of `s` that fits in `maxBytes` of UTF-8 and ends on a whole character as a
 * reader sees it (a grapheme: an emoji with its modifiers, a flag, a letter with its accents), so
 * a cut never leaves half an emoji or a lone surrogate. Disks count file names in bytes, and one
 * CJK character is 3 of them.
 */
export function cutUtf8(s: string, maxBytes: number): string {
  if (Buffer.byteLength(s, 'utf8') <= maxBytes) return s;
  let used = 0;
  let end = 0;
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  for (const { segment, index } of graphemes.segment(s)) {
    const size = Buffer.byteLength(segment, 'utf8');
    if (used + size > maxBytes) break;
    used += size;
    end = index + segment.length;
  }
  return s.slice(0, end);
}

/**
 * What, right after a number's digits, shows the number goes on: a letter, a digit, `_` or `%`,
 * or a decimal point, thousands comma or range dash before another digit. "1e3", "4.9",
 * "1,000" and "0x1" are not the whole numbers 1, 4, 1 and 0 (issue 13); "#3, 修好了" is 3.
 * A regex source, for a negative lookahead: `(?!${NUMBER_GOES_ON})`.
 */
export const NUMBER_GOES_ON = '[0-9０-９A-Za-zＡ-Ｚａ-ｚ_%％]|[.．,，、:：/／+＋\\-－][0-9０-９]';

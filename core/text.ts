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

/**
 * What, right after a number's digits, shows the number goes on: a letter, a digit, `_` or `%`,
 * or a decimal point, thousands comma or range dash before another digit. "1e3", "4.9",
 * "1,000" and "0x1" are not the whole numbers 1, 4, 1 and 0 (issue 13); "#3, 修好了" is 3.
 * A regex source, for a negative lookahead: `(?!${NUMBER_GOES_ON})`.
 */
export const NUMBER_GOES_ON = '[0-9０-９A-Za-zＡ-Ｚａ-ｚ_%％]|[.．,，、:：/／+＋\\-－][0-9０-９]';

/**
 * Text helpers that commands and schedules share. Owners type on phones whose keyboards switch to
 * full-width digits (０-９) in Chinese input mode; every number they type goes through here.
 */

const FULL_WIDTH_DIGIT = /[０-９]/g;

/** `１２３` → `123`; everything else is left as it is. */
export function halfWidthDigits(s: string): string {
  return s.replace(FULL_WIDTH_DIGIT, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

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
  for (const { segment, index } of graphemes.segment(s)) {
    const size = Buffer.byteLength(segment, 'utf8');
    if (used + size > maxBytes) break;
    used += size;
    end = index + segment.length;
  }
  return s.slice(0, end);
}

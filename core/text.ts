/**
 * Text helpers that commands and schedules share. Owners type on phones whose keyboards switch to
 * full-width digits (０-９) in Chinese input mode; every number they type goes through here.
 */

const FULL_WIDTH_DIGIT = /[０-９]/g;

/** `１２３` → `123`; everything else is left as it is. */
export function halfWidthDigits(s: string): string {
  return s.replace(FULL_WIDTH_DIGIT, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
}

/**
 * How a ticket is named in a community's or street's group (SPEC "Communities and streets"):
 * `<小区名>#12`, where a unique prefix of the compound's name is enough (`幸福#12`) and `＃`
 * works as `#`. Numbers are per compound, so a bare `#12` names nothing there. Parsing the text
 * and matching the name are pure; which compounds the name may match is the caller's (only those
 * of the group's community or street).
 */

import { halfWidthDigits, NUMBER_GOES_ON } from '../text.js';

/** `幸福小区#12 说明` taken apart: the name as typed (may be ''), the number, what follows. */
export interface AreaTicketRef {
  name: string;
  no: number;
  rest: string;
}

// Compound names never hold `#` (/绑定群 refuses it), so the name is all before the first one.
// After the number the text may follow at once (`幸福#12说明`), but not what would continue it.
const AREA_REF = new RegExp(`^([^#＃]*?)\\s*[#＃]\\s*([0-9０-９]{1,9})(?!${NUMBER_GOES_ON})\\s*([\\s\\S]*)$`);

/** `幸福小区#12 说明`, `幸福 ＃１２`, `#12` (name ''); null when there is no `#<number>`. */
export function parseAreaTicketRef(text: string): AreaTicketRef | null {
  const m = AREA_REF.exec(text.trim());
  if (!m) return null;
  const no = Number(halfWidthDigits(m[2] ?? ''));
  if (!(no > 0)) return null;
  return { name: (m[1] ?? '').trim().replace(/\s+/g, ' '), no, rest: (m[3] ?? '').trim() };
}

export type CompoundMatch<C> =
  | { kind: 'found'; compound: C }
  | { kind: 'ambiguous'; matches: C[] }
  | { kind: 'unknown' };

/**
 * The compound a typed name means among `compounds`: the one of exactly that name, else the only
 * one whose name starts with it. Letters match in either case (`Park#3` for "park一期").
 */
export function matchCompoundName<C extends { name: string }>(
  typed: string,
  compounds: readonly C[],
): CompoundMatch<C> {
  const want = typed.trim().toLowerCase();
  if (want === '') return { kind: 'unknown' };
  const exact = compounds.find((c) => c.name.toLowerCase() === want);
  if (exact) return { kind: 'found', compound: exact };
  const matches = compounds.filter((c) => c.name.toLowerCase().startsWith(want));
  if (matches.length === 1) return { kind: 'found', compound: matches[0] as C };
  return matches.length === 0 ? { kind: 'unknown' } : { kind: 'ambiguous', matches };
}

/**
 * A ticket named from a community's or street's group (SPEC "Communities and streets"):
 * `<小区名>#12`, where a unique prefix of the compound's name is enough (`幸福#12`). Only the
 * group's own compounds are looked at, so a name never reaches a compound of another community.
 */
import { quote } from '../display.js';
import { halfWidthDigits, NUMBER_GOES_ON } from '../text.js';

export interface AreaTicketRef {
  /** The compound's name or its beginning, as typed. */
  name: string;
  no: number;
  /** What follows the number, trimmed. */
  rest: string;
}

// The name is everything before the first `#` (a compound's name holds none); blanks may stand
// around the `#`; the text may follow the number at once (`幸福#12由物业…`), but not what would
// continue the number.
const REF = new RegExp(`^([^#＃]*?)\\s*[#＃]\\s*([0-9０-９]{1,9})(?!${NUMBER_GOES_ON})\\s*([\\s\\S]*)$`);

/** `幸福小区#12 决定`, `幸福 ＃12 决定`, `幸福#12`; null when there is no `#n`. */
export function parseAreaTicketRef(text: string): AreaTicketRef | null {
  const m = REF.exec(text.trim());
  if (!m) return null;
  const no = Number(halfWidthDigits(m[2] ?? ''));
  if (!(no > 0)) return null;
  return { name: (m[1] ?? '').trim(), no, rest: (m[3] ?? '').trim() };
}

/** Names compared as people type them: full-width letters and digits as half-width, case ignored. */
function fold(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

export type CompoundMatch<C> = { ok: true; compound: C } | { ok: false; error: string };

/**
 * The compound a typed name means among `compounds` (the group's own): the one of exactly that
 * name, else the only one whose name begins with it. Refusals list what there is to choose from.
 */
export function matchCompound<C extends { name: string }>(
  typed: string,
  compounds: readonly C[],
  example: string,
): CompoundMatch<C> {
  const names = compounds.map((c) => c.name).join('、');
  if (compounds.length === 0)
    return { ok: false, error: '本群还没有小区: 请管理员在小区的群里发送 /归属 <社区名>。' };
  if (typed === '') {
    return { ok: false, error: `请在 # 前写上小区名, 例如 ${example}。本群的小区: ${names}。` };
  }
  const want = fold(typed);
  const exact = compounds.find((c) => fold(c.name) === want);
  if (exact) return { ok: true, compound: exact };
  const starts = compounds.filter((c) => fold(c.name).startsWith(want));
  const [only, ...more] = starts;
  if (only && more.length === 0) return { ok: true, compound: only };
  if (only) {
    return {
      ok: false,
      error: `「${quote(typed)}」可以是 ${starts.map((c) => c.name).join('、')}, 请多写几个字。`,
    };
  }
  return { ok: false, error: `本群的小区里没有「${quote(typed)}」。本群的小区: ${names}。` };
}

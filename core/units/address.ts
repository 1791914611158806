/** Unit addresses (楼-单元-室) and areas as owners type them. */
import { halfWidthDigits } from '../text.js';

export interface UnitAddress {
  building: string;
  entrance: string;
  room: string;
}

const DASHED = /^([0-9A-Za-z]{1,6})[-－—–_/]([0-9A-Za-z]{1,6})(?:[-－—–_/]([0-9A-Za-z]{1,6}))?$/;
const WORDED =
  /^([0-9A-Za-z]{1,6})(?:号楼|号|栋|幢|座|楼)-?([0-9A-Za-z]{1,6})(?:单元|门|号门)?-?([0-9A-Za-z]{1,6})?(?:室|号|房)?$/;
const WORDED_NO_ENTRANCE = /^([0-9A-Za-z]{1,6})(?:号楼|号|栋|幢|座|楼)-?([0-9A-Za-z]{1,6})(?:室|号|房)$/;

/**
 * The shape of a real unit, checked after the loose patterns above have split the text:
 * - building: a number 1-999, which may carry one letter before or after (A3栋, 12A: some
 *   compounds skip 13 that way), or a letter alone (A座);
 * - entrance (单元): a number 1-99; entrances are numbered (1单元, 2单元), so letters there are
 *   refused, and "A-B-C" is not an address (a compound with lettered entrances would need this
 *   widened);
 * - room: a number 1-9999 (floor and door: 301, 1502, 3302).
 * Leading zeros are dropped ("0301" is room 301) so one unit has one spelling; letters are
 * upper-cased.
 */
const BUILDING = /^(?:[A-Z]|[A-Z]?[1-9]\d{0,2}[A-Z]?)$/;
const ENTRANCE = /^[1-9]\d?$/;
const ROOM = /^[1-9]\d{0,3}$/;

/** Why a typed address was refused, for replies: the shape rule in one line. */
export const unitAddressHint =
  '请写成 楼-单元-室, 例如 3-2-301 或 A座2单元1201室 (楼号可带字母, 单元号和室号是从 1 起的数字)';

function tidy(part: string): string {
  return part.toUpperCase().replace(/^0+(?=\d)/, '');
}

function checked(building: string, entrance: string, room: string): UnitAddress | null {
  const u = { building: tidy(building), entrance: tidy(entrance), room: tidy(room) };
  if (!BUILDING.test(u.building) || !ROOM.test(u.room)) return null;
  if (u.entrance !== '' && !ENTRANCE.test(u.entrance)) return null;
  return u;
}

/**
 * Reads "3-2-301", "3号楼2单元301室", "3栋2单元301", "A座2单元1201室", "12-1502" (no entrance).
 * Null when it is not an address of the shape above.
 */
export function parseUnitAddress(raw: string): UnitAddress | null {
  const text = halfWidthDigits(raw.trim()).replace(/\s+/g, '');
  const dashed = DASHED.exec(text);
  if (dashed) {
    const [, a, b, c] = dashed;
    if (!a || !b) return null;
    return c ? checked(a, b, c) : checked(a, '', b);
  }
  const noEntrance = WORDED_NO_ENTRANCE.exec(text);
  if (noEntrance?.[1] && noEntrance[2]) return checked(noEntrance[1], '', noEntrance[2]);
  const worded = WORDED.exec(text);
  if (worded?.[1] && worded[2] && worded[3]) return checked(worded[1], worded[2], worded[3]);
  return null;
}

/** "3-2-301", or "12-1502" when the building has no entrances. */
export function formatUnitAddress(u: UnitAddress): string {
  return u.entrance === '' ? `${u.building}-${u.room}` : `${u.building}-${u.entrance}-${u.room}`;
}

/**
 * "89.5", "89.5㎡", "89.50平米", "１２０平方米" → area in 0.01 ㎡ as an integer, without going
 * through a float (art. 278 sums areas; float drift would show in a 2/3 comparison).
 */
export function parseAreaCenti(raw: string): number | null {
  const text = halfWidthDigits(raw.trim())
    .replace(/(㎡|m²|m2|平方米|平方|平米|平|方)$/i, '')
    .replace('．', '.');
  const m = /^(\d{1,6})(?:\.(\d{1,2}))?$/.exec(text);
  if (!m?.[1]) return null;
  const centi = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return centi > 0 ? centi : null;
}

/** "89.50㎡". */
export function formatAreaCenti(centi: number): string {
  return `${Math.floor(centi / 100)}.${String(centi % 100).padStart(2, '0')}㎡`;
}

/**
 * The areas a home can have: 5 ㎡ (a storage room or the smallest flat) to 1000 ㎡ (a large
 * villa). Outside is a typo ("99999", "9.5" for 95) that would skew every area-weighted vote
 * (art. 278), so it is refused before a committee member verifies it.
 */
export const MIN_AREA_CENTI = 5 * 100;
export const MAX_AREA_CENTI = 1000 * 100;

/** Null for a sane area, else the Chinese reason. */
export function areaProblem(centi: number): string | null {
  return centi >= MIN_AREA_CENTI && centi <= MAX_AREA_CENTI
    ? null
    : `面积应在 5 到 1000 平方米之间, 现在是 ${formatAreaCenti(centi)}, 请检查一下。`;
}

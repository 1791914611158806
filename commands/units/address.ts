/** Unit addresses (楼-单元-室) and areas as owners type them. */
import { halfWidthDigits } from '../../core/text.js';

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
 * Reads "3-2-301", "3号楼2单元301室", "3栋2单元301", "12-1502" (no entrance). Null when it is
 * not an address.
 */
export function parseUnitAddress(raw: string): UnitAddress | null {
  const text = halfWidthDigits(raw.trim()).replace(/\s+/g, '');
  const dashed = DASHED.exec(text);
  if (dashed) {
    const [, a, b, c] = dashed;
    if (!a || !b) return null;
    return c ? { building: a, entrance: b, room: c } : { building: a, entrance: '', room: b };
  }
  const noEntrance = WORDED_NO_ENTRANCE.exec(text);
  if (noEntrance?.[1] && noEntrance[2]) return { building: noEntrance[1], entrance: '', room: noEntrance[2] };
  const worded = WORDED.exec(text);
  if (worded?.[1] && worded[2] && worded[3])
    return { building: worded[1], entrance: worded[2], room: worded[3] };
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

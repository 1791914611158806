/**
 * Wall-clock arithmetic in an explicit IANA zone (SPEC "Time expressions"; STYLE.md, Tests).
 * Nothing here reads the server's zone: local fields come from `Intl` with `timeZone`, and
 * calendar arithmetic is done on UTC-based day numbers, so `TZ=UTC` and `TZ=Asia/Shanghai`
 * give identical answers.
 */

/** Local calendar fields of an instant in some zone. */
export interface ZonedParts {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday .. 6 = Saturday */
  weekday: number;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
// 400 Gregorian years are exactly 146 097 days; used to dodge Date.UTC's 0-99 → 1900s mapping.
const FOUR_CENTURIES = 146_097 * DAY;

// Building an Intl.DateTimeFormat costs far more than using one, and this runs per message.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Epoch ms of a UTC wall clock; fields may overflow (day 32, hour 24) and roll over. */
export function utcFromFields(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): number {
  if (year >= 0 && year < 100) {
    return Date.UTC(year + 400, month - 1, day, hour, minute, second) - FOUR_CENTURIES;
  }
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/** Number of days in a month of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  return new Date(utcFromFields(year, month + 1, 0)).getUTCDate();
}

/** The local fields of `epochMs` in `tz` as `Intl` prints them: the reference, and the slow path. */
export function toZonedByIntl(epochMs: number, tz: string): ZonedParts {
  const fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(tz).formatToParts(epochMs)) {
    if (part.type in fields) fields[part.type as keyof typeof fields] = Number(part.value);
  }
  // Some engines still print midnight as "24" despite h23.
  if (fields.hour === 24) fields.hour = 0;
  const weekday = new Date(utcFromFields(fields.year, fields.month, fields.day)).getUTCDay();
  return { ...fields, weekday };
}

/** How far `tz`'s wall clock is ahead of UTC at `epochMs`, in ms (a whole number of seconds). */
function offsetAt(epochMs: number, tz: string): number {
  return steadyOffset(epochMs, tz) ?? offsetByIntl(epochMs, tz);
}

function offsetByIntl(epochMs: number, tz: string): number {
  const p = toZonedByIntl(epochMs, tz);
  const wall = utcFromFields(p.year, p.month, p.day, p.hour, p.minute, p.second);
  return wall - Math.floor(epochMs / 1000) * 1000;
}

/**
 * Per zone, the offset at the start of each UTC day asked about. A day whose start and end have
 * the same offset has that offset throughout: no zone changes its offset twice within two days
 * (fromZoned relies on the same fact). Days from 1900 to 2199 only; other instants go to `Intl`.
 */
const dayStartOffsets = new Map<string, Map<number, number>>();
const STEADY_FROM_DAY = Math.floor(Date.UTC(1900, 0, 1) / DAY);
const STEADY_TO_DAY = Math.floor(Date.UTC(2200, 0, 1) / DAY);
/** Days remembered per zone before starting afresh (about 11 years of distinct days). */
const MAX_DAYS = 4096;

function dayStartOffset(days: Map<number, number>, day: number, tz: string): number {
  let offset = days.get(day);
  if (offset === undefined) {
    if (days.size >= MAX_DAYS) days.clear();
    offset = offsetByIntl(day * DAY, tz);
    days.set(day, offset);
  }
  return offset;
}

/** The offset in force all through the UTC day of `epochMs`, or null if it changes that day. */
function steadyOffset(epochMs: number, tz: string): number | null {
  const day = Math.floor(epochMs / DAY);
  if (day < STEADY_FROM_DAY || day >= STEADY_TO_DAY) return null;
  let days = dayStartOffsets.get(tz);
  if (days === undefined) {
    days = new Map();
    dayStartOffsets.set(tz, days);
  }
  const start = dayStartOffset(days, day, tz);
  return start === dayStartOffset(days, day + 1, tz) ? start : null;
}

/**
 * The local fields of `epochMs` as seen in `tz`. Throws a RangeError for an unknown zone.
 * `Intl`'s formatToParts costs 10-40 µs a call, more when the bot has been idle, and a `/进度`
 * reply formats a dozen instants; on a day without an offset change the fields are read off
 * the UTC clock shifted by the day's offset instead, the same answer (a property test checks).
 */
export function toZoned(epochMs: number, tz: string): ZonedParts {
  const offset = steadyOffset(epochMs, tz);
  if (offset === null) return toZonedByIntl(epochMs, tz);
  const wall = new Date(epochMs + offset);
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    weekday: wall.getUTCDay(),
  };
}

/**
 * The instant at which `tz`'s wall clock shows the given fields; overflowing fields roll over
 * (day 32 is the 1st of the next month). A time skipped by a DST jump is moved forward by the
 * jump (02:30 on a spring-forward night is 03:30); a repeated time takes its first occurrence.
 */
export function fromZoned(
  p: { year: number; month: number; day: number; hour?: number; minute?: number; second?: number },
  tz: string,
): number {
  const wall = utcFromFields(p.year, p.month, p.day, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  // No zone changes its offset twice within two days, so the offsets a day either side are the
  // only candidates.
  const before = offsetAt(wall - DAY, tz);
  const after = offsetAt(wall + DAY, tz);
  if (before === after) return wall - before;
  const early = wall - before;
  const late = wall - after;
  const earlyFits = offsetAt(early, tz) === before;
  const lateFits = offsetAt(late, tz) === after;
  if (earlyFits && lateFits) return Math.min(early, late);
  if (earlyFits) return early;
  if (lateFits) return late;
  // In the gap: reading the wall clock with the old offset lands just after the jump.
  return early;
}

/** Whether `tz` is an IANA zone this runtime knows. */
export function isValidTimeZone(tz: string): boolean {
  if (tz.trim() === '') return false;
  try {
    formatterFor(tz);
    return true;
  } catch {
    return false;
  }
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Local "YYYY-MM-DD" of `epochMs` in `tz`. */
export function formatDate(epochMs: number, tz: string): string {
  const p = toZoned(epochMs, tz);
  return `${p.year}-${pad2(p.month)}-${pad2(p.day)}`;
}

/** Local "YYYY-MM-DD HH:mm" of `epochMs` in `tz`. */
export function formatDateTime(epochMs: number, tz: string): string {
  const p = toZoned(epochMs, tz);
  return `${formatDate(epochMs, tz)} ${pad2(p.hour)}:${pad2(p.minute)}`;
}

/**
 * A deadline as owners read it, relative to `now`: "14:35" today, "明天 09:00" tomorrow,
 * "11月30日 18:00" later this year, "2027年1月2日 18:00" in another year.
 */
export function formatClock(epochMs: number, tz: string, now: number): string {
  const p = toZoned(epochMs, tz);
  const n = toZoned(now, tz);
  const clock = `${pad2(p.hour)}:${pad2(p.minute)}`;
  if (p.year === n.year && p.month === n.month && p.day === n.day) return clock;
  const tomorrow = new Date(utcFromFields(n.year, n.month, n.day + 1));
  if (
    p.year === tomorrow.getUTCFullYear() &&
    p.month === tomorrow.getUTCMonth() + 1 &&
    p.day === tomorrow.getUTCDate()
  ) {
    return `明天 ${clock}`;
  }
  const monthDay = `${p.month}月${p.day}日 ${clock}`;
  return p.year === n.year ? monthDay : `${p.year}年${monthDay}`;
}

const DURATION_UNITS: readonly (readonly [number, string])[] = [
  [DAY, '天'],
  [60 * MINUTE, '小时'],
  [MINUTE, '分钟'],
  [1000, '秒'],
];

/**
 * A compact Chinese duration: the largest unit and, when not zero, the one just below it,
 * truncated ("1小时30分钟", "2天3小时", "1天" for 1 day 5 minutes). Under a second is "0秒".
 * The sign is dropped: callers say 超时 themselves.
 */
export function formatDuration(ms: number): string {
  const abs = Number.isFinite(ms) ? Math.abs(ms) : 0;
  for (let i = 0; i < DURATION_UNITS.length; i++) {
    const [size, name] = DURATION_UNITS[i] as readonly [number, string];
    const count = Math.floor(abs / size);
    if (count === 0) continue;
    let text = `${count}${name}`;
    const next = DURATION_UNITS[i + 1];
    if (next !== undefined) {
      const rest = Math.floor((abs - count * size) / next[0]);
      if (rest > 0) text += `${rest}${next[1]}`;
    }
    return text;
  }
  return '0秒';
}

/** The first instant of the local day containing `epochMs` in `tz`. */
export function startOfZonedDay(epochMs: number, tz: string): number {
  const p = toZoned(epochMs, tz);
  return fromZoned({ year: p.year, month: p.month, day: p.day }, tz);
}

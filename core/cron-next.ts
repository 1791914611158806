/**
 * The next (and previous) time a cron expression fires, for a fixed `now`, in an explicit zone.
 * node-cron can only tell the next run from the real clock, but schedules are pure functions of
 * (db, now) and their next-run times live in the database (STYLE.md "The shape"), so this walks
 * the calendar itself with `core/time`, whatever the server's zone.
 *
 * The grammar is node-cron's own: its `parse` expands the fields (5 or 6, names, ranges, steps,
 * `L`, `W`, `#`, nicknames), so every expression `/设置` accepts has the same meaning here. As in
 * node-cron, day of month and day of week must both match (`0 9 1 * 1` is a Monday the 1st).
 */
import { parse } from 'node-cron';
import { daysInMonth, fromZoned, toZoned, utcFromFields } from './time/index.js';

type DayToken = number | string;

interface CronFields {
  seconds: number[];
  minutes: number[];
  hours: number[];
  daysOfMonth: DayToken[];
  months: Set<number>;
  daysOfWeek: DayToken[];
}

const SECOND = 1000;
/** node-cron looks a hundred years ahead; an expression with no match in that span never fires. */
const SEARCH_DAYS = 366 * 100;

const fieldCache = new Map<string, CronFields>();

function fieldsOf(expr: string): CronFields {
  let fields = fieldCache.get(expr);
  if (fields === undefined) {
    const p = parse(expr);
    const asc = (xs: number[]) => [...new Set(xs)].sort((a, b) => a - b);
    fields = {
      seconds: asc(p.second),
      minutes: asc(p.minute),
      hours: asc(p.hour),
      daysOfMonth: p.dayOfMonth,
      months: new Set(p.month),
      daysOfWeek: p.dayOfWeek.map((d) => (d === 7 ? 0 : d)),
    };
    fieldCache.set(expr, fields);
  }
  return fields;
}

function weekdayOf(year: number, month: number, day: number): number {
  return new Date(utcFromFields(year, month, day)).getUTCDay();
}

/** The weekday (Mon-Fri) nearest to `target` within the same month, as Quartz's `W` (and node-cron). */
function nearestWeekday(year: number, month: number, target: number): number {
  const last = daysInMonth(year, month);
  if (target < 1 || target > last) return -1;
  const wd = weekdayOf(year, month, target);
  if (wd === 6) return target === 1 ? target + 2 : target - 1;
  if (wd === 0) return target === last ? target - 2 : target + 1;
  return target;
}

function matchesDayOfMonth(tokens: readonly DayToken[], year: number, month: number, day: number): boolean {
  const last = daysInMonth(year, month);
  for (const t of tokens) {
    if (typeof t === 'number') {
      if (t === day) return true;
      continue;
    }
    const token = t.toUpperCase();
    if (token === 'L' && day === last) return true;
    const w = /^(L|\d{1,2})W$/.exec(token);
    if (w?.[1] && nearestWeekday(year, month, w[1] === 'L' ? last : Number(w[1])) === day) return true;
    const offset = /^L-(\d{1,2})$/.exec(token);
    if (offset?.[1] && last - Number(offset[1]) === day) return true;
  }
  return false;
}

function matchesDayOfWeek(tokens: readonly DayToken[], year: number, month: number, day: number): boolean {
  const wd = weekdayOf(year, month, day);
  for (const t of tokens) {
    if (typeof t === 'number') {
      if (t === wd) return true;
      continue;
    }
    const nth = /^([0-7])#([1-5])$/.exec(t);
    if (nth?.[1] && nth[2]) {
      if (Number(nth[1]) % 7 === wd && Math.floor((day - 1) / 7) + 1 === Number(nth[2])) return true;
      continue;
    }
    const lastOf = /^([0-7])L$/i.exec(t);
    if (lastOf?.[1] && Number(lastOf[1]) % 7 === wd && day + 7 > daysInMonth(year, month)) return true;
  }
  return false;
}

function dayMatches(f: CronFields, year: number, month: number, day: number): boolean {
  return (
    f.months.has(month) &&
    matchesDayOfMonth(f.daysOfMonth, year, month, day) &&
    matchesDayOfWeek(f.daysOfWeek, year, month, day)
  );
}

/** The calendar day `offset` days after (or before) a local date. */
function shiftDay(year: number, month: number, day: number, offset: number) {
  const d = new Date(utcFromFields(year, month, day + offset));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/**
 * Whether the instant is a firing time of the expression in `tz` (whole seconds only). A wall
 * time skipped by a DST jump never fires, as in node-cron.
 */
export function cronMatches(expr: string, epochMs: number, tz: string): boolean {
  if (epochMs % SECOND !== 0) return false;
  const f = fieldsOf(expr);
  const p = toZoned(epochMs, tz);
  return (
    f.seconds.includes(p.second) &&
    f.minutes.includes(p.minute) &&
    f.hours.includes(p.hour) &&
    dayMatches(f, p.year, p.month, p.day)
  );
}

/**
 * The first firing time strictly after `now` of a node-cron expression (5 or 6 fields) in the
 * zone `tz`, or null when it never fires again. Throws on an expression node-cron rejects; the
 * settings validate them before they are stored (SPEC "Settings per compound").
 */
export function nextCronTime(expr: string, now: number, tz: string): number | null {
  const f = fieldsOf(expr);
  const after = Math.floor(now / SECOND) * SECOND;
  const start = toZoned(after, tz);
  const startSecondOfDay = start.hour * 3600 + start.minute * 60 + start.second;
  for (let i = 0; i < SEARCH_DAYS; i++) {
    const { year, month, day } = shiftDay(start.year, start.month, start.day, i);
    if (!dayMatches(f, year, month, day)) continue;
    const firstDay = i === 0;
    for (const hour of f.hours) {
      if (firstDay && hour < start.hour) continue;
      for (const minute of f.minutes) {
        for (const second of f.seconds) {
          // Wall times up to `now` on its own day are skipped before the costly zone lookup.
          if (firstDay && hour * 3600 + minute * 60 + second <= startSecondOfDay) continue;
          const at = fromZoned({ year, month, day, hour, minute, second }, tz);
          if (at > after && cronMatches(expr, at, tz)) return at;
        }
      }
    }
  }
  return null;
}

/**
 * The last firing time at or before `now`, or null when there is none in the past hundred
 * years. A catch-up after downtime uses it to cover every missed run with one notice.
 */
export function previousCronTime(expr: string, now: number, tz: string): number | null {
  const f = fieldsOf(expr);
  const upTo = Math.floor(now / SECOND) * SECOND;
  const start = toZoned(upTo, tz);
  const startSecondOfDay = start.hour * 3600 + start.minute * 60 + start.second;
  const hours = [...f.hours].reverse();
  const minutes = [...f.minutes].reverse();
  const seconds = [...f.seconds].reverse();
  for (let i = 0; i < SEARCH_DAYS; i++) {
    const { year, month, day } = shiftDay(start.year, start.month, start.day, -i);
    if (!dayMatches(f, year, month, day)) continue;
    const firstDay = i === 0;
    for (const hour of hours) {
      if (firstDay && hour > start.hour) continue;
      for (const minute of minutes) {
        for (const second of seconds) {
          if (firstDay && hour * 3600 + minute * 60 + second > startSecondOfDay) continue;
          const at = fromZoned({ year, month, day, hour, minute, second }, tz);
          if (at <= upTo && cronMatches(expr, at, tz)) return at;
        }
      }
    }
  }
  return null;
}

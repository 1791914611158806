/**
 * The periods `/导出` covers, in `HGJ_TZ` whatever the server's zone: a calendar month for the
 * tickets (a ticket filed 23:30 on the last day belongs to that month), a calendar year for the
 * ledger. `[from, to)` epoch ms, the label shown in the caption and the one in the file name.
 */
import type { MonthWhich } from '../tickets/month-words.js';
import { fromZoned, toZoned } from '../time/index.js';

export interface ExportPeriod {
  from: number;
  to: number;
  /** "2026年11月", "2026年". */
  label: string;
  /** "2026-11", "2026": for the file name. */
  stamp: string;
}

/** A month as typed: 本月, 上月 (relative to `now`), or a year and month. */
export type MonthChoice = { which: MonthWhich } | { year: number; month: number };

export function exportMonth(choice: MonthChoice, now: number, tz: string): ExportPeriod {
  let year: number;
  let month: number;
  if ('which' in choice) {
    const local = toZoned(now, tz);
    year = local.year;
    month = local.month - (choice.which === '上月' ? 1 : 0);
    if (month === 0) {
      year -= 1;
      month = 12;
    }
  } else {
    ({ year, month } = choice);
  }
  return {
    from: fromZoned({ year, month, day: 1 }, tz),
    // Month 13 rolls over to January of the next year.
    to: fromZoned({ year, month: month + 1, day: 1 }, tz),
    label: `${year}年${month}月`,
    stamp: `${year}-${String(month).padStart(2, '0')}`,
  };
}

/** A calendar year; `null` is the year of `now`. */
export function exportYear(year: number | null, now: number, tz: string): ExportPeriod {
  const y = year ?? toZoned(now, tz).year;
  return {
    from: fromZoned({ year: y, month: 1, day: 1 }, tz),
    to: fromZoned({ year: y + 1, month: 1, day: 1 }, tz),
    label: `${y}年`,
    stamp: String(y),
  };
}

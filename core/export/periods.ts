/**
 * The periods `/导出` covers, in `HGJ_TZ` whatever the server's zone: a calendar month for the
 * tickets (a ticket filed 23:30 on the last day belongs to that month), a calendar year for the
 * ledger. `[from, to)` epoch ms, the label shown in the caption and the one in the file name.
 */
import type { MonthWhich } from '../tickets/month-words.js';
import { monthRange } from '../tickets/stats.js';
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
  const { from, to } =
    'which' in choice
      ? monthRange(now, tz, choice.which)
      : {
          from: fromZoned({ year: choice.year, month: choice.month, day: 1 }, tz),
          to: fromZoned({ year: choice.year, month: choice.month + 1, day: 1 }, tz),
        };
  const { year, month } = toZoned(from, tz);
  return { from, to, label: `${year}年${month}月`, stamp: `${year}-${String(month).padStart(2, '0')}` };
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

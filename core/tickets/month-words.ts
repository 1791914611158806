/**
 * The months `/统计 [本月|上月]` can be asked for, in a compound's group and in a community's or
 * street's group alike, and the "as of" clock a month still running is shown with.
 */

import { toZoned } from '../time/index.js';

export type MonthWhich = '本月' | '上月';

/** The words that name this or last month; the English ones lower-case. */
export const monthWords: Readonly<Record<string, MonthWhich>> = {
  本月: '本月',
  这个月: '本月',
  这月: '本月',
  当月: '本月',
  this: '本月',
  上月: '上月',
  上个月: '上月',
  last: '上月',
};

/** "(本月, 截至 11月23日 10:00)" or "(上月)". */
export function monthNote(which: MonthWhich, now: number, tz: string): string {
  if (which === '上月') return `(${which})`;
  const n = toZoned(now, tz);
  const clock = `${n.month}月${n.day}日 ${String(n.hour).padStart(2, '0')}:${String(n.minute).padStart(2, '0')}`;
  return `(${which}, 截至 ${clock})`;
}

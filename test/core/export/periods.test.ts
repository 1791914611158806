import { describe, expect, it } from 'vitest';
import { exportMonth, exportYear } from '../../../core/export/periods.js';
import { exportFileName } from '../../../core/export/sheets.js';

const TZ = 'Asia/Shanghai';
/** Shanghai wall clock → epoch ms (UTC+8). */
const sh = (y: number, mo: number, d: number, h = 0, mi = 0) => Date.UTC(y, mo - 1, d, h - 8, mi);

describe('the periods of /导出', () => {
  it('GIVEN 23:30 on 30 November in Shanghai (15:30 UTC) THEN 本月 is November, and the month ends at midnight Shanghai', () => {
    const nov = exportMonth({ which: '本月' }, sh(2026, 11, 30, 23, 30), TZ);
    expect(nov).toEqual({
      from: sh(2026, 11, 1),
      to: sh(2026, 12, 1),
      label: '2026年11月',
      stamp: '2026-11',
    });
    expect(sh(2026, 11, 30, 23, 30)).toBeLessThan(nov.to);
  });

  it('GIVEN a day in January THEN 上月 is December of the year before', () => {
    expect(exportMonth({ which: '上月' }, sh(2027, 1, 1, 0, 5), TZ)).toEqual({
      from: sh(2026, 12, 1),
      to: sh(2027, 1, 1),
      label: '2026年12月',
      stamp: '2026-12',
    });
  });

  it('GIVEN 2026-12 typed THEN the month runs to 1 January 2027 in Shanghai', () => {
    expect(exportMonth({ year: 2026, month: 12 }, 0, TZ).to).toBe(sh(2027, 1, 1));
  });

  it('GIVEN 00:30 on 1 January in Shanghai (still 31 December UTC) THEN this year is the new year', () => {
    expect(exportYear(null, sh(2027, 1, 1, 0, 30), TZ)).toEqual({
      from: sh(2027, 1, 1),
      to: sh(2028, 1, 1),
      label: '2027年',
      stamp: '2027',
    });
  });

  it('GIVEN a compound name with characters no file name takes THEN they are replaced', () => {
    expect(exportFileName('阳光花园', '工单', '2026-11')).toBe('阳光花园-工单-2026-11.xlsx');
    expect(exportFileName('阳光/花园:二期', '账目', '2026')).toBe('阳光_花园_二期-账目-2026.xlsx');
  });
});

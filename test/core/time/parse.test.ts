import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDateTime, formatDuration, parseDeadline, parseDuration } from '../../../core/time/index.js';

const SH = 'Asia/Shanghai';
const NY = 'America/New_York';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// Fixed clocks, all read in Asia/Shanghai (UTC+8).
const MON_10 = Date.UTC(2026, 10, 23, 2, 0); // Mon 2026-11-23 10:00
const MON_2330 = Date.UTC(2026, 10, 23, 15, 30); // Mon 2026-11-23 23:30
const FRI_10 = Date.UTC(2026, 10, 27, 2, 0); // Fri 2026-11-27 10:00
const FRI_235930 = Date.UTC(2026, 10, 27, 15, 59, 30); // Fri 2026-11-27 23:59:30
const SUN_10 = Date.UTC(2026, 10, 29, 2, 0); // Sun 2026-11-29 10:00
const DEC31_10 = Date.UTC(2026, 11, 31, 2, 0); // Thu 2026-12-31 10:00

const PAST = '截止时间已经过去了, 请写将来的时间, 例如 明天18点';
const DEC1_10 = Date.UTC(2026, 11, 1, 2, 0); // Tue 2026-12-01 10:00

/** The reply to a month-day more than ten months ahead: the year is asked, never guessed. */
function askYear(typed: string, date: string, clock?: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const example = clock === undefined ? `${date} 或 ${date} 18:00` : `${date} ${clock}`;
  return `「${typed}」最近的一天是 ${y}年${m}月${d}日, 离现在超过十个月, 请写上年份, 例如 ${example}`;
}

/** The local result of a deadline, or the error text, for compact table rows. */
function deadline(text: string, now: number, tz = SH): string {
  const r = parseDeadline(text, now, tz);
  return r.ok ? formatDateTime(r.value, tz) : `ERR ${r.error}`;
}

describe('parseDeadline on Monday 2026-11-23 10:00 in Asia/Shanghai', () => {
  it.each([
    // The SPEC forms.
    ['3天', '2026-11-26 10:00'],
    ['48小时', '2026-11-25 10:00'],
    ['明天18点', '2026-11-24 18:00'],
    ['周五', '2026-11-27 23:59'],
    ['11月30日', '2026-11-30 23:59'],
    ['2026-11-30 18:00', '2026-11-30 18:00'],
    // Durations in any parseDuration form, with the usual tails.
    ['三天', '2026-11-26 10:00'],
    ['两小时', '2026-11-23 12:00'],
    ['半小时', '2026-11-23 10:30'],
    ['1.5小时', '2026-11-23 11:30'],
    ['1小时30分钟', '2026-11-23 11:30'],
    ['2周', '2026-12-07 10:00'],
    ['3天后', '2026-11-26 10:00'],
    ['3天内', '2026-11-26 10:00'],
    ['48小时以内', '2026-11-25 10:00'],
    // Named days.
    ['今天', '2026-11-23 23:59'],
    ['今天18点', '2026-11-23 18:00'],
    ['今晚8点', '2026-11-23 20:00'],
    ['今晚', '2026-11-23 23:59'],
    ['明天', '2026-11-24 23:59'],
    ['明天下午3点', '2026-11-24 15:00'],
    ['明天晚上8点', '2026-11-24 20:00'],
    ['明天上午', '2026-11-24 12:00'],
    ['明早9点', '2026-11-24 09:00'],
    ['明晚8点半', '2026-11-24 20:30'],
    ['后天', '2026-11-25 23:59'],
    ['大后天', '2026-11-26 23:59'],
    // Weekdays.
    ['周五18点', '2026-11-27 18:00'],
    ['周五 18:00', '2026-11-27 18:00'],
    ['周五下午3点', '2026-11-27 15:00'],
    ['星期五', '2026-11-27 23:59'],
    ['礼拜五', '2026-11-27 23:59'],
    ['周日', '2026-11-29 23:59'],
    ['星期天', '2026-11-29 23:59'],
    ['周一', '2026-11-23 23:59'],
    ['周一9点', '2026-11-30 09:00'],
    ['下周一', '2026-11-30 23:59'],
    ['下个周一', '2026-11-30 23:59'],
    ['下周五18点', '2026-12-04 18:00'],
    ['下下周三', '2026-12-09 23:59'],
    ['本周日', '2026-11-29 23:59'],
    ['这周五', '2026-11-27 23:59'],
    // Month and day.
    ['11月30号', '2026-11-30 23:59'],
    ['11月30日18点', '2026-11-30 18:00'],
    ['11月30日 18:30', '2026-11-30 18:30'],
    ['11月30日下午6点', '2026-11-30 18:00'],
    ['十一月三十日', '2026-11-30 23:59'],
    ['12/5', '2026-12-05 23:59'],
    ['30号', '2026-11-30 23:59'],
    ['10号', '2026-12-10 23:59'],
    ['1月5日', '2027-01-05 23:59'],
    ['11月23日', '2026-11-23 23:59'],
    ['11月22日', `ERR ${askYear('11月22日', '2027-11-22')}`],
    // Full dates.
    ['2026-11-30', '2026-11-30 23:59'],
    ['2026/11/30 18:00', '2026-11-30 18:00'],
    ['2026.11.30', '2026-11-30 23:59'],
    ['2026年11月30日18点', '2026-11-30 18:00'],
    ['2026年11月30日', '2026-11-30 23:59'],
    ['2027-01-02 08:05', '2027-01-02 08:05'],
    // Times of day.
    ['18:00', '2026-11-23 18:00'],
    ['18点', '2026-11-23 18:00'],
    ['18时', '2026-11-23 18:00'],
    ['18点半', '2026-11-23 18:30'],
    ['18点30分', '2026-11-23 18:30'],
    ['18点30', '2026-11-23 18:30'],
    ['18点一刻', '2026-11-23 18:15'],
    ['十八点', '2026-11-23 18:00'],
    ['十八点三十分', '2026-11-23 18:30'],
    ['晚上8点', '2026-11-23 20:00'],
    ['晚上12点', '2026-11-24 00:00'],
    ['下午3点', '2026-11-23 15:00'],
    ['下午三点半', '2026-11-23 15:30'],
    ['中午12点', '2026-11-23 12:00'],
    ['中午1点', '2026-11-23 13:00'],
    ['上午11点', '2026-11-23 11:00'],
    ['两点', '2026-11-24 02:00'],
    ['8点', '2026-11-24 08:00'],
    ['9:59', '2026-11-24 09:59'],
    ['10:00', '2026-11-24 10:00'],
    ['10:01', '2026-11-23 10:01'],
    // Owners' spelling: full-width characters, spaces, "before" tails.
    ['２０２６－１１－３０　１８：００', '2026-11-30 18:00'],
    ['明天１８：００', '2026-11-24 18:00'],
    [' 明天 18 点 ', '2026-11-24 18:00'],
    ['11月30日 18点', '2026-11-30 18:00'],
    ['明天18点前', '2026-11-24 18:00'],
    ['周五之前', '2026-11-27 23:59'],
    ['截止到明天18点', '2026-11-24 18:00'],
  ])('GIVEN Monday 10:00 WHEN %s THEN %s in Asia/Shanghai', (text, want) => {
    expect(deadline(text, MON_10)).toBe(want);
  });
});

describe('parseDeadline at tricky moments', () => {
  it.each([
    ['18:00', '2026-11-24 18:00'],
    ['晚上8点', '2026-11-24 20:00'],
    ['今天', '2026-11-23 23:59'],
    ['今天18点', `ERR ${PAST}`],
    ['今晚8点', `ERR ${PAST}`],
    ['周一', '2026-11-23 23:59'],
    ['周一18点', '2026-11-30 18:00'],
    ['1小时', '2026-11-24 00:30'],
  ])('GIVEN Monday 23:30 WHEN %s THEN %s', (text, want) => {
    expect(deadline(text, MON_2330)).toBe(want);
  });

  it.each([
    ['周五18点', '2026-11-27 18:00'],
    ['周五', '2026-11-27 23:59'],
    ['周五9点', '2026-12-04 09:00'],
    ['星期五', '2026-11-27 23:59'],
    ['本周日', '2026-11-29 23:59'],
    ['本周一', `ERR ${PAST}`],
    ['下周一', '2026-11-30 23:59'],
    ['周一', '2026-11-30 23:59'],
  ])('GIVEN a Friday 10:00 WHEN %s THEN %s', (text, want) => {
    expect(deadline(text, FRI_10)).toBe(want);
  });

  it.each([
    ['周五', '2026-12-04 23:59'],
    ['今天', `ERR ${PAST}`],
    ['明天', '2026-11-28 23:59'],
    ['23:59', '2026-11-28 23:59'],
    ['本周六', '2026-11-28 23:59'],
  ])('GIVEN a Friday 23:59:30 WHEN %s THEN %s', (text, want) => {
    expect(deadline(text, FRI_235930)).toBe(want);
  });

  it.each([
    ['本周日', '2026-11-29 23:59'],
    ['周日', '2026-11-29 23:59'],
    ['下周一', '2026-11-30 23:59'],
    ['周一', '2026-11-30 23:59'],
    ['下周日', '2026-12-06 23:59'],
  ])('GIVEN a Sunday 10:00 (weeks start on Monday) WHEN %s THEN %s', (text, want) => {
    expect(deadline(text, SUN_10)).toBe(want);
  });

  it.each([
    ['1月2日', '2027-01-02 23:59'],
    ['12月31日', '2026-12-31 23:59'],
    ['12月31日9点', `ERR ${askYear('12月31日9点', '2027-12-31', '09:00')}`],
    ['明天', '2027-01-01 23:59'],
    ['下周一', '2027-01-04 23:59'],
    ['2月29日', `ERR ${askYear('2月29日', '2028-02-29')}`],
    ['2026-12-31 09:00', `ERR ${PAST}`],
    ['2027-01-02', '2027-01-02 23:59'],
  ])('GIVEN 31 December 10:00 WHEN %s THEN %s', (text, want) => {
    expect(deadline(text, DEC31_10)).toBe(want);
  });

  it.each([
    ['11月30日', `ERR ${askYear('11月30日', '2027-11-30')}`],
    ['11月30日18点', `ERR ${askYear('11月30日18点', '2027-11-30', '18:00')}`],
    ['11/30 18:00', `ERR ${askYear('11/30 18:00', '2027-11-30', '18:00')}`],
    ['十一月三十日', `ERR ${askYear('十一月三十日', '2027-11-30')}`],
    ['12月1日9点', `ERR ${askYear('12月1日9点', '2027-12-01', '09:00')}`],
    ['10月2日', `ERR ${askYear('10月2日', '2027-10-02')}`],
    ['10月1日', '2027-10-01 23:59'],
    ['12月1日', '2026-12-01 23:59'],
    ['2027-11-30 18:00', '2027-11-30 18:00'],
    ['2027年11月30日', '2027-11-30 23:59'],
  ])(
    'GIVEN 1 December 10:00 WHEN %s THEN %s (a month-day past ten months asks for the year)',
    (text, want) => {
      expect(deadline(text, DEC1_10)).toBe(want);
    },
  );

  describe('in America/New_York around the spring-forward night', () => {
    const SAT_NOON_NY = Date.UTC(2026, 2, 7, 17, 0); // Sat 2026-03-07 12:00 EST

    it('GIVEN Saturday 12:00 EST WHEN 明天18点 THEN Sunday 18:00 EDT', () => {
      const r = parseDeadline('明天18点', SAT_NOON_NY, NY);
      expect(r).toEqual({ ok: true, value: Date.UTC(2026, 2, 8, 22, 0) });
    });

    it('GIVEN Saturday 12:00 EST WHEN 明天2:30, a time that does not exist THEN 03:30 EDT', () => {
      expect(deadline('明天2:30', SAT_NOON_NY, NY)).toBe('2026-03-08 03:30');
    });

    it('GIVEN Saturday 12:00 EST WHEN 24小时 THEN exactly 24 hours later, which reads 13:00 EDT', () => {
      expect(parseDeadline('24小时', SAT_NOON_NY, NY)).toEqual({ ok: true, value: SAT_NOON_NY + DAY });
      expect(deadline('24小时', SAT_NOON_NY, NY)).toBe('2026-03-08 13:00');
    });

    it('GIVEN Saturday 12:00 EST WHEN 周日 THEN Sunday 23:59 EDT', () => {
      expect(deadline('周日', SAT_NOON_NY, NY)).toBe('2026-03-08 23:59');
    });
  });
});

describe('parseDeadline errors', () => {
  it.each([
    ['2月30日'],
    ['4月31日'],
    ['13月1日'],
    ['0月5日'],
    ['2026-02-30'],
    ['2026-13-01'],
    ['2027年2月29日'],
    ['32号'],
  ])('GIVEN %s, a day that does not exist THEN an error, never a shifted date', (text) => {
    expect(parseDeadline(text, MON_10, SH)).toEqual({
      ok: false,
      error: `没有这一天: ${text}, 请写真实的日期, 例如 11月30日`,
    });
  });

  it.each([['25点'], ['明天25点'], ['18:60'], ['24:30'], ['上午15点'], ['下午0点'], ['三十点']])(
    'GIVEN %s, a time that does not exist THEN an error',
    (text) => {
      expect(parseDeadline(text, MON_10, SH)).toEqual({
        ok: false,
        error: `没有这个时刻: ${text}, 请写 0 到 23 点, 例如 18:00`,
      });
    },
  );

  it.each([
    ['2026-11-20'],
    ['2026-11-23 09:00'],
    ['2025年1月1日'],
    ['今天9点'],
    ['本周日', SUN_10 + 14 * HOUR - 30_000],
  ])('GIVEN %s, a moment already past THEN the past-time error', (text, now = MON_10) => {
    expect(parseDeadline(text, now, SH)).toEqual({ ok: false, error: PAST });
  });

  it.each([['13月'], ['hello'], ['明天明天'], ['下周'], ['18'], ['周八'], ['3天18点'], ['十十点']])(
    'GIVEN %s, which is not a time THEN an error listing the accepted forms',
    (text) => {
      expect(parseDeadline(text, MON_10, SH)).toEqual({
        ok: false,
        error: `看不懂这个时间: ${text}。可以写 3天、48小时、明天18点、周五、11月30日 或 2026-11-30 18:00`,
      });
    },
  );

  it('GIVEN an empty text THEN it asks for a deadline with an example', () => {
    expect(parseDeadline('  ', MON_10, SH)).toEqual({ ok: false, error: '请写截止时间, 例如 明天18点' });
  });

  it('GIVEN a duration over a year or of zero THEN the duration error', () => {
    expect(parseDeadline('400天', MON_10, SH)).toEqual({ ok: false, error: '时长不能超过365天, 例如 30天' });
    expect(parseDeadline('0小时', MON_10, SH)).toEqual({ ok: false, error: '时长要大于0, 例如 5分钟' });
  });

  it('GIVEN a very long text THEN the echo in the error is cut short', () => {
    const r = parseDeadline('啊'.repeat(200), MON_10, SH);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.length).toBeLessThan(100);
  });
});

describe('parseDuration', () => {
  it.each([
    ['20秒', 20_000],
    ['5分钟', 5 * MINUTE],
    ['5分', 5 * MINUTE],
    ['半小时', 30 * MINUTE],
    ['半个小时', 30 * MINUTE],
    ['4小时', 4 * HOUR],
    ['1.5小时', 90 * MINUTE],
    ['一个半小时', 90 * MINUTE],
    ['1小时半', 90 * MINUTE],
    ['1天', DAY],
    ['1天半', 36 * HOUR],
    ['2周', 14 * DAY],
    ['两个星期', 14 * DAY],
    ['1小时30分钟', 90 * MINUTE],
    ['2天3小时', 51 * HOUR],
    ['三天', 3 * DAY],
    ['两小时', 2 * HOUR],
    ['十分钟', 10 * MINUTE],
    ['二十秒', 20_000],
    ['三百六十五天', 365 * DAY],
    ['１０分钟', 10 * MINUTE],
    ['5 分钟', 5 * MINUTE],
    [' 1 小时 30 分钟 ', 90 * MINUTE],
    ['2个钟头', 2 * HOUR],
    ['30min', 30 * MINUTE],
    ['2h', 2 * HOUR],
  ])('GIVEN %s THEN %i ms', (text, ms) => {
    expect(parseDuration(text)).toEqual({ ok: true, value: ms });
  });

  it.each([['0秒'], ['0分钟'], ['-5分钟'], ['负5分钟'], ['0.0001秒']])(
    'GIVEN %s, not above zero THEN an error',
    (text) => {
      expect(parseDuration(text)).toEqual({ ok: false, error: '时长要大于0, 例如 5分钟' });
    },
  );

  it.each([['366天'], ['53周'], ['9999999小时']])('GIVEN %s, over a year THEN an error', (text) => {
    expect(parseDuration(text)).toEqual({ ok: false, error: '时长不能超过365天, 例如 30天' });
  });

  it.each([
    ['5'],
    ['分钟'],
    ['abc'],
    ['30分钟1小时'],
    ['1小时1小时'],
    ['1 5分钟'],
    ['半半小时'],
    ['1个半小时半'],
  ])('GIVEN %s, not a duration THEN an error with examples', (text) => {
    expect(parseDuration(text)).toEqual({
      ok: false,
      error: `看不懂这个时长: ${text}。可以写 20秒、5分钟、半小时、4小时 或 1天`,
    });
  });

  it('GIVEN an empty text THEN it asks for a duration', () => {
    expect(parseDuration('')).toEqual({ ok: false, error: '请写时长, 例如 5分钟' });
  });
});

describe('properties', () => {
  const nows = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) });
  const zones = fc.constantFrom(SH, NY);
  // Pieces of the grammar, shuffled, reach the deep branches that random text never does.
  const tokens = fc
    .array(
      fc.constantFrom(
        '今天',
        '明天',
        '后天',
        '今晚',
        '明早',
        '周',
        '星期',
        '下',
        '本',
        '五',
        '日',
        '天',
        '月',
        '号',
        '年',
        '点',
        '时',
        '分',
        '半',
        '秒',
        '小时',
        '分钟',
        '周五',
        '下午',
        '晚上',
        '中午',
        '凌晨',
        '上午',
        ':',
        '-',
        '/',
        ' ',
        '0',
        '1',
        '2',
        '3',
        '9',
        '12',
        '18',
        '24',
        '25',
        '29',
        '30',
        '31',
        '60',
        '2026',
        '十',
        '十八',
        '三十一',
        '两',
        '个',
        '前',
        '后',
        '内',
        '.',
        '５',
        '：',
      ),
      { maxLength: 8 },
    )
    .map((parts) => parts.join(''));
  const anyText = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.string({ unit: 'grapheme' }),
    tokens,
  );

  it('GIVEN any text, now and zone THEN parseDeadline answers ok or an error, never throws, and ok is after now', () => {
    fc.assert(
      fc.property(anyText, nows, zones, (text, now, tz) => {
        const r = parseDeadline(text, now, tz);
        if (r.ok) {
          expect(Number.isInteger(r.value)).toBe(true);
          expect(r.value).toBeGreaterThan(now);
        } else {
          expect(r.error).toMatch(/例如|可以写/);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('GIVEN any text THEN parseDuration answers ok or an error, never throws, and ok is within (0, 365 days]', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const r = parseDuration(text);
        if (r.ok) {
          expect(r.value).toBeGreaterThan(0);
          expect(r.value).toBeLessThanOrEqual(365 * DAY);
        } else {
          expect(r.error).toMatch(/例如|可以写/);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('GIVEN a whole number of seconds, minutes, hours or days, or two adjacent units THEN formatDuration reads back through parseDuration', () => {
    const durations = fc.oneof(
      fc.integer({ min: 1, max: 59 }).map((n) => n * 1000),
      fc.integer({ min: 1, max: 59 }).map((n) => n * MINUTE),
      fc.integer({ min: 1, max: 23 }).map((n) => n * HOUR),
      fc.integer({ min: 1, max: 365 }).map((n) => n * DAY),
      fc
        .tuple(fc.integer({ min: 1, max: 364 }), fc.integer({ min: 0, max: 23 }))
        .map(([d, h]) => d * DAY + h * HOUR),
      fc
        .tuple(fc.integer({ min: 1, max: 23 }), fc.integer({ min: 0, max: 59 }))
        .map(([h, m]) => h * HOUR + m * MINUTE),
      fc
        .tuple(fc.integer({ min: 1, max: 59 }), fc.integer({ min: 0, max: 59 }))
        .map(([m, s]) => m * MINUTE + s * 1000),
    );
    fc.assert(
      fc.property(durations, (ms) => {
        expect(parseDuration(formatDuration(ms))).toEqual({ ok: true, value: ms });
      }),
    );
  });

  it('GIVEN any now WHEN a duration is given as a deadline THEN it is exactly now plus the duration', () => {
    fc.assert(
      fc.property(nows, zones, fc.integer({ min: 1, max: 365 }), (now, tz, days) => {
        expect(parseDeadline(`${days}天`, now, tz)).toEqual({ ok: true, value: now + days * DAY });
      }),
    );
  });

  it('GIVEN any now and a real month, day and hour WHEN M月D日H点 THEN that local moment within ten months, or the year is asked for', () => {
    const realDates = fc
      .tuple(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        fc.integer({ min: 0, max: 23 }),
      )
      .filter(([m, d]) => d <= (m === 2 ? 29 : [4, 6, 9, 11].includes(m) ? 30 : 31));
    fc.assert(
      fc.property(nows, zones, realDates, (now, tz, [m, d, h]) => {
        const r = parseDeadline(`${m}月${d}日${h}点`, now, tz);
        if (!r.ok) {
          // More than ten months ahead: a full date with a year to copy, never a guess.
          expect(r.error).toMatch(/离现在超过十个月, 请写上年份, 例如 \d{4}-\d{2}-\d{2} \d{2}:00$/);
          return;
        }
        const shown = formatDateTime(r.value, tz);
        // A New York time skipped by DST reads one hour later; everything else reads as typed.
        const hh = String(h).padStart(2, '0');
        expect(shown.slice(5)).toMatch(
          new RegExp(
            `^${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')} (${hh}|${String(h + 1).padStart(2, '0')}):00$`,
          ),
        );
        if (tz === SH) expect(shown.slice(11)).toBe(`${hh}:00`);
        expect(r.value - now).toBeLessThanOrEqual(11 * 31 * DAY);
      }),
    );
  });

  it('GIVEN any now WHEN a bare time H:MM THEN the deadline is within the next 24 hours', () => {
    fc.assert(
      fc.property(nows, fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), (now, h, m) => {
        const r = parseDeadline(`${h}:${String(m).padStart(2, '0')}`, now, SH);
        expect(r.ok).toBe(true);
        if (r.ok) expect(r.value - now).toBeLessThanOrEqual(DAY);
      }),
    );
  });

  it('GIVEN process.env.TZ set to several zones THEN parseDeadline gives the same hard-coded instants', () => {
    const saved = process.env.TZ;
    try {
      for (const serverZone of ['UTC', SH, NY, 'Pacific/Kiritimati']) {
        process.env.TZ = serverZone;
        expect(parseDeadline('明天18点', MON_10, SH)).toEqual({
          ok: true,
          value: Date.UTC(2026, 10, 24, 10, 0),
        });
        expect(parseDeadline('周五', MON_10, SH)).toEqual({
          ok: true,
          value: Date.UTC(2026, 10, 27, 15, 59),
        });
        expect(parseDeadline('18:00', MON_2330, SH)).toEqual({
          ok: true,
          value: Date.UTC(2026, 10, 24, 10, 0),
        });
        expect(parseDeadline('1月2日', DEC31_10, SH)).toEqual({
          ok: true,
          value: Date.UTC(2027, 0, 2, 15, 59),
        });
      }
    } finally {
      if (saved === undefined) Reflect.deleteProperty(process.env, 'TZ');
      else process.env.TZ = saved;
    }
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatClock,
  formatDate,
  formatDateTime,
  formatDuration,
  fromZoned,
  isValidTimeZone,
  startOfZonedDay,
  toZoned,
} from '../../../core/time/index.js';
import { toZonedByIntl } from '../../../core/time/zoned.js';

const SH = 'Asia/Shanghai';
const NY = 'America/New_York';
const HOUR = 3_600_000;
const MON_10_SH = Date.UTC(2026, 10, 23, 2, 0); // Mon 2026-11-23 10:00 in Shanghai

describe('toZoned', () => {
  it('GIVEN 02:00 UTC on 2026-11-23 THEN Shanghai reads Monday 10:00', () => {
    expect(toZoned(MON_10_SH, SH)).toEqual({
      year: 2026,
      month: 11,
      day: 23,
      hour: 10,
      minute: 0,
      second: 0,
      weekday: 1,
    });
  });

  it('GIVEN 16:00 UTC THEN Shanghai is already on the next day at midnight', () => {
    expect(toZoned(Date.UTC(2026, 10, 22, 16, 0, 5), SH)).toMatchObject({ day: 23, hour: 0, second: 5 });
  });

  it('GIVEN New York in summer and in winter THEN the offset follows DST', () => {
    expect(toZoned(Date.UTC(2026, 6, 1, 16, 0), NY)).toMatchObject({ hour: 12, weekday: 3 });
    expect(toZoned(Date.UTC(2026, 0, 1, 17, 0), NY)).toMatchObject({ hour: 12, weekday: 4 });
  });
});

describe("toZoned reads the UTC clock shifted by the day's offset: the same answer as Intl", () => {
  const DAY = 24 * HOUR;
  const zones = [
    SH,
    NY,
    'UTC',
    'Europe/London',
    'Europe/Dublin', // "negative" summer time in tzdata
    'Australia/Lord_Howe', // 30-minute DST
    'Pacific/Chatham', // +12:45 / +13:45
    'Asia/Kathmandu', // +05:45
    'America/St_Johns', // -03:30
    'Africa/Casablanca', // leaves its offset for Ramadan
    'America/Santiago',
    'Pacific/Apia', // skipped 2011-12-30 altogether
    'Asia/Tehran', // DST abolished in 2022
  ];

  it('GIVEN any instant from 1850 to 2250 in any of these zones THEN the fields are what Intl prints', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1850, 0, 1), max: Date.UTC(2250, 0, 1) }),
        fc.constantFrom(...zones),
        (at, tz) => {
          expect(toZoned(at, tz)).toEqual(toZonedByIntl(at, tz));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('GIVEN every offset change of 2011, 2012 and 2025-2027 THEN every 7 minutes of the days around it agree', () => {
    const offset = (at: number, tz: string) => {
      const p = toZonedByIntl(at, tz);
      return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - at;
    };
    let changes = 0;
    for (const tz of zones) {
      for (const year of [2011, 2012, 2025, 2026, 2027]) {
        for (let day = Date.UTC(year, 0, 1); day < Date.UTC(year + 1, 0, 1); day += DAY) {
          if (offset(day, tz) === offset(day + DAY, tz)) continue;
          changes++;
          for (let at = day - DAY; at < day + 2 * DAY; at += 7 * 60_000 + 1_001) {
            expect(toZoned(at, tz), `${tz} ${new Date(at).toISOString()}`).toEqual(toZonedByIntl(at, tz));
          }
        }
      }
    }
    // New York and London alone change twice a year; the scan did find the changes.
    expect(changes).toBeGreaterThan(60);
  });
});

describe('fromZoned', () => {
  it('GIVEN Shanghai 2026-11-30 18:00 THEN the instant is 10:00 UTC', () => {
    expect(fromZoned({ year: 2026, month: 11, day: 30, hour: 18 }, SH)).toBe(Date.UTC(2026, 10, 30, 10, 0));
  });

  it('GIVEN day 32 of November THEN it rolls over to 2 December', () => {
    expect(formatDateTime(fromZoned({ year: 2026, month: 11, day: 32, hour: 9 }, SH), SH)).toBe(
      '2026-12-02 09:00',
    );
  });

  it('GIVEN hour 24 on 31 December THEN it is midnight of 1 January next year', () => {
    expect(formatDateTime(fromZoned({ year: 2026, month: 12, day: 31, hour: 24 }, SH), SH)).toBe(
      '2027-01-01 00:00',
    );
  });

  it('GIVEN 02:30 on the New York spring-forward night THEN the skipped time moves on to 03:30 EDT', () => {
    const t = fromZoned({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, NY);
    expect(t).toBe(Date.UTC(2026, 2, 8, 7, 30));
    expect(formatDateTime(t, NY)).toBe('2026-03-08 03:30');
  });

  it('GIVEN 01:30 on the New York fall-back night THEN the first (EDT) occurrence is taken', () => {
    expect(fromZoned({ year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, NY)).toBe(
      Date.UTC(2026, 10, 1, 5, 30),
    );
  });

  it('GIVEN a two-digit year THEN it is that year, not the 1900s', () => {
    expect(toZoned(fromZoned({ year: 50, month: 6, day: 1, hour: 12 }, 'UTC'), 'UTC').year).toBe(50);
  });

  const instants = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) });

  it('GIVEN any instant 2000-2100 THEN Shanghai fields convert back to the same second', () => {
    fc.assert(
      fc.property(instants, (t) => {
        const p = toZoned(t, SH);
        expect(fromZoned(p, SH)).toBe(Math.floor(t / 1000) * 1000);
      }),
    );
  });

  it('GIVEN any instant 2000-2100 THEN New York fields convert back to the same second, or to the first of a repeated hour', () => {
    fc.assert(
      fc.property(instants, (t) => {
        const second = Math.floor(t / 1000) * 1000;
        const p = toZoned(t, NY);
        const back = fromZoned(p, NY);
        expect(toZoned(back, NY)).toEqual(p);
        // Only the fall-back hour is read twice; fromZoned then gives its first reading.
        expect([second, second - HOUR]).toContain(back);
      }),
    );
  });

  it('GIVEN many instants around the 2026 New York DST changes THEN the round trip is exact outside the repeated hour', () => {
    const start = Date.UTC(2026, 2, 7);
    for (let t = start; t < start + 3 * 24 * HOUR; t += 15 * 60_000) {
      expect(fromZoned(toZoned(t, NY), NY)).toBe(t);
    }
  });
});

describe('isValidTimeZone', () => {
  it('GIVEN IANA names THEN they are valid, and made-up or empty ones are not', () => {
    expect(isValidTimeZone(SH)).toBe(true);
    expect(isValidTimeZone(NY)).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});

describe('formatting', () => {
  it('GIVEN an instant THEN formatDate and formatDateTime show the local day and minute', () => {
    const t = Date.UTC(2026, 10, 30, 10, 0, 59);
    expect(formatDate(t, SH)).toBe('2026-11-30');
    expect(formatDateTime(t, SH)).toBe('2026-11-30 18:00');
    expect(formatDateTime(t, NY)).toBe('2026-11-30 05:00');
  });

  it.each([
    ['the same local day', Date.UTC(2026, 10, 23, 6, 35), '14:35'],
    ['tomorrow', Date.UTC(2026, 10, 24, 1, 0), '明天 09:00'],
    ['later this year', Date.UTC(2026, 10, 30, 10, 0), '11月30日 18:00'],
    ['another year', Date.UTC(2027, 0, 2, 10, 0), '2027年1月2日 18:00'],
    ['a day earlier this year', Date.UTC(2026, 10, 20, 10, 0), '11月20日 18:00'],
  ])('GIVEN Monday 10:00 WHEN formatting %s THEN formatClock shows %s', (_, t, want) => {
    expect(formatClock(t, SH, MON_10_SH)).toBe(want);
  });

  it('GIVEN 31 December 23:00 WHEN the deadline is 1 January 09:00 THEN formatClock says 明天', () => {
    const now = Date.UTC(2026, 11, 31, 15, 0);
    expect(formatClock(Date.UTC(2027, 0, 1, 1, 0), SH, now)).toBe('明天 09:00');
  });

  it('GIVEN 00:30 UTC, which is 08:30 in Shanghai THEN "today" is Shanghai\'s day, not UTC\'s', () => {
    const now = Date.UTC(2026, 10, 23, 0, 30);
    expect(formatClock(Date.UTC(2026, 10, 23, 15, 0), SH, now)).toBe('23:00');
    expect(formatClock(Date.UTC(2026, 10, 23, 16, 0), SH, now)).toBe('明天 00:00');
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0秒'],
    [999, '0秒'],
    [20_000, '20秒'],
    [90_000, '1分钟30秒'],
    [5 * 60_000, '5分钟'],
    [90 * 60_000, '1小时30分钟'],
    [4 * HOUR, '4小时'],
    [4 * HOUR + 59_000, '4小时'],
    [24 * HOUR, '1天'],
    [24 * HOUR + 5 * 60_000, '1天'],
    [51 * HOUR, '2天3小时'],
    [-5 * 60_000, '5分钟'],
    [-(90 * 60_000), '1小时30分钟'],
  ])('GIVEN %i ms THEN it reads %s', (ms, want) => {
    expect(formatDuration(ms)).toBe(want);
  });

  it('GIVEN any safe integer, or NaN or Infinity THEN it never throws and uses at most two units', () => {
    const anyMs = fc.oneof(
      fc.maxSafeInteger(),
      fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: 0 }),
      fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
    );
    fc.assert(
      fc.property(anyMs, (ms) => {
        const s = formatDuration(ms);
        expect(s).toMatch(/^(\d+(天|小时|分钟|秒)){1,2}$/);
      }),
    );
  });
});

describe('startOfZonedDay', () => {
  it('GIVEN Shanghai afternoon THEN the day starts at 16:00 UTC the day before', () => {
    expect(startOfZonedDay(Date.UTC(2026, 10, 23, 7, 0), SH)).toBe(Date.UTC(2026, 10, 22, 16, 0));
  });

  it('GIVEN the New York spring-forward day THEN it starts at 05:00 UTC and lasts 23 hours', () => {
    const start = startOfZonedDay(Date.UTC(2026, 2, 8, 18, 0), NY);
    expect(start).toBe(Date.UTC(2026, 2, 8, 5, 0));
    expect(startOfZonedDay(Date.UTC(2026, 2, 9, 18, 0), NY) - start).toBe(23 * HOUR);
  });

  it('GIVEN any instant THEN its day start is at most 25 hours earlier and reads 00:00 locally', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }), (t) => {
        for (const tz of [SH, NY]) {
          const s = startOfZonedDay(t, tz);
          expect(s).toBeLessThanOrEqual(t);
          expect(t - s).toBeLessThan(25 * HOUR);
          expect(toZoned(s, tz)).toMatchObject({ hour: 0, minute: 0, second: 0 });
        }
      }),
    );
  });
});

describe('independence from the server zone', () => {
  it('GIVEN process.env.TZ set to several zones THEN the results are the same hard-coded values', () => {
    const saved = process.env.TZ;
    const offsets = new Set<number>();
    try {
      for (const serverZone of ['UTC', SH, NY, 'Pacific/Kiritimati']) {
        process.env.TZ = serverZone;
        offsets.add(new Date(MON_10_SH).getTimezoneOffset());
        expect(toZoned(MON_10_SH, SH)).toMatchObject({ day: 23, hour: 10, weekday: 1 });
        expect(fromZoned({ year: 2026, month: 11, day: 30, hour: 18 }, SH)).toBe(Date.UTC(2026, 10, 30, 10));
        expect(formatClock(Date.UTC(2026, 10, 24, 1, 0), SH, MON_10_SH)).toBe('明天 09:00');
        expect(startOfZonedDay(MON_10_SH, SH)).toBe(Date.UTC(2026, 10, 22, 16, 0));
      }
    } finally {
      if (saved === undefined) Reflect.deleteProperty(process.env, 'TZ');
      else process.env.TZ = saved;
    }
    // The switch must really have happened, or this test proves nothing.
    expect(offsets.size).toBe(4);
  });
});

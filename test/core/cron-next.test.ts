import fc from 'fast-check';
import { createTask, type ScheduledTask } from 'node-cron';
import { afterAll, describe, expect, it } from 'vitest';
import { cronMatches, nextCronTime, previousCronTime } from '../../core/cron-next.js';

const SH = 'Asia/Shanghai';
const utc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) => Date.UTC(y, mo - 1, d, h, mi, s);

// node-cron's own matcher is the independent judge of "this instant fires": the expressions are
// node-cron's, so its reading of them is the reference.
const oracles = new Map<string, ScheduledTask>();
function nodeCronMatches(expr: string, at: number, tz: string): boolean {
  const key = `${tz} ${expr}`;
  let task = oracles.get(key);
  if (task === undefined) {
    task = createTask(expr, () => undefined, { timezone: tz });
    oracles.set(key, task);
  }
  return task.match(new Date(at));
}
afterAll(async () => {
  for (const t of oracles.values()) await t.destroy();
});

describe('nextCronTime with a fixed clock (process TZ=UTC, compound in Asia/Shanghai)', () => {
  it('GIVEN the default monthly notice 0 9 1 * * THEN the next run is 01:00 UTC on the 1st', () => {
    const now = utc(2026, 11, 23, 2, 0); // Mon 23 Nov 10:00 in Shanghai
    expect(new Date(nextCronTime('0 9 1 * *', now, SH) ?? 0).toISOString()).toBe('2026-12-01T01:00:00.000Z');
  });

  it('GIVEN 23:30 UTC on the last day of a month (already the 1st in Shanghai) THEN the run is that Shanghai morning', () => {
    const now = utc(2026, 11, 30, 23, 30); // 1 Dec 07:30 in Shanghai
    expect(nextCronTime('0 9 1 * *', now, SH)).toBe(utc(2026, 12, 1, 1, 0));
  });

  it('GIVEN exactly the firing instant THEN the next run is the one after it (strictly later)', () => {
    expect(nextCronTime('0 9 1 * *', utc(2026, 12, 1, 1, 0), SH)).toBe(utc(2027, 1, 1, 1, 0));
    expect(nextCronTime('0 9 1 * *', utc(2026, 12, 1, 1, 0) - 1, SH)).toBe(utc(2026, 12, 1, 1, 0));
  });

  it('GIVEN the weekly digest 0 9 * * 1 on a Monday after 09:00 THEN it is next Monday 09:00 Shanghai', () => {
    expect(nextCronTime('0 9 * * 1', utc(2026, 11, 23, 2, 0), SH)).toBe(utc(2026, 11, 30, 1, 0));
    expect(nextCronTime('0 9 * * 1', utc(2026, 11, 22, 23, 0), SH)).toBe(utc(2026, 11, 23, 1, 0));
  });

  it('GIVEN six fields every 10 seconds THEN the next run is the next 10-second mark', () => {
    expect(nextCronTime('*/10 * * * * *', utc(2026, 11, 23, 2, 0, 3) + 250, SH)).toBe(
      utc(2026, 11, 23, 2, 0, 10),
    );
  });

  it('GIVEN names, L and # THEN they mean what node-cron means', () => {
    const now = utc(2026, 11, 23, 2, 0);
    expect(nextCronTime('0 18 L * *', now, SH)).toBe(utc(2026, 11, 30, 10, 0)); // last day of November
    expect(nextCronTime('0 9 * * mon#1', now, SH)).toBe(utc(2026, 12, 7, 1, 0)); // first Monday of December
    expect(nextCronTime('0 9 * * 5L', now, SH)).toBe(utc(2026, 11, 27, 1, 0)); // last Friday of November
    // 30 November is a Monday, so the last Tuesday is six days before the month ends.
    expect(nextCronTime('0 9 * * 2L', now, SH)).toBe(utc(2026, 11, 24, 1, 0));
    expect(nextCronTime('@monthly', now, SH)).toBe(utc(2026, 11, 30, 16, 0)); // 1 Dec 00:00 Shanghai
  });

  it('GIVEN a wall time skipped by a DST jump THEN that day is passed over', () => {
    // 2026-03-08 02:30 does not exist in New York.
    expect(nextCronTime('30 2 * * *', utc(2026, 3, 8, 5, 0), 'America/New_York')).toBe(
      utc(2026, 3, 9, 6, 30),
    );
  });

  it('GIVEN an expression that can never fire (31W in February) THEN there is no next run', () => {
    expect(nextCronTime('0 0 31W 2 *', utc(2026, 11, 23), SH)).toBeNull();
  });
});

describe('previousCronTime', () => {
  it('GIVEN a day in the middle of the month THEN the last monthly run was the 1st 09:00 Shanghai', () => {
    expect(previousCronTime('0 9 1 * *', utc(2026, 12, 3, 7, 0), SH)).toBe(utc(2026, 12, 1, 1, 0));
    expect(previousCronTime('0 9 1 * *', utc(2026, 12, 1, 1, 0), SH)).toBe(utc(2026, 12, 1, 1, 0));
    expect(previousCronTime('0 9 1 * *', utc(2026, 12, 1, 1, 0) - 1, SH)).toBe(utc(2026, 11, 1, 1, 0));
  });
});

// Expressions built from the pieces committees actually type.
const field = (lo: number, hi: number) =>
  fc.oneof(
    fc.constant('*'),
    fc.integer({ min: lo, max: hi }).map(String),
    fc.integer({ min: 2, max: 15 }).map((n) => `*/${n}`),
    fc
      .tuple(fc.integer({ min: lo, max: hi }), fc.integer({ min: lo, max: hi }))
      .map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
    fc
      .uniqueArray(fc.integer({ min: lo, max: hi }), { minLength: 2, maxLength: 3 })
      .map((xs) => xs.join(',')),
  );
const dayOfMonth = fc.oneof(
  { weight: 4, arbitrary: fc.constant('*') },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 28 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('L', '15W', 'L-2', '1,15') },
);
const dayOfWeek = fc.oneof(
  { weight: 4, arbitrary: fc.constant('*') },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 7 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('mon-fri', 'sat,sun', '5L', '1#2') },
);
const month = fc.oneof(
  { weight: 4, arbitrary: fc.constant('*') },
  { weight: 1, arbitrary: fc.constantFrom('1-6', 'jan,jul', '11') },
);
const expression = fc
  .tuple(fc.option(field(0, 59), { freq: 3 }), field(0, 59), field(0, 23), dayOfMonth, month, dayOfWeek)
  .map(([sec, ...rest]) => (sec === null ? rest : [sec, ...rest]).join(' '));
const zone = fc.constantFrom(
  'Asia/Shanghai',
  'UTC',
  'America/New_York',
  'Europe/London',
  'Australia/Lord_Howe',
);
const instant = fc.integer({ min: utc(2024, 1, 1), max: utc(2032, 12, 31) });

describe('nextCronTime properties (node-cron as the judge)', () => {
  it('GIVEN any expression, zone and now THEN the next run is later than now, fires, and nothing fires in between', () => {
    fc.assert(
      fc.property(expression, zone, instant, (expr, tz, now) => {
        const next = nextCronTime(expr, now, tz);
        if (next === null) return;
        expect(next).toBeGreaterThan(now);
        expect(nodeCronMatches(expr, next, tz)).toBe(true);
        expect(cronMatches(expr, next, tz)).toBe(true);
        // Nothing fires between now and next: checked second by second when the gap is short,
        // and through the previous run (which must not be after now) always.
        const prev = previousCronTime(expr, next - 1, tz);
        if (prev !== null) expect(prev).toBeLessThanOrEqual(now);
        if (next - now <= 3 * 3_600_000) {
          const step = expr.split(' ').length === 6 ? 1000 : 60_000;
          for (let t = Math.floor(now / step) * step + step; t < next; t += step) {
            if (t > now && nodeCronMatches(expr, t, tz))
              throw new Error(`${expr} fires at ${new Date(t).toISOString()}`);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('GIVEN any expression THEN the previous run fires, is not after now, and the run after it is the next run after now', () => {
    fc.assert(
      fc.property(expression, zone, instant, (expr, tz, now) => {
        const prev = previousCronTime(expr, now, tz);
        if (prev === null) return;
        expect(prev).toBeLessThanOrEqual(now);
        expect(nodeCronMatches(expr, prev, tz)).toBe(true);
        expect(nextCronTime(expr, prev, tz)).toBe(
          nextCronTime(expr, now, tz) === null ? null : nextCronTime(expr, prev, tz),
        );
        const next = nextCronTime(expr, prev, tz);
        if (next !== null) expect(next > now || next === prev).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});

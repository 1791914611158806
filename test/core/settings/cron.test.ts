/**
 * The cron-valued settings (`/设置 公示`, `/设置 周报`): five fields only, never more often than
 * once an hour, and a day that no month of the expression has is named in one sentence
 * (issue 13).
 */
import fc from 'fast-check';
import { parse } from 'node-cron';
import { describe, expect, it } from 'vitest';
import { compoundSettings, defaultSettings } from '../../../core/settings/catalog.js';
import { parseCron } from '../../../core/settings/cron.js';
import { putSetting } from '../../../db/settings.js';
import { createCommandHarness } from '../../support/command-harness.js';

const ADMIN = 'wxid_admin_liu';

function refusal(expr: string): string {
  const r = parseCron(expr);
  if (r.ok) throw new Error(`「${expr}」was accepted`);
  return r.error;
}

describe('parseCron: only five fields, at most once an hour', () => {
  it.each([
    ['* * * * * *', '6 段'],
    ['0 0 9 1 * *', '6 段'],
    ['@daily', '5 段'],
    ['* * * *', '5 段'],
  ])('GIVEN %s THEN it is refused: only five fields (分 时 日 月 星期)', (expr, problem) => {
    const text = refusal(expr);
    expect(text).toContain(problem);
    expect(text).toContain('分 时 日 月 星期');
  });

  it.each([
    ['* * * * *'],
    ['*/5 * * * *'],
    ['*/1 * * * *'],
    ['0,30 9 * * *'],
    ['0-5 9 1 * *'],
    ['*/30 9 1 * *'],
  ])('GIVEN %s THEN it is refused as too frequent, with the reason and an example', (expr) => {
    const text = refusal(expr);
    expect(text).toContain('每小时最多一次');
    expect(text).toContain('例如 0 9 1 * *');
  });

  it.each([
    ['0 9 1 * *'],
    ['0 9 * * 1'],
    ['30 * * * *'],
    ['0 */2 * * *'],
    ['15 8,20 * * 1-5'],
    ['0 9 L * *'],
  ])('GIVEN %s (one minute per hour) THEN it is accepted', (expr) => {
    expect(parseCron(expr)).toEqual({ ok: true, value: expr });
  });

  it.each([
    ['0 9 31 2 *', '2月没有31日'],
    ['0 9 30 2 *', '2月没有30日'],
    ['0 9 31 4 *', '4月没有31日'],
    ['0 9 31 2,4,6,9,11 *', '2月、4月、6月、9月、11月都没有31日'],
    ['0 9 30,31 2 *', '2月没有30日、31日'],
    ['0 9 31 feb *', '2月没有31日'],
    ['0 9 31W 11 *', '11月没有31日'],
  ])('GIVEN %s (a day the month never has) THEN the reply says so: %s', (expr, sentence) => {
    const text = refusal(expr);
    expect(text).toContain(sentence);
    expect(text).not.toContain('应在 1-31 之间');
    expect(text).toContain('L');
  });

  it.each([['0 9 29 2 *'], ['0 9 31 2,3 *'], ['0 9 30 * *'], ['0 9 31 */2 *']])(
    'GIVEN %s (a day that some month of it has) THEN it is accepted',
    (expr) => {
      expect(parseCron(expr).ok).toBe(true);
    },
  );

  it('GIVEN a field out of range THEN the field and its range are still named', () => {
    expect(refusal('0 9 32 * *')).toContain('日期「32」不对, 应在 1-31 之间');
    expect(refusal('61 * * * *')).toContain('分钟「61」不对, 应在 0-59 之间');
  });
});

// Fields as committees type them: single values, lists, ranges and steps.
const field = (lo: number, hi: number) =>
  fc.oneof(
    fc.constant('*'),
    fc.integer({ min: lo, max: hi }).map(String),
    fc.integer({ min: 1, max: 30 }).map((n) => `*/${n}`),
    fc
      .tuple(fc.integer({ min: lo, max: hi }), fc.integer({ min: lo, max: hi }))
      .map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
    fc
      .uniqueArray(fc.integer({ min: lo, max: hi }), { minLength: 2, maxLength: 3 })
      .map((xs) => xs.join(',')),
  );
const fiveFields = fc
  .tuple(field(0, 59), field(0, 23), field(1, 31), field(1, 12), field(0, 6))
  .map((f) => f.join(' '));

describe('parseCron properties', () => {
  it('GIVEN any five-field expression THEN it is accepted only when its minute field names one minute', () => {
    fc.assert(
      fc.property(fiveFields, (expr) => {
        const r = parseCron(expr);
        if (r.ok) expect(parse(expr).minute).toHaveLength(1);
        else expect(r.error).toMatch(/^「.*」/);
      }),
      { numRuns: 500 },
    );
  });

  it('GIVEN any six-field expression THEN it is refused', () => {
    fc.assert(
      fc.property(field(0, 59), fiveFields, (sec, rest) => {
        expect(parseCron(`${sec} ${rest}`).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('GIVEN any text THEN parseCron answers in Chinese and never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const r = parseCron(text);
        if (!r.ok) expect(r.error).toMatch(/cron|触发|每小时/);
      }),
      { numRuns: 500 },
    );
  });
});

describe('/设置 公示 and /设置 周报 through the dispatcher', () => {
  it.each([
    ['/设置 公示 * * * * * *'],
    ['/设置 公示 * * * * *'],
    ['/设置 周报 */5 * * * *'],
    ['/设置 周报 0 0 9 * * 1'],
  ])('GIVEN %s THEN it is refused with the reason and the setting is unchanged', async (cmd) => {
    const h = await createCommandHarness();
    const before = await h.reply(ADMIN, '/设置');
    const text = await h.reply(ADMIN, cmd);
    expect(text).toMatch(/5 段|每小时最多一次/);
    expect(text).toContain('用法: /设置');
    expect(await h.reply(ADMIN, '/设置')).toBe(before);
  });

  it('GIVEN /设置 周报 0 9 31 2 * THEN the reply says February has no 31st', async () => {
    const h = await createCommandHarness();
    expect(await h.reply(ADMIN, '/设置 周报 0 9 31 2 *')).toContain(
      '「0 9 31 2 *」永远不会触发: 2月没有31日。要在月底请把日期写成 L, 例如 0 9 L 2 *。',
    );
  });

  it('GIVEN a too-frequent expression already stored (written before the rule) THEN the compound uses the default', async () => {
    const h = await createCommandHarness();
    const put = (key: string, expr: string) =>
      putSetting(
        h.handle.db,
        { compoundId: h.compoundId, key, value: JSON.stringify(expr), updatedBy: ADMIN },
        h.now,
      );
    await put('cron.notice', '* * * * * *');
    await put('cron.weekly', '*/5 * * * *');
    const s = await compoundSettings(h.handle.db, h.compoundId);
    expect(s.noticeCron).toBe(defaultSettings.noticeCron);
    expect(s.weeklyCron).toBe(defaultSettings.weeklyCron);
  });
});

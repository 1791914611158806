/**
 * Which compounds the three-affairs notices' tick reads (schedules/affairs-notices.ts,
 * db/affairs.ts compoundsWithNoticeWork). The tick runs every second; it reads only the
 * compounds that may need something, so each case where one does is shown here to be read:
 * a compound that is new, an expression changed in /设置 and set back with 默认, a stored
 * expression no setting holds any more, and more new compounds at once than one statement binds.
 * The notices themselves: test/commands/affairs/affairs.test.ts and test/e2e/notices.test.ts.
 */
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../core/settings/catalog.js';
import { compoundsWithNoticeWork } from '../../db/affairs.js';
import { ensureCompound, IDS_PER_STATEMENT } from '../../db/compounds.js';
import { settings } from '../../db/schema.js';
import { affairSchedules } from '../../db/schema-affairs.js';
import { runAffairsNotices } from '../../schedules/affairs-notices.js';
import { type CommandHarness, createCommandHarness } from '../support/command-harness.js';

const ADMIN = 'wxid_admin_liu';
// Mon 2026-11-23 10:00 Shanghai.
const START = Date.UTC(2026, 10, 23, 2, 0);
// The default monthly notice: Tue 2026-12-01 09:00 Shanghai; the weekly one: Mon 2026-11-30 09:00.
const MONTHLY = Date.UTC(2026, 11, 1, 1, 0);
const WEEKLY = Date.UTC(2026, 10, 30, 1, 0);
const defaults = { monthly: defaultSettings.noticeCron, weekly: defaultSettings.weeklyCron };
/** What {@link stored} reads for a compound on the default expressions. */
const DEFAULT_STATES = [
  ['monthly', '0 9 1 * *', MONTHLY],
  ['weekly', '0 9 * * 1', WEEKLY],
];

const tick = (h: CommandHarness) =>
  h.handle.db.transaction((tx) => runAffairsNotices(tx, h.now, h.tz, h.publicUrl));

/** The stored [kind, expression, next run] of a compound, monthly first. */
async function stored(h: CommandHarness, compoundId: number) {
  const rows = await h.handle.db
    .select()
    .from(affairSchedules)
    .where(eq(affairSchedules.compoundId, compoundId))
    .all();
  return rows
    .map((r) => [r.kind, r.cron, r.nextRunAt])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
}

describe('the compounds the notices’ tick reads', () => {
  it('GIVEN every compound scheduled and nothing due THEN the tick reads none; a compound added later is scheduled on the next tick', async () => {
    const h = await createCommandHarness({ now: START });
    await tick(h);
    expect(await stored(h, h.compoundId)).toEqual(DEFAULT_STATES);
    h.advance(1000);
    expect(await compoundsWithNoticeWork(h.handle.db, h.now, defaults)).toEqual([]);

    const { compound } = await ensureCompound(h.handle.db, '枫林小区', h.now);
    expect(await compoundsWithNoticeWork(h.handle.db, h.now, defaults)).toEqual([compound.id]);
    await tick(h);
    expect(await stored(h, compound.id)).toEqual(DEFAULT_STATES);
    h.advance(1000);
    expect(await compoundsWithNoticeWork(h.handle.db, h.now, defaults)).toEqual([]);
    // Due: read again at the second its notice falls due, and only then.
    h.setNow(WEEKLY - 1000);
    expect(await compoundsWithNoticeWork(h.handle.db, h.now, defaults)).toEqual([]);
    h.setNow(WEEKLY);
    expect(await compoundsWithNoticeWork(h.handle.db, h.now, defaults)).toEqual([h.compoundId, compound.id]);
  });

  it('GIVEN /设置 公示 changes the expression, then 默认 sets it back THEN the next tick follows each change', async () => {
    const h = await createCommandHarness({ now: START });
    await tick(h);
    expect(await h.reply(ADMIN, '/设置 公示 30 8 1 * *')).toContain('改为「30 8 1 * *」');
    h.advance(1000);
    await tick(h);
    expect((await stored(h, h.compoundId))[0]).toEqual([
      'monthly',
      '30 8 1 * *',
      Date.UTC(2026, 11, 1, 0, 30),
    ]);

    expect(await h.reply(ADMIN, '/设置 公示 默认')).toContain('改为「0 9 1 * *」');
    h.advance(1000);
    await tick(h);
    expect(await stored(h, h.compoundId)).toEqual(DEFAULT_STATES);
  });

  it('GIVEN a stored expression that no setting holds any more (a restore from an older backup) THEN the tick goes back to the default', async () => {
    const h = await createCommandHarness({ now: START });
    await h.reply(ADMIN, '/设置 周报 0 20 * * 5');
    await tick(h);
    // Fri 2026-11-27 20:00 Shanghai.
    expect((await stored(h, h.compoundId))[1]).toEqual([
      'weekly',
      '0 20 * * 5',
      Date.UTC(2026, 10, 27, 12, 0),
    ]);
    await h.handle.db
      .delete(settings)
      .where(and(eq(settings.compoundId, h.compoundId), eq(settings.key, 'cron.weekly')))
      .run();
    h.advance(1000);
    expect(await compoundsWithNoticeWork(h.handle.db, h.now, defaults)).toEqual([h.compoundId]);
    await tick(h);
    expect((await stored(h, h.compoundId))[1]).toEqual(['weekly', '0 9 * * 1', WEEKLY]);
  });

  it('GIVEN more new compounds at once than one statement binds THEN every one is scheduled', async () => {
    const h = await createCommandHarness({ now: START });
    const ids = [h.compoundId];
    for (let i = 0; i < IDS_PER_STATEMENT + 20; i++)
      ids.push((await ensureCompound(h.handle.db, `小区${i + 1}`, h.now)).compound.id);
    await tick(h);
    const rows = await h.handle.db.select().from(affairSchedules).all();
    expect(rows).toHaveLength(ids.length * 2);
    expect(new Set(rows.map((r) => r.compoundId))).toEqual(new Set(ids));
    expect(rows.every((r) => r.nextRunAt === (r.kind === 'monthly' ? MONTHLY : WEEKLY))).toBe(true);
    h.advance(1000);
    expect(await compoundsWithNoticeWork(h.handle.db, h.now, defaults)).toEqual([]);
  }, 60_000);
});

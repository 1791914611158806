/**
 * A November of tickets in the street of test/support/areas.ts, for the company ranking's tests,
 * with the figures worked out by hand (core/areas/ranking.ts has the formula):
 *
 * - 枫林小区 (万家物业): 5 general tickets, each answered in 2 minutes, solved in 20, confirmed
 *   with 5 points. Every part is 100%: score 100.0, ★5. 10 verified units: 50.0 tickets per 100.
 * - 幸福小区 (铁龙物业): 5 general tickets, each answered in 3 minutes; two solved in 20 minutes
 *   and confirmed with 1 point, three left open past their deadline and escalated.
 *   按时解决 2/5 → 0.4 × 35 = 14; 满意度 (2 − 2) / 8 = 0 → 0; 按时响应 5/5 → 15;
 *   返工 2 / (2 + 0) → 15; 吹哨 (5 − 3) / 5 = 0.4 → 4. Score 48.0: ★1 and on the 黑榜 (below 50).
 *   4 verified units (and none in 阳光花园, also 铁龙物业): 125.0 tickets per 100.
 * - 阳光花园 (铁龙物业): no tickets.
 */
import { eq } from 'drizzle-orm';
import { compounds, unitClaims, units } from '../../db/schema.js';
import { insertTicket, local, MINUTE, updateTicket } from '../schedules/fixtures.js';
import { fenglin, xingfu } from './areas.js';
import type { CommandHarness } from './command-harness.js';

async function compoundId(h: CommandHarness, name: string): Promise<number> {
  const row = await h.handle.db
    .select({ id: compounds.id })
    .from(compounds)
    .where(eq(compounds.name, name))
    .get();
  if (!row) throw new Error(`no compound ${name}`);
  return row.id;
}

/** `count` units of a compound, each with a claim verified at `at`. */
export async function verifyUnits(h: CommandHarness, name: string, count: number, at: number): Promise<void> {
  const id = await compoundId(h, name);
  for (let i = 1; i <= count; i++) {
    const unit = await h.handle.db
      .insert(units)
      .values({
        compoundId: id,
        building: '1',
        entrance: '1',
        room: String(100 + i),
        areaCenti: 9000,
        createdAt: at,
      })
      .returning()
      .get();
    await h.handle.db
      .insert(unitClaims)
      .values({
        compoundId: id,
        unitId: unit.id,
        personId: name === fenglin.name ? fenglin.owner : xingfu.owner,
        areaCenti: 9000,
        status: 'verified',
        claimedAt: at,
        verifiedBy: 'wxid_boss',
        verifiedAt: at,
      })
      .run();
  }
}

/** The November above, filed from 2026-11-02 on; returns the compound ids. */
export async function seedNovember(h: CommandHarness): Promise<{ fenglinId: number; xingfuId: number }> {
  const fenglinId = await compoundId(h, fenglin.name);
  const xingfuId = await compoundId(h, xingfu.name);
  for (let i = 0; i < 5; i++) {
    const filedAt = local(`2026-11-0${2 + i} 10:00`);
    const t = await insertTicket(h, {
      compoundId: fenglinId,
      filedAt,
      assigneeId: fenglin.manager,
      respondedAt: filedAt + 2 * MINUTE,
      resolvedAt: filedAt + 20 * MINUTE,
      closedAt: filedAt + 60 * MINUTE,
    });
    await updateTicket(h, t.id, { score: 5 });
  }
  for (let i = 0; i < 5; i++) {
    const filedAt = local(`2026-11-0${2 + i} 11:00`);
    const solved = i < 2;
    const t = await insertTicket(h, {
      compoundId: xingfuId,
      filedAt,
      assigneeId: xingfu.manager,
      respondedAt: filedAt + 3 * MINUTE,
      resolvedAt: solved ? filedAt + 20 * MINUTE : null,
      closedAt: solved ? filedAt + 60 * MINUTE : null,
      escalatedAt: solved ? null : filedAt + 60 * MINUTE,
    });
    if (solved) await updateTicket(h, t.id, { score: 1 });
  }
  await verifyUnits(h, fenglin.name, 10, local('2026-11-01 08:00'));
  await verifyUnits(h, xingfu.name, 4, local('2026-11-01 08:00'));
  return { fenglinId, xingfuId };
}

/**
 * Queries of the monthly company ranking (SPEC "Communities and streets"); tables in
 * schema-rankings.ts. The ranking itself is computed in core/areas/ranking.ts.
 */
import { and, asc, countDistinct, desc, eq, gte, inArray, lt } from 'drizzle-orm';
import type { DbOrTx } from './client.js';
import { type ScheduleState, scheduleStateColumns } from './schedule-state.js';
import { unitClaims } from './schema.js';
import {
  type AreaSchedule,
  areaSchedules,
  type CompanyRankingPost,
  companyRankings,
} from './schema-rankings.js';

/**
 * Units with at least one verified claim (`/认证`, db/units.ts) verified before `before`, per
 * compound: the denominator of "tickets per 100 verified units". A unit two owners claimed counts
 * once. Compounds without one are missing from the map.
 */
export async function verifiedUnitCounts(
  db: DbOrTx,
  compoundIds: readonly number[],
  before: number,
): Promise<Map<number, number>> {
  if (compoundIds.length === 0) return new Map();
  const rows = await db
    .select({ compoundId: unitClaims.compoundId, units: countDistinct(unitClaims.unitId) })
    .from(unitClaims)
    .where(
      and(
        inArray(unitClaims.compoundId, [...compoundIds]),
        eq(unitClaims.status, 'verified'),
        lt(unitClaims.verifiedAt, before),
      ),
    )
    .groupBy(unitClaims.compoundId)
    .all();
  return new Map(rows.map((r) => [r.compoundId, Number(r.units)]));
}

/**
 * Stores a posted ranking; null when the area's ranking of that month exists already (the
 * schedule ran twice), so the caller queues nothing.
 */
export async function insertRankingPost(
  db: DbOrTx,
  post: Omit<CompanyRankingPost, 'id'>,
): Promise<CompanyRankingPost | null> {
  return (await db.insert(companyRankings).values(post).onConflictDoNothing().returning().get()) ?? null;
}

/** The latest ranking posted in an area, or null. */
export async function latestRankingPost(db: DbOrTx, areaId: number): Promise<CompanyRankingPost | null> {
  return (
    (await db
      .select()
      .from(companyRankings)
      .where(eq(companyRankings.areaId, areaId))
      .orderBy(desc(companyRankings.periodFrom), desc(companyRankings.id))
      .limit(1)
      .get()) ?? null
  );
}

/** Rankings the areas posted in `[from, to)`, oldest first. */
export async function rankingPostsBetween(
  db: DbOrTx,
  areaIds: readonly number[],
  from: number,
  to: number,
): Promise<CompanyRankingPost[]> {
  if (areaIds.length === 0) return [];
  return await db
    .select()
    .from(companyRankings)
    .where(
      and(
        inArray(companyRankings.areaId, [...areaIds]),
        gte(companyRankings.createdAt, from),
        lt(companyRankings.createdAt, to),
      ),
    )
    .orderBy(asc(companyRankings.createdAt), asc(companyRankings.id))
    .all();
}

/** The stored state of one schedule of every area. */
export async function areaScheduleStates(db: DbOrTx, name: string): Promise<AreaSchedule[]> {
  return await db.select().from(areaSchedules).where(eq(areaSchedules.name, name)).all();
}

/** Stores when an area's next run of a schedule is due and the expression it came from. */
export async function putAreaSchedule(
  db: DbOrTx,
  state: ScheduleState & { name: string; areaId: number },
  now: number,
): Promise<void> {
  const set = scheduleStateColumns(state, now);
  await db
    .insert(areaSchedules)
    .values({ name: state.name, areaId: state.areaId, lastRunAt: state.lastRunAt ?? null, ...set })
    .onConflictDoUpdate({ target: [areaSchedules.name, areaSchedules.areaId], set })
    .run();
}

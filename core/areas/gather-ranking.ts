/**
 * Reads what the ranking needs from the store at a time t (core/areas/ranking.ts is the pure
 * rule): each compound's ticket figures of the period exactly as `/统计` computes them
 * (core/tickets/stats.ts), and its verified units at the end of the period.
 */
import { compoundsOfArea } from '../../db/areas.js';
import type { DbOrTx } from '../../db/client.js';
import { verifiedUnitCounts } from '../../db/rankings.js';
import type { Area, Compound } from '../../db/schema.js';
import { areaSettings } from '../settings/area-catalog.js';
import { ticketFigures } from '../tickets/stats.js';
import { type CompoundTally, type Ranking, rankCompanies, type StarRules, tallyOf } from './ranking.js';

/** The tallies of the compounds over `[from, to)`, the tickets as they stand at `now`. */
export async function gatherTallies(
  db: DbOrTx,
  compounds: readonly Compound[],
  period: { from: number; to: number },
  now: number,
): Promise<CompoundTally[]> {
  const units = await verifiedUnitCounts(
    db,
    compounds.map((c) => c.id),
    Math.min(period.to, now + 1),
  );
  const tallies: CompoundTally[] = [];
  // One statement at a time: a transaction's statements never run side by side.
  for (const c of compounds) {
    tallies.push(tallyOf(c, await ticketFigures(db, c.id, period, now), units.get(c.id) ?? 0));
  }
  return tallies;
}

/** The ranking of the companies serving these compounds over the period, at `now`. */
export async function gatherRanking(
  db: DbOrTx,
  compounds: readonly Compound[],
  period: { from: number; to: number },
  now: number,
  rules: StarRules,
): Promise<Ranking> {
  return rankCompanies(await gatherTallies(db, compounds, period, now), rules);
}

/**
 * The ranking of a community's or street's group: the companies over its compounds (a street's:
 * those of all its communities), under the street's star rules.
 */
export async function rankArea(
  db: DbOrTx,
  area: Area,
  period: { from: number; to: number },
  now: number,
): Promise<{ compounds: Compound[]; tallies: CompoundTally[]; ranking: Ranking }> {
  const compounds = await compoundsOfArea(db, area);
  const { stars } = await areaSettings(db, area);
  const tallies = await gatherTallies(db, compounds, period, now);
  return { compounds, tallies, ranking: rankCompanies(tallies, stars) };
}

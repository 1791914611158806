/**
 * The figures of compounds side by side, as `/统计` shows them in a community's or street's group
 * and the area's board page shows them (SPEC "Communities and streets", "The desk"): those of
 * `/统计` in each compound (core/tickets/stats.ts), plus what is overdue right now.
 */
import { confirmedScores } from '../../db/area-tickets.js';
import type { DbOrTx } from '../../db/client.js';
import { sumCounts } from '../counts.js';
import { ticketFigures } from '../tickets/stats.js';
import { watchedTickets } from '../tickets/watch.js';

/** The figures shown for a compound, or added up for a community. */
export interface CompoundRow {
  filed: number;
  solved: number;
  solvedOnTime: number;
  solveJudged: number;
  rework: number;
  escalations: number;
  scoreSum: number;
  scored: number;
  /** Open tickets past their solve deadline now (whatever month they were filed in). */
  overdueNow: number;
}

/** The rows of these compounds for the period, by compound id. */
export async function compoundRows(
  db: DbOrTx,
  compoundIds: readonly number[],
  range: { from: number; to: number },
  now: number,
): Promise<Map<number, CompoundRow>> {
  const overdue = (await watchedTickets(db, compoundIds, now)).filter((w) => w.overdueMs !== null);
  const scores = await confirmedScores(db, compoundIds, range);
  const rows = new Map<number, CompoundRow>();
  for (const id of compoundIds) {
    const f = await ticketFigures(db, id, range, now);
    rows.set(id, {
      filed: f.filed,
      solved: f.solved,
      solvedOnTime: f.solvedOnTime,
      solveJudged: f.solveJudged,
      rework: f.rework,
      escalations: f.escalations,
      scoreSum: scores.filter((s) => s.compoundId === id).reduce((acc, s) => acc + s.score, 0),
      scored: f.scored,
      overdueNow: overdue.filter((w) => w.ticket.compoundId === id).length,
    });
  }
  return rows;
}

const noRow: CompoundRow = {
  filed: 0,
  solved: 0,
  solvedOnTime: 0,
  solveJudged: 0,
  rework: 0,
  escalations: 0,
  scoreSum: 0,
  scored: 0,
  overdueNow: 0,
};

/** The rows added up (a community's total). */
export function sumRows(rows: readonly CompoundRow[]): CompoundRow {
  return sumCounts(noRow, rows);
}

/**
 * What a board page shows (SPEC "The desk"), read from the store per request as plain data that
 * web/render.ts turns into HTML. Nothing personal leaves this file: no names of reporters (a
 * ticket is "3号楼住户"), no phone numbers (dropped, not masked), no ballots (results are the
 * counts `/结果` shows), no manager names.
 */
import { directionNames, fundNames } from '../core/affairs/notice-content.js';
import { type CompoundRow, compoundRows, sumRows } from '../core/areas/compound-rows.js';
import { postedRanking } from '../core/areas/posted-ranking.js';
import type { Ranking } from '../core/areas/ranking.js';
import { oneLine } from '../core/display.js';
import { dropPhones } from '../core/privacy.js';
import { sortByName } from '../core/text.js';
import { effectiveSolveDueAt, isResolved } from '../core/tickets/sla.js';
import { monthRange, type TicketFigures, ticketFigures } from '../core/tickets/stats.js';
import { watchedTickets } from '../core/tickets/watch.js';
import { classLabel, formatOver, statusNames, statusText } from '../core/tickets/wording.js';
import { resultText, voteResult } from '../core/votes/result.js';
import { communitiesOf, compoundsOfArea } from '../db/areas.js';
import { allLedgerLines, boardNotices, buildingsOf, closedPollsOf } from '../db/board.js';
import type { DbOrTx } from '../db/client.js';
import { storedName } from '../db/people.js';
import { latestRankingPost } from '../db/rankings.js';
import type { Area, Compound, Ticket } from '../db/schema.js';
import { type LedgerFund, ledgerFunds } from '../db/schema-affairs.js';
import { openTicketsOf } from '../db/tickets.js';

/** How much of each list a page shows: a page stays under 100 KB with thousands of tickets. */
export const BOARD_LIMITS = { notices: 12, ledgerLines: 30, openTickets: 150, polls: 10, escalated: 150 };

/** How long a ticket's text may be on a page. */
const TICKET_TEXT_CHARS = 60;

export interface BoardTicket {
  /** "阳光花园#12" on an area's page, "#12" on a compound's. */
  ref: string;
  /** "3号楼住户", or "住户" for a reporter with no verified unit. */
  who: string;
  text: string;
  label: string;
  status: string;
  filedAt: number;
  /** "超时 2小时" when past its solve deadline now, else null. */
  overdue: string | null;
}

export interface FundSeries {
  name: string;
  balanceFen: number;
  /** The balance after each line, oldest first. */
  points: { at: number; balanceFen: number }[];
}

export interface CompoundBoard {
  kind: 'compound';
  name: string;
  now: number;
  tz: string;
  notices: { id: number; title: string; summary: string; createdAt: number; imagePath: string }[];
  funds: FundSeries[];
  /** The latest ledger lines, latest first. */
  ledger: {
    at: number;
    fund: string;
    direction: string;
    amountFen: number;
    signedFen: number;
    reason: string;
  }[];
  ledgerTotal: number;
  month: { label: string; figures: TicketFigures };
  /** Open tickets by status, in the order of the lifecycle. */
  open: { status: string; tickets: BoardTicket[] }[];
  openTotal: number;
  overdueTotal: number;
  polls: { title: string; lines: string[] }[];
}

export interface AreaBoard {
  kind: 'area';
  /** 社区 or 街道. */
  areaKind: string;
  name: string;
  now: number;
  tz: string;
  monthLabel: string;
  sections: {
    community: string | null;
    compounds: { name: string; row: CompoundRow }[];
    total: CompoundRow | null;
  }[];
  ranking: { label: string; ranking: Ranking } | null;
  escalated: (BoardTicket & { withCommunity: boolean })[];
  escalatedTotal: number;
}

export type Board = CompoundBoard | AreaBoard;

/** "3号楼住户" from a building as stored ("3", "3号楼", "A座"). */
export function residentOf(building: string | undefined): string {
  if (building === undefined || building === '') return '住户';
  return /^\d+$/.test(building) ? `${building}号楼住户` : `${building}住户`;
}

/** A ticket's text as a page shows it: one line, no phone number, no name of its reporter. */
export function publicTicketText(description: string, reporterNames: readonly string[]): string {
  let text = dropPhones(description);
  for (const name of reporterNames) {
    // A one-character name would blank out ordinary words.
    if ([...name].length >= 2) text = text.split(name).join('住户');
  }
  return oneLine(text, TICKET_TEXT_CHARS);
}

async function boardTickets(
  db: DbOrTx,
  list: readonly Ticket[],
  now: number,
  refOf: (t: Ticket) => string,
): Promise<BoardTicket[]> {
  const buildings = new Map<string, string>();
  const byCompound = new Map<number, string[]>();
  for (const t of list) byCompound.set(t.compoundId, [...(byCompound.get(t.compoundId) ?? []), t.reporterId]);
  for (const [compoundId, ids] of byCompound)
    for (const [id, b] of await buildingsOf(db, compoundId, ids)) buildings.set(`${compoundId}:${id}`, b);
  const names = new Map<string, string | null>();
  for (const t of list)
    if (!names.has(t.reporterId)) names.set(t.reporterId, await storedName(db, t.reporterId));
  return list.map((t) => {
    const due = effectiveSolveDueAt(t, now);
    const overdue = !isResolved(t) && now > due ? formatOver(now - due) : null;
    const name = names.get(t.reporterId);
    return {
      ref: refOf(t),
      who: residentOf(buildings.get(`${t.compoundId}:${t.reporterId}`)),
      text: publicTicketText(t.description, name ? [name] : []),
      label: classLabel(t),
      status: statusText(t),
      filedAt: t.filedAt,
      overdue,
    };
  });
}

const statusOrder: Ticket['status'][] = ['new', 'reopened', 'assigned', 'on_site', 'resolved'];

/** The page of a compound at `now`. */
export async function compoundBoard(
  db: DbOrTx,
  compound: Compound,
  now: number,
  tz: string,
): Promise<CompoundBoard> {
  const notices = (await boardNotices(db, compound.id, BOARD_LIMITS.notices)).map((n) => ({
    ...n,
    summary: dropPhones(n.summary),
    imagePath: `notice/${n.id}.png`,
  }));

  const lines = await allLedgerLines(db, compound.id);
  const running = new Map<LedgerFund, number>();
  const series = new Map<LedgerFund, FundSeries>();
  for (const line of lines) {
    const signed = line.direction === 'income' ? line.amountFen : -line.amountFen;
    const balance = (running.get(line.fund) ?? 0) + signed;
    running.set(line.fund, balance);
    const s = series.get(line.fund) ?? { name: fundNames[line.fund], balanceFen: 0, points: [] };
    s.balanceFen = balance;
    s.points.push({ at: line.at, balanceFen: balance });
    series.set(line.fund, s);
  }
  const funds = ledgerFunds.flatMap((f) => series.get(f) ?? []);
  const ledger = lines
    .slice(-BOARD_LIMITS.ledgerLines)
    .reverse()
    .map((l) => ({
      at: l.at,
      fund: fundNames[l.fund],
      direction: directionNames[l.direction],
      amountFen: l.amountFen,
      signedFen: l.direction === 'income' ? l.amountFen : -l.amountFen,
      reason: oneLine(dropPhones(l.reason), 60),
    }));

  const range = monthRange(now, tz, '本月');
  const figures = await ticketFigures(db, compound.id, range, now);

  const open = await openTicketsOf(db, compound.id);
  const shown = await boardTickets(db, open, now, (t) => `#${t.no}`);
  const overdueTotal = shown.filter((t) => t.overdue !== null).length;
  // Overdue ones first within each status, then the newest: what needs eyes is on top.
  const byStatus = statusOrder
    .map((status) => {
      const mine = open.flatMap((t, i) => (t.status === status ? [shown[i] as BoardTicket] : []));
      return { status, tickets: mine };
    })
    .filter((g) => g.tickets.length > 0);
  let budget = BOARD_LIMITS.openTickets;
  const openGroups = byStatus.map((g) => {
    const sorted = [...g.tickets].sort(
      (a, b) => Number(b.overdue !== null) - Number(a.overdue !== null) || b.filedAt - a.filedAt,
    );
    const kept = sorted.slice(0, Math.max(0, budget));
    budget -= kept.length;
    return { status: statusNames[g.status], tickets: kept };
  });

  const polls = [];
  for (const poll of await closedPollsOf(db, compound.id, BOARD_LIMITS.polls)) {
    const [title = '', ...rest] = resultText(poll, await voteResult(db, poll), tz, now).split('\n');
    // "【投票 #1「…」 最终结果】": the brackets mark a heading in chat; the page has its own.
    polls.push({ title: title.replace(/^【(.*)】$/, '$1'), lines: rest.map((l) => dropPhones(l)) });
  }

  return {
    kind: 'compound',
    name: compound.name,
    now,
    tz,
    notices,
    funds,
    ledger,
    ledgerTotal: lines.length,
    month: { label: range.label, figures },
    open: openGroups,
    openTotal: open.length,
    overdueTotal,
    polls,
  };
}

/** The page of a community or street at `now`. */
export async function areaBoard(db: DbOrTx, area: Area, now: number, tz: string): Promise<AreaBoard> {
  const compounds = sortByName(await compoundsOfArea(db, area));
  const range = monthRange(now, tz, '本月');
  const rows = await compoundRows(
    db,
    compounds.map((c) => c.id),
    range,
    now,
  );
  const rowOf = (c: Compound) => rows.get(c.id) as CompoundRow;
  const sections: AreaBoard['sections'] = [];
  if (area.kind === 'community') {
    sections.push({
      community: null,
      compounds: compounds.map((c) => ({ name: c.name, row: rowOf(c) })),
      total: compounds.length > 1 ? sumRows(compounds.map(rowOf)) : null,
    });
  } else {
    for (const community of sortByName(await communitiesOf(db, area.id))) {
      const mine = compounds.filter((c) => c.communityId === community.id);
      sections.push({
        community: community.name,
        compounds: mine.map((c) => ({ name: c.name, row: rowOf(c) })),
        total: mine.length > 0 ? sumRows(mine.map(rowOf)) : null,
      });
    }
  }

  const post = await latestRankingPost(db, area.id);
  const parsed = post === null ? null : postedRanking(post);
  const ranking = post !== null && parsed !== null ? { label: post.label, ranking: parsed } : null;

  const names = new Map(compounds.map((c) => [c.id, c.name]));
  const watched = (
    await watchedTickets(
      db,
      compounds.map((c) => c.id),
      now,
    )
  ).filter((w) => w.ticket.escalatedAt !== null);
  const kept = watched.slice(0, BOARD_LIMITS.escalated);
  const shown = await boardTickets(
    db,
    kept.map((w) => w.ticket),
    now,
    (t) => `${names.get(t.compoundId) ?? ''}#${t.no}`,
  );
  return {
    kind: 'area',
    areaKind: area.kind === 'community' ? '社区' : '街道',
    name: area.name,
    now,
    tz,
    monthLabel: range.label,
    sections,
    ranking,
    escalated: shown.map((t, i) => ({ ...t, withCommunity: kept[i]?.withCommunity ?? false })),
    escalatedTotal: watched.length,
  };
}

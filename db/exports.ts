/**
 * What `/导出` reads (SPEC "The desk", issue 18): the tickets of a month with their events, the
 * ledger of a year, the units of a formal vote. Plain rows for core/export/sheets.ts.
 */
import { and, asc, eq, gte, inArray, isNotNull, lt, or } from 'drizzle-orm';
import type { ExportEvent, LedgerExportLine, TicketExportRow, VoteUnitRow } from '../core/export/sheets.js';
import { compareZhNumeric } from '../core/text.js';
import { fundBalances, ledgerLinesBetween } from './affairs.js';
import type { DbOrTx } from './client.js';
import {
  type Area,
  areaRoleGrants,
  areas,
  type Compound,
  compounds,
  people,
  type Role,
  roleGrants,
  ticketEvents,
  tickets,
  unitClaims,
  units,
} from './schema.js';
import type { LedgerFund } from './schema-affairs.js';
import { ballots } from './schema-votes.js';
import { ballotChoices } from './votes.js';

/** Names of these contacts as stored (`system` and unknown ids left out). */
async function namesOf(db: DbOrTx, ids: Iterable<string>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids)].filter((id) => id !== 'system');
  const names = new Map<string, string>();
  // A month has a few dozen actors; chunks keep even a city's month under any parameter limit.
  for (let i = 0; i < wanted.length; i += 500) {
    const chunk = wanted.slice(i, i + 500);
    for (const p of await db
      .select({ id: people.id, name: people.name })
      .from(people)
      .where(inArray(people.id, chunk))
      .all())
      names.set(p.id, p.name);
  }
  return names;
}

/**
 * The tickets filed in `[from, to)` in these compounds, in the order the compounds are given and by
 * number within each, each with its events in order.
 */
export async function ticketsForExport(
  db: DbOrTx,
  compoundList: readonly Pick<Compound, 'id' | 'name'>[],
  from: number,
  to: number,
): Promise<TicketExportRow[]> {
  const ids = compoundList.map((c) => c.id);
  const inMonth = and(inArray(tickets.compoundId, ids), gte(tickets.filedAt, from), lt(tickets.filedAt, to));
  const found = await db.select().from(tickets).where(inMonth).orderBy(asc(tickets.no)).all();
  if (found.length === 0) return [];
  const place = new Map(ids.map((id, i) => [id, i]));
  const rows = found.sort(
    (a, b) => (place.get(a.compoundId) ?? 0) - (place.get(b.compoundId) ?? 0) || a.no - b.no,
  );
  const events = await db
    .select({
      ticketId: ticketEvents.ticketId,
      kind: ticketEvents.kind,
      actorId: ticketEvents.actorId,
      at: ticketEvents.at,
      note: ticketEvents.note,
    })
    .from(ticketEvents)
    .innerJoin(tickets, eq(tickets.id, ticketEvents.ticketId))
    .where(inMonth)
    .orderBy(asc(ticketEvents.at), asc(ticketEvents.id))
    .all();
  const names = await namesOf(db, [
    ...rows.flatMap((t) => (t.assigneeId === null ? [] : [t.assigneeId])),
    ...events.map((e) => e.actorId),
  ]);
  const byTicket = new Map<number, ExportEvent[]>();
  for (const e of events) {
    const list = byTicket.get(e.ticketId) ?? [];
    list.push({
      kind: e.kind,
      at: e.at,
      actorName: e.actorId === 'system' ? null : (names.get(e.actorId) ?? ''),
      note: e.note,
    });
    byTicket.set(e.ticketId, list);
  }
  const compoundNames = new Map(compoundList.map((c) => [c.id, c.name]));
  return rows.map((ticket) => ({
    ticket,
    compoundName: compoundNames.get(ticket.compoundId) ?? '',
    assigneeName: ticket.assigneeId === null ? null : (names.get(ticket.assigneeId) ?? ''),
    events: byTicket.get(ticket.id) ?? [],
  }));
}

/**
 * The ledger lines of `[from, to)` with who wrote them, and each account's balance before `from`
 * (where the year's running balance starts).
 */
export async function ledgerForExport(
  db: DbOrTx,
  compoundId: number,
  from: number,
  to: number,
): Promise<{ lines: LedgerExportLine[]; opening: Record<LedgerFund, number> }> {
  const opening: Record<LedgerFund, number> = { public: 0, maintenance: 0 };
  for (const b of await fundBalances(db, compoundId, from)) opening[b.fund] = b.balanceFen;
  const lines = await ledgerLinesBetween(db, compoundId, from, to);
  const names = await namesOf(
    db,
    lines.map((l) => l.authorId),
  );
  return {
    opening,
    lines: lines.map((l) => ({
      at: l.at,
      fund: l.fund,
      direction: l.direction,
      amountFen: l.amountFen,
      reason: l.reason,
      authorName: names.get(l.authorId) ?? null,
    })),
  };
}

/**
 * The units of a formal vote: every unit with a verified owner now, and every unit whose ballot
 * was cast (its owner may have moved since), each with its ballot if any; ordered by address.
 */
export async function formalVoteUnits(
  db: DbOrTx,
  compoundId: number,
  pollId: number,
): Promise<VoteUnitRow[]> {
  const rows = await db
    .selectDistinct({
      id: units.id,
      building: units.building,
      entrance: units.entrance,
      room: units.room,
      areaCenti: units.areaCenti,
    })
    .from(units)
    .leftJoin(unitClaims, and(eq(unitClaims.unitId, units.id), eq(unitClaims.status, 'verified')))
    .leftJoin(ballots, and(eq(ballots.unitId, units.id), eq(ballots.pollId, pollId)))
    .where(and(eq(units.compoundId, compoundId), or(isNotNull(unitClaims.id), isNotNull(ballots.unitId))))
    .all();
  const cast = new Map(
    (
      await db
        .select()
        .from(ballots)
        .where(and(eq(ballots.pollId, pollId), isNotNull(ballots.unitId)))
        .all()
    ).map((b) => [b.unitId, b]),
  );
  return rows
    .map((u) => {
      const b = cast.get(u.id);
      return {
        building: u.building,
        entrance: u.entrance,
        room: u.room,
        areaCenti: u.areaCenti,
        choice: b === undefined ? null : (ballotChoices(b)[0] ?? 3),
        castAt: b?.castAt ?? null,
      };
    })
    .sort(
      (a, b) =>
        compareZhNumeric(a.building, b.building) ||
        compareZhNumeric(a.entrance, b.entrance) ||
        compareZhNumeric(a.room, b.room),
    );
}

/**
 * Where a person may export from a private chat: the compounds where they hold one of
 * `compoundRoles` (granted in the compound), and the communities and streets where they hold one
 * of `areaRoles` (granted in its group), each by name.
 */
export async function exportPlaces(
  db: DbOrTx,
  personId: string,
  compoundRoles: readonly Role[],
  areaRoles: readonly Role[],
): Promise<{ compounds: Compound[]; areas: Area[] }> {
  const ownCompounds = await db
    .selectDistinct({ compound: compounds })
    .from(roleGrants)
    .innerJoin(compounds, eq(compounds.id, roleGrants.compoundId))
    .where(and(eq(roleGrants.personId, personId), inArray(roleGrants.role, [...compoundRoles])))
    .orderBy(asc(compounds.name))
    .all();
  const ownAreas = await db
    .selectDistinct({ area: areas })
    .from(areaRoleGrants)
    .innerJoin(areas, eq(areas.id, areaRoleGrants.areaId))
    .where(and(eq(areaRoleGrants.personId, personId), inArray(areaRoleGrants.role, [...areaRoles])))
    .orderBy(asc(areas.name))
    .all();
  return { compounds: ownCompounds.map((r) => r.compound), areas: ownAreas.map((r) => r.area) };
}

/** Queries of the three affairs (SPEC "Three-affairs notices"); tables in schema-affairs.ts. */
import { and, asc, count, desc, eq, gte, inArray, isNull, lt, lte, ne, or, sql } from 'drizzle-orm';
import type { DbOrTx } from './client.js';
import { perStatement } from './compounds.js';
import { jsonRows } from './dialect.js';
import { type ScheduleState, scheduleStateColumns } from './schedule-state.js';
import { compounds } from './schema.js';
import {
  type AffairItem,
  type AffairKind,
  type AffairNotice,
  type AffairSchedule,
  affairItems,
  affairNotices,
  affairSchedules,
  type LedgerDirection,
  type LedgerFund,
  type LedgerLine,
  ledgerFunds,
  ledgerLines,
  type NoticeKind,
  noticeKinds,
} from './schema-affairs.js';

export async function addAffairItem(
  db: DbOrTx,
  item: { compoundId: number; kind: AffairKind; text: string; authorId: string },
  now: number,
): Promise<AffairItem> {
  return await db
    .insert(affairItems)
    .values({ ...item, at: now })
    .returning()
    .get();
}

/** Items no monthly notice has published yet, written before `before`, oldest first. */
export async function unpublishedItems(
  db: DbOrTx,
  compoundId: number,
  before: number,
): Promise<AffairItem[]> {
  return db
    .select()
    .from(affairItems)
    .where(
      and(eq(affairItems.compoundId, compoundId), isNull(affairItems.noticeId), lt(affairItems.at, before)),
    )
    .orderBy(asc(affairItems.at), asc(affairItems.id))
    .all();
}

/** How many items wait for the next monthly notice. */
export async function unpublishedCount(db: DbOrTx, compoundId: number): Promise<number> {
  const row = await db
    .select({ n: sql<number>`count(*)` })
    .from(affairItems)
    .where(and(eq(affairItems.compoundId, compoundId), isNull(affairItems.noticeId)))
    .get();
  return row?.n ?? 0;
}

/** Items written in `[from, to)`, oldest first (the weekly digest). */
export async function itemsBetween(
  db: DbOrTx,
  compoundId: number,
  from: number,
  to: number,
): Promise<AffairItem[]> {
  return await db
    .select()
    .from(affairItems)
    .where(and(eq(affairItems.compoundId, compoundId), gte(affairItems.at, from), lt(affairItems.at, to)))
    .orderBy(asc(affairItems.at), asc(affairItems.id))
    .all();
}

/** Records which monthly notice published the items. */
export async function markItemsPublished(
  db: DbOrTx,
  itemIds: readonly number[],
  noticeId: number,
): Promise<void> {
  if (itemIds.length === 0) return;
  await db
    .update(affairItems)
    .set({ noticeId })
    .where(inArray(affairItems.id, [...itemIds]))
    .run();
}

export async function addLedgerLine(
  db: DbOrTx,
  line: {
    compoundId: number;
    direction: LedgerDirection;
    amountFen: number;
    fund: LedgerFund;
    reason: string;
    authorId: string;
  },
  now: number,
): Promise<LedgerLine> {
  return await db
    .insert(ledgerLines)
    .values({ ...line, at: now })
    .returning()
    .get();
}

/** Ledger lines written in `[from, to)`, oldest first. */
export async function ledgerLinesBetween(
  db: DbOrTx,
  compoundId: number,
  from: number,
  to: number,
): Promise<LedgerLine[]> {
  return await db
    .select()
    .from(ledgerLines)
    .where(and(eq(ledgerLines.compoundId, compoundId), gte(ledgerLines.at, from), lt(ledgerLines.at, to)))
    .orderBy(asc(ledgerLines.at), asc(ledgerLines.id))
    .all();
}

export interface FundBalance {
  fund: LedgerFund;
  /** Income minus expenditure of every line before the cut-off, in fen. */
  balanceFen: number;
  /** How many lines the fund has before the cut-off (a fund never used is left out of notices). */
  lines: number;
}

/** The running balance of each fund over all lines written before `before`. */
export async function fundBalances(db: DbOrTx, compoundId: number, before: number): Promise<FundBalance[]> {
  const rows = await db
    .select({
      fund: ledgerLines.fund,
      balance: sql<number>`coalesce(sum(case when ${ledgerLines.direction} = 'income' then ${ledgerLines.amountFen} else -${ledgerLines.amountFen} end), 0)`,
      lines: sql<number>`count(*)`,
    })
    .from(ledgerLines)
    .where(and(eq(ledgerLines.compoundId, compoundId), lt(ledgerLines.at, before)))
    .groupBy(ledgerLines.fund)
    .all();
  return ledgerFunds.map((fund) => {
    const row = rows.find((r) => r.fund === fund);
    return { fund, balanceFen: Number(row?.balance ?? 0), lines: Number(row?.lines ?? 0) };
  });
}

/**
 * Stores a notice; null when one for the same compound, kind and period end exists already
 * (the schedule ran twice), so the caller queues nothing.
 */
export async function insertNotice(
  db: DbOrTx,
  notice: Omit<AffairNotice, 'id'>,
): Promise<AffairNotice | null> {
  return (await db.insert(affairNotices).values(notice).onConflictDoNothing().returning().get()) ?? null;
}

/** The latest notice of a compound (of one kind, or of either), newest first. */
export async function latestNotice(
  db: DbOrTx,
  compoundId: number,
  kind?: NoticeKind,
): Promise<AffairNotice | null> {
  const where = kind
    ? and(eq(affairNotices.compoundId, compoundId), eq(affairNotices.kind, kind))
    : eq(affairNotices.compoundId, compoundId);
  return (
    (await db
      .select()
      .from(affairNotices)
      .where(where)
      .orderBy(desc(affairNotices.periodTo), desc(affairNotices.id))
      .limit(1)
      .get()) ?? null
  );
}

/**
 * The compounds the notices' tick must look at `now`, ids ascending: a notice kind with no stored
 * state (a new compound), a state due, or a state whose expression is not `defaults` (a compound
 * with its own expression in `/设置`, or one set back to the default since). The others, nearly
 * all compounds nearly every second, need nothing and are not read: the tick runs every second,
 * and reading every compound's rows each time kept an idle bot allocating about 1 MB a second
 * with 200 compounds, so V8 never found it idle enough to give its heap back.
 */
export async function compoundsWithNoticeWork(
  db: DbOrTx,
  now: number,
  defaults: Readonly<Record<NoticeKind, string>>,
): Promise<number[]> {
  const states = await db
    .selectDistinct({ id: affairSchedules.compoundId })
    .from(affairSchedules)
    .where(
      or(
        lte(affairSchedules.nextRunAt, now),
        ...noticeKinds.map((k) => and(eq(affairSchedules.kind, k), ne(affairSchedules.cron, defaults[k]))),
      ),
    )
    .all();
  // Every compound has a state per kind when the counts say so (a state is of one compound and
  // kind, at most once): two counts, instead of looking for each compound's states in turn.
  const counts = await db
    .select({
      compounds: count(),
      states: sql<number>`(select count(*) from ${affairSchedules})`.mapWith(Number),
    })
    .from(compounds)
    .get();
  const missing =
    counts !== undefined && counts.states === counts.compounds * noticeKinds.length
      ? []
      : await db
          .select({ id: compounds.id })
          .from(compounds)
          .where(
            sql`(select count(*) from ${affairSchedules} where ${affairSchedules.compoundId} = ${compounds.id}) < ${noticeKinds.length}`,
          )
          .all();
  return [...new Set([...states, ...missing].map((r) => r.id))].sort((a, b) => a - b);
}

/** The stored notice schedules of these compounds. */
export async function noticeSchedulesOf(
  db: DbOrTx,
  compoundIds: readonly number[],
): Promise<AffairSchedule[]> {
  const out: AffairSchedule[] = [];
  for (const ids of perStatement(compoundIds))
    out.push(
      ...(await db.select().from(affairSchedules).where(inArray(affairSchedules.compoundId, ids)).all()),
    );
  return out;
}

export async function noticeSchedule(
  db: DbOrTx,
  compoundId: number,
  kind: NoticeKind,
): Promise<AffairSchedule | null> {
  return (
    (await db
      .select()
      .from(affairSchedules)
      .where(and(eq(affairSchedules.compoundId, compoundId), eq(affairSchedules.kind, kind)))
      .get()) ?? null
  );
}

/** A compound's schedule of one notice kind, as the notices' tick stores it. */
type NoticeScheduleState = ScheduleState & { compoundId: number; kind: NoticeKind };

/** The first schedule of a compound's notice kind: it never ran. */
export type FirstNoticeSchedule = Omit<NoticeScheduleState, 'lastRunAt'>;

/**
 * Stores the first schedules of compounds that had none (new compounds, or a database copied
 * in), in one statement with the rows as one JSON parameter (db/dialect.ts jsonRows): a street's
 * 400 new schedules were 400 upserts, and about 10 MB of drizzle's garbage on the first tick after
 * start.
 * A schedule another process stored meanwhile is overwritten with the same values, as
 * {@link putNoticeSchedule} would.
 */
export async function putFirstNoticeSchedules(
  db: DbOrTx,
  states: readonly FirstNoticeSchedule[],
  now: number,
): Promise<void> {
  if (states.length === 0) return;
  const rows = jsonRows(
    db,
    { compound_id: 'bigint', kind: 'text', cron: 'text', next_run_at: 'bigint' },
    states.map((s) => [s.compoundId, s.kind, s.cron, s.nextRunAt]),
  );
  await db.run(sql`
    insert into ${affairSchedules} (compound_id, kind, cron, next_run_at, last_run_at, updated_at)
    select compound_id, kind, cron, next_run_at, null, cast(${now} as bigint) from ${rows} where true
    on conflict (compound_id, kind) do update
    set cron = excluded.cron, next_run_at = excluded.next_run_at, updated_at = excluded.updated_at`);
}

/** Stores when a compound's next notice of a kind is due and the expression it came from. */
export async function putNoticeSchedule(db: DbOrTx, state: NoticeScheduleState, now: number): Promise<void> {
  const set = scheduleStateColumns(state, now);
  await db
    .insert(affairSchedules)
    .values({ compoundId: state.compoundId, kind: state.kind, lastRunAt: state.lastRunAt ?? null, ...set })
    .onConflictDoUpdate({ target: [affairSchedules.compoundId, affairSchedules.kind], set })
    .run();
}

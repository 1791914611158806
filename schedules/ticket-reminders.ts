/**
 * Deadline pings of open tickets (SPEC "Reminders"; the clock rules are in the TSDoc of the
 * `tickets` table). Every few seconds the schedule looks at the open tickets, works out which
 * reminder points fell due since the last look, and queues them:
 * - to the assignee (else all managers), @mentioned in the staff group (else the owners group),
 *   at each reminder point of the response window while nobody responded, and at its breach;
 * - the same for the solve window while not resolved; at its breach also a line to the committee;
 * - an unassigned ticket: all managers once the response window is over (nobody to ping before);
 * - at twice the solve window the ticket escalates (吹哨) by itself, once.
 * Paused tickets do not ping. In quiet hours general and complex pings are held and go out at
 * their end as one digest per compound; major tickets ignore quiet hours.
 *
 * Each point dealt with is a row in `ticket_reminders`, written in the same transaction as its
 * outbox row, so a restart never repeats one; after downtime only the latest point of each
 * window still open is sent (50%, 80% and the breach at once would be noise) and the earlier
 * ones are marked skipped.
 */

import { and, eq, gte, inArray, isNull, sql } from 'drizzle-orm';
import { displayName } from '../core/display.js';
import {
  type CompoundSettings,
  compoundSettings,
  formatMinuteOfDay,
  inQuietHours,
} from '../core/settings/catalog.js';
import { escalateTicket } from '../core/tickets/escalate.js';
import { effectiveSolveDueAt, responseWindowOf, solveWindowOf } from '../core/tickets/sla.js';
import { formatLeft, formatOver, solveWord, ticketLine } from '../core/tickets/wording.js';
import { formatClock, formatDuration, toZoned } from '../core/time/index.js';
import type { DbOrTx, Tx } from '../db/client.js';
import { committeeRoom, staffRoom } from '../db/compounds.js';
import { enqueue } from '../db/outbox.js';
import { holdersOf, storedName } from '../db/people.js';
import { type Ticket, ticketEvents, tickets } from '../db/schema.js';
import { type ReminderOutcome, ticketReminders } from '../db/schema-schedules.js';
import type { ScheduleDefinition } from './runner.js';

const DAY = 86_400_000;

/**
 * Open tickets whose solve deadline passed longer ago than this have nothing left to ping: the
 * last point of a ticket (the escalation at twice the window) is at most one window after its
 * deadline, and `/设置` allows no window over 30 days. Bounding the scan by it keeps the query on
 * the `tickets_open_idx` range, so its cost follows the tickets in play, not all ever filed (or
 * left unconfirmed). A ticket older than that is the daily digest's business.
 */
export const REMINDER_HORIZON_MS = 31 * DAY;

export type ReminderSequence = 'response' | 'solve' | 'escalate';

/** One reminder point of a ticket. */
export interface ReminderPoint {
  seq: ReminderSequence;
  /** Percent of the window: a reminder point, 100 for the breach, 200 for the escalation. */
  percent: number;
  /** When it falls due. */
  at: number;
  /** The deadline it counts towards. */
  deadline: number;
  /** `<seq>:<percent>:<window ms>`, the marker key (see `ticket_reminders`). */
  key: string;
}

export type ReminderTicket = Pick<
  Ticket,
  | 'filedAt'
  | 'responseDueAt'
  | 'solveDueAt'
  | 'respondedAt'
  | 'resolvedAt'
  | 'closedAt'
  | 'pausedAt'
  | 'pausedMs'
  | 'escalatedAt'
  | 'assigneeId'
>;

function cleanPercents(percents: readonly number[]): number[] {
  return [...new Set(percents.filter((p) => Number.isInteger(p) && p >= 1 && p <= 99))].sort((a, b) => a - b);
}

/**
 * Every reminder point the ticket has in its present state, earliest first per sequence. None
 * while closed or paused (a paused ticket's deadline is moving, SPEC "Tickets"); no response
 * points once responded, no solve points once resolved, no escalation once escalated.
 */
export function reminderPointsOf(t: ReminderTicket, reminderPercents: readonly number[]): ReminderPoint[] {
  if (t.closedAt !== null || t.pausedAt !== null) return [];
  const percents = cleanPercents(reminderPercents);
  const points: ReminderPoint[] = [];
  const r = responseWindowOf(t);
  if (t.respondedAt === null && r > 0) {
    for (const p of percents) {
      points.push({
        seq: 'response',
        percent: p,
        at: t.filedAt + Math.round((r * p) / 100),
        deadline: t.responseDueAt,
        key: `response:${p}:${r}`,
      });
    }
    points.push({
      seq: 'response',
      percent: 100,
      at: t.responseDueAt,
      deadline: t.responseDueAt,
      key: `response:100:${r}`,
    });
  }
  const w = solveWindowOf(t);
  if (t.resolvedAt === null && w > 0) {
    for (const p of percents) {
      points.push({
        seq: 'solve',
        percent: p,
        at: t.solveDueAt - Math.round((w * (100 - p)) / 100),
        deadline: t.solveDueAt,
        key: `solve:${p}:${w}`,
      });
    }
    points.push({
      seq: 'solve',
      percent: 100,
      at: t.solveDueAt,
      deadline: t.solveDueAt,
      key: `solve:100:${w}`,
    });
    if (t.escalatedAt === null) {
      points.push({
        seq: 'escalate',
        percent: 200,
        at: t.solveDueAt + w,
        deadline: t.solveDueAt,
        key: `escalate:200:${w}`,
      });
    }
  }
  return points;
}

export interface ReminderPlan {
  /** At most one point per sequence: the latest that fell due and was not dealt with. */
  due: ReminderPoint[];
  /** Points passed over: caught up by a later one, or with nobody to ping. */
  skipped: ReminderPoint[];
}

/**
 * What to do for one ticket at `now`, given the marker keys already dealt with. Pure: the heart
 * of the schedule, tested with a fixed clock.
 * - Per sequence only the latest point due is sent; earlier ones still open are skipped (the
 *   catch-up after downtime), and points before one already dealt with never come back (a
 *   reminder point added later in `/设置` does not ping the past).
 * - Before the response breach an unassigned ticket has nobody to ping: those points are
 *   skipped; the breach itself goes to all managers.
 * - When the escalation is due, it supersedes a solve ping due at the same time: the escalation
 *   notice carries the news.
 */
export function planTicketReminders(
  t: ReminderTicket,
  reminderPercents: readonly number[],
  handled: ReadonlySet<string>,
  now: number,
): ReminderPlan {
  const due: ReminderPoint[] = [];
  const skipped: ReminderPoint[] = [];
  const all = reminderPointsOf(t, reminderPercents);
  for (const seq of ['response', 'solve', 'escalate'] as const) {
    const points = all.filter((p) => p.seq === seq);
    const lastHandled = Math.max(0, ...points.filter((p) => handled.has(p.key)).map((p) => p.percent));
    const fresh = points.filter((p) => p.at <= now && p.percent > lastHandled && !handled.has(p.key));
    const latest = fresh.at(-1);
    if (latest === undefined) continue;
    skipped.push(...fresh.slice(0, -1));
    if (seq === 'response' && latest.percent < 100 && t.assigneeId === null) skipped.push(latest);
    else due.push(latest);
  }
  if (due.some((p) => p.seq === 'escalate')) {
    const solve = due.findIndex((p) => p.seq === 'solve');
    if (solve >= 0) skipped.push(...due.splice(solve, 1));
  }
  return { due, skipped };
}

/** The sequence, percent and window encoded in a marker key. */
function parseKey(key: string): { seq: ReminderSequence; percent: number; window: number } | null {
  const [seq, percent, window] = key.split(':');
  if (seq !== 'response' && seq !== 'solve' && seq !== 'escalate') return null;
  return { seq, percent: Number(percent), window: Number(window) };
}

/** Whether a held point still means something when quiet hours end. */
function stillRelevant(t: Ticket, key: string): boolean {
  const k = parseKey(key);
  if (k === null || t.closedAt !== null || t.pausedAt !== null) return false;
  if (k.seq === 'response') return t.respondedAt === null && k.window === responseWindowOf(t);
  if (t.resolvedAt !== null || k.window !== solveWindowOf(t)) return false;
  return k.seq === 'solve' || t.escalatedAt === null;
}

/** A compound's settings, read once per run however many of its tickets need them. */
export function settingsPerRun(db: DbOrTx): (compoundId: number) => Promise<CompoundSettings> {
  const cache = new Map<number, CompoundSettings>();
  return async (compoundId) => {
    let s = cache.get(compoundId);
    if (s === undefined) {
      s = await compoundSettings(db, compoundId);
      cache.set(compoundId, s);
    }
    return s;
  };
}

/** Per-run lookups, each read once however many tickets need it. */
class RunScope {
  readonly settings: (compoundId: number) => Promise<CompoundSettings>;
  private readonly managersCache = new Map<number, string[]>();
  private readonly minuteOfDay: number;

  constructor(
    readonly tx: Tx,
    readonly now: number,
    readonly tz: string,
  ) {
    const local = toZoned(now, tz);
    this.minuteOfDay = local.hour * 60 + local.minute;
    this.settings = settingsPerRun(tx);
  }

  async quiet(compoundId: number): Promise<boolean> {
    return inQuietHours((await this.settings(compoundId)).quietHours, this.minuteOfDay);
  }

  async managers(compoundId: number): Promise<string[]> {
    let m = this.managersCache.get(compoundId);
    if (m === undefined) {
      m = [...new Set((await holdersOf(this.tx, compoundId, ['manager'])).map((h) => h.id))];
      this.managersCache.set(compoundId, m);
    }
    return m;
  }

  /** Who a ping about this ticket @mentions: the assignee, else every manager. */
  async recipients(t: Ticket): Promise<string[]> {
    return t.assigneeId !== null ? [t.assigneeId] : await this.managers(t.compoundId);
  }

  clock(at: number): string {
    return formatClock(at, this.tz, this.now);
  }
}

async function mark(
  tx: DbOrTx,
  t: Pick<Ticket, 'id' | 'compoundId'>,
  point: { key: string; at: number },
  outcome: ReminderOutcome,
  now: number,
): Promise<void> {
  await tx
    .insert(ticketReminders)
    .values({ ticketId: t.id, key: point.key, compoundId: t.compoundId, outcome, dueAt: point.at, at: now })
    .onConflictDoUpdate({
      target: [ticketReminders.ticketId, ticketReminders.key],
      set: { outcome, at: now },
    })
    .run();
}

async function recordReminded(tx: DbOrTx, ticketId: number, note: string, now: number): Promise<void> {
  await tx
    .insert(ticketEvents)
    .values({ ticketId, kind: 'reminded', actorId: 'system', at: now, note })
    .run();
}

/** The clause a point says about its window, e.g. "还剩 6分钟解决 (14:30 前)". */
function pointClause(s: RunScope, t: Ticket, p: ReminderPoint): string {
  const verb = p.seq === 'response' ? '响应' : solveWord(t);
  if (p.percent < 100) return `还剩 ${formatLeft(p.deadline - s.now)}${verb} (${s.clock(p.deadline)} 前)`;
  const over = s.now - p.deadline;
  const late = over >= 60_000 ? `, 已超时 ${formatOver(over)}` : '';
  const nobody = p.seq === 'response' && t.assigneeId === null ? ', 仍无人接单' : '';
  return `已超过${verb}时限 (${s.clock(p.deadline)})${late}${nobody}`;
}

/** The automatic 吹哨 at twice the window, as the system; returns the outbox rows queued. */
async function escalate(s: RunScope, t: Ticket): Promise<number> {
  const verb = solveWord(t);
  const reason = `超过 2 倍${verb}时限 (${formatDuration(2 * solveWindowOf(t))}) 仍未${verb}, 系统自动吹哨`;
  return (await escalateTicket(s.tx, t.id, { actorId: 'system', reason }, s.now, s.tz)).queued;
}

async function committeeLine(s: RunScope, t: Ticket): Promise<string> {
  const verb = solveWord(t);
  const who =
    t.assigneeId !== null ? `负责人 ${displayName(await storedName(s.tx, t.assigneeId))}` : '无人接单';
  const twice =
    t.escalatedAt === null
      ? `${s.clock(t.solveDueAt + solveWindowOf(t))} 前仍未${verb}将自动吹哨到社区。`
      : '';
  return `业委会督办: ${ticketLine(t, [`已超过${verb}时限 (${s.clock(t.solveDueAt)})`], who)}。${twice}`;
}

/** Sends (or holds) what is due for one ticket; returns outbox rows queued. */
async function remindTicket(s: RunScope, t: Ticket, plan: ReminderPlan): Promise<number> {
  const { tx, now } = s;
  for (const p of plan.skipped) await mark(tx, t, p, 'skipped', now);
  if (plan.due.length === 0) return 0;
  if (t.ticketClass !== 'major' && (await s.quiet(t.compoundId))) {
    for (const p of plan.due) await mark(tx, t, p, 'held', now);
    return 0;
  }
  let queued = 0;
  const room = await staffRoom(tx, t.compoundId);
  const pings = plan.due.filter((p) => p.seq !== 'escalate');
  if (pings.length > 0 && room !== null) {
    const mentionIds = await s.recipients(t);
    const clauses = pings.map((p) => pointClause(s, t, p));
    const hints: string[] = [];
    const unassigned = t.assigneeId === null;
    const responseDue = pings.some((p) => p.seq === 'response');
    if (unassigned) hints.push(`请物业发 /接单 #${t.no}。`);
    else if (responseDue) hints.push(`到场后请发 /到场 #${t.no}。`);
    const breach = pings.find((p) => p.seq === 'solve' && p.percent === 100);
    if (breach !== undefined && t.escalatedAt === null) {
      hints.push(`超过 2 倍时限 (${s.clock(t.solveDueAt + solveWindowOf(t))}) 将自动吹哨到社区。`);
    }
    // The response breach of an unassigned ticket says 仍无人接单 itself.
    const text = [ticketLine(t, clauses, unassigned && !responseDue ? '无人接单' : undefined), ...hints].join(
      '\n',
    );
    const dedupeKey = `remind:${t.id}:${pings.map((p) => `${p.seq}:${p.percent}:${p.deadline}`).join('+')}`;
    if (await enqueue(tx, { conversationId: room, text, mentionIds, dedupeKey }, now)) queued++;
    const names = unassigned ? '全体物业' : displayName(await storedName(tx, t.assigneeId ?? ''));
    await recordReminded(tx, t.id, `提醒${names}: ${clauses.join(', ')}`, now);
    if (breach !== undefined) {
      const committee = await committeeRoom(tx, t.compoundId);
      if (committee !== null) {
        const key = `remind:${t.id}:committee:${breach.deadline}`;
        const text = await committeeLine(s, t);
        if (await enqueue(tx, { conversationId: committee, text, dedupeKey: key }, now)) queued++;
      }
    }
  }
  for (const p of pings) await mark(tx, t, p, room !== null ? 'sent' : 'skipped', now);
  const escalation = plan.due.find((p) => p.seq === 'escalate');
  if (escalation !== undefined) {
    queued += await escalate(s, t);
    await mark(tx, t, escalation, 'sent', now);
  }
  return queued;
}

/** What the quiet-hours digest says about a ticket now. */
function currentClauses(s: RunScope, t: Ticket): string[] {
  const clauses: string[] = [];
  if (t.resolvedAt === null) {
    const verb = solveWord(t);
    const due = effectiveSolveDueAt(t, s.now);
    clauses.push(
      s.now < due
        ? `还剩 ${formatLeft(due - s.now)}${verb} (${s.clock(due)} 前)`
        : `已超过${verb}时限 ${formatOver(s.now - due)}`,
    );
  }
  if (t.respondedAt === null && s.now >= t.responseDueAt && t.assigneeId !== null) clauses.push('未响应');
  if (t.escalatedAt !== null) clauses.push('已吹哨到社区');
  return clauses;
}

/**
 * When quiet hours are over, what they held goes out as one message per compound, each ticket
 * listed once with where it stands now, plus one line to the committee for the breaches. What
 * stopped mattering meanwhile (closed, resolved, responded, paused, re-classed) is dropped.
 * A held escalation happens now.
 */
async function releaseHeld(s: RunScope): Promise<number> {
  const { tx, now } = s;
  // The literal matches the partial index's WHERE, so SQLite uses it.
  const held = await tx.select().from(ticketReminders).where(sql`${ticketReminders.outcome} = 'held'`).all();
  const byCompound = new Map<number, typeof held>();
  for (const h of held) {
    const list = byCompound.get(h.compoundId);
    if (list) list.push(h);
    else byCompound.set(h.compoundId, [h]);
  }
  let queued = 0;
  for (const [compoundId, rows] of byCompound) {
    if (await s.quiet(compoundId)) continue;
    const ids = [...new Set(rows.map((r) => r.ticketId))];
    const ticketRows = await tx
      .select()
      .from(tickets)
      .where(inArray(tickets.id, ids))
      .orderBy(tickets.no)
      .all();
    const lines: string[] = [];
    const committeeLines: string[] = [];
    const mentions = new Set<string>();
    for (const t of ticketRows) {
      const mine = rows.filter((r) => r.ticketId === t.id);
      const relevant = mine.filter((r) => stillRelevant(t, r.key));
      for (const r of mine) {
        await mark(tx, t, { key: r.key, at: r.dueAt }, relevant.includes(r) ? 'released' : 'dropped', now);
      }
      if (relevant.length === 0) continue;
      if (relevant.some((r) => r.key.startsWith('escalate:'))) queued += await escalate(s, t);
      const fresh = (await tx.select().from(tickets).where(eq(tickets.id, t.id)).get()) ?? t;
      const who =
        fresh.assigneeId !== null ? displayName(await storedName(tx, fresh.assigneeId)) : '无人接单';
      const clauses = currentClauses(s, fresh);
      lines.push(ticketLine(fresh, clauses, who));
      for (const id of await s.recipients(fresh)) mentions.add(id);
      if (relevant.some((r) => r.key.startsWith('solve:100:') || r.key.startsWith('escalate:'))) {
        committeeLines.push(ticketLine(fresh, clauses, who));
      }
      await recordReminded(tx, t.id, `免打扰结束后提醒: ${clauses.join(', ')}`, now);
    }
    if (lines.length === 0) continue;
    const quiet = (await s.settings(compoundId)).quietHours;
    const span =
      quiet === null ? '' : ` (${formatMinuteOfDay(quiet.start)}-${formatMinuteOfDay(quiet.end)}) `;
    const room = await staffRoom(tx, compoundId);
    if (room !== null) {
      const text = [`免打扰时段${span}内到点的工单提醒, 共 ${lines.length} 件:`, ...lines].join('\n');
      if (
        await enqueue(
          tx,
          {
            conversationId: room,
            text,
            mentionIds: [...mentions],
            dedupeKey: `quiet-digest:${compoundId}:${now}`,
          },
          now,
        )
      )
        queued++;
    }
    const committee = await committeeRoom(tx, compoundId);
    if (committee !== null && committeeLines.length > 0) {
      const text = [
        `业委会督办: 免打扰时段${span}内超过时限的工单, 共 ${committeeLines.length} 件:`,
        ...committeeLines,
      ].join('\n');
      if (
        await enqueue(
          tx,
          { conversationId: committee, text, dedupeKey: `quiet-digest:${compoundId}:${now}:committee` },
          now,
        )
      )
        queued++;
    }
  }
  return queued;
}

/** The marker keys already dealt with, per ticket. */
async function handledKeys(tx: DbOrTx, ticketIds: readonly number[]): Promise<Map<number, Set<string>>> {
  const out = new Map<number, Set<string>>();
  // SQLite caps bound parameters per statement; 500 stays far below every build's cap.
  for (let i = 0; i < ticketIds.length; i += 500) {
    const chunk = ticketIds.slice(i, i + 500);
    const rows = await tx
      .select({ ticketId: ticketReminders.ticketId, key: ticketReminders.key })
      .from(ticketReminders)
      .where(inArray(ticketReminders.ticketId, chunk))
      .all();
    for (const r of rows) {
      const set = out.get(r.ticketId) ?? new Set<string>();
      set.add(r.key);
      out.set(r.ticketId, set);
    }
  }
  return out;
}

/**
 * The open, running tickets that could have a point due: on the `tickets_open_idx` range (see
 * {@link REMINDER_HORIZON_MS}). Exported so a test can check the query plan.
 */
export function openTicketsQuery(tx: DbOrTx, now: number) {
  return tx
    .select()
    .from(tickets)
    .where(
      and(
        isNull(tickets.closedAt),
        gte(tickets.solveDueAt, now - REMINDER_HORIZON_MS),
        isNull(tickets.pausedAt),
      ),
    );
}

/**
 * The due-work scan: open tickets with a reminder point due at `now` (`npm run bench` times it
 * against the number of tickets ever filed).
 */
export async function dueReminderTickets(
  db: DbOrTx,
  now: number,
  settings: (compoundId: number) => Promise<CompoundSettings>,
): Promise<Ticket[]> {
  const due: Ticket[] = [];
  for (const t of await openTicketsQuery(db, now).all()) {
    const { reminderPoints } = await settings(t.compoundId);
    if (reminderPointsOf(t, reminderPoints).some((p) => p.at <= now)) due.push(t);
  }
  return due;
}

/** Queues every reminder due at `now`; resolves with the outbox rows queued. */
export async function runTicketReminders(tx: Tx, now: number, tz: string): Promise<number> {
  const s = new RunScope(tx, now, tz);
  let queued = await releaseHeld(s);
  const candidates = await dueReminderTickets(tx, now, s.settings);
  const handled = await handledKeys(
    tx,
    candidates.map((t) => t.id),
  );
  for (const t of candidates) {
    const plan = planTicketReminders(
      t,
      (await s.settings(t.compoundId)).reminderPoints,
      handled.get(t.id) ?? new Set(),
      now,
    );
    queued += await remindTicket(s, t, plan);
  }
  return queued;
}

/** Deadline pings, every 5 seconds (the query is indexed, so a tick with nothing due is cheap). */
export const ticketReminderSchedule: ScheduleDefinition = {
  name: 'ticket-reminders',
  every: '*/5 * * * * *',
  run: (tx, now, { tz }) => runTicketReminders(tx, now, tz),
};

/**
 * Deadline pings of open tickets (SPEC "Reminders"). Every few seconds the schedule looks at the
 * open tickets, works out which reminder points fell due since the last look, and queues them:
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
 *
 * Which points are due is decided in core/tickets/reminder-plan.ts, what they say in
 * core/tickets/reminder-wording.ts, and the rows are read and written in db/ticket-reminders.ts;
 * this file puts the three together for one tick.
 */

import { eq, inArray } from 'drizzle-orm';
import { displayName } from '../core/display.js';
import { type CompoundSettings, compoundSettings, inQuietHours } from '../core/settings/catalog.js';
import { escalateTicket } from '../core/tickets/escalate.js';
import {
  planTicketReminders,
  type ReminderPlan,
  reminderPointsOf,
  stillRelevant,
} from '../core/tickets/reminder-plan.js';
import {
  autoEscalationReason,
  committeeBreachText,
  currentClauses,
  pingText,
  quietCommitteeText,
  quietDigestText,
  quietNote,
  type ReminderClock,
  remindedNote,
} from '../core/tickets/reminder-wording.js';
import { ticketLine } from '../core/tickets/wording.js';
import { toZoned } from '../core/time/index.js';
import type { DbOrTx, Tx } from '../db/client.js';
import { committeeRoom, staffRoom } from '../db/compounds.js';
import { enqueue } from '../db/outbox.js';
import { holdersOf, storedName } from '../db/people.js';
import { type Ticket, tickets } from '../db/schema.js';
import {
  handledKeys,
  heldReminders,
  markReminder,
  openTicketsQuery,
  recordReminded,
} from '../db/ticket-reminders.js';
import type { ScheduleDefinition } from './runner.js';

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
  readonly clock: ReminderClock;
  private readonly managersCache = new Map<number, string[]>();
  private readonly minuteOfDay: number;

  constructor(
    readonly tx: Tx,
    readonly now: number,
    tz: string,
  ) {
    const local = toZoned(now, tz);
    this.minuteOfDay = local.hour * 60 + local.minute;
    this.settings = settingsPerRun(tx);
    this.clock = { now, tz };
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

  /** The assignee's name as replies show it, or null when nobody took the ticket. */
  async assigneeName(t: Ticket): Promise<string | null> {
    return t.assigneeId === null ? null : displayName(await storedName(this.tx, t.assigneeId));
  }
}

/** The automatic 吹哨 at twice the window, as the system; returns the outbox rows queued. */
async function escalate(s: RunScope, t: Ticket): Promise<number> {
  const reason = autoEscalationReason(t);
  return (await escalateTicket(s.tx, t.id, { actorId: 'system', reason }, s.now, s.clock.tz)).queued;
}

/** Sends (or holds) what is due for one ticket; returns outbox rows queued. */
async function remindTicket(s: RunScope, t: Ticket, plan: ReminderPlan): Promise<number> {
  const { tx, now } = s;
  for (const p of plan.skipped) await markReminder(tx, t, p, 'skipped', now);
  if (plan.due.length === 0) return 0;
  if (t.ticketClass !== 'major' && (await s.quiet(t.compoundId))) {
    for (const p of plan.due) await markReminder(tx, t, p, 'held', now);
    return 0;
  }
  let queued = 0;
  const room = await staffRoom(tx, t.compoundId);
  const pings = plan.due.filter((p) => p.seq !== 'escalate');
  if (pings.length > 0 && room !== null) {
    const mentionIds = await s.recipients(t);
    const { text, clauses } = pingText(s.clock, t, pings);
    const dedupeKey = `remind:${t.id}:${pings.map((p) => `${p.seq}:${p.percent}:${p.deadline}`).join('+')}`;
    if (await enqueue(tx, { conversationId: room, text, mentionIds, dedupeKey }, now)) queued++;
    const who = await s.assigneeName(t);
    await recordReminded(tx, t.id, remindedNote(who, clauses), now);
    const breach = pings.find((p) => p.seq === 'solve' && p.percent === 100);
    if (breach !== undefined) {
      const committee = await committeeRoom(tx, t.compoundId);
      if (committee !== null) {
        const key = `remind:${t.id}:committee:${breach.deadline}`;
        const text = committeeBreachText(s.clock, t, who);
        if (await enqueue(tx, { conversationId: committee, text, dedupeKey: key }, now)) queued++;
      }
    }
  }
  for (const p of pings) await markReminder(tx, t, p, room !== null ? 'sent' : 'skipped', now);
  const escalation = plan.due.find((p) => p.seq === 'escalate');
  if (escalation !== undefined) {
    queued += await escalate(s, t);
    await markReminder(tx, t, escalation, 'sent', now);
  }
  return queued;
}

/**
 * When quiet hours are over, what they held goes out as one message per compound, each ticket
 * listed once with where it stands now, plus one line to the committee for the breaches. What
 * stopped mattering meanwhile (closed, resolved, responded, paused, re-classed) is dropped.
 * A held escalation happens now.
 */
async function releaseHeld(s: RunScope): Promise<number> {
  const { tx, now } = s;
  const held = await heldReminders(tx);
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
        const outcome = relevant.includes(r) ? 'released' : 'dropped';
        await markReminder(tx, t, { key: r.key, at: r.dueAt }, outcome, now);
      }
      if (relevant.length === 0) continue;
      if (relevant.some((r) => r.key.startsWith('escalate:'))) queued += await escalate(s, t);
      const fresh = (await tx.select().from(tickets).where(eq(tickets.id, t.id)).get()) ?? t;
      const who = (await s.assigneeName(fresh)) ?? '无人接单';
      const clauses = currentClauses(s.clock, fresh);
      lines.push(ticketLine(fresh, clauses, who));
      for (const id of await s.recipients(fresh)) mentions.add(id);
      if (relevant.some((r) => r.key.startsWith('solve:100:') || r.key.startsWith('escalate:'))) {
        committeeLines.push(ticketLine(fresh, clauses, who));
      }
      await recordReminded(tx, t.id, quietNote(clauses), now);
    }
    if (lines.length === 0) continue;
    const quiet = (await s.settings(compoundId)).quietHours;
    const room = await staffRoom(tx, compoundId);
    if (room !== null) {
      const row = {
        conversationId: room,
        text: quietDigestText(quiet, lines),
        mentionIds: [...mentions],
        dedupeKey: `quiet-digest:${compoundId}:${now}`,
      };
      if (await enqueue(tx, row, now)) queued++;
    }
    const committee = await committeeRoom(tx, compoundId);
    if (committee !== null && committeeLines.length > 0) {
      const row = {
        conversationId: committee,
        text: quietCommitteeText(quiet, committeeLines),
        dedupeKey: `quiet-digest:${compoundId}:${now}:committee`,
      };
      if (await enqueue(tx, row, now)) queued++;
    }
  }
  return queued;
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

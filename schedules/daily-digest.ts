/**
 * The morning list of each compound (SPEC "Reminders"): at 08:30 in HGJ_TZ, what is overdue
 * and what falls due today, to the staff group with every manager @mentioned and to the
 * committee group for supervision.
 *
 * node-cron only ticks; the next run of each compound is a row of `schedule_runs`, so a digest
 * missed while the bot was down goes out once when it is back, on the same day only: by the
 * next morning yesterday's "due today" is wrong and a fresh digest is hours away. A digest due
 * inside the compound's quiet hours waits for their end (again only on the same day). Nothing is
 * sent to a compound with nothing overdue and nothing due today.
 */

import { isNull } from 'drizzle-orm';
import { displayName, oneLine } from '../core/display.js';
import { type CompoundSettings, compoundSettings, inQuietHours } from '../core/settings/catalog.js';
import { effectiveSolveDueAt, responseOutcome, solveOutcome } from '../core/tickets/sla.js';
import { formatOver, solveWord, ticketLine } from '../core/tickets/wording.js';
import { formatClock, formatDate, fromZoned, startOfZonedDay, toZoned } from '../core/time/index.js';
import type { DbOrTx, Tx } from '../db/client.js';
import { committeeRoom, staffRoom } from '../db/compounds.js';
import { enqueue } from '../db/outbox.js';
import { holdersOf, storedName } from '../db/people.js';
import { addFirstScheduleRuns, scheduleRunsOf, setScheduleRun } from '../db/schedule-runs.js';
import { type Compound, compounds, type Ticket, tickets } from '../db/schema.js';
import type { ScheduleDefinition } from './runner.js';

export const DAILY_DIGEST = 'daily-digest';

/** 08:30 local: after the morning shift change, before owners start filing. */
export const DIGEST_TIME = { hour: 8, minute: 30 } as const;

/** More lines than this per section become "另有 N 件" (a digest is read on a phone). */
const MAX_LINES = 30;

function digestOn(day: { year: number; month: number; day: number }, tz: string): number {
  return fromZoned({ ...day, hour: DIGEST_TIME.hour, minute: DIGEST_TIME.minute }, tz);
}

/** The first 08:30 in `tz` after `t` (or at `t`, when `inclusive`). */
export function nextDigestAt(t: number, tz: string, inclusive = false): number {
  const p = toZoned(t, tz);
  const today = digestOn(p, tz);
  if (inclusive ? today >= t : today > t) return today;
  return digestOn({ year: p.year, month: p.month, day: p.day + 1 }, tz);
}

/** The last 08:30 in `tz` at or before `t`. */
export function lastDigestAt(t: number, tz: string): number {
  const p = toZoned(t, tz);
  const today = digestOn(p, tz);
  return today <= t ? today : digestOn({ year: p.year, month: p.month, day: p.day - 1 }, tz);
}

export type DigestDecision = 'wait' | 'send' | 'stale' | 'hold';

/**
 * What to do at `now` with a compound whose digest is next due at `nextRunAt`: `wait` (not due),
 * `send`, `stale` (the one missed was yesterday's: skip it) or `hold` (due today, but inside
 * quiet hours).
 */
export function digestDecision(nextRunAt: number, now: number, tz: string, quiet: boolean): DigestDecision {
  if (now < nextRunAt) return 'wait';
  if (lastDigestAt(now, tz) < startOfZonedDay(now, tz)) return 'stale';
  return quiet ? 'hold' : 'send';
}

export interface DigestLists {
  overdue: Ticket[];
  dueToday: Ticket[];
}

/**
 * Overdue: not resolved and past the solve deadline (pauses counted), or nobody responded
 * within the response window. Due today: not resolved, running, and the solve deadline falls
 * before the end of the local day. Both ordered by deadline, the most urgent first.
 */
export function digestLists(open: readonly Ticket[], now: number, tz: string): DigestLists {
  const p = toZoned(now, tz);
  const endOfDay = fromZoned({ year: p.year, month: p.month, day: p.day + 1 }, tz);
  const overdue: Ticket[] = [];
  const dueToday: Ticket[] = [];
  for (const t of open) {
    if (t.closedAt !== null || t.resolvedAt !== null) continue;
    // The same rule as the on-time figures of /统计 and the notices (core/deadline.ts).
    const late =
      solveOutcome(t, now) === 'missed' || (t.respondedAt === null && responseOutcome(t, now) === 'missed');
    if (late) overdue.push(t);
    else if (t.pausedAt === null && effectiveSolveDueAt(t, now) < endOfDay) dueToday.push(t);
  }
  const byDue = (a: Ticket, b: Ticket) =>
    effectiveSolveDueAt(a, now) - effectiveSolveDueAt(b, now) || a.no - b.no;
  return { overdue: overdue.sort(byDue), dueToday: dueToday.sort(byDue) };
}

async function who(db: DbOrTx, t: Ticket): Promise<string> {
  return t.assigneeId !== null ? displayName(await storedName(db, t.assigneeId)) : '无人接单';
}

async function overdueLine(db: DbOrTx, t: Ticket, now: number): Promise<string> {
  const clauses: string[] = [];
  const due = effectiveSolveDueAt(t, now);
  const verb = solveWord(t);
  if (due <= now) clauses.push(`已超过${verb}时限 ${formatOver(now - due)}`);
  else clauses.push(`已超过响应时限 ${formatOver(now - t.responseDueAt)}`);
  if (due <= now && t.respondedAt === null && t.assigneeId !== null) clauses.push('未响应');
  if (t.pausedAt !== null) clauses.push(`暂停中${t.pauseReason ? ` (${oneLine(t.pauseReason, 20)})` : ''}`);
  if (t.escalatedAt !== null) clauses.push('已吹哨到社区');
  return ticketLine(t, clauses, await who(db, t));
}

async function dueTodayLine(db: DbOrTx, t: Ticket, now: number, tz: string): Promise<string> {
  const due = effectiveSolveDueAt(t, now);
  return ticketLine(t, [`${formatClock(due, tz, now)} 前${solveWord(t)}`], await who(db, t));
}

function section(title: string, lines: string[]): string[] {
  if (lines.length === 0) return [];
  const shown = lines.slice(0, MAX_LINES);
  const more = lines.length - shown.length;
  return [
    `${title} ${lines.length} 件:`,
    ...shown,
    ...(more > 0 ? [`…另有 ${more} 件, 发 /进度 #编号 查看`] : []),
  ];
}

const weekdays = ['日', '一', '二', '三', '四', '五', '六'];

/** Queues the digest of one compound; returns the outbox rows queued (0 when nothing to say). */
async function sendDigest(
  tx: Tx,
  compound: Compound,
  open: readonly Ticket[],
  now: number,
  tz: string,
): Promise<number> {
  const { overdue, dueToday } = digestLists(open, now, tz);
  if (overdue.length === 0 && dueToday.length === 0) return 0;
  const p = toZoned(now, tz);
  const date = `${p.month}月${p.day}日 周${weekdays[p.weekday]}`;
  // One statement at a time: a transaction's statements never run side by side.
  const overdueLines: string[] = [];
  for (const t of overdue) overdueLines.push(await overdueLine(tx, t, now));
  const dueTodayLines: string[] = [];
  for (const t of dueToday) dueTodayLines.push(await dueTodayLine(tx, t, now, tz));
  const body = [...section('已超时', overdueLines), ...section('今天到期', dueTodayLines)];
  const day = formatDate(now, tz);
  const staff = await staffRoom(tx, compound.id);
  const committee = await committeeRoom(tx, compound.id);
  let queued = 0;
  if (staff !== null) {
    const managers = [...new Set((await holdersOf(tx, compound.id, ['manager'])).map((h) => h.id))];
    const text = [`「${compound.name}」每日工单 (${date}):`, ...body].join('\n');
    if (
      await enqueue(
        tx,
        { conversationId: staff, text, mentionIds: managers, dedupeKey: `digest:${compound.id}:${day}` },
        now,
      )
    )
      queued++;
  }
  if (committee !== null && committee !== staff) {
    const text = [`业委会督办: 「${compound.name}」每日工单 (${date}):`, ...body].join('\n');
    if (
      await enqueue(
        tx,
        { conversationId: committee, text, dedupeKey: `digest:${compound.id}:${day}:committee` },
        now,
      )
    )
      queued++;
  }
  return queued;
}

/**
 * All open tickets, by compound, read once per run that sends: `closed_at is null` alone walks
 * the partial index of open tickets, where a per-compound filter would make SQLite walk every
 * ticket the compound ever filed.
 */
async function openTicketsByCompound(tx: Tx): Promise<Map<number, Ticket[]>> {
  const out = new Map<number, Ticket[]>();
  for (const t of await tx.select().from(tickets).where(isNull(tickets.closedAt)).all()) {
    const list = out.get(t.compoundId);
    if (list) list.push(t);
    else out.set(t.compoundId, [t]);
  }
  return out;
}

/** Runs the digest of every compound whose 08:30 has come; returns the outbox rows queued. */
export async function runDailyDigest(tx: Tx, now: number, tz: string): Promise<number> {
  const runs = await scheduleRunsOf(tx, DAILY_DIGEST);
  const all = await tx.select().from(compounds).all();
  // A new compound starts with the next 08:30 (this very tick's, if it is 08:30 now); there is
  // nothing it could have missed. Stored first, all in one statement, so the loop reads one way.
  const firstRunAt = nextDigestAt(now, tz, true);
  await addFirstScheduleRuns(
    tx,
    DAILY_DIGEST,
    all.filter((c) => !runs.has(c.id)).map((c) => ({ compoundId: c.id, nextRunAt: firstRunAt })),
  );
  let queued = 0;
  let openByCompound: Map<number, Ticket[]> | null = null;
  for (const compound of all) {
    const nextRunAt = runs.get(compound.id)?.nextRunAt ?? firstRunAt;
    if (now < nextRunAt) continue;
    const settings: CompoundSettings = await compoundSettings(tx, compound.id);
    const local = toZoned(now, tz);
    const quiet = inQuietHours(settings.quietHours, local.hour * 60 + local.minute);
    const decision = digestDecision(nextRunAt, now, tz, quiet);
    if (decision === 'wait' || decision === 'hold') continue;
    if (decision === 'send') {
      openByCompound ??= await openTicketsByCompound(tx);
      queued += await sendDigest(tx, compound, openByCompound.get(compound.id) ?? [], now, tz);
    }
    await setScheduleRun(tx, DAILY_DIGEST, compound.id, {
      nextRunAt: nextDigestAt(now, tz),
      lastRunAt: decision === 'send' ? now : undefined,
    });
  }
  return queued;
}

/** The 08:30 digest; ticks every minute and decides from the stored next-run time. */
export const dailyDigestSchedule: ScheduleDefinition = {
  name: DAILY_DIGEST,
  every: '0 * * * * *',
  run: (tx, now, { tz }) => runDailyDigest(tx, now, tz),
};

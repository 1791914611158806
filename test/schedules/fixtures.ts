/**
 * Tickets put straight into the database for the schedule tests, so each test states the exact
 * clock fields it is about (the ticket commands have their own tests).
 */
import { eq } from 'drizzle-orm';
import { demoOwnersRoom } from '../../bot/sandbox/demo-compound.js';
import { fromZoned } from '../../core/time/index.js';
import { type Ticket, tickets } from '../../db/schema.js';
import type { CommandHarness } from '../support/command-harness.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Epoch ms of a Shanghai wall clock, "2026-11-23 21:50". */
export function local(text: string, tz = 'Asia/Shanghai'): number {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!m) throw new Error(`bad local time ${text}`);
  const [, y, mo, d, h, mi, s] = m;
  return fromZoned(
    {
      year: Number(y),
      month: Number(mo),
      day: Number(d),
      hour: Number(h),
      minute: Number(mi),
      second: Number(s ?? 0),
    },
    tz,
  );
}

export interface TicketSeed {
  filedAt: number;
  ticketClass?: Ticket['ticketClass'];
  description?: string;
  responseMs?: number;
  solveMs?: number;
  assigneeId?: string | null;
  respondedAt?: number | null;
  resolvedAt?: number | null;
  closedAt?: number | null;
  pausedAt?: number | null;
  pausedMs?: number;
  escalatedAt?: number | null;
  compoundId?: number;
}

const defaultSolve = { general: 30 * MINUTE, major: 4 * HOUR, complex: DAY };

/** Files a ticket as `/报修` would have, with the given clock fields. */
export async function insertTicket(h: CommandHarness, seed: TicketSeed): Promise<Ticket> {
  const ticketClass = seed.ticketClass ?? 'general';
  const compoundId = seed.compoundId ?? h.compoundId;
  const filed = await h.handle.db
    .select({ id: tickets.id })
    .from(tickets)
    .where(eq(tickets.compoundId, compoundId))
    .all();
  const no = filed.length + 1;
  const pausedMs = seed.pausedMs ?? 0;
  const assigneeId = seed.assigneeId ?? null;
  return await h.handle.db
    .insert(tickets)
    .values({
      compoundId,
      no,
      roomId: demoOwnersRoom.id,
      reporterId: 'wxid_zhangsan',
      filedBy: 'wxid_zhangsan',
      description: seed.description ?? '楼道灯坏了',
      category: '维修',
      ticketClass,
      status: seed.closedAt ? 'closed' : seed.resolvedAt ? 'resolved' : assigneeId ? 'assigned' : 'new',
      assigneeId,
      filedAt: seed.filedAt,
      responseDueAt: seed.filedAt + (seed.responseMs ?? 5 * MINUTE),
      solveDueAt: seed.filedAt + (seed.solveMs ?? defaultSolve[ticketClass]) + pausedMs,
      assignedAt: assigneeId ? seed.filedAt : null,
      respondedAt: seed.respondedAt ?? null,
      resolvedAt: seed.resolvedAt ?? null,
      closedAt: seed.closedAt ?? null,
      pausedAt: seed.pausedAt ?? null,
      pausedMs,
      escalatedAt: seed.escalatedAt ?? null,
      updatedAt: seed.filedAt,
    })
    .returning()
    .get();
}

/** Changes a ticket as a command would (take, pause, resolve, close …). */
export async function updateTicket(h: CommandHarness, id: number, set: Partial<Ticket>): Promise<void> {
  await h.handle.db.update(tickets).set(set).where(eq(tickets.id, id)).run();
}

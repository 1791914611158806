/**
 * Resolving a ticket (SPEC "Tickets and the 5431 rule"): by `/完成` (kind `resolved`) or by its
 * written plan (`planned`), from a compound's group or, for the community, from its own group.
 * A running pause ends first so it is subtracted exactly, the resolution is the response when
 * nothing answered before, and the reporter is asked to confirm or send it back.
 */

import type { DbOrTx } from '../../db/client.js';
import type { Ticket } from '../../db/schema.js';
import { addTicketEvent, updateTicket } from '../../db/tickets.js';
import { formatDuration } from '../time/index.js';
import { reporterIds, type TicketNotice, ticketRoom } from './rooms.js';
import { resumeClock, solvedOnTime, solveElapsedMs, solveWindowOf } from './sla.js';
import { solveWord, took } from './wording.js';

export interface ResolveStep {
  kind: 'resolved' | 'planned';
  actorId: string;
  /** Who did it, as the groups read it: "王师傅", "社区 陈书记". */
  who: string;
  note: string | null;
  /** A manager resolving an unassigned ticket takes it. */
  takes: boolean;
}

/**
 * Writes the resolution and its events, and returns the ticket as it now is with the message
 * for the compound's groups: the text (ticket named `#n`, as in the compound) and the notice to
 * the group it was filed in, @mentioning the reporter.
 */
export async function resolveTicket(
  db: DbOrTx,
  t: Ticket,
  step: ResolveStep,
  now: number,
): Promise<{ ticket: Ticket; text: string; verdict: string; notice: TicketNotice }> {
  const { kind, actorId, note } = step;
  let clock = { pausedMs: t.pausedMs, solveDueAt: t.solveDueAt };
  if (t.pausedAt !== null) {
    clock = resumeClock(t, now);
    await addTicketEvent(db, {
      ticketId: t.id,
      kind: 'resumed',
      actorId,
      at: now,
      note: `随${kind === 'planned' ? '方案' : '完成'}结束暂停, 暂停了 ${took(now - t.pausedAt)}`,
    });
  }
  const takesIt = t.assigneeId === null && step.takes;
  const updated = await updateTicket(
    db,
    t.id,
    {
      ...clock,
      pausedAt: null,
      status: 'resolved',
      resolvedAt: now,
      respondedAt: t.respondedAt ?? now,
      assigneeId: takesIt ? actorId : t.assigneeId,
      assignedAt: takesIt ? now : t.assignedAt,
      ...(kind === 'planned' ? { plan: note } : {}),
    },
    now,
  );
  await addTicketEvent(db, { ticketId: t.id, kind, actorId, at: now, note });

  const used = solveElapsedMs(updated, now);
  const window = solveWindowOf(updated);
  const inTime = solvedOnTime(updated)
    ? `在时限 ${formatDuration(window)} 内`
    : `超出时限 ${took(now - updated.solveDueAt)}`;
  const verdict = `${solveWord(t)}用时 ${took(used)}, ${inTime}。`;
  const what = kind === 'planned' ? '提交了书面方案' : '处理完成';
  const text =
    `#${t.no} ${step.who} ${what}${note ? `: ${note}` : ''}\n${verdict}\n` +
    `请报修人确认: /确认 #${t.no} <1-5分> [评价]; 没解决好请发 /退回 #${t.no} <原因>。`;
  return {
    ticket: updated,
    text,
    verdict,
    notice: { roomId: await ticketRoom(db, t), text, mentionIds: reporterIds(t) },
  };
}

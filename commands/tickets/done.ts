import { resumeClock, solvedOnTime, solveElapsedMs, solveWindowOf } from '../../core/tickets/sla.js';
import { solveWord, took } from '../../core/tickets/wording.js';
import { formatDuration } from '../../core/time/index.js';
import type { Ticket } from '../../db/schema.js';
import { addTicketEvent, updateTicket } from '../../db/tickets.js';
import { type CompoundContext, defineCommand, UserError } from '../define.js';
import { announce, loadTicket, refWithTextArgs, reporterIds, requireOpen, ticketRoom } from './common.js';

/**
 * Refuses a community member on a ticket that was never escalated: the community acts like a
 * manager only on escalated tickets (SPEC "Escalation").
 */
export function requireManagerOrEscalated(ctx: CompoundContext, t: Ticket, action: string): void {
  if (ctx.roles.has('manager') || t.escalatedAt !== null) return;
  throw new UserError(`#${t.no} 没有吹哨, 只有物业可以${action}。需要社区介入请先 /吹哨 #${t.no}。`);
}

/**
 * Resolves a ticket by `/完成` (kind `resolved`) or by its written plan (`planned`): a running
 * pause ends first so it is subtracted exactly, the resolution is the response when nothing
 * answered before, and the reporter is asked to confirm or send it back.
 */
export async function resolveTicket(
  ctx: CompoundContext,
  t: Ticket,
  kind: 'resolved' | 'planned',
  note: string | null,
): Promise<undefined> {
  const { db, now, speaker } = ctx;
  let clock = { pausedMs: t.pausedMs, solveDueAt: t.solveDueAt };
  if (t.pausedAt !== null) {
    clock = resumeClock(t, now);
    await addTicketEvent(db, {
      ticketId: t.id,
      kind: 'resumed',
      actorId: speaker.id,
      at: now,
      note: `随${kind === 'planned' ? '方案' : '完成'}结束暂停, 暂停了 ${took(now - t.pausedAt)}`,
    });
  }
  const takesIt = t.assigneeId === null && ctx.roles.has('manager');
  const updated = await updateTicket(
    db,
    t.id,
    {
      ...clock,
      pausedAt: null,
      status: 'resolved',
      resolvedAt: now,
      respondedAt: t.respondedAt ?? now,
      assigneeId: takesIt ? speaker.id : t.assigneeId,
      assignedAt: takesIt ? now : t.assignedAt,
      ...(kind === 'planned' ? { plan: note } : {}),
    },
    now,
  );
  await addTicketEvent(db, { ticketId: t.id, kind, actorId: speaker.id, at: now, note });

  const used = solveElapsedMs(updated, now);
  const window = solveWindowOf(updated);
  const verdict = solvedOnTime(updated)
    ? `在时限 ${formatDuration(window)} 内`
    : `超出时限 ${took(now - updated.solveDueAt)}`;
  const what = kind === 'planned' ? '提交了书面方案' : '处理完成';
  const text =
    `#${t.no} ${speaker.name} ${what}${note ? `: ${note}` : ''}\n` +
    `${solveWord(t)}用时 ${took(used)}, ${verdict}。\n` +
    `请报修人确认: /确认 #${t.no} <1-5分> [评价]; 没解决好请发 /退回 #${t.no} <原因>。`;
  return announce(ctx, { text }, [{ roomId: await ticketRoom(db, t), text, mentionIds: reporterIds(t) }]);
}

/**
 * `/完成 #n [说明]`: a manager (or the community on an escalated ticket) marks it solved and
 * the reporter is asked to confirm. A complex ticket is solved by its plan (`/方案`) instead.
 */
export const doneCommand = defineCommand({
  name: '完成',
  aliases: ['done'],
  usage: '/完成 #n [说明]',
  summary: '工单处理完成, 请报修人确认',
  examples: ['/完成 #3 已更换灯泡', '/完成 #3'],
  who: ['manager', 'community'],
  scope: 'compound',
  args: refWithTextArgs(null),
  async run(ctx, { no, text }) {
    const t = await loadTicket(ctx, no);
    requireManagerOrEscalated(ctx, t, '处理完成');
    requireOpen(t, '完成');
    if (t.ticketClass === 'complex' && !(ctx.roles.has('community') && t.escalatedAt !== null)) {
      throw new UserError(`#${no} 是复杂工单, 要用书面方案结案: /方案 #${no} <内容>。`);
    }
    return await resolveTicket(ctx, t, 'resolved', text);
  },
});

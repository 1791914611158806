import { resolveTicket as resolveTicketStep } from '../../core/tickets/resolve.js';
import type { Ticket } from '../../db/schema.js';
import { type CompoundContext, defineCommand, UserError } from '../define.js';
import { announce, loadTicket, refWithTextArgs, requireOpen } from './common.js';

/**
 * Refuses a community member on a ticket that was never escalated: the community acts like a
 * manager only on escalated tickets (SPEC "Escalation").
 */
export function requireManagerOrEscalated(ctx: CompoundContext, t: Ticket, action: string): void {
  if (ctx.roles.has('manager') || t.escalatedAt !== null) return;
  throw new UserError(`#${t.no} 没有吹哨, 只有物业可以${action}。需要社区介入请先 /吹哨 #${t.no}。`);
}

/**
 * Resolves a ticket by `/完成` (kind `resolved`) or by its written plan (`planned`), see
 * core/tickets/resolve.ts; a manager resolving an unassigned ticket takes it.
 */
export async function resolveTicket(
  ctx: CompoundContext,
  t: Ticket,
  kind: 'resolved' | 'planned',
  note: string | null,
): Promise<undefined> {
  const { text, notice } = await resolveTicketStep(
    ctx.db,
    t,
    { kind, actorId: ctx.speaker.id, who: ctx.speaker.name, note, takes: ctx.roles.has('manager') },
    ctx.now,
  );
  return announce(ctx, { text }, [notice]);
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

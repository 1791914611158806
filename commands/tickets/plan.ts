import { handBackTicket } from '../../core/tickets/handback.js';
import { defineCommand, UserError } from '../define.js';
import { announce, loadTicket, refWithTextArgs, requireOpen } from './common.js';
import { requireManagerOrEscalated, resolveTicket } from './done.js';

/**
 * `/方案 #n <内容>` has two uses (SPEC "Tickets", "Escalation"):
 * - a manager's written plan resolves a complex ticket (`planned`), and the reporter confirms;
 * - the community's word on an escalated ticket hands it back to the compound with a decision
 *   (`handed_back`, "小事不出小区"): the ticket stays open and escalated (the committee follows
 *   it until closed), and the property carries the decision out with /完成 or its own /方案.
 */
export const planCommand = defineCommand({
  name: '方案',
  aliases: ['plan'],
  usage: '/方案 #n <内容>',
  summary: '复杂工单的书面方案; 社区对吹哨工单的处理决定',
  examples: [
    '/方案 #5 下月业主大会表决新增 20 个车位, 本周公示草案',
    '/方案 #7 (社区) 由物业拆除, 城管周五到场',
  ],
  who: ['manager', 'community'],
  scope: 'compound',
  args: refWithTextArgs('请写上方案内容, 例如 /方案 #5 下月业主大会表决新增车位。'),
  async run(ctx, { no, text }) {
    const t = await loadTicket(ctx, no);
    requireManagerOrEscalated(ctx, t, '提交方案');
    const decision = text ?? '';
    const handBack = ctx.roles.has('community') && t.escalatedAt !== null;
    if (!handBack) {
      requireOpen(t, '提交方案');
      if (t.ticketClass !== 'complex') {
        throw new UserError(
          `#${no} 不是复杂工单, 修好后请用 /完成 #${no} [说明]; 确需书面方案请先 /改 #${no} 复杂。`,
        );
      }
      return await resolveTicket(ctx, t, 'planned', decision);
    }

    requireOpen(t, '交回处理');
    const { text: msg, notices } = await handBackTicket(
      ctx.db,
      t,
      { actorId: ctx.speaker.id, name: ctx.speaker.name },
      decision,
      ctx.now,
    );
    return announce(ctx, { text: msg }, notices);
  },
});

import { handBackTicket, isWithCommunity } from '../../core/tickets/handback.js';
import { actorName } from '../../core/tickets/wording.js';
import { formatClock } from '../../core/time/index.js';
import { lastTicketEvent } from '../../db/tickets.js';
import { defineCommand, UserError } from '../define.js';
import {
  areaRefWithTextArgs,
  areaTicketName,
  loadAreaTicket,
  postToCompound,
  requireStillOpen,
} from './common.js';

/**
 * `/方案 <小区名>#n <决定>` in a community's or street's group (SPEC "Communities and streets",
 * "小事不出小区"): the community hands an escalated ticket back to its compound with a decision,
 * as `/方案 #n` by the community does in the compound's groups (core/tickets/handback.ts). The
 * decision goes to the compound's staff, committee and owners groups and into the timeline.
 */
export const areaPlanCommand = defineCommand({
  name: '方案',
  aliases: ['plan'],
  usage: '/方案 <小区名>#n <决定>',
  summary: '社区对吹哨工单的决定, 交回小区办理',
  examples: ['/方案 幸福小区#12 由物业拆除, 城管周五到场', '/方案 幸福#12 物业先清理, 费用走公共收益'],
  who: ['community'],
  scope: 'area',
  args: areaRefWithTextArgs('请写上社区的决定, 例如 /方案 幸福小区#12 由物业拆除, 城管周五到场。'),
  async run(ctx, { ref, text }) {
    const { compound, ticket } = await loadAreaTicket(ctx, ref);
    const name = areaTicketName(compound, ticket.no);
    requireStillOpen(ticket, name, '交回小区');
    if (ticket.escalatedAt === null) {
      throw new UserError(
        `${name} 没有吹哨, 还在小区处理, 不用社区交回。需要社区介入, 请在小区的群里发 /吹哨 #${ticket.no}。`,
      );
    }
    if (!(await isWithCommunity(ctx.db, ticket))) {
      const back = await lastTicketEvent(ctx.db, ticket.id, ['handed_back']);
      const when = back
        ? `已于 ${formatClock(back.at, ctx.tz, ctx.now)} 由 ${await actorName(ctx.db, back.actorId)} 交回小区${back.note ? ` (决定: ${back.note})` : ''}`
        : '已交回小区';
      throw new UserError(`${name} ${when}, 现在由小区办理。小区再次吹哨后, 社区才能再交回。`);
    }
    const { notices } = await handBackTicket(
      ctx.db,
      ticket,
      { actorId: ctx.speaker.id, name: ctx.speaker.name },
      text,
      ctx.now,
    );
    const told = await postToCompound(ctx, notices);
    const where =
      told === '' ? `${compound.name}没有绑定的群, 没能通知到小区` : `已发到${compound.name}的${told}`;
    return `已把 ${name} 交回小区处理, 决定: ${text}\n${where}; 业委会跟进到结单。`;
  },
});

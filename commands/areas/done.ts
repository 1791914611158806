import { resolveTicket } from '../../core/tickets/resolve.js';
import { committeeRoom, staffRoom } from '../../db/compounds.js';
import { defineCommand, UserError } from '../define.js';
import {
  areaRefWithTextArgs,
  areaTicketName,
  loadAreaTicket,
  postToCompound,
  requireStillOpen,
} from './common.js';

/**
 * `/完成 <小区名>#n <说明>` in a community's or street's group (SPEC "Communities and streets"):
 * the community solved an escalated ticket itself. It is resolved as `/完成 #n` by the community
 * resolves it in the compound's groups (core/tickets/resolve.ts): the reporter is asked to
 * confirm in the group the ticket was filed in, and the staff and committee groups are told.
 */
export const areaDoneCommand = defineCommand({
  name: '完成',
  aliases: ['done'],
  usage: '/完成 <小区名>#n <说明>',
  summary: '社区办结吹哨工单, 请报修人确认',
  examples: ['/完成 幸福小区#12 城管已拆除违建', '/完成 幸福#12 已协调供电局恢复供电'],
  who: ['community'],
  scope: 'area',
  args: areaRefWithTextArgs('请写上社区是怎么办结的, 例如 /完成 幸福小区#12 城管已拆除违建。'),
  async run(ctx, { ref, text }) {
    const { db, now } = ctx;
    const { compound, ticket } = await loadAreaTicket(ctx, ref);
    const name = areaTicketName(compound, ticket.no);
    requireStillOpen(ticket, name, '完成');
    if (ticket.escalatedAt === null) {
      throw new UserError(
        `${name} 没有吹哨, 由小区的物业办理; 社区办结的是吹哨到社区的工单。需要社区介入, 请在小区的群里发 /吹哨 #${ticket.no}。`,
      );
    }
    const step = await resolveTicket(
      db,
      ticket,
      {
        kind: 'resolved',
        actorId: ctx.speaker.id,
        who: `社区 ${ctx.speaker.name}`,
        note: text,
        takes: false,
      },
      now,
    );
    const told = await postToCompound(ctx, [
      step.notice,
      { roomId: await staffRoom(db, compound.id), text: step.text },
      { roomId: await committeeRoom(db, compound.id), text: step.text },
    ]);
    const where =
      told === ''
        ? `${compound.name}没有绑定的群, 没能请报修人确认`
        : `已发到${compound.name}的${told}, 请报修人确认`;
    return `${name} 社区办结: ${text}\n${step.verdict}\n${where}。`;
  },
});

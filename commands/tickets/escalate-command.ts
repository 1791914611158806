import { escalateTicket, placeAdminNote, placeClause } from '../../core/tickets/escalate.js';
import { isWithCommunity } from '../../core/tickets/handback.js';
import { actorName } from '../../core/tickets/wording.js';
import { defineCommand, UserError } from '../define.js';
import { announce, isReporter, loadTicket, refWithTextArgs, requireOpen, ticketRoom } from './common.js';

/**
 * `/吹哨 #n [原因]`: the reporter, the committee, a grid head or the community escalates the
 * ticket to the community (SPEC "Escalation"): into the community group, or, while the compound
 * has none, into its committee group (core/tickets/escalate.ts); the reply says where. Once
 * escalated it stays so until closed; it can be escalated again only after the community handed
 * it back.
 */
export const escalateCommand = defineCommand({
  name: '吹哨',
  aliases: ['escalate'],
  usage: '/吹哨 #n [原因]',
  summary: '把工单上报社区 (吹哨), 业委会跟进到结单',
  examples: ['/吹哨 #3 拖了一天没人管', '/吹哨 #7 违建, 物业管不了'],
  who: ['owner', 'committee', 'grid', 'community'],
  scope: 'compound',
  args: refWithTextArgs(null),
  async run(ctx, { no, text }) {
    const { db, now, tz, speaker, roles } = ctx;
    const t = await loadTicket(ctx, no);
    const mayEscalate =
      isReporter(t, speaker.id) || roles.has('committee') || roles.has('grid') || roles.has('community');
    if (!mayEscalate) {
      throw new UserError(
        `只有报修人 ${await actorName(db, t.reporterId)}、业委会委员、网格长或社区可以吹哨 #${no}。`,
      );
    }
    requireOpen(t, '吹哨');
    if (await isWithCommunity(db, t)) {
      throw new UserError(`#${no} 已经吹过哨了, 社区正在处理, 业委会跟进到结单。查看: /进度 #${no}`);
    }
    const e = await escalateTicket(db, t.id, { actorId: speaker.id, reason: text }, now, tz);

    // Every message escalateTicket queued says where the escalation went: no echo in those groups.
    const here = ctx.chat.roomId;
    const went = `已${placeClause(e.place)}`;
    const toTicketRoom = {
      roomId: await ticketRoom(db, t),
      text: `#${no} 已由 ${speaker.name} 吹哨, ${went}, 业委会跟进到结单。`,
    };
    if (e.rooms.includes(here)) {
      if (toTicketRoom.roomId !== null && !e.rooms.includes(toTicketRoom.roomId)) {
        ctx.post({ conversationId: toTicketRoom.roomId, text: toTicketRoom.text });
      }
      return undefined;
    }
    const named = e.mentioned.length > 0 ? `, 已提醒 ${e.mentioned.join('、')}` : '';
    const nobody = e.noHolders ? '本小区还没有社区人员, 请管理员用 /角色 @某人 社区 登记。' : '';
    const reply = `已吹哨 #${no}, ${went}${named}, 业委会跟进到结单。${placeAdminNote(e.place)}${nobody}`;
    return announce(ctx, { text: reply }, [toTicketRoom]);
  },
});

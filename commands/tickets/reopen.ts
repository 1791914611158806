import { actorName, statusText } from '../../core/tickets/wording.js';
import { addTicketEvent, updateTicket } from '../../db/tickets.js';
import { defineCommand, UserError } from '../define.js';
import {
  announce,
  handlersOf,
  isReporter,
  loadTicket,
  refWithTextArgs,
  staffRoomHere,
  ticketRoom,
} from './common.js';

/**
 * `/退回 #n <原因>`: the reporter (or a committee member) sends a solved ticket back to work;
 * it counts as a rework (SPEC command table). The committee may also reopen a closed ticket
 * after its follow-up (回访). The clocks keep running from the filing time.
 */
export const reopenCommand = defineCommand({
  name: '退回',
  aliases: ['reopen'],
  usage: '/退回 #n <原因>',
  summary: '没解决好, 退回重新处理 (计一次返工)',
  examples: ['/退回 #3 还是不亮'],
  who: ['owner', 'committee'],
  scope: 'compound',
  args: refWithTextArgs('请写上退回原因, 例如 /退回 #3 还是不亮。'),
  async run(ctx, { no, text }) {
    const { db, now, speaker } = ctx;
    const t = await loadTicket(ctx, no);
    const committee = ctx.roles.has('committee');
    if (!isReporter(t, speaker.id) && !committee) {
      throw new UserError(`只有报修人 ${await actorName(db, t.reporterId)} 或业委会委员可以退回 #${no}。`);
    }
    if (t.status === 'closed' && !committee) {
      throw new UserError(`#${no} 已经确认结单了。问题又出现请重新 /报修, 或请业委会回访后退回。`);
    }
    if (t.status !== 'resolved' && t.status !== 'closed') {
      throw new UserError(`#${no} 还在处理中 (${statusText(t)}), 不用退回; 想催一下可以发 /催办 #${no}。`);
    }
    const updated = await updateTicket(
      db,
      t.id,
      {
        status: 'reopened',
        resolvedAt: null,
        closedAt: null,
        score: null,
        feedback: null,
        reworkCount: t.reworkCount + 1,
      },
      now,
    );
    await addTicketEvent(db, { ticketId: t.id, kind: 'reopened', actorId: speaker.id, at: now, note: text });
    const handlers = await handlersOf(db, updated);
    const who = updated.assigneeId === null ? '物业' : await actorName(db, updated.assigneeId);
    const next = t.ticketClass === 'complex' ? `新方案请发 /方案 #${no} <内容>` : `修好后再发 /完成 #${no}`;
    const msg = `#${no} 被 ${speaker.name} 退回: ${text} (第 ${updated.reworkCount} 次返工)。请 ${who} 重新处理, ${next}。`;
    return announce(ctx, { text: msg }, [
      { roomId: staffRoomHere(ctx), text: msg, mentionIds: handlers },
      { roomId: await ticketRoom(db, t), text: msg },
    ]);
  },
});

import { actorName, took } from '../../core/tickets/wording.js';
import { addTicketEvent, updateTicket } from '../../db/tickets.js';
import { defineCommand, UserError } from '../define.js';
import { announce, lateResponseNote, loadTicket, refOnlyArgs, requireOpen, ticketRoom } from './common.js';

/**
 * `/到场 #n`: the manager is on site. The first arrival answers the ticket when nobody took it
 * before (the "5" of 5431: 到场 or 响应 within the response window). Whoever arrives holds it.
 */
export const arriveCommand = defineCommand({
  name: '到场',
  aliases: ['arrive'],
  usage: '/到场 #n',
  summary: '物业到达现场',
  examples: ['/到场 #3'],
  who: ['manager'],
  scope: 'compound',
  args: refOnlyArgs,
  async run(ctx, { no }) {
    const { db, now, speaker } = ctx;
    const t = await loadTicket(ctx, no);
    requireOpen(t, '到场');
    if (t.status === 'on_site' && t.assigneeId !== null) {
      throw new UserError(
        t.assigneeId === speaker.id
          ? `你已经在 #${no} 现场了, 修好后请发 /完成 #${no}。`
          : `#${no} 已由 ${await actorName(db, t.assigneeId)} 到场处理。要换人请用 /派单 #${no} @某人。`,
      );
    }
    const previous = t.assigneeId !== null && t.assigneeId !== speaker.id ? t.assigneeId : null;
    await updateTicket(
      db,
      t.id,
      {
        status: 'on_site',
        assigneeId: speaker.id,
        assignedAt: t.assigneeId === speaker.id ? t.assignedAt : now,
        onSiteAt: t.onSiteAt ?? now,
        respondedAt: t.respondedAt ?? now,
      },
      now,
    );
    await addTicketEvent(db, {
      ticketId: t.id,
      kind: 'arrived',
      actorId: speaker.id,
      at: now,
      note: previous !== null ? `接替 ${await actorName(db, previous)}` : null,
    });
    const late = t.respondedAt === null ? lateResponseNote(t, now) : '';
    const next =
      t.ticketClass === 'complex'
        ? `方案定了请发 /方案 #${no} <内容>`
        : `修好后请发 /完成 #${no} [说明]; 要等业主或配件可发 /暂停 #${no} <原因>`;
    const text = `#${no} ${speaker.name} 已到场 (报修后 ${took(now - t.filedAt)}${late})。${next}。`;
    return announce(ctx, { text }, [{ roomId: await ticketRoom(db, t), text }]);
  },
});

import { actorName, took } from '../../core/tickets/wording.js';
import { addTicketEvent, updateTicket } from '../../db/tickets.js';
import { defineCommand, UserError } from '../define.js';
import {
  announce,
  lateResponseNote,
  loadTicket,
  refOnlyArgs,
  requireOpen,
  staffRoomHere,
  ticketRoom,
} from './common.js';

/** What the one holding a ticket does next, as the last clause of a step's message. */
export function nextStepHint(t: { no: number; ticketClass: string }): string {
  return t.ticketClass === 'complex'
    ? `方案定了请发 /方案 #${t.no} <内容>`
    : `到场后请发 /到场 #${t.no}, 修好后发 /完成 #${t.no}`;
}

/**
 * `/接单 #n`: a manager takes the ticket; the first 接单 is the response (rules on the
 * `tickets` table). Taking a ticket another manager holds moves it, and tells them.
 */
export const takeCommand = defineCommand({
  name: '接单',
  aliases: ['take'],
  usage: '/接单 #n',
  summary: '物业接下工单, 开始计时到场',
  examples: ['/接单 #3'],
  who: ['manager'],
  scope: 'compound',
  args: refOnlyArgs,
  async run(ctx, { no }) {
    const { db, now, speaker } = ctx;
    const t = await loadTicket(ctx, no);
    requireOpen(t, '接单');
    if (t.assigneeId === speaker.id && t.status !== 'new') {
      throw new UserError(
        t.status === 'on_site'
          ? `你已经在 #${no} 现场了, 修好后请发 /完成 #${no}。`
          : `你已经接了 #${no}, ${t.ticketClass === 'complex' ? `方案定了请发 /方案 #${no} <内容>` : `到场后请发 /到场 #${no}`}。`,
      );
    }
    if (t.status === 'on_site' && t.assigneeId !== null) {
      throw new UserError(
        `#${no} 已由 ${await actorName(db, t.assigneeId)} 到场处理。要换人请用 /派单 #${no} @某人。`,
      );
    }
    const previous = t.assigneeId;
    const updated = await updateTicket(
      db,
      t.id,
      { status: 'assigned', assigneeId: speaker.id, assignedAt: now, respondedAt: t.respondedAt ?? now },
      now,
    );
    await addTicketEvent(db, {
      ticketId: t.id,
      kind: 'taken',
      actorId: speaker.id,
      at: now,
      note: previous !== null ? `从 ${await actorName(db, previous)} 手上接过` : null,
    });
    const response =
      t.respondedAt === null ? ` (报修后 ${took(now - t.filedAt)} 响应${lateResponseNote(t, now)})` : '';
    const text = `#${no} ${speaker.name} 已接单${response}。${nextStepHint(updated)}。`;
    return announce(ctx, { text }, [
      { roomId: await ticketRoom(db, t), text },
      ...(previous !== null
        ? [
            {
              roomId: staffRoomHere(ctx),
              text: `#${no} 改由 ${speaker.name} 负责。`,
              mentionIds: [previous],
            },
          ]
        : []),
    ]);
  },
});

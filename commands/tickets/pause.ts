import { oneLine } from '../../core/display.js';
import { resumeClock } from '../../core/tickets/sla.js';
import { solveWord, took } from '../../core/tickets/wording.js';
import { formatClock } from '../../core/time/index.js';
import { addTicketEvent, updateTicket } from '../../db/tickets.js';
import { defineCommand, UserError } from '../define.js';
import { announce, loadTicket, refOnlyArgs, refWithTextArgs, requireOpen, ticketRoom } from './common.js';

/**
 * `/暂停 #n <原因>`: the solve clock stands still while the manager waits for the owner or for
 * parts; the reason shows in the group (SPEC command table). The pause is added to the
 * deadline exactly when it ends (rules on the `tickets` table).
 */
export const pauseCommand = defineCommand({
  name: '暂停',
  aliases: ['pause'],
  usage: '/暂停 #n <原因>',
  summary: '等业主或配件时暂停解决计时',
  examples: ['/暂停 #3 等配件, 明天上午到货', '/暂停 #3 业主不在家'],
  who: ['manager'],
  scope: 'compound',
  args: refWithTextArgs('请写上暂停原因, 例如 /暂停 #3 等配件。'),
  async run(ctx, { no, text }) {
    const { db, now, speaker } = ctx;
    const t = await loadTicket(ctx, no);
    requireOpen(t, '暂停');
    if (t.pausedAt !== null) {
      throw new UserError(
        `#${no} 已经在暂停中${t.pauseReason ? ` (${oneLine(t.pauseReason)})` : ''}, 恢复请发 /继续 #${no}。`,
      );
    }
    await updateTicket(db, t.id, { pausedAt: now, pauseReason: text }, now);
    await addTicketEvent(db, { ticketId: t.id, kind: 'paused', actorId: speaker.id, at: now, note: text });
    const msg = `#${no} 暂停计时 (${speaker.name}): ${text}。${solveWord(t)}时限顺延, 恢复请发 /继续 #${no}。`;
    return announce(ctx, { text: msg }, [{ roomId: await ticketRoom(db, t), text: msg }]);
  },
});

/** `/继续 #n`: the solve clock runs again; the deadline moves by the pause, to the millisecond. */
export const resumeCommand = defineCommand({
  name: '继续',
  aliases: ['resume'],
  usage: '/继续 #n',
  summary: '结束暂停, 恢复解决计时',
  examples: ['/继续 #3'],
  who: ['manager'],
  scope: 'compound',
  args: refOnlyArgs,
  async run(ctx, { no }) {
    const { db, now, tz, speaker } = ctx;
    const t = await loadTicket(ctx, no);
    requireOpen(t, '继续');
    if (t.pausedAt === null) throw new UserError(`#${no} 没有暂停, 不用继续。`);
    const paused = now - t.pausedAt;
    const updated = await updateTicket(db, t.id, { ...resumeClock(t, now), pausedAt: null }, now);
    await addTicketEvent(db, {
      ticketId: t.id,
      kind: 'resumed',
      actorId: speaker.id,
      at: now,
      note: `暂停了 ${took(paused)}`,
    });
    const msg =
      `#${no} 继续计时 (${speaker.name}), 暂停了 ${took(paused)}。` +
      `请于 ${formatClock(updated.solveDueAt, tz, now)} 前${solveWord(t)}${now > updated.solveDueAt ? ' (已超时)' : ''}。`;
    return announce(ctx, { text: msg }, [{ roomId: await ticketRoom(db, t), text: msg }]);
  },
});

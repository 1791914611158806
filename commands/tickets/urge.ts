import { oneLine } from '../../core/display.js';
import { maskPhones } from '../../core/privacy.js';
import { effectiveSolveDueAt } from '../../core/tickets/sla.js';
import { actorName, classLabel, solveWord, took } from '../../core/tickets/wording.js';
import { formatClock } from '../../core/time/index.js';
import { addTicketEvent, updateTicket } from '../../db/tickets.js';
import { defineCommand, UserError } from '../define.js';
import {
  announce,
  handlersOf,
  isReporter,
  loadTicket,
  refWithTextArgs,
  requireOpen,
  SHORT_TEXT,
  staffRoomHere,
} from './common.js';

/** One 催办 per ticket per this long (SPEC command table: at most once per 30 min). */
export const URGE_INTERVAL_MS = 30 * 60_000;

/**
 * `/催办 #n [话]`: the reporter, a committee member or a grid head pings whoever holds the
 * ticket (all managers while nobody does) in the staff group, now. Once per 30 minutes per
 * ticket, whoever asks; every 催办 is an event in the timeline (SPEC "Tickets").
 */
export const urgeCommand = defineCommand({
  name: '催办',
  aliases: ['urge'],
  usage: '/催办 #n [话]',
  summary: '催物业尽快处理 (每单 30 分钟一次)',
  examples: ['/催办 #3', '/催办 #3 老人家里停水, 麻烦快点'],
  who: ['owner', 'committee', 'grid'],
  scope: 'compound',
  args: refWithTextArgs(null),
  async run(ctx, { no, text }) {
    const { db, now, tz, speaker } = ctx;
    const t = await loadTicket(ctx, no);
    if (!isReporter(t, speaker.id) && !ctx.roles.has('committee') && !ctx.roles.has('grid')) {
      throw new UserError(
        `只有报修人 ${await actorName(db, t.reporterId)}、业委会委员或网格长可以催办 #${no}。`,
      );
    }
    requireOpen(t, '催办');
    if (t.lastUrgedAt !== null && now - t.lastUrgedAt < URGE_INTERVAL_MS) {
      throw new UserError(
        `#${no} 在 ${formatClock(t.lastUrgedAt, tz, now)} 刚催办过, ${formatClock(t.lastUrgedAt + URGE_INTERVAL_MS, tz, now)} 以后可以再催。`,
      );
    }
    await updateTicket(db, t.id, { lastUrgedAt: now }, now);
    await addTicketEvent(db, { ticketId: t.id, kind: 'urged', actorId: speaker.id, at: now, note: text });

    const handlers = await handlersOf(db, t);
    const due = effectiveSolveDueAt(t, now);
    const clock =
      now > due
        ? `已超时 ${took(now - due)}`
        : `${formatClock(due, tz, now)} 前${solveWord(t)}, 还剩 ${took(due - now)}`;
    const nobody = t.assigneeId === null ? `还没有人接单, 请发 /接单 #${no}` : '请尽快处理';
    const notice =
      `催办 #${no} ${classLabel(t)} (${speaker.name}): ${oneLine(maskPhones(t.description), SHORT_TEXT)}${text ? `\n留言: “${oneLine(text)}”` : ''}\n` +
      `报修已 ${took(now - t.filedAt)}, ${clock}。${nobody}。`;
    const handlerNames: string[] = [];
    for (const id of handlers) handlerNames.push(await actorName(db, id));
    const names = handlerNames.join('、');
    return announce(
      ctx,
      {
        text:
          names === ''
            ? `已催办 #${no}, 但本小区还没有物业人员, 请管理员登记。`
            : `已催办 #${no}, 已提醒 ${names}。`,
      },
      [{ roomId: staffRoomHere(ctx), text: notice, mentionIds: handlers }],
    );
  },
});

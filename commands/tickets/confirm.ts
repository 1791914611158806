import { oneLine } from '../../core/display.js';
import { halfWidthDigits, NUMBER_GOES_ON } from '../../core/text.js';
import { actorName, classLabel, statusText } from '../../core/tickets/wording.js';
import { committeeRoom } from '../../db/compounds.js';
import { addTicketEvent, updateTicket } from '../../db/tickets.js';
import { argSchema, fail, stripMentions } from '../args.js';
import { defineCommand, UserError } from '../define.js';
import { announce, isReporter, loadTicket, MAX_NOTE, requireTicketRef } from './common.js';

/** Scores at or below this put the ticket on the committee's follow-up (回访) list (SPEC "Tickets"). */
export const FOLLOW_UP_MAX_SCORE = 2;

/**
 * The score, an optional unit, then the comment. What follows the number must not continue it:
 * "4.9", "1e0", "3.5", "4,5", "四点五" or "4分半" are not whole numbers, and reading them as 4, 1
 * or 3 with the rest as a comment (issue 13) filed a score the owner did not give.
 */
const SCORE = new RegExp(
  `^([0-9０-９]+|[一二三四五六七八九十])(?!${NUMBER_GOES_ON}|\\s*[.．。,，、点]\\s*[0-9０-９一二三四五六七八九半]|\\s*(?:分|颗星|星)半)` +
    '\\s*(?:分|颗星|星)?[\\s.．。,，、!！]*([\\s\\S]*)$',
);
const chineseDigits = new Map([...'一二三四五六七八九'].map((c, i) => [c, i + 1]));

function scoreOf(token: string): number {
  const half = halfWidthDigits(token);
  if (/^[0-9]+$/.test(half)) return Number(half);
  return chineseDigits.get(half) ?? Number.NaN;
}

/**
 * `/确认 #n <1-5> [评价]`: the reporter (or the grid head who filed for them) closes a solved
 * ticket with a satisfaction score. A score of 1 or 2 reopens nothing but puts it on the
 * committee's follow-up list and tells the committee group (SPEC "Tickets").
 */
export const confirmCommand = defineCommand({
  name: '确认',
  aliases: ['confirm'],
  usage: '/确认 #n <1-5> [评价]',
  summary: '报修人确认工单已解决并打分 (1-5 分)',
  examples: ['/确认 #3 5 很及时', '/确认 #3 3分 修好了但来得慢'],
  who: ['owner'],
  scope: 'compound',
  args: argSchema((input) => {
    const { no, rest } = requireTicketRef(stripMentions(input.text, input.mentions));
    if (rest === '') fail(`请打 1-5 分, 例如 /确认 #${no} 5 很及时。`);
    const m = SCORE.exec(rest);
    const score = m?.[1] ? scoreOf(m[1]) : Number.NaN;
    if (!Number.isInteger(score) || score < 1 || score > 5) fail('评分要写 1 到 5 之间的整数, 5 分最满意。');
    const feedback = oneLine(m?.[2] ?? '');
    if ([...feedback].length > MAX_NOTE) fail(`评价太长了, 请控制在 ${MAX_NOTE} 字以内。`);
    return { no, score, feedback: feedback === '' ? null : feedback };
  }),
  async run(ctx, { no, score, feedback }) {
    const { db, now, speaker } = ctx;
    const t = await loadTicket(ctx, no);
    if (!isReporter(t, speaker.id)) {
      throw new UserError(`只有报修人 ${await actorName(db, t.reporterId)} 可以确认 #${no}。`);
    }
    if (t.status === 'closed') throw new UserError(`#${no} 已经确认结单了 (${t.score ?? '-'}分)。`);
    if (t.status !== 'resolved') {
      throw new UserError(
        `#${no} 还没有处理完成 (现在: ${statusText(t)}), 完成后才能确认。想催一下可以发 /催办 #${no}。`,
      );
    }
    await updateTicket(db, t.id, { status: 'closed', closedAt: now, score, feedback }, now);
    await addTicketEvent(db, {
      ticketId: t.id,
      kind: 'confirmed',
      actorId: speaker.id,
      at: now,
      note: `${score}分${feedback ? ` ${feedback}` : ''}`,
    });
    const said = `${score}分${feedback ? `: ${feedback}` : ''}`;
    if (score > FOLLOW_UP_MAX_SCORE) {
      return announce(ctx, { text: `#${no} 已结单, ${speaker.name} 评 ${said}。谢谢!` });
    }
    const assignee = t.assigneeId === null ? '' : `, 负责: ${await actorName(db, t.assigneeId)}`;
    return announce(
      ctx,
      { text: `#${no} 已结单, ${speaker.name} 评 ${said}。已列入业委会回访名单, 会有人联系你。` },
      [
        {
          roomId: await committeeRoom(db, ctx.compound.id),
          text:
            `回访: #${no} ${classLabel(t)} ${await actorName(db, t.reporterId)} 评 ${said}${assignee}。\n` +
            `请业委会回访, 详情 /进度 #${no}; 需要返工请发 /退回 #${no} <原因>。`,
        },
      ],
    );
  },
});

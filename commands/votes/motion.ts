import { oneLine } from '../../core/display.js';
import { formatDuration } from '../../core/time/index.js';
import { formatDeadline, pollTitle } from '../../core/votes/poll-text.js';
import { FORMAL_OPTIONS } from '../../core/votes/tally.js';
import { ownersRoom } from '../../db/compounds.js';
import type { Poll } from '../../db/schema-votes.js';
import { electorUnits, insertPoll } from '../../db/votes.js';
import { argSchema, fail } from '../args.js';
import { defineCommand, UserError } from '../define.js';
import { DEFAULT_MOTION_MS, resolveDeadline, votersLabel } from './common.js';
import { looksMajor, parseMotionText } from './parse.js';

/** The rule a formal vote is decided by, in one line (SPEC "Polls and formal votes"). */
export function motionRule(major: boolean): string {
  const pass = major ? '≥ 3/4' : '> 1/2';
  return `有效: 参与表决的业主专有面积 ≥ 总面积 2/3 且人数 ≥ 总人数 2/3; 通过: 同意的面积和人数都 ${pass} (占参与表决的)。`;
}

/** The announcement of a formal vote. */
export function motionAnnouncement(
  poll: Pick<Poll, 'no' | 'question' | 'kind' | 'major' | 'voters' | 'deadline'>,
  electorate: { units: number },
  ctx: { tz: string; now: number },
  defaulted: boolean,
): string {
  const deadline = formatDeadline(poll.deadline, ctx.tz, ctx.now);
  return [
    `【业主表决 #${poll.no}】${oneLine(poll.question)}${poll.major ? ' (重大事项)' : ''}`,
    FORMAL_OPTIONS.map((o, i) => `${i + 1}. ${o}`).join('  '),
    `截止 ${deadline}${defaulted ? ` (未写截止时间, 默认 ${formatDuration(DEFAULT_MOTION_MS)})` : ''}`,
    `谁可以投: ${votersLabel(poll)} (目前 ${electorate.units} 户已认证); 截止前可以改票, 以最后一次为准。`,
    motionRule(poll.major),
    `投票: /投 #${poll.no} 同意 (反对 / 弃权); 有几套房的业主一次投全部, 或写房号: /投 #${poll.no} 同意 3-2-301`,
    `还没认证? 先 /绑定 <楼-单元-室> <面积>, 再请业委会 /认证。看结果: /结果 #${poll.no}`,
  ].join('\n');
}

/**
 * `/表决 <事项> [重大|普通] [截止 <时间>]`: a formal owners' vote (业主表决, Civil Code art. 278),
 * one ballot per verified unit, 7 days unless a deadline is given. A subject that reads like a
 * 重大 matter must say 重大 or 普通, so a 3/4 matter is never counted by the 1/2 rule by mistake.
 */
export const motionCommand = defineCommand({
  name: '表决',
  aliases: ['motion'],
  usage: '/表决 <事项> [重大] [截止 <时间>]',
  summary: '发起业主表决 (按户, 按面积和人数计票)',
  examples: [
    '/表决 更换物业公司 截止 11月30日',
    '/表决 使用维修资金更换3号楼电梯 重大 截止 12月15日',
    '重大: 筹集或使用维修资金、改建重建、改变共有部分用途, 需 3/4 同意。',
  ],
  who: ['committee'],
  scope: 'compound',
  args: argSchema((input) => {
    const parsed = parseMotionText(input.text);
    if (!parsed.ok) fail(parsed.error);
    return parsed;
  }),
  async run(ctx, args) {
    if (!args.major && !args.ordinary && looksMajor(args.subject)) {
      throw new UserError(
        `「${args.subject}」像是重大事项 (维修资金、改建重建、共有部分用途), 需 3/4 同意: 请加「重大」重新发送; 若确实是普通事项, 请加「普通」。`,
      );
    }
    const { deadline, defaulted } = resolveDeadline(args.deadline, ctx, 'formal');
    const units = await electorUnits(ctx.db, ctx.compound.id);
    const roomId = (await ownersRoom(ctx.db, ctx.compound.id)) ?? ctx.chat.roomId;
    const poll = await insertPoll(ctx.db, {
      compoundId: ctx.compound.id,
      kind: 'formal',
      question: args.subject,
      options: JSON.stringify(FORMAL_OPTIONS),
      multi: false,
      anonymous: false,
      major: args.major,
      voters: 'units',
      roomId,
      openedBy: ctx.speaker.id,
      openedAt: ctx.now,
      deadline,
      secret: null,
    });
    const text = motionAnnouncement(poll, { units: units.length }, ctx, defaulted);
    const warning =
      units.length === 0
        ? '\n注意: 本小区还没有已认证的房屋, 请业主先 /绑定, 业委会 /认证, 否则无人可以投票。'
        : '';
    if (roomId === ctx.chat.roomId) return text + warning;
    ctx.post({ conversationId: roomId, text });
    return `已在业主群发起${pollTitle(poll)}, 截止 ${formatDeadline(deadline, ctx.tz, ctx.now)}。${warning}`;
  },
});

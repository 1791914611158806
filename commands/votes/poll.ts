import { oneLine } from '../../core/display.js';
import { formatDuration } from '../../core/time/index.js';
import { formatDeadline, pollTitle } from '../../core/votes/poll-text.js';
import { ownersRoom } from '../../db/compounds.js';
import type { Poll } from '../../db/schema-votes.js';
import { insertPoll, newPollSecret } from '../../db/votes.js';
import { argSchema, fail } from '../args.js';
import { defineCommand } from '../define.js';
import { DEFAULT_POLL_MS, resolveDeadline, votersLabel } from './common.js';
import { parsePollText } from './parse.js';

/** The announcement of a quick poll: numbered options, deadline, who may vote, how to vote. */
export function pollAnnouncement(
  poll: Pick<Poll, 'no' | 'question' | 'kind' | 'major' | 'multi' | 'anonymous' | 'voters' | 'deadline'>,
  options: readonly string[],
  ctx: { tz: string; now: number },
  defaulted: boolean,
): string {
  const lines = [`【${pollTitle(poll)}】`, ...options.map((o, i) => `${i + 1}. ${oneLine(o)}`)];
  const kind = [poll.multi ? '多选' : '单选', poll.anonymous ? '匿名' : '实名'].join(' · ');
  const deadline = formatDeadline(poll.deadline, ctx.tz, ctx.now);
  lines.push(
    `${kind} · 截止 ${deadline}${defaulted ? ` (未写截止时间, 默认 ${formatDuration(DEFAULT_POLL_MS)})` : ''}`,
    `谁可以投: ${votersLabel(poll)}; 截止前可以改票, 以最后一次为准。`,
  );
  if (poll.anonymous) {
    lines.push(
      '匿名投票: 只公布票数, 任何人 (包括业委会) 都看不到谁投了什么。',
      `请私聊红管家发送 /投 #${poll.no} 选项号; 在群里发送, 群成员会看到你的选择。`,
    );
  }
  lines.push(
    poll.multi
      ? `投票: /投 #${poll.no} 选项号 (可多选, 例如 /投 #${poll.no} 1 3)`
      : `投票: /投 #${poll.no} 选项号 (例如 /投 #${poll.no} 2)`,
    `看结果: /结果 #${poll.no}`,
  );
  return lines.join('\n');
}

/**
 * `/投票 <问题> | <选项1> | <选项2> … [截止 <时间>] [匿名] [多选] [认证业主]` (SPEC "Polls and
 * formal votes"): a quick poll of the owners group, single choice and named unless told,
 * 3 days unless a deadline is given. Posted in the owners group wherever it was typed.
 */
export const pollCommand = defineCommand({
  name: '投票',
  aliases: ['poll'],
  usage: '/投票 <问题> | <选项1> | <选项2> ... [截止 <时间>] [匿名] [多选]',
  summary: '发起投票 (业主群成员投, 可匿名、多选)',
  examples: [
    '/投票 电动车充电桩装在哪里? | 东门 | 北门 | 地下车库 截止 周五18点',
    '/投票 小区绿化改造选哪个方案? | 方案A | 方案B 匿名 截止 3天',
    '/投票 周末义务劳动做哪些? | 清理楼道 | 修剪绿植 | 清理小广告 多选',
    '加「认证业主」则只有已认证的业主可以投。',
  ],
  who: ['committee', 'community'],
  scope: 'compound',
  args: argSchema((input) => {
    const parsed = parsePollText(input.text);
    if (!parsed.ok) fail(parsed.error);
    return parsed;
  }),
  async run(ctx, args) {
    const { deadline, defaulted } = resolveDeadline(args.deadline, ctx, 'quick');
    const roomId = (await ownersRoom(ctx.db, ctx.compound.id)) ?? ctx.chat.roomId;
    const poll = await insertPoll(ctx.db, {
      compoundId: ctx.compound.id,
      kind: 'quick',
      question: args.question,
      options: JSON.stringify(args.options),
      multi: args.multi,
      anonymous: args.anonymous,
      major: false,
      voters: args.verifiedOnly ? 'verified' : 'members',
      roomId,
      openedBy: ctx.speaker.id,
      openedAt: ctx.now,
      deadline,
      secret: args.anonymous ? newPollSecret() : null,
    });
    const text = pollAnnouncement(poll, args.options, ctx, defaulted);
    if (roomId === ctx.chat.roomId) return text;
    ctx.post({ conversationId: roomId, text });
    return `已在业主群发起${pollTitle(poll)}, 截止 ${formatDeadline(deadline, ctx.tz, ctx.now)}。`;
  },
});

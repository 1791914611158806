import { meetingWhenWhere } from '../../core/areas/meeting.js';
import { displayName, oneLine } from '../../core/display.js';
import { communityOf } from '../../db/areas.js';
import { addMeetingTopic, topicsFor, upcomingMeeting } from '../../db/meetings.js';
import { storedName } from '../../db/people.js';
import { argSchema, fail, stripMentions } from '../args.js';
import { defineCommand, UserError } from '../define.js';

/** One item is a subject for the table, not a report; a longer text belongs in a document. */
export const MAX_TOPIC_CHARS = 200;

/**
 * `/议题 <内容>` in a compound's group (SPEC "Communities and streets"): the committee puts an
 * item on the agenda of the next joint meeting of the compound's community. It may be written
 * before any meeting is called: it waits for the next one. `/议题` alone lists this compound's
 * items for the next meeting.
 */
export const topicCommand = defineCommand({
  name: '议题',
  aliases: ['topic'],
  usage: '/议题 <内容>',
  summary: '为下次四方联席会议提出议题 (不写内容: 查看本小区的议题)',
  examples: ['/议题 地下车库渗水, 物业两次维修未果, 请社区协调', '/议题'],
  who: ['committee'],
  scope: 'compound',
  args: argSchema((input) => {
    const text = oneLine(stripMentions(input.text, input.mentions));
    if ([...text].length > MAX_TOPIC_CHARS) {
      fail(`一条议题最多 ${MAX_TOPIC_CHARS} 字, 请精简, 或分成几条。`);
    }
    return { text };
  }),
  async run(ctx, { text }) {
    const community = await communityOf(ctx.db, ctx.compound.id);
    if (!community) {
      throw new UserError(
        '本小区还没有归属社区, 联席会议由社区召开, 议题无处可送。请管理员先在本群发送 /归属 <社区名>, 例如 /归属 文苑社区。',
      );
    }
    const next = await upcomingMeeting(ctx.db, community.id, ctx.now);
    const when = next
      ? `下次四方联席会议: ${meetingWhenWhere(next, ctx.tz, ctx.now)}。`
      : `「${community.name}」还没有定下次四方联席会议的时间, 定了以后议题列入议程。`;
    if (text === '') {
      const topics = await topicsFor(ctx.db, ctx.compound.id, null, ctx.now);
      if (topics.length === 0) {
        return `本小区还没有提出下次四方联席会议的议题。业委会可发 /议题 <内容> 提出。\n${when}`;
      }
      const lines = [`本小区提给下次四方联席会议的议题 (${topics.length} 条):`];
      for (const [i, t] of topics.entries()) {
        lines.push(`${i + 1}. ${oneLine(t.text)} (${displayName(await storedName(ctx.db, t.authorId))})`);
      }
      lines.push(when);
      return lines.join('\n');
    }
    await addMeetingTopic(ctx.db, { compoundId: ctx.compound.id, text, authorId: ctx.speaker.id }, ctx.now);
    const count = (await topicsFor(ctx.db, ctx.compound.id, null, ctx.now)).length;
    return [
      `已提交联席会议议题: ${text}`,
      next ? `将列入${when.replace(/。$/, '')} 的议程。` : when,
      `本小区共有 ${count} 条议题, 发送 /议题 查看。`,
    ].join('\n');
  },
});

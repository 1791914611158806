import { withBoardLine } from '../../core/board/link.js';
import { resultText, voteResult } from '../../core/votes/result.js';
import { argSchema, fail, quote, stripMentions } from '../args.js';
import { defineCommand } from '../define.js';
import { parseTicketRef } from '../tickets/common.js';
import { findPoll } from './common.js';

/**
 * `/结果 #n`: the current or final result, to anyone. Counts only: no command shows who chose
 * what, for named polls neither (a vote is a private act; the count is the public one).
 */
export const resultCommand = defineCommand({
  name: '结果',
  aliases: ['result'],
  usage: '/结果 #n',
  summary: '查看投票或表决的当前或最终结果',
  examples: ['/结果 #3'],
  who: 'anyone',
  scope: 'compound',
  args: argSchema((input) => {
    const text = stripMentions(input.text, input.mentions);
    const ref = parseTicketRef(text);
    if (!ref)
      fail(
        text.trim() === ''
          ? '请写上投票编号, 例如 /结果 #3。'
          : `「${quote(text.trim(), 12)}」不是投票编号, 请写成 #3 这样。`,
      );
    return { no: ref.no };
  }),
  async run(ctx, { no }) {
    const poll = await findPoll(ctx.db, ctx.compound.id, no);
    const text = resultText(poll, await voteResult(ctx.db, poll), ctx.tz, ctx.now);
    return await withBoardLine(
      ctx.db,
      text,
      { kind: 'compound', id: ctx.compound.id },
      ctx.publicUrl,
      ctx.now,
    );
  },
});

import { noticeFileName } from '../../core/affairs/notice-image.js';
import { withBoardLine } from '../../core/board/link.js';
import { formatClock } from '../../core/time/index.js';
import { latestNotice } from '../../db/affairs.js';
import type { NoticeKind } from '../../db/schema-affairs.js';
import { argSchema, fail, lookupWord, tokens } from '../args.js';
import { defineCommand } from '../define.js';
import { nextNoticeAt, nextNoticeLine } from './next-notice.js';

const kindWords: Record<string, NoticeKind> = {
  公示: 'monthly',
  月报: 'monthly',
  月度: 'monthly',
  三务公开: 'monthly',
  周报: 'weekly',
  每周: 'weekly',
};

/**
 * `/三务`: the latest three-affairs notice again, its text and its picture (SPEC "Every notice is
 * stored; `/三务` shows the latest"). `/三务 周报` or `/三务 公示` picks one kind. Before the first
 * notice it says when the first one is due.
 */
export const showNoticeCommand = defineCommand({
  name: '三务',
  aliases: ['affairs'],
  usage: '/三务 [公示|周报]',
  summary: '查看最近一期三务公开 (党务、居务、财务、阳光物业)',
  examples: ['/三务', '/三务 周报'],
  who: 'anyone',
  scope: 'compound',
  args: argSchema((input) => {
    const words = tokens(input.text);
    if (words.length === 0) return { kind: undefined };
    const kind = words.length === 1 ? lookupWord(kindWords, words[0]) : undefined;
    if (kind === undefined) fail('可以看最近的 公示 或 周报, 不写就是最近一期。');
    return { kind };
  }),
  async run(ctx, { kind }) {
    const notice = await latestNotice(ctx.db, ctx.compound.id, kind);
    if (notice === null) {
      const next = await nextNoticeAt(ctx.db, ctx.compound.id, kind ?? 'monthly', ctx.now, ctx.tz);
      const what = kind === 'weekly' ? '三务周报' : '三务公示';
      if (next === null)
        return `本小区还没有发布过${what}。${await nextNoticeLine(ctx.db, ctx.compound.id, ctx.now, ctx.tz)}`;
      return `本小区还没有发布过${what}, 第一期将在 ${formatClock(next, ctx.tz, ctx.now)} 发布。`;
    }
    const when = formatClock(notice.createdAt, ctx.tz, ctx.now);
    ctx.post({
      conversationId: ctx.chat.roomId,
      text: await withBoardLine(
        ctx.db,
        `${notice.summary}\n(${when} 发布)`,
        { kind: 'compound', id: ctx.compound.id },
        ctx.publicUrl,
        ctx.now,
      ),
      file: { name: noticeFileName(notice), data: Buffer.from(notice.image) },
    });
    return undefined;
  },
});

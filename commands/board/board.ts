/**
 * `/公示页 [重置]` (`/board`, SPEC "The desk"): the link of the group's board page; `重置` (admin)
 * gives it a new token, and the old link shows the 404 page from that moment. In a compound's
 * group it is the compound's page, in a community's or street's group the area's.
 */
import { boardLine, boardUrl } from '../../core/board/link.js';
import { type BoardOwner, boardTokenOf, rotateBoardToken } from '../../db/board.js';
import { argSchema, fail, tokens } from '../args.js';
import { type CommandContext, defineCommand, UserError } from '../define.js';

const boardArgs = argSchema((input) => {
  const words = tokens(input.text);
  if (words.length === 0) return { reset: false };
  if (words.length === 1 && (words[0] === '重置' || words[0]?.toLowerCase() === 'reset'))
    return { reset: true };
  fail('只能发送 /公示页 查看链接, 或 /公示页 重置 换一个新链接。');
});

const what = '公示页只读, 不含电话和报修人姓名; 群里任何人都能打开。';

async function answer(ctx: CommandContext, owner: BoardOwner, name: string, reset: boolean): Promise<string> {
  if (!reset) {
    const url = boardUrl(ctx.publicUrl, await boardTokenOf(ctx.db, owner, ctx.now));
    return `「${name}」的${boardLine(url)}\n${what}`;
  }
  if (!ctx.roles.has('admin'))
    throw new UserError('只有管理员可以重置公示页链接。发送 /公示页 查看现在的链接。');
  const url = boardUrl(ctx.publicUrl, await rotateBoardToken(ctx.db, owner, ctx.now));
  return `「${name}」的公示页链接已重置, 旧链接立即失效。\n新的${boardLine(url)}`;
}

const common = {
  name: '公示页',
  aliases: ['board'],
  usage: '/公示页 [重置]',
  examples: ['/公示页', '/公示页 重置'],
  who: 'anyone' as const,
  args: boardArgs,
};

/** In a compound's group: the compound's page (three-affairs, ledger, tickets, votes). */
export const boardCommand = defineCommand({
  ...common,
  summary: '本小区公示页的链接: 三务公开、账目、工单、投票结果; 管理员可重置链接',
  scope: 'compound',
  async run(ctx, { reset }) {
    return await answer(ctx, { kind: 'compound', id: ctx.compound.id }, ctx.compound.name, reset);
  },
});

/** In a community's or street's group: the area's page (compounds side by side, ranking, 吹哨). */
export const areaBoardCommand = defineCommand({
  ...common,
  summary: '本社区、街道公示页的链接: 各小区并排、物业排名、吹哨工单; 管理员可重置链接',
  scope: 'area',
  async run(ctx, { reset }) {
    return await answer(ctx, { kind: 'area', id: ctx.area.id }, ctx.area.name, reset);
  },
});

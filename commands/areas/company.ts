import { setCompany } from '../../db/areas.js';
import { argSchema, fail, hasUnresolvedMention, quote } from '../args.js';
import { defineCommand } from '../define.js';

/**
 * `/物业公司 <名称>`: names the property company serving this compound; the monthly ranking of
 * companies across a community or street counts its tickets under that name (SPEC "Communities
 * and streets"). Without a name it says which company is named now.
 */
export const companyCommand = defineCommand({
  name: '物业公司',
  aliases: ['company'],
  usage: '/物业公司 <名称>',
  summary: '登记为本小区服务的物业公司 (用于街道、社区的排名)',
  examples: ['/物业公司 铁龙物业'],
  who: ['admin', 'committee'],
  scope: 'compound',
  args: argSchema((input) => {
    if (input.mentions.length > 0 || hasUnresolvedMention(input.text, input.mentions)) {
      fail('公司名里不能有 @ 某人。');
    }
    const name = input.text.trim().replace(/\s+/g, ' ');
    if ([...name].length > 40) fail('公司名太长了 (最多 40 个字)。');
    if (name !== '' && (!/[\p{Script=Han}\p{L}]/u.test(name) || /[#＃|｜\p{Cc}]/u.test(name))) {
      fail(`「${quote(name)}」不像公司名, 例如 /物业公司 铁龙物业。`);
    }
    return { name };
  }),
  async run(ctx, { name }) {
    const current = ctx.compound.company;
    if (name === '') {
      return current
        ? `本小区的物业公司: ${current}。要改, 请发送 /物业公司 <名称>。`
        : '本小区还没有登记物业公司。请发送 /物业公司 <名称>, 例如 /物业公司 铁龙物业。';
    }
    if (current === name) return `本小区的物业公司已经是「${name}」。`;
    await setCompany(ctx.db, ctx.compound.id, name);
    const was = current ? ` (原来是「${current}」)` : '';
    return `已登记本小区的物业公司: ${name}${was}。每月的物业公司排名按这个名字统计。`;
  },
});

import { compoundRows, type CompoundRow as Row, sumRows as sum } from '../../core/areas/compound-rows.js';
import { type MonthWhich, monthNote, monthWords } from '../../core/tickets/month-words.js';
import {
  formatRate,
  formatScore,
  meanOneDecimal,
  monthRange,
  percentOneDecimal,
} from '../../core/tickets/stats.js';
import type { Compound } from '../../db/schema.js';
import { argSchema, fail, lookupWord, tokens } from '../args.js';
import { type AreaContext, defineCommand } from '../define.js';
import { areaSections, noCompounds } from './common.js';

/**
 * Two short lines a phone shows without wrapping much: "提交 4, 解决 3, 按时率 66.7%" and
 * "  返工 1, 满意度 4.5, 吹哨 1, 现超时 1". A month without any activity is one line.
 */
function rowLines(label: string, r: Row, which: MonthWhich): string[] {
  const overdue = r.overdueNow > 0 ? `, 现超时 ${r.overdueNow}` : '';
  if (r.filed === 0 && r.rework === 0 && r.escalations === 0 && r.scored === 0) {
    return [`${label}: ${which}没有工单${overdue}`];
  }
  const rate = percentOneDecimal(r.solvedOnTime, r.solveJudged);
  const score = meanOneDecimal(r.scoreSum, r.scored);
  return [
    `${label}: 提交 ${r.filed}, 解决 ${r.solved}, 按时率 ${rate === null ? '暂无' : formatRate(rate)}`,
    `  返工 ${r.rework}, 满意度 ${score === null ? '暂无' : formatScore(score)}, 吹哨 ${r.escalations}, 现超时 ${r.overdueNow}`,
  ];
}

/**
 * `/统计 [本月|上月]` in a community's group puts its compounds side by side; in a street's group
 * each community with its total, then its compounds (SPEC "Communities and streets"). The figures
 * are those of `/统计` in each compound (core/tickets/stats.ts), plus what is overdue right now.
 */
async function areaStats(ctx: AreaContext, which: MonthWhich): Promise<string> {
  const sections = await areaSections(ctx);
  const compounds = sections.flatMap((s) => s.compounds);
  if (compounds.length === 0) return noCompounds(ctx.area);
  const range = monthRange(ctx.now, ctx.tz, which);
  const rows = await compoundRows(
    ctx.db,
    compounds.map((c) => c.id),
    range,
    ctx.now,
  );
  const rowOfCompound = (c: Compound) => rows.get(c.id) as Row;
  const lines = [`${ctx.area.name} ${range.label}工单统计 ${monthNote(which, ctx.now, ctx.tz)}`];
  for (const { community, compounds: mine } of sections) {
    if (ctx.area.kind === 'street') {
      lines.push('', `【${community.name}】${mine.length === 0 ? '还没有小区' : `${mine.length} 个小区`}`);
      if (mine.length === 0) continue;
      lines.push(...rowLines('合计', sum(mine.map(rowOfCompound)), which));
    }
    for (const c of mine) lines.push(...rowLines(c.name, rowOfCompound(c), which));
    if (ctx.area.kind === 'community' && mine.length > 1) {
      lines.push(...rowLines(`合计 ${mine.length} 个小区`, sum(mine.map(rowOfCompound)), which));
    }
  }
  return lines.join('\n');
}

/** `/统计 [本月|上月]` in a community's or street's group. */
export const areaStatsCommand = defineCommand({
  name: '统计',
  aliases: ['stats'],
  usage: '/统计 [本月|上月]',
  summary: '各小区的工单统计并排比较: 按时率、返工、满意度、吹哨、超时',
  examples: ['/统计', '/统计 上月'],
  who: ['community', 'grid'],
  scope: 'area',
  args: argSchema((input) => {
    const words = tokens(input.text);
    if (words.length === 0) return { which: '本月' as MonthWhich };
    const which = words.length === 1 ? lookupWord(monthWords, words[0]?.toLowerCase()) : undefined;
    if (which === undefined) fail('只能统计本月或上月。');
    return { which };
  }),
  async run(ctx, { which }) {
    return await areaStats(ctx, which);
  },
});

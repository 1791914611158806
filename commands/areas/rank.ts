import { rankArea } from '../../core/areas/gather-ranking.js';
import { type CompoundTally, lineOfCompound } from '../../core/areas/ranking.js';
import { rankingFileName, renderRankingImage } from '../../core/areas/ranking-image.js';
import {
  companyName,
  pointsText,
  rankingSummary,
  rulesText,
  starText,
} from '../../core/areas/ranking-text.js';
import { withBoardLine } from '../../core/board/link.js';
import { monthWords, type MonthWhich as Which } from '../../core/tickets/month-words.js';
import { monthRange } from '../../core/tickets/stats.js';
import { toZoned } from '../../core/time/index.js';
import { communityOf } from '../../db/areas.js';
import { argSchema, fail, lookupWord, tokens } from '../args.js';
import { defineCommand } from '../define.js';

const monthArgs = argSchema((input) => {
  const words = tokens(input.text);
  if (words.length === 0) return { which: '本月' as Which };
  const which = words.length === 1 ? lookupWord(monthWords, words[0]?.toLowerCase()) : undefined;
  if (which === undefined) fail('只能看本月或上月的排名, 例如 /排名 上月。');
  return { which };
});

/** " (截至 11月23日 10:00)" for the month still running; the month before is complete. */
function asOf(which: Which, now: number, tz: string): string {
  if (which === '上月') return '';
  const n = toZoned(now, tz);
  return ` (截至 ${n.month}月${n.day}日 ${String(n.hour).padStart(2, '0')}:${String(n.minute).padStart(2, '0')})`;
}

/**
 * `/排名 [本月|上月]` in a community's or street's group: the ranking of the companies over its
 * compounds now, as one picture plus a short text, for anyone in the group (SPEC "Communities and
 * streets"). The monthly post (schedules/company-ranking.ts) is the same ranking of last month.
 */
export const areaRankCommand = defineCommand({
  name: '排名',
  aliases: ['rank'],
  usage: '/排名 [本月|上月]',
  summary: '物业公司排名: 星级、得分、黑榜 (本社区、街道的各小区)',
  examples: ['/排名', '/排名 上月'],
  who: 'anyone',
  scope: 'area',
  args: monthArgs,
  async run(ctx, { which }) {
    const range = monthRange(ctx.now, ctx.tz, which);
    const { compounds, ranking } = await rankArea(ctx.db, ctx.area, range, ctx.now);
    if (compounds.length === 0) {
      return ctx.area.kind === 'community'
        ? `本社区还没有小区, 没有排名。请在各小区的群里由管理员发送 /归属 ${ctx.area.name}。`
        : `本街道还没有小区, 没有排名。请在各社区的群里由管理员发送 /归属 ${ctx.area.name}, 再把小区归到社区。`;
    }
    const heading = { areaName: ctx.area.name, label: range.label, asOf: asOf(which, ctx.now, ctx.tz) };
    const footer =
      which === '本月'
        ? '本月还没结束, 排名还会变; 每月的正式排名按 /设置 排名 的时间发布上月排名。'
        : '完整排名见图。';
    ctx.post({
      conversationId: ctx.chat.roomId,
      text: await withBoardLine(
        ctx.db,
        rankingSummary(ranking, heading, footer),
        { kind: 'area', id: ctx.area.id },
        ctx.publicUrl,
        ctx.now,
      ),
      file: {
        name: rankingFileName(range.label),
        data: renderRankingImage(ranking, { ...heading, compounds: compounds.length }, ctx.tz, ctx.now),
      },
    });
    return undefined;
  },
});

/** The compound's own figures in one line, from its tally (nothing of the other compounds). */
function ownLine(t: CompoundTally): string {
  if (t.filed === 0 && t.solveJudged === 0 && t.scored === 0) return '本小区: 本期没有工单。';
  const part = (a: number, b: number) => (b === 0 ? '暂无' : `${a}/${b}`);
  const satisfaction = t.scored === 0 ? '暂无评分' : `${(t.scoreSum / t.scored).toFixed(1)} 分`;
  return `本小区: 报修 ${t.filed} 件, 按时响应 ${part(t.respondedOnTime, t.responseJudged)}, 按时解决 ${part(t.solvedOnTime, t.solveJudged)}, 满意度 ${satisfaction}, 返工 ${t.rework}, 吹哨 ${t.escalations}`;
}

/**
 * `/排名 [本月|上月]` in a compound's group: only the line of the compound's own company in its
 * community's ranking (stars, score, rank among the rated companies) and the compound's own
 * figures. No other company's line, and no figure of another compound, not even pooled with its
 * own under the company (a member could subtract): only the score, which is the company's
 * (SPEC "Nothing of one compound shows in another compound's groups").
 */
export const rankCommand = defineCommand({
  name: '排名',
  aliases: ['rank'],
  usage: '/排名 [本月|上月]',
  summary: '本小区物业公司在社区排名中的星级、得分和名次',
  examples: ['/排名', '/排名 上月'],
  who: 'anyone',
  scope: 'compound',
  args: monthArgs,
  async run(ctx, { which }) {
    const community = await communityOf(ctx.db, ctx.compound.id);
    if (community === null) {
      return '本小区还没有归属社区, 没有物业公司排名。请管理员发送 /归属 <社区名>。';
    }
    if (!ctx.compound.company?.trim()) {
      return '本小区还没有登记物业公司, 不参与排名。请业委会或管理员发送 /物业公司 <名称>。';
    }
    const range = monthRange(ctx.now, ctx.tz, which);
    const { tallies, ranking } = await rankArea(ctx.db, community, range, ctx.now);
    const found = lineOfCompound(ranking, ctx.compound.id);
    const own = tallies.find((t) => t.compoundId === ctx.compound.id);
    if (found === null || own === undefined) {
      return '本小区不在社区的排名里。请管理员发送 /归属 <社区名> 检查本小区属于哪个社区。';
    }
    const { line } = found;
    const heading = `${ctx.compound.name} · 物业公司 ${companyName(line)} · ${range.label}排名${asOf(which, ctx.now, ctx.tz)}`;
    const standing =
      found.of === 'rated'
        ? `在「${community.name}」${ranking.rated.length} 家评星的物业公司中排第 ${line.rank}: ${starText(line.stars ?? 1)} ${line.stars}星, ${pointsText(line.score ?? 0)}${line.blacklisted ? ', 列入黑榜' : ''}`
        : `可评工单 ${line.counts.solveJudged} 件 (已解决或已过时限), 不足 ${ranking.rules.minTickets} 件, 本期不评星。`;
    return [heading, standing, ownLine(own), `星级标准: ${rulesText(ranking.rules)}`].join('\n');
  },
});

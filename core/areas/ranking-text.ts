/**
 * The words of the company ranking (SPEC "Communities and streets"): the short text posted with
 * the picture in a community's or street's group, and the one line of a compound's own company
 * that its group and its next three-affairs notice show. Built from the same `Ranking` as the
 * picture (core/areas/ranking-image.ts), so the two never disagree.
 */
import { oneLine } from '../display.js';
import { formatRate, formatScore } from '../tickets/stats.js';
import { type Ranking, type RankingLine, type StarRules, scoreWeights } from './ranking.js';

/** "★★★★☆" for 4 stars. */
export function starText(stars: number): string {
  return '★'.repeat(stars) + '☆'.repeat(5 - stars);
}

/** A company's name as shown: one line, at most 20 characters (it is typed by a committee). */
export function companyName(line: Pick<RankingLine, 'name'>): string {
  return oneLine(line.name, 20);
}

/** "86.5 分". */
export function pointsText(score: number): string {
  return `${score.toFixed(1)} 分`;
}

export const orDash = (v: number | null, f: (x: number) => string): string => (v === null ? '—' : f(v));

/** The rules in one line: "★5 ≥90 · ★4 ≥80 · ★3 ≥70 · ★2 ≥60 · 黑榜 <50 · 至少 5 件可评工单". */
export function rulesText(rules: StarRules): string {
  const [five, four, three, two] = rules.thresholds;
  const blacklist = rules.floor > 0 ? `黑榜 <${rules.floor}` : '不设黑榜';
  return `★5 ≥${five} · ★4 ≥${four} · ★3 ≥${three} · ★2 ≥${two} · ${blacklist} · 至少 ${rules.minTickets} 件可评工单`;
}

/** How the score is made, in one line (core/areas/ranking.ts has the reasons). */
export function formulaText(): string {
  const w = scoreWeights;
  return `得分 (满分100) = 按时解决 ${w.solve}% + 满意度 ${w.satisfaction}% + 按时响应 ${w.response}% + 不返工 ${w.rework}% + 不吹哨 ${w.escalation}%; 每百户报修只作参考, 不计分。`;
}

/** "铁龙物业 ★★★★☆ 86.5 分" (and the 黑榜 mark). */
function ratedText(line: RankingLine): string {
  const black = line.blacklisted ? ' [黑榜]' : '';
  return `${companyName(line)} ${starText(line.stars ?? 1)} ${pointsText(line.score ?? 0)}${black}`;
}

/** More rated companies than this in the text become "…另有 N 家, 见图" (the text is read on a phone). */
const TEXT_LINES = 10;

export interface RankingHeading {
  /** The community's or street's name. */
  areaName: string;
  /** "2026年10月". */
  label: string;
  /** " (截至 11月23日 10:00)" for a month still running, else "". */
  asOf?: string;
}

/**
 * The short text posted with the picture: the rated companies best first, the 黑榜, the companies
 * not rated and the compounds with no company named, one line each.
 */
export function rankingSummary(ranking: Ranking, heading: RankingHeading, footer: string): string {
  const lines = [`【${heading.areaName} 物业公司排名】${heading.label}${heading.asOf ?? ''}`];
  if (ranking.rated.length === 0) {
    lines.push(
      ranking.unrated.length === 0
        ? '本期没有可以排名的物业公司。'
        : `本期没有物业公司达到评星所需的 ${ranking.rules.minTickets} 件可评工单。`,
    );
  }
  const shown = ranking.rated.slice(0, TEXT_LINES);
  for (const line of shown) lines.push(`${line.rank}. ${ratedText(line)}`);
  if (ranking.rated.length > shown.length)
    lines.push(`…另有 ${ranking.rated.length - shown.length} 家, 见图`);
  const black = ranking.rated.filter((l) => l.blacklisted);
  if (black.length > 0) {
    lines.push(`黑榜 (低于 ${ranking.rules.floor} 分): ${black.map((l) => companyName(l)).join('、')}`);
  }
  if (ranking.unrated.length > 0) {
    lines.push(
      `样本不足, 本期不评星: ${ranking.unrated.map((l) => `${companyName(l)} (${l.counts.solveJudged} 件)`).join('、')}`,
    );
  }
  if (ranking.unregistered.length > 0) {
    lines.push(
      `未登记物业公司, 不参与排名: ${ranking.unregistered.map((l) => oneLine(l.name, 20)).join('、')} (请在小区群发送 /物业公司 <名称>)`,
    );
  }
  lines.push(footer);
  return lines.join('\n');
}

/** Where a compound's line comes from: the ranking, the area it was made for, and the month. */
export interface CompoundRankContext {
  ranking: Ranking;
  areaName: string;
  label: string;
}

/**
 * The one line of a compound's own company: its stars, score and rank among the rated companies,
 * nothing of any other company (SPEC: "Each compound's own line appears in its next
 * three-affairs notice"). Null when the compound is not in the ranking.
 */
export function compoundRankLine(ctx: CompoundRankContext, compoundId: number): string | null {
  const { ranking } = ctx;
  const head = `物业公司排名 (${ctx.areaName} ${ctx.label})`;
  const rated = ranking.rated.find((l) => l.compounds.some((c) => c.id === compoundId));
  if (rated) {
    const black = rated.blacklisted ? ', 列入黑榜' : '';
    return `${head}: ${companyName(rated)} ${starText(rated.stars ?? 1)} ${rated.stars}星, ${pointsText(rated.score ?? 0)}, 第 ${rated.rank} 名 (共 ${ranking.rated.length} 家)${black}`;
  }
  const unrated = ranking.unrated.find((l) => l.compounds.some((c) => c.id === compoundId));
  if (unrated) {
    return `${head}: ${companyName(unrated)} 可评工单 ${unrated.counts.solveJudged} 件, 不足 ${ranking.rules.minTickets} 件, 本期不评星`;
  }
  if (ranking.unregistered.some((l) => l.compounds.some((c) => c.id === compoundId))) {
    return `${head}: 本小区还没有登记物业公司, 未参与排名`;
  }
  return null;
}

/** The figures of one line for a table row or a compound's own reply. */
export function figureCells(line: RankingLine): {
  response: string;
  solve: string;
  rework: string;
  satisfaction: string;
  escalations: string;
  perHundred: string;
} {
  return {
    response: orDash(line.responseRate, formatRate),
    solve: orDash(line.solveRate, formatRate),
    rework: orDash(line.reworkRate, formatRate),
    satisfaction: orDash(line.avgScore, formatScore),
    escalations: String(line.counts.escalations),
    perHundred: orDash(line.perHundredUnits, (v) => v.toFixed(1)),
  };
}

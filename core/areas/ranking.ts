/**
 * The monthly ranking of property companies across the compounds of a community or street (SPEC
 * "Communities and streets": star rating and the 黑榜). A pure function of the ticket and unit
 * figures of each compound over one period (core/areas/gather-ranking.ts reads them from the
 * store at a time t with core/tickets/stats.ts, so `/排名`, the monthly post and the notices
 * agree with `/统计` about every ticket).
 *
 * ## What is measured
 * Per company (`compounds.company`, as named with `/物业公司`), the figures of its compounds in the
 * community or street are added up (each ticket counts once, so a big compound weighs as much as
 * its tickets, no more). A compound with no company named is listed apart, on its own line, and
 * never ranked: pooling unrelated compounds under "未登记" would rank nobody.
 * - 按时响应率: respondedOnTime / responseJudged (tickets answered, or whose window has closed).
 * - 按时解决率: solvedOnTime / solveJudged (resolved, or open past the deadline: late).
 * - 返工率: rework / (solved + rework): of all the fixes handed in (the ones standing and the
 *   ones sent back with `/退回`), the share sent back. Bounded 0–100% whatever the month.
 * - 满意度: the mean of the `/确认` scores of the period (1–5).
 * - 吹哨率: escalated tickets / filed (the escalations may be of tickets filed earlier, so the
 *   denominator is never below the escalations: at most 100%).
 * - 每百户报修: tickets filed per 100 units with a verified claim (`/认证`).
 *
 * ## The score, 0–100
 * score = Σ wᵢ·sᵢ / Σ wᵢ, each part sᵢ on 0–100, over the parts that can be measured:
 * | part     | sᵢ                           | wᵢ | why |
 * |----------|------------------------------|----|-----|
 * | 按时解决 | 按时解决率                     | 35 | the promise of "5431" is the fix within its window; the most weight |
 * | 满意度   | (mean − 1) / 4               | 25 | the owners' own verdict, which no clock sees (a fix on time that did not fix) |
 * | 按时响应 | 按时响应率                     | 15 | answering in 5 minutes matters, but a bare 接单 costs little, so half of solving |
 * | 返工     | 100 − 返工率                   | 15 | a fix sent back was claimed done and was not: as heavy as responding |
 * | 吹哨     | 100 − 吹哨率                   | 10 | a ticket late past twice its window is escalated automatically, so much of this is already counted by 按时解决; the light weight keeps it from counting twice |
 * | 每百户报修 | —                            |  0 | shown, never scored (below) |
 *
 * Tickets per 100 units is not scored, either way. Many tickets can mean poor upkeep, but just as
 * often owners who trust the channel and report every lamp: a weight against it would reward the
 * company that discourages reporting, the opposite of what 红色物业 asks, and a weight for it
 * would reward poor upkeep. Its denominator is also the owners who bothered to `/绑定` and be
 * `/认证`, which is nothing the company does. Streets read it next to the score, as context.
 *
 * A part that cannot be measured is left out and the others' weights fill its place: nobody rated
 * a fix this month (no 满意度), or nothing was fixed nor sent back (no 返工). Counting a missing part
 * as 0 would punish a company for its owners' silence, as 100 would reward it. The score is
 * rounded half up to one decimal; stars and the 黑榜 read the rounded score, so the number
 * printed is the number judged.
 *
 * ## Who is rated, stars and the 黑榜 (defaults; the street changes them with `/设置 星级`)
 * - Rated: a company with at least `minTickets` = 5 tickets whose solve deadline can be judged
 *   (resolved, or open past it). With fewer, one ticket moves the solve rate by more than 20
 *   points, so the stars would tell luck, not service; such a company is listed under 样本不足
 *   with its figures, without score, stars, rank or 黑榜. The solve clock decides because it is
 *   the heaviest part: with five judged tickets it always exists.
 * - Stars by the lowest score of each: ★5 ≥ 90, ★4 ≥ 80, ★3 ≥ 70, ★2 ≥ 60, else ★1. The bands are
 *   the 优秀/良好/中等/及格 of Chinese school marks (60 分及格), so everyone reads them the same way
 *   without a legend; ★1 is "不及格". For scale: 90% of both clocks kept, a mean score of 4.5,
 *   5% rework and 2% escalations make 90.9 (★5); 60% kept, 3.4, 20% and 10% make 66.0 (★2).
 * - 黑榜: a rated company below 50. Below the 60 pass line, so one bad month just under it is a
 *   warning (★1), not a public black list; at 50 the company keeps fewer of its promises than it
 *   breaks (e.g. 40% solved on time, 50% answered on time, a mean score of 2.6, 30% rework and 20%
 *   escalations make 50.0). `/设置 星级 黑榜 0` turns the 黑榜 off.
 * - Order: by score, best first; equal scores share a rank (1, 1, 3) and are listed by name.
 */

import { sumCounts } from '../counts.js';
import { compareZh } from '../text.js';
import { meanOneDecimal, percentOneDecimal, type TicketFigures } from '../tickets/stats.js';

/** The rules of the stars (SPEC: "thresholds the street sets"), see the file comment. */
export interface StarRules {
  /** The lowest score of ★5, ★4, ★3 and ★2, descending; below the last is ★1. */
  thresholds: readonly [number, number, number, number];
  /** A rated company whose score is below this is on the 黑榜 (0: nobody). */
  floor: number;
  /** Tickets with a judged solve deadline a company needs to be rated. */
  minTickets: number;
}

/** The defaults, with their reasons in the file comment. */
export const defaultStarRules: StarRules = {
  thresholds: [90, 80, 70, 60],
  floor: 50,
  minTickets: 5,
};

/** The weights of the score's parts, with their reasons in the file comment. They add up to 100. */
export const scoreWeights = {
  solve: 35,
  satisfaction: 25,
  response: 15,
  rework: 15,
  escalation: 10,
} as const;

/** The figures of one compound over the period that the ranking reads. */
export interface CompoundTally {
  compoundId: number;
  compoundName: string;
  /** The company named with `/物业公司`; null when none. */
  company: string | null;
  /** Units with a verified claim by the end of the period. */
  verifiedUnits: number;
  filed: number;
  respondedOnTime: number;
  responseJudged: number;
  solved: number;
  solvedOnTime: number;
  solveJudged: number;
  rework: number;
  escalations: number;
  scoreSum: number;
  scored: number;
}

/** The counts of a line: one compound's, or a company's compounds' added up. */
export type TallyCounts = Omit<CompoundTally, 'compoundId' | 'compoundName' | 'company'>;

/** One line of the ranking: a company, or a compound with no company named. */
export interface RankingLine {
  /** The company's name; for a compound without one, the compound's name. */
  name: string;
  company: string | null;
  compounds: { id: number; name: string }[];
  counts: TallyCounts;
  /** Percentages with one decimal (66.7), null when there is nothing to divide. */
  responseRate: number | null;
  solveRate: number | null;
  reworkRate: number | null;
  escalationRate: number | null;
  /** Mean satisfaction with one decimal. */
  avgScore: number | null;
  perHundredUnits: number | null;
  /** 0–100 with one decimal; null below the minimum of tickets. */
  score: number | null;
  /** 1–5 for a rated company; null otherwise. */
  stars: number | null;
  /** 1 for the best rated company; null when not rated. */
  rank: number | null;
  blacklisted: boolean;
}

export interface Ranking {
  /** Rated companies, best first; equal scores share a rank. */
  rated: RankingLine[];
  /** Companies with too few judged tickets to be rated, by name. */
  unrated: RankingLine[];
  /** Compounds with no company named, each on its own line, by name; never ranked. */
  unregistered: RankingLine[];
  rules: StarRules;
}

const byName = (a: { name: string }, b: { name: string }) => compareZh(a.name, b.name);

/** The ranking's reading of one compound's figures of the period. */
export function tallyOf(
  compound: { id: number; name: string; company: string | null },
  f: Pick<
    TicketFigures,
    | 'filed'
    | 'respondedOnTime'
    | 'responseJudged'
    | 'solved'
    | 'solvedOnTime'
    | 'solveJudged'
    | 'rework'
    | 'escalations'
    | 'scoreSum'
    | 'scored'
  >,
  verifiedUnits: number,
): CompoundTally {
  return {
    compoundId: compound.id,
    compoundName: compound.name,
    company: compound.company,
    verifiedUnits,
    filed: f.filed,
    respondedOnTime: f.respondedOnTime,
    responseJudged: f.responseJudged,
    solved: f.solved,
    solvedOnTime: f.solvedOnTime,
    solveJudged: f.solveJudged,
    rework: f.rework,
    escalations: f.escalations,
    scoreSum: f.scoreSum,
    scored: f.scored,
  };
}

const noCounts: TallyCounts = {
  verifiedUnits: 0,
  filed: 0,
  respondedOnTime: 0,
  responseJudged: 0,
  solved: 0,
  solvedOnTime: 0,
  solveJudged: 0,
  rework: 0,
  escalations: 0,
  scoreSum: 0,
  scored: 0,
};

/** A share as [part, whole]; null when the whole is 0. */
type Share = readonly [number, number] | null;
const share = (part: number, whole: number): Share => (whole === 0 ? null : [part, whole]);

/** The parts of the score as shares of 1 (see the table in the file comment). */
function parts(c: TallyCounts): Record<keyof typeof scoreWeights, Share> {
  const escalationBase = Math.max(c.filed, c.escalations);
  return {
    solve: share(c.solvedOnTime, c.solveJudged),
    satisfaction: share(c.scoreSum - c.scored, 4 * c.scored),
    response: share(c.respondedOnTime, c.responseJudged),
    rework: share(c.solved, c.solved + c.rework),
    escalation: share(escalationBase - c.escalations, escalationBase),
  };
}

/**
 * The score of some counts, 0–100 rounded half up to one decimal, or null when no part can be
 * measured. Floating point is exact enough here: the tiny nudge keeps a sum that should be
 * exactly x.x5 from rounding down.
 */
export function scoreOf(c: TallyCounts): number | null {
  let weighted = 0;
  let weights = 0;
  for (const [key, s] of Object.entries(parts(c)) as [keyof typeof scoreWeights, Share][]) {
    if (s === null) continue;
    weighted += scoreWeights[key] * (s[0] / s[1]);
    weights += scoreWeights[key];
  }
  if (weights === 0) return null;
  return Math.floor((weighted / weights) * 1000 + 0.5 + 1e-7) / 10;
}

/** The stars of a (rounded) score under the rules. */
export function starsFor(score: number, rules: StarRules): number {
  const at = rules.thresholds.findIndex((t) => score >= t);
  return at === -1 ? 1 : 5 - at;
}

function lineOf(name: string, company: string | null, tallies: readonly CompoundTally[]): RankingLine {
  const c = sumCounts(noCounts, tallies);
  return {
    name,
    company,
    compounds: tallies.map((t) => ({ id: t.compoundId, name: t.compoundName })).sort(byName),
    counts: c,
    responseRate: percentOneDecimal(c.respondedOnTime, c.responseJudged),
    solveRate: percentOneDecimal(c.solvedOnTime, c.solveJudged),
    reworkRate: percentOneDecimal(c.rework, c.solved + c.rework),
    escalationRate: percentOneDecimal(c.escalations, Math.max(c.filed, c.escalations)),
    avgScore: meanOneDecimal(c.scoreSum, c.scored),
    perHundredUnits: percentOneDecimal(c.filed, c.verifiedUnits),
    score: null,
    stars: null,
    rank: null,
    blacklisted: false,
  };
}

/**
 * Ranks the companies of the given compounds (those of one community or street) under the star
 * rules; see the file comment for every rule.
 */
export function rankCompanies(tallies: readonly CompoundTally[], rules: StarRules): Ranking {
  const byCompany = new Map<string, CompoundTally[]>();
  const unregistered: RankingLine[] = [];
  for (const t of tallies) {
    const company = t.company?.trim() ?? '';
    if (company === '') {
      const line = lineOf(t.compoundName, null, [t]);
      // Scored for the community's information, never starred nor ranked.
      if (t.solveJudged >= rules.minTickets) line.score = scoreOf(line.counts);
      unregistered.push(line);
      continue;
    }
    const list = byCompany.get(company);
    if (list) list.push(t);
    else byCompany.set(company, [t]);
  }

  const rated: RankingLine[] = [];
  const unrated: RankingLine[] = [];
  for (const [company, list] of byCompany) {
    const line = lineOf(company, company, list);
    const score = line.counts.solveJudged >= rules.minTickets ? scoreOf(line.counts) : null;
    if (score === null) {
      unrated.push(line);
      continue;
    }
    line.score = score;
    line.stars = starsFor(score, rules);
    line.blacklisted = score < rules.floor;
    rated.push(line);
  }
  rated.sort((a, b) => (b.score as number) - (a.score as number) || byName(a, b));
  for (const line of rated) {
    line.rank = 1 + rated.filter((o) => (o.score as number) > (line.score as number)).length;
  }
  return {
    rated,
    unrated: unrated.sort(byName),
    unregistered: unregistered.sort(byName),
    rules,
  };
}

/** Where a compound stands in a ranking: its company's line (or its own, with no company). */
export function lineOfCompound(
  ranking: Ranking,
  compoundId: number,
): { line: RankingLine; of: 'rated' | 'unrated' | 'unregistered' } | null {
  for (const of of ['rated', 'unrated', 'unregistered'] as const) {
    const line = ranking[of].find((l) => l.compounds.some((c) => c.id === compoundId));
    if (line) return { line, of };
  }
  return null;
}

import { describe, expect, it } from 'vitest';
import {
  type CompoundTally,
  defaultStarRules,
  rankCompanies,
  scoreOf,
  scoreWeights,
  starsFor,
} from '../../../core/areas/ranking.js';
import { compoundRankLine, rankingSummary } from '../../../core/areas/ranking-text.js';

let nextId = 1;
function tally(name: string, company: string | null, f: Partial<CompoundTally>): CompoundTally {
  return {
    compoundId: nextId++,
    compoundName: name,
    company,
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
    ...f,
  };
}

/**
 * Worked by hand (weights 35 solve, 25 satisfaction, 15 response, 15 rework, 10 escalation):
 * - 铁龙物业 = 幸福小区 + 阳光花园, pooled: 10 filed, answered 9/10, solved on time 9/10, 10 solved
 *   and 1 sent back, scores 28 over 6, 100 verified units.
 *   0.9×35 + (22/24)×25 + 0.9×15 + (10/11)×15 + 1×10 = 31.5 + 22.917 + 13.5 + 13.636 + 10 = 91.553
 *   → 91.6, ★5.
 * - 万家物业 (枫林小区): 0.5×35 + (4/16)×25 + 0.5×15 + (6/8)×15 + (6/8)×10
 *   = 17.5 + 6.25 + 7.5 + 11.25 + 7.5 = 50.0 exactly: ★1, and NOT on the 黑榜 (below 50 only).
 * - 好家物业 (丙小区): (2/6)×35 + (1/12)×25 + (2/6)×15 + (4/6)×15 + (3/6)×10
 *   = 11.667 + 2.083 + 5 + 10 + 5 = 33.75 → 33.8 (half up), ★1, 黑榜.
 * - 小本物业 (丁小区): 4 judged tickets, fewer than 5: not rated.
 * - 戊小区 (no company): nobody scored, so 满意度 is left out and the rest share 75:
 *   (0.8×35 + 1×15 + 1×15 + 1×10) / 75 = 68/75 = 90.667 → 90.7, listed apart, never starred.
 * - 己小区 (company "  ": blanks are no company): no tickets, no score.
 */
function street(): CompoundTally[] {
  return [
    tally('丙小区', '好家物业', {
      filed: 6,
      respondedOnTime: 2,
      responseJudged: 6,
      solved: 4,
      solvedOnTime: 2,
      solveJudged: 6,
      rework: 2,
      escalations: 3,
      scoreSum: 4,
      scored: 3,
    }),
    tally('幸福小区', '铁龙物业', {
      verifiedUnits: 40,
      filed: 6,
      respondedOnTime: 6,
      responseJudged: 6,
      solved: 6,
      solvedOnTime: 5,
      solveJudged: 6,
      scoreSum: 18,
      scored: 4,
    }),
    tally('枫林小区', '万家物业', {
      filed: 8,
      respondedOnTime: 4,
      responseJudged: 8,
      solved: 6,
      solvedOnTime: 4,
      solveJudged: 8,
      rework: 2,
      escalations: 2,
      scoreSum: 8,
      scored: 4,
    }),
    tally('戊小区', null, {
      filed: 5,
      respondedOnTime: 5,
      responseJudged: 5,
      solved: 4,
      solvedOnTime: 4,
      solveJudged: 5,
    }),
    tally('丁小区', '小本物业', {
      filed: 4,
      respondedOnTime: 4,
      responseJudged: 4,
      solved: 4,
      solvedOnTime: 4,
      solveJudged: 4,
    }),
    tally('阳光花园', '铁龙物业', {
      verifiedUnits: 60,
      filed: 4,
      respondedOnTime: 3,
      responseJudged: 4,
      solved: 4,
      solvedOnTime: 4,
      solveJudged: 4,
      rework: 1,
      scoreSum: 10,
      scored: 2,
    }),
    tally('己小区', '  ', {}),
  ];
}

describe('the company ranking (a pure function of the figures)', () => {
  it('GIVEN the weights THEN they add up to 100', () => {
    expect(Object.values(scoreWeights).reduce((a, b) => a + b, 0)).toBe(100);
  });

  it('GIVEN four companies and two compounds without one THEN order, scores, stars and the 黑榜 are as worked by hand', () => {
    const r = rankCompanies(street(), defaultStarRules);
    expect(
      r.rated.map((l) => [l.name, l.score, l.stars, l.rank, l.blacklisted, l.compounds.map((c) => c.name)]),
    ).toEqual([
      ['铁龙物业', 91.6, 5, 1, false, ['幸福小区', '阳光花园']],
      ['万家物业', 50, 1, 2, false, ['枫林小区']],
      ['好家物业', 33.8, 1, 3, true, ['丙小区']],
    ]);
    expect(r.unrated.map((l) => [l.name, l.score, l.stars, l.rank, l.counts.solveJudged])).toEqual([
      ['小本物业', null, null, null, 4],
    ]);
    expect(r.unregistered.map((l) => [l.name, l.company, l.score, l.stars, l.rank])).toEqual([
      ['己小区', null, null, null, null],
      ['戊小区', null, 90.7, null, null],
    ]);
  });

  it('GIVEN the pooled company THEN each shown figure is its pooled ratio', () => {
    const tielong = rankCompanies(street(), defaultStarRules).rated[0];
    expect(tielong).toMatchObject({
      responseRate: 90,
      solveRate: 90,
      // 1 sent back of 11 fixes handed in.
      reworkRate: 9.1,
      escalationRate: 0,
      // 28 points over 6 scores.
      avgScore: 4.7,
      // 10 tickets over 100 verified units.
      perHundredUnits: 10,
    });
    expect(tielong?.counts.filed).toBe(10);
    const wanjia = rankCompanies(street(), defaultStarRules).rated[1];
    // No verified unit: nothing to divide by.
    expect(wanjia?.perHundredUnits).toBeNull();
    expect(wanjia?.escalationRate).toBe(25);
  });

  it('GIVEN two companies with the same score THEN they share a rank, listed by name, and the next is third', () => {
    const same = {
      filed: 5,
      respondedOnTime: 5,
      responseJudged: 5,
      solved: 5,
      solvedOnTime: 4,
      solveJudged: 5,
    };
    const r = rankCompanies(
      [
        tally('一号', '乙物业', same),
        tally('二号', '甲物业', same),
        tally('三号', '丙物业', { ...same, solvedOnTime: 3 }),
      ],
      defaultStarRules,
    );
    // By name in pinyin order: 甲 (jia) before 乙 (yi).
    expect(r.rated.map((l) => [l.name, l.rank])).toEqual([
      ['甲物业', 1],
      ['乙物业', 1],
      ['丙物业', 3],
    ]);
  });

  it('GIVEN more escalations than tickets filed (older tickets escalated) THEN the escalation part stays within 0-100', () => {
    const c = { ...tally('x', 'y', {}), filed: 2, solveJudged: 0, escalations: 5 };
    // Only the escalation part can be measured: 5 of max(2, 5) escalated → 0.
    expect(scoreOf(c)).toBe(0);
  });

  it('GIVEN nothing that can be measured THEN there is no score', () => {
    expect(scoreOf(tally('x', 'y', {}))).toBeNull();
  });

  it('GIVEN the thresholds THEN each boundary score gets the higher star', () => {
    const rules = defaultStarRules;
    expect([100, 90, 89.9, 80, 79.9, 70, 69.9, 60, 59.9, 0].map((s) => starsFor(s, rules))).toEqual([
      5, 5, 4, 4, 3, 3, 2, 2, 1, 1,
    ]);
    expect(starsFor(85, { ...rules, thresholds: [95, 85, 75, 65] })).toBe(4);
  });

  it('GIVEN a street that asks for 3 tickets and a 黑榜 line of 55 THEN the small company is rated and 50.0 is on the 黑榜', () => {
    const r = rankCompanies(street(), { thresholds: [90, 80, 70, 60], floor: 55, minTickets: 3 });
    expect(r.rated.map((l) => [l.name, l.stars, l.blacklisted])).toEqual([
      ['小本物业', 5, false],
      ['铁龙物业', 5, false],
      ['万家物业', 1, true],
      ['好家物业', 1, true],
    ]);
  });

  it('GIVEN the ranking THEN the text lists the rated, the 黑榜, the unrated and the compounds with no company', () => {
    const r = rankCompanies(street(), defaultStarRules);
    expect(rankingSummary(r, { areaName: '马栏街道', label: '2026年10月' }, '完整排名见图。')).toBe(
      [
        '【马栏街道 物业公司排名】2026年10月',
        '1. 铁龙物业 ★★★★★ 91.6 分',
        '2. 万家物业 ★☆☆☆☆ 50.0 分',
        '3. 好家物业 ★☆☆☆☆ 33.8 分 [黑榜]',
        '黑榜 (低于 50 分): 好家物业',
        '样本不足, 本期不评星: 小本物业 (4 件)',
        '未登记物业公司, 不参与排名: 己小区、戊小区 (请在小区群发送 /物业公司 <名称>)',
        '完整排名见图。',
      ].join('\n'),
    );
  });

  it("GIVEN a compound THEN its line names only its own company's stars, score and rank", () => {
    const tallies = street();
    const r = rankCompanies(tallies, defaultStarRules);
    const idOf = (name: string) => tallies.find((t) => t.compoundName === name)?.compoundId ?? 0;
    const ctx = { ranking: r, areaName: '文苑社区', label: '2026年10月' };
    expect(compoundRankLine(ctx, idOf('阳光花园'))).toBe(
      '物业公司排名 (文苑社区 2026年10月): 铁龙物业 ★★★★★ 5星, 91.6 分, 第 1 名 (共 3 家)',
    );
    expect(compoundRankLine(ctx, idOf('丙小区'))).toBe(
      '物业公司排名 (文苑社区 2026年10月): 好家物业 ★☆☆☆☆ 1星, 33.8 分, 第 3 名 (共 3 家), 列入黑榜',
    );
    expect(compoundRankLine(ctx, idOf('丁小区'))).toBe(
      '物业公司排名 (文苑社区 2026年10月): 小本物业 可评工单 4 件, 不足 5 件, 本期不评星',
    );
    expect(compoundRankLine(ctx, idOf('戊小区'))).toBe(
      '物业公司排名 (文苑社区 2026年10月): 本小区还没有登记物业公司, 未参与排名',
    );
    expect(compoundRankLine(ctx, 9999)).toBeNull();
  });
});

/**
 * The picture of a company ranking (SPEC: "One picture plus a short text"): the rated companies
 * with every figure the score is made of, a bar of each score against the 黑榜 line, then the
 * companies not rated, the compounds with no company named, and how the score is made. Drawn
 * from the same `Ranking` as the text (core/areas/ranking-text.ts).
 */
import { type Bar, type Block, RED, renderDocument } from '../render/document.js';
import { formatDateTime } from '../time/index.js';
import type { Ranking, RankingLine } from './ranking.js';
import {
  companyName,
  figureCells,
  formulaText,
  orDash,
  pointsText,
  type RankingHeading,
  rulesText,
  starText,
} from './ranking-text.js';

const figureColumns = [
  { label: '按时响应', share: 0.09, align: 'right' as const },
  { label: '按时解决', share: 0.09, align: 'right' as const },
  { label: '返工率', share: 0.08, align: 'right' as const },
  { label: '满意度', share: 0.08, align: 'right' as const },
  { label: '吹哨', share: 0.06, align: 'right' as const },
  { label: '每百户报修', share: 0.1, align: 'right' as const },
];

function figureRow(line: RankingLine): string[] {
  const f = figureCells(line);
  return [f.response, f.solve, f.rework, f.satisfaction, f.escalations, f.perHundred];
}

function who(line: RankingLine): string {
  const n = line.compounds.length;
  return n > 1 ? `${companyName(line)} (${n}个小区)` : companyName(line);
}

function ratedBlocks(ranking: Ranking): Block[] {
  if (ranking.rated.length === 0) {
    return [{ kind: 'text', text: '本期没有达到评星条件的物业公司。', muted: true }];
  }
  const blocks: Block[] = [
    {
      kind: 'table',
      columns: [
        { label: '名次', share: 0.06 },
        { label: '物业公司', share: 0.22 },
        { label: '星级', share: 0.13 },
        { label: '得分', share: 0.08, align: 'right' },
        ...figureColumns,
      ],
      rows: ranking.rated.map((l) => [
        String(l.rank),
        `${who(l)}${l.blacklisted ? ' [黑榜]' : ''}`,
        starText(l.stars ?? 1),
        orDash(l.score, (s) => s.toFixed(1)),
        ...figureRow(l),
      ]),
    },
  ];
  const bars: Bar[] = ranking.rated.map((l) => ({
    label: `${l.rank}. ${companyName(l)}`,
    fraction: (l.score ?? 0) / 100,
    valueLabel: pointsText(l.score ?? 0),
    color: l.blacklisted ? RED : undefined,
  }));
  blocks.push(
    ranking.rules.floor > 0
      ? {
          kind: 'bars',
          bars,
          threshold: { fraction: ranking.rules.floor / 100, label: `黑榜线 ${ranking.rules.floor}` },
        }
      : { kind: 'bars', bars },
  );
  const black = ranking.rated.filter((l) => l.blacklisted);
  if (black.length > 0) {
    blocks.push({ kind: 'heading', text: `黑榜 (低于 ${ranking.rules.floor} 分)` });
    blocks.push({
      kind: 'text',
      color: RED,
      text: black.map((l) => `${who(l)} ${pointsText(l.score ?? 0)}`).join('\n'),
    });
  }
  return blocks;
}

function apartBlocks(title: string, lines: readonly RankingLine[], first: string): Block[] {
  if (lines.length === 0) return [];
  return [
    { kind: 'heading', text: title },
    {
      kind: 'table',
      columns: [
        { label: first, share: 0.3 },
        { label: '可评工单', share: 0.1, align: 'right' },
        ...figureColumns,
      ],
      rows: lines.map((l) => [who(l), String(l.counts.solveJudged), ...figureRow(l)]),
    },
  ];
}

/** The ranking as one PNG. */
export function renderRankingImage(
  ranking: Ranking,
  heading: RankingHeading & { compounds: number },
  tz: string,
  now: number,
): Buffer {
  return renderDocument([
    {
      kind: 'title',
      text: `${heading.areaName} 物业公司排名`,
      sub: `${heading.label}${heading.asOf ?? ''} · ${heading.compounds} 个小区 · ${formatDateTime(now, tz)} 生成`,
    },
    ...ratedBlocks(ranking),
    ...apartBlocks(
      `样本不足, 本期不评星 (可评工单少于 ${ranking.rules.minTickets} 件)`,
      ranking.unrated,
      '物业公司',
    ),
    ...apartBlocks('未登记物业公司的小区 (不参与排名)', ranking.unregistered, '小区'),
    { kind: 'heading', text: '评分方法' },
    { kind: 'text', text: formulaText(), muted: true },
    { kind: 'text', text: `星级: ${rulesText(ranking.rules)}`, muted: true },
  ]);
}

/** The picture's file name as WeChat shows it under the image. */
export function rankingFileName(label: string): string {
  return `物业公司排名-${label}.png`;
}

/**
 * The picture of a whole three-affairs notice (SPEC "Long notices go as one image plus a short
 * text summary"): 党务, 居务, 财务 items, the ledger of the period with each fund's statement, and the
 * 阳光物业 ticket figures with a small chart per manager, drawn from the same NoticeContent as the
 * text so the two never disagree.
 */

import type { AffairNotice } from '../../db/schema-affairs.js';
import { type Bar, type Block, renderDocument } from '../render/document.js';
import { formatRate, formatScore } from '../tickets/stats.js';
import { formatClock, formatDateTime, formatDuration } from '../time/index.js';
import { formatFen } from './money.js';
import {
  affairKindNames,
  directionNames,
  fundNames,
  type NoticeContent,
  noticeKindNames,
} from './notice-content.js';

const orDash = (v: number | null, f: (x: number) => string) => (v === null ? '—' : f(v));

function itemBlocks(content: NoticeContent): Block[] {
  return (['party', 'resident', 'finance'] as const).flatMap((kind): Block[] => [
    { kind: 'heading', text: `${affairKindNames[kind]}公开` },
    content.items[kind].length === 0
      ? { kind: 'text', text: '本期无公示事项。', muted: true }
      : {
          kind: 'table',
          columns: [
            { label: '事项', share: 0.78 },
            { label: '发布人', share: 0.22 },
          ],
          rows: content.items[kind].map((i, n) => [`${n + 1}. ${i.text}`, i.author]),
        },
  ]);
}

function ledgerBlocks(content: NoticeContent, tz: string, now: number): Block[] {
  const { ledger } = content;
  return [
    { kind: 'heading', text: '收支明细' },
    {
      kind: 'table',
      columns: [
        { label: '日期', share: 0.2 },
        { label: '收支', share: 0.1 },
        { label: '金额', share: 0.2, align: 'right' },
        { label: '事由', share: 0.5 },
      ],
      rows: ledger.lines.map((l) => [
        formatClock(l.at, tz, now),
        directionNames[l.direction],
        formatFen(l.amountFen),
        `${l.fund === 'maintenance' ? `[${fundNames[l.fund]}] ` : ''}${l.reason}`,
      ]),
      empty: '本期无收支。',
    },
    {
      kind: 'table',
      columns: [
        { label: '账户', share: 0.2 },
        { label: '期初', share: 0.2, align: 'right' },
        { label: '收入', share: 0.2, align: 'right' },
        { label: '支出', share: 0.2, align: 'right' },
        { label: '期末余额', share: 0.2, align: 'right' },
      ],
      rows: ledger.funds.map((s) => [
        fundNames[s.fund],
        formatFen(s.openingFen),
        formatFen(s.incomeFen),
        formatFen(s.expenseFen),
        formatFen(s.closingFen),
      ]),
    },
  ];
}

function figureBlocks(content: NoticeContent): Block[] {
  const f = content.figures;
  const blocks: Block[] = [
    { kind: 'heading', text: '阳光物业 (工单)' },
    {
      kind: 'table',
      columns: [
        { label: '报修', share: 1 / 6, align: 'right' },
        { label: '办结', share: 1 / 6, align: 'right' },
        { label: '按时办结率', share: 1 / 6, align: 'right' },
        { label: '满意度', share: 1 / 6, align: 'right' },
        { label: '返工', share: 1 / 6, align: 'right' },
        { label: '吹哨', share: 1 / 6, align: 'right' },
      ],
      rows: [
        [
          String(f.filed),
          String(f.solved),
          orDash(f.onTimeRate, formatRate),
          orDash(f.avgScore, (s) => `${formatScore(s)} 分`),
          String(f.rework),
          String(f.escalations),
        ],
      ],
    },
  ];
  if (f.byManager.length > 0) {
    blocks.push({
      kind: 'table',
      columns: [
        { label: '负责人', share: 0.28 },
        { label: '接手', share: 0.12, align: 'right' },
        { label: '办结', share: 0.12, align: 'right' },
        { label: '按时', share: 0.12, align: 'right' },
        { label: '解决用时中位数', share: 0.22, align: 'right' },
        { label: '满意度', share: 0.14, align: 'right' },
      ],
      rows: f.byManager.map((m) => [
        m.name,
        String(m.assigned),
        String(m.solved),
        String(m.solvedOnTime),
        orDash(m.medianSolveMs, formatDuration),
        orDash(m.avgScore, formatScore),
      ]),
    });
    const most = Math.max(1, ...f.byManager.map((m) => m.solved));
    const bars: Bar[] = f.byManager.map((m) => ({
      label: m.name,
      fraction: m.solved / most,
      valueLabel: `办结 ${m.solved} · 按时 ${m.solvedOnTime}`,
    }));
    blocks.push({ kind: 'bars', bars });
  }
  return blocks;
}

/** The notice as one PNG: title, the three affairs, the ledger and the ticket figures. */
export function renderNoticeImage(content: NoticeContent, tz: string, now: number): Buffer {
  return renderDocument([
    { kind: 'title', text: content.title, sub: `${content.periodLabel} · ${formatDateTime(now, tz)} 发布` },
    ...itemBlocks(content),
    ...ledgerBlocks(content, tz, now),
    ...figureBlocks(content),
    ...(content.ranking === null ? [] : [{ kind: 'text' as const, text: content.ranking }]),
  ]);
}

/** The picture's file name as WeChat shows it under the image. */
export function noticeFileName(notice: Pick<AffairNotice, 'id' | 'kind'>): string {
  return `${noticeKindNames[notice.kind]}-${notice.id}.png`;
}

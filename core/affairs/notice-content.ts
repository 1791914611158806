/**
 * What a three-affairs notice says (SPEC "Three-affairs notices"): 党务 and 居务 items, 财务
 * (items, ledger lines of the period with totals and each fund's balance) and 阳光物业 (the
 * ticket figures of the period). One model feeds both the short text posted in the group and
 * the picture of the whole notice, so the two never disagree.
 */

import {
  type FundBalance,
  fundBalances,
  itemsBetween,
  ledgerLinesBetween,
  unpublishedItems,
} from '../../db/affairs.js';
import type { DbOrTx } from '../../db/client.js';
import { storedName } from '../../db/people.js';
import type {
  AffairItem,
  AffairKind,
  LedgerDirection,
  LedgerFund,
  LedgerLine,
  NoticeKind,
} from '../../db/schema-affairs.js';
import { postedRankLine } from '../areas/posted-ranking.js';
import { displayName, oneLine } from '../display.js';
import { formatRate, formatScore, type TicketFigures, ticketFigures } from '../tickets/stats.js';
import { toZoned } from '../time/index.js';
import { formatFen } from './money.js';

export const affairKindNames: Record<AffairKind, string> = {
  party: '党务',
  resident: '居务',
  finance: '财务',
};
export const fundNames: Record<LedgerFund, string> = { public: '公共收益', maintenance: '维修资金' };
export const directionNames: Record<LedgerDirection, string> = { income: '收入', expense: '支出' };
export const noticeKindNames: Record<NoticeKind, string> = { monthly: '三务公开', weekly: '三务周报' };

export interface NoticeItem {
  id: number;
  kind: AffairKind;
  text: string;
  author: string;
  at: number;
}

export interface NoticeLedgerLine {
  at: number;
  direction: LedgerDirection;
  amountFen: number;
  fund: LedgerFund;
  reason: string;
  author: string;
}

export interface FundStatement {
  fund: LedgerFund;
  openingFen: number;
  incomeFen: number;
  expenseFen: number;
  closingFen: number;
}

export interface NoticeContent {
  kind: NoticeKind;
  compoundName: string;
  from: number;
  to: number;
  /** "2026年11月" for a calendar month, else "11月23日 09:00 至 11月30日 09:00". */
  periodLabel: string;
  title: string;
  items: Record<AffairKind, NoticeItem[]>;
  ledger: {
    lines: NoticeLedgerLine[];
    incomeFen: number;
    expenseFen: number;
    /** Funds that have any line up to the end of the period; the public fund always. */
    funds: FundStatement[];
  };
  figures: TicketFigures;
  /**
   * The line of the compound's own company in the ranking its community (or street) posted during
   * the period, as posted; monthly notices only, null when none was posted.
   */
  ranking: string | null;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

function clockOf(p: { hour: number; minute: number; second: number }): string {
  const hm = `${pad2(p.hour)}:${pad2(p.minute)}`;
  return p.second === 0 ? hm : `${hm}:${pad2(p.second)}`;
}

/**
 * The period as owners read it: a whole local calendar month starting on the 1st is "2026年11月"
 * (the default monthly notice, whatever hour it runs), anything else its two ends.
 */
export function periodLabel(from: number, to: number, tz: string): string {
  const a = toZoned(from, tz);
  const b = toZoned(to, tz);
  const sameClock = a.hour === b.hour && a.minute === b.minute && a.second === b.second;
  const nextMonth =
    a.month === 12 ? b.year === a.year + 1 && b.month === 1 : b.year === a.year && b.month === a.month + 1;
  if (a.day === 1 && b.day === 1 && sameClock && nextMonth) return `${a.year}年${a.month}月`;
  const day = (p: typeof a) => `${p.month}月${p.day}日`;
  const start = `${a.year === b.year ? '' : `${a.year}年`}${day(a)} ${clockOf(a)}`;
  const sameDay = a.year === b.year && a.month === b.month && a.day === b.day;
  const end = sameDay ? clockOf(b) : `${a.year === b.year ? '' : `${b.year}年`}${day(b)} ${clockOf(b)}`;
  return `${start} 至 ${end}`;
}

async function toItem(db: DbOrTx, item: AffairItem, names: Map<string, string>): Promise<NoticeItem> {
  return {
    id: item.id,
    kind: item.kind,
    text: item.text,
    author: await nameOf(db, item.authorId, names),
    at: item.at,
  };
}

async function nameOf(db: DbOrTx, id: string, names: Map<string, string>): Promise<string> {
  let name = names.get(id);
  if (name === undefined) {
    name = displayName(await storedName(db, id));
    names.set(id, name);
  }
  return name;
}

function statements(lines: readonly LedgerLine[], closing: readonly FundBalance[]): FundStatement[] {
  return closing
    .filter((b) => b.fund === 'public' || b.lines > 0)
    .map((b) => {
      const mine = lines.filter((l) => l.fund === b.fund);
      const incomeFen = mine.filter((l) => l.direction === 'income').reduce((s, l) => s + l.amountFen, 0);
      const expenseFen = mine.filter((l) => l.direction === 'expense').reduce((s, l) => s + l.amountFen, 0);
      return {
        fund: b.fund,
        openingFen: b.balanceFen - incomeFen + expenseFen,
        incomeFen,
        expenseFen,
        closingFen: b.balanceFen,
      };
    });
}

/**
 * Gathers the notice of a compound for the period `[from, to)`. A monthly notice publishes every
 * item not yet published that was written before `to` (an item never waits for a notice that
 * already went, nor is lost when the first notice comes late); a weekly digest shows the items
 * written in its week, which the monthly notice publishes again in full. Ledger lines and ticket
 * figures are those of the period (the tickets as they stand at `now`, so one filed minutes before
 * the notice is not yet late); fund balances run over all lines before `to`. A monthly notice
 * quotes the compound's line of the company ranking posted during its period (so the first
 * notice after the ranking carries it, SPEC "Communities and streets").
 */
export async function gatherNotice(
  db: DbOrTx,
  compound: { id: number; name: string },
  kind: NoticeKind,
  period: { from: number; to: number },
  tz: string,
  now: number,
): Promise<NoticeContent> {
  const { from, to } = period;
  const names = new Map<string, string>();
  const rawItems =
    kind === 'monthly'
      ? await unpublishedItems(db, compound.id, to)
      : await itemsBetween(db, compound.id, from, to);
  const items: Record<AffairKind, NoticeItem[]> = { party: [], resident: [], finance: [] };
  for (const item of rawItems) items[item.kind].push(await toItem(db, item, names));
  const lines = await ledgerLinesBetween(db, compound.id, from, to);
  const ledgerLines: NoticeLedgerLine[] = [];
  for (const l of lines) {
    ledgerLines.push({
      at: l.at,
      direction: l.direction,
      amountFen: l.amountFen,
      fund: l.fund,
      reason: l.reason,
      author: await nameOf(db, l.authorId, names),
    });
  }
  const funds = statements(lines, await fundBalances(db, compound.id, to));
  const figures = await ticketFigures(db, compound.id, { from, to }, now);
  const ranking = kind === 'monthly' ? await postedRankLine(db, compound.id, { from, to }) : null;
  const label = periodLabel(from, to, tz);
  return {
    kind,
    compoundName: compound.name,
    from,
    to,
    periodLabel: label,
    title: `${compound.name} ${noticeKindNames[kind]}`,
    items,
    ledger: {
      lines: ledgerLines,
      incomeFen: lines.filter((l) => l.direction === 'income').reduce((s, l) => s + l.amountFen, 0),
      expenseFen: lines.filter((l) => l.direction === 'expense').reduce((s, l) => s + l.amountFen, 0),
      funds,
    },
    figures,
    ranking,
  };
}

/** The ids of the items a monthly notice publishes. */
export function noticeItemIds(content: NoticeContent): number[] {
  return [...content.items.party, ...content.items.resident, ...content.items.finance].map((i) => i.id);
}

const orNone = (v: number | null, f: (x: number) => string) => (v === null ? '暂无' : f(v));

/** One line of 阳光物业 figures for the text. */
export function figuresLine(f: TicketFigures): string {
  if (f.filed === 0 && f.scored === 0 && f.rework === 0 && f.escalations === 0)
    return '阳光物业: 本期没有工单。';
  return (
    `阳光物业: 报修 ${f.filed} 件, 办结 ${f.solved} 件, 按时办结率 ${orNone(f.onTimeRate, formatRate)}, ` +
    `满意度 ${orNone(f.avgScore, (s) => `${formatScore(s)} 分`)}, 返工 ${f.rework} 次, 吹哨 ${f.escalations} 件`
  );
}

function ledgerLine(content: NoticeContent): string {
  const { ledger } = content;
  const balances = ledger.funds.map((s) => `${fundNames[s.fund]}余额 ${formatFen(s.closingFen)}`).join(', ');
  if (ledger.lines.length === 0) return `财务: 本期无收支; ${balances}`;
  return `财务: 本期收入 ${formatFen(ledger.incomeFen)}, 支出 ${formatFen(ledger.expenseFen)}; ${balances}`;
}

/** Items are quoted in the text while they fit a phone screen; beyond that the text counts them. */
const QUOTE_ITEMS = 3;
const QUOTE_CHARS = 40;

function itemLines(content: NoticeContent): string[] {
  const all = [...content.items.party, ...content.items.resident, ...content.items.finance];
  const counts = (['party', 'resident', 'finance'] as const)
    .map((k) => `${affairKindNames[k]} ${content.items[k].length} 条`)
    .join(' · ');
  if (all.length === 0)
    return [content.kind === 'monthly' ? '本期无党务、居务、财务公示事项。' : '本周无新的公示事项。'];
  if (all.length > QUOTE_ITEMS || all.some((i) => i.text.length > QUOTE_CHARS))
    return [`公示事项: ${counts}`];
  return all.map((i) => `【${affairKindNames[i.kind]}】${oneLine(i.text)}`);
}

/**
 * The short text posted with the picture (SPEC: "Long notices go as one image plus a short text
 * summary"): a heading, the items (quoted when few and short, else counted), one line of money,
 * one of 阳光物业 and, after a company ranking, the line of the compound's company.
 */
export function noticeSummary(content: NoticeContent): string {
  return [
    `【${content.title}】${content.periodLabel}`,
    ...itemLines(content),
    ledgerLine(content),
    figuresLine(content.figures),
    ...(content.ranking === null ? [] : [content.ranking]),
    content.kind === 'monthly'
      ? '完整公示见图。发送 /三务 可随时再看。'
      : '详见图片。发送 /三务 可随时再看。',
  ].join('\n');
}

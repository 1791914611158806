/**
 * What each `/导出` file holds (SPEC "The desk", issue 18): the rows of the tickets of a month,
 * of the ledger of a year, of a formal vote. Pure functions of plain data; the workbook's look is
 * core/export/workbook.ts, the queries db/exports.ts.
 *
 * The committee keeps these files, and files travel: what a ticket's text or feedback says is
 * shown as the owners group sees it (phone numbers masked, core/privacy.ts), and a quick poll
 * exports its counts only, as `/结果` shows it (who chose what is never shown, named or not).
 */

import type { Ticket, TicketEventKind } from '../../db/schema.js';
import type { LedgerDirection, LedgerFund } from '../../db/schema-affairs.js';
import type { Poll } from '../../db/schema-votes.js';
import { directionNames, fundNames } from '../affairs/notice-content.js';
import { type TicketClass, ticketClassNames } from '../classify/index.js';
import type { DeadlineOutcome } from '../deadline.js';
import { displayName, oneLine } from '../display.js';
import { fileNameWithin } from '../file-name.js';
import { maskPhones } from '../privacy.js';
import {
  effectiveSolveDueAt,
  isResolved,
  pausedSoFarMs,
  responseOutcome,
  solveOutcome,
} from '../tickets/sla.js';
import { eventVerbs } from '../tickets/timeline.js';
import { statusText } from '../tickets/wording.js';
import { formatUnitAddress, type UnitAddress } from '../units/address.js';
import { isOver } from '../votes/poll-text.js';
import type { VoteResult } from '../votes/result.js';
import { formalVerdict } from '../votes/result.js';
import { FORMAL_OPTIONS, percent } from '../votes/tally.js';
import type { Cell, Column, FooterLine, SheetSpec } from './workbook.js';

const MINUTE = 60_000;

/** A ticket event as exported: its actor already named (`null`: the system). */
export interface ExportEvent {
  kind: TicketEventKind;
  at: number;
  actorName: string | null;
  note: string | null;
}

export interface TicketExportRow {
  ticket: Ticket;
  /** The compound's name: a community's or street's file holds several, each numbering its own. */
  compoundName: string;
  assigneeName: string | null;
  events: readonly ExportEvent[];
}

const outcomeNames: Record<DeadlineOutcome, string> = { met: '按时', missed: '超时', running: '未到期' };

/** Whole minutes after the deadline; negative: that many minutes early (or still left). */
function minutesLate(doneOrNow: number, dueAt: number): number {
  return Math.round((doneOrNow - dueAt) / MINUTE);
}

const ticketColumns: Column[] = [
  { header: '编号', kind: 'number' },
  { header: '报修时间', kind: 'date' },
  { header: '类别', kind: 'text' },
  { header: '等级', kind: 'text' },
  { header: '内容 (位置)', kind: 'text' },
  { header: '状态', kind: 'text' },
  { header: '处理人', kind: 'text' },
  { header: '派单/接单时间', kind: 'date' },
  { header: '响应时间', kind: 'date' },
  { header: '到场时间', kind: 'date' },
  { header: '完成/方案时间', kind: 'date' },
  { header: '确认时间', kind: 'date' },
  { header: '吹哨时间', kind: 'date' },
  { header: '响应时限', kind: 'date' },
  { header: '响应', kind: 'text' },
  { header: '响应超时(分钟, 负为提前)', kind: 'number' },
  { header: '解决时限', kind: 'date' },
  { header: '解决', kind: 'text' },
  { header: '解决超时(分钟, 负为提前)', kind: 'number' },
  { header: '暂停(分钟)', kind: 'number' },
  { header: '退回次数', kind: 'number' },
  { header: '催办次数', kind: 'number' },
  { header: '满意度', kind: 'number' },
  { header: '评价', kind: 'text' },
];

function lastAt(events: readonly ExportEvent[], kind: TicketEventKind): number | null {
  let at: number | null = null;
  for (const e of events) if (e.kind === kind) at = e.at;
  return at;
}

function ticketRow({ ticket: t, assigneeName, events }: TicketExportRow, now: number): Cell[] {
  const response = responseOutcome(t, now);
  const solve = solveOutcome(t, now);
  const solveDue = effectiveSolveDueAt(t, now);
  return [
    t.no,
    t.filedAt,
    t.category,
    `${ticketClassNames[t.ticketClass as TicketClass]}${t.classProvisional ? '(待确认)' : ''}`,
    oneLine(maskPhones(t.description)),
    statusText(t),
    assigneeName === null ? null : displayName(assigneeName),
    t.assignedAt,
    t.respondedAt,
    t.onSiteAt,
    t.resolvedAt,
    lastAt(events, 'confirmed') ?? t.closedAt,
    t.escalatedAt,
    t.responseDueAt,
    outcomeNames[response],
    minutesLate(t.respondedAt ?? now, t.responseDueAt),
    solveDue,
    outcomeNames[solve],
    isResolved(t) && t.resolvedAt !== null
      ? minutesLate(t.resolvedAt, t.solveDueAt)
      : minutesLate(now, solveDue),
    Math.round(pausedSoFarMs(t, now) / MINUTE),
    t.reworkCount,
    events.filter((e) => e.kind === 'urged').length,
    t.score,
    t.feedback === null ? null : oneLine(maskPhones(t.feedback)),
  ];
}

const eventColumns: Column[] = [
  { header: '编号', kind: 'number' },
  { header: '时间', kind: 'date' },
  { header: '事件', kind: 'text' },
  { header: '操作人', kind: 'text' },
  { header: '说明', kind: 'text' },
];

const compoundColumn: Column = { header: '小区', kind: 'text' };

/**
 * The tickets filed in a month: one row each with its timeline and its time against each
 * deadline of the 5431 rule (as of `now` for those still open), and every event of every ticket
 * on a second sheet, as `/进度` shows them. A community's or street's file (`withCompound`) starts
 * each row with the compound, as each compound numbers its tickets from #1.
 */
export function ticketSheets(
  rows: readonly TicketExportRow[],
  now: number,
  withCompound = false,
): SheetSpec[] {
  const lead = (r: TicketExportRow): Cell[] => (withCompound ? [r.compoundName] : []);
  const columns = (list: Column[]) => (withCompound ? [compoundColumn, ...list] : list);
  return [
    {
      name: '工单',
      columns: columns(ticketColumns),
      rows: rows.map((r) => [...lead(r), ...ticketRow(r, now)]),
    },
    {
      name: '时间线',
      columns: columns(eventColumns),
      rows: rows.flatMap((r) =>
        r.events.map((e) => [
          ...lead(r),
          r.ticket.no,
          e.at,
          eventVerbs[e.kind],
          e.actorName === null ? '系统' : displayName(e.actorName),
          e.note === null ? null : oneLine(maskPhones(e.note)),
        ]),
      ),
    },
  ];
}

export interface LedgerExportLine {
  at: number;
  fund: LedgerFund;
  direction: LedgerDirection;
  amountFen: number;
  reason: string;
  authorName: string | null;
}

const ledgerColumns: Column[] = [
  { header: '日期', kind: 'date' },
  { header: '账户', kind: 'text' },
  { header: '事由', kind: 'text' },
  { header: '收入', kind: 'money' },
  { header: '支出', kind: 'money' },
  { header: '本账户余额', kind: 'money' },
  { header: '记账人', kind: 'text' },
];

/**
 * The ledger lines of a year, oldest first, each with the balance of its own account after it
 * (starting from the account's balance before the year), then per account: opening balance,
 * income, expenditure, closing balance.
 */
export function ledgerSheet(
  lines: readonly LedgerExportLine[],
  opening: Readonly<Record<LedgerFund, number>>,
  yearLabel: string,
): SheetSpec {
  const balance = { ...opening };
  const income: Record<LedgerFund, number> = { public: 0, maintenance: 0 };
  const expense: Record<LedgerFund, number> = { public: 0, maintenance: 0 };
  const rows = lines.map((l): Cell[] => {
    const sign = l.direction === 'income' ? 1 : -1;
    balance[l.fund] += sign * l.amountFen;
    (l.direction === 'income' ? income : expense)[l.fund] += l.amountFen;
    return [
      l.at,
      fundNames[l.fund],
      oneLine(l.reason),
      l.direction === 'income' ? l.amountFen : null,
      l.direction === 'expense' ? l.amountFen : null,
      balance[l.fund],
      l.authorName === null ? null : displayName(l.authorName),
    ];
  });
  const footer: FooterLine[] = (Object.keys(fundNames) as LedgerFund[]).flatMap((fund) => [
    { label: `${fundNames[fund]} ${yearLabel}初余额`, value: opening[fund], kind: 'money' as const },
    {
      label: `${fundNames[fund]} ${yearLabel}${directionNames.income}`,
      value: income[fund],
      kind: 'money' as const,
    },
    {
      label: `${fundNames[fund]} ${yearLabel}${directionNames.expense}`,
      value: expense[fund],
      kind: 'money' as const,
    },
    { label: `${fundNames[fund]} 余额`, value: balance[fund], kind: 'money' as const },
  ]);
  return { name: '账目', columns: ledgerColumns, rows, footer };
}

/** A unit of a formal vote: verified now, or one whose ballot counted. */
export interface VoteUnitRow extends UnitAddress {
  areaCenti: number | null;
  /** 1 同意, 2 反对, 3 弃权; null: did not vote. */
  choice: number | null;
  castAt: number | null;
}

const mark = (ok: boolean) => (ok ? '✔ 达到' : '✘ 未达到');

/**
 * A formal vote (Civil Code art. 278): one row per unit with its area, choice and time, then the
 * tally as `/结果` computes it (core/votes: frozen at the close) with each threshold and the verdict.
 */
export function formalVoteSheet(
  poll: Poll,
  units: readonly VoteUnitRow[],
  result: Extract<VoteResult, { kind: 'formal' }>,
  now: number,
): SheetSpec {
  const t = result.tally;
  const need = t.major ? '≥ 3/4' : '> 1/2';
  const p = t.participating;
  const footer: FooterLine[] = [
    { label: '事项', value: `#${poll.no} ${oneLine(poll.question)}${t.major ? ' (重大事项)' : ''}` },
    { label: '截止时间', value: poll.deadline, kind: 'date' },
    { label: '总面积(㎡)', value: t.total.areaCenti, kind: 'area' },
    { label: '总人数', value: t.total.owners, kind: 'number' },
    { label: '参与面积(㎡)', value: p.areaCenti, kind: 'area' },
    { label: '参与面积占比', value: percent(p.areaCenti, t.total.areaCenti) },
    { label: '参与人数', value: p.owners, kind: 'number' },
    { label: '参与人数占比', value: percent(p.owners, t.total.owners) },
    ...FORMAL_OPTIONS.flatMap((name, i) => {
      const w = [t.yes, t.no, t.abstain][i] ?? { areaCenti: 0, owners: 0 };
      return [
        { label: `${name}面积(㎡)`, value: w.areaCenti, kind: 'area' as const },
        { label: `${name}人数`, value: w.owners, kind: 'number' as const },
      ];
    }),
    { label: '参与面积 ≥ 总面积 2/3', value: mark(t.quorumArea) },
    { label: '参与人数 ≥ 总人数 2/3', value: mark(t.quorumOwners) },
    { label: `同意面积 ${need} (占参与面积)`, value: mark(t.passArea) },
    { label: `同意人数 ${need} (占参与人数)`, value: mark(t.passOwners) },
    { label: '结论', value: formalVerdict(t, isOver(poll, now)) },
  ];
  return {
    name: '表决',
    columns: [
      { header: '房号', kind: 'text' },
      { header: '面积(㎡)', kind: 'area' },
      { header: '选择', kind: 'text' },
      { header: '投票时间', kind: 'date' },
    ],
    rows: units.map((u) => [
      formatUnitAddress(u),
      u.areaCenti,
      u.choice === null ? '未投票' : (FORMAL_OPTIONS[u.choice - 1] ?? '弃权'),
      u.castAt,
    ]),
    footer,
  };
}

/** A quick poll: its counts only, as `/结果` shows them. */
export function quickPollSheet(
  poll: Poll,
  options: readonly string[],
  result: Extract<VoteResult, { kind: 'quick' }>,
): SheetSpec {
  return {
    name: '投票',
    columns: [
      { header: '选项', kind: 'text' },
      { header: '票数', kind: 'number' },
      { header: '占比', kind: 'text' },
    ],
    rows: options.map((o, i) => [
      `${i + 1}. ${oneLine(o)}`,
      result.counts[i] ?? 0,
      percent(result.counts[i] ?? 0, result.voters),
    ]),
    footer: [
      { label: '问题', value: `#${poll.no} ${oneLine(poll.question)}` },
      { label: '截止时间', value: poll.deadline, kind: 'date' },
      { label: '投票人数', value: result.voters, kind: 'number' },
      { label: '说明', value: '快速投票只导出票数, 不含谁投了什么。' },
    ],
  };
}

/**
 * `阳光花园-工单-2026-11.xlsx`: the compound (or community, street), what, and the period. A name
 * is typed by an admin: what no disk or phone accepts in a file name is replaced (core/file-name.ts).
 */
export function exportFileName(placeName: string, what: '工单' | '账目' | '表决', period: string): string {
  const safe = fileNameWithin(`${placeName.replace(/[\\/]/g, '_')}-${what}-${period}.xlsx`, 200);
  return safe === '' ? `${what}-${period}.xlsx` : safe;
}

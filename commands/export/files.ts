/**
 * The files `/导出` sends: it reads the rows (db/exports.ts), lays them out (core/export/sheets.ts)
 * and queues the .xlsx with its caption to the chat the command came from.
 */
import { type ExportPeriod, exportMonth, exportYear } from '../../core/export/periods.js';
import {
  exportFileName,
  formalVoteSheet,
  ledgerSheet,
  quickPollSheet,
  ticketSheets,
} from '../../core/export/sheets.js';
import { buildWorkbook, type SheetSpec } from '../../core/export/workbook.js';
import { voteResult } from '../../core/votes/result.js';
import { formalVoteUnits, ledgerForExport, ticketsForExport } from '../../db/exports.js';
import type { Area, Compound } from '../../db/schema.js';
import { pollOptions } from '../../db/votes.js';
import { type CommandContext, UserError } from '../define.js';
import { findPoll } from '../votes/common.js';
import type { ExportArgs, ExportWhat } from './args.js';

/** What a file is made of: one compound, or every compound of a community or street. */
export type ExportTarget =
  | { kind: 'compound'; compound: Compound }
  | { kind: 'area'; area: Area; compounds: Compound[] };

const nameOf = (target: ExportTarget) => (target.kind === 'compound' ? target.compound : target.area).name;

/** The file, with its one-line caption, to the chat the command came from (a group, or privately). */
async function sendFile(
  ctx: CommandContext,
  target: ExportTarget,
  what: ExportWhat,
  period: string,
  sheets: SheetSpec[],
  caption: string,
): Promise<void> {
  const data = await buildWorkbook(sheets, ctx.tz, ctx.now);
  ctx.post({
    ...(ctx.chat.kind === 'group'
      ? { target: 'room' as const, conversationId: ctx.chat.roomId }
      : { target: 'contact' as const, conversationId: ctx.chat.contactId }),
    text: caption,
    file: { name: exportFileName(nameOf(target), what, period), data },
  });
}

async function exportTickets(ctx: CommandContext, target: ExportTarget, period: ExportPeriod): Promise<void> {
  const list = target.kind === 'compound' ? [target.compound] : target.compounds;
  const rows = list.length === 0 ? [] : await ticketsForExport(ctx.db, list, period.from, period.to);
  if (rows.length === 0) {
    throw new UserError(
      target.kind === 'compound'
        ? `${period.label}${target.compound.name}没有新报修的工单, 没有可导出的。`
        : `${period.label}${target.area.name}${list.length === 0 ? '还没有小区' : '各小区都没有新报修的工单'}, 没有可导出的。`,
    );
  }
  const where =
    target.kind === 'compound'
      ? target.compound.name
      : `${target.area.name} ${new Set(rows.map((r) => r.compoundName)).size} 个小区`;
  await sendFile(
    ctx,
    target,
    '工单',
    period.stamp,
    ticketSheets(rows, ctx.now, target.kind === 'area'),
    `${where} ${period.label}工单 ${rows.length} 件, 电话号码已隐去。`,
  );
}

async function exportLedger(ctx: CommandContext, compound: Compound, period: ExportPeriod): Promise<void> {
  const { lines, opening } = await ledgerForExport(ctx.db, compound.id, period.from, period.to);
  if (lines.length === 0)
    throw new UserError(`${period.label}${compound.name}没有记账, 没有可导出的。记账用 /收支。`);
  await sendFile(
    ctx,
    { kind: 'compound', compound },
    '账目',
    period.stamp,
    [ledgerSheet(lines, opening, period.label)],
    `${compound.name} ${period.label}账目 ${lines.length} 笔, 含各账户余额。`,
  );
}

async function exportVote(ctx: CommandContext, compound: Compound, no: number): Promise<void> {
  const target: ExportTarget = { kind: 'compound', compound };
  const poll = await findPoll(ctx.db, compound.id, no);
  const result = await voteResult(ctx.db, poll);
  if (result.kind === 'quick') {
    await sendFile(
      ctx,
      target,
      '表决',
      `${no}`,
      [quickPollSheet(poll, pollOptions(poll), result)],
      `${compound.name} 投票 #${no} 的票数 (快速投票只有票数, 不含谁投了什么)。`,
    );
    return;
  }
  const units = await formalVoteUnits(ctx.db, compound.id, poll.id);
  await sendFile(
    ctx,
    target,
    '表决',
    `${no}`,
    [formalVoteSheet(poll, units, result, ctx.now)],
    `${compound.name} 表决 #${no}: ${units.length} 户的投票记录, 以及按《民法典》第278条的统计。`,
  );
}

/** Makes the file `args` asks for from `target`; a ledger or a vote needs one compound. */
export async function runExport(
  ctx: CommandContext,
  target: ExportTarget,
  args: ExportArgs,
): Promise<undefined> {
  if (args.what === '工单') {
    await exportTickets(ctx, target, exportMonth(args.month, ctx.now, ctx.tz));
    return undefined;
  }
  if (target.kind === 'area') {
    const example = target.compounds[0]?.name ?? '阳光花园';
    throw new UserError(
      args.what === '账目'
        ? `账目是各小区分开记的, 请写上小区名, 例如 /导出 账目 ${example}。`
        : `表决是各小区分开编号的, 请写上小区名, 例如 /导出 表决 ${example}#${args.no}。`,
    );
  }
  if (args.what === '账目') await exportLedger(ctx, target.compound, exportYear(args.year, ctx.now, ctx.tz));
  else await exportVote(ctx, target.compound, args.no);
  return undefined;
}

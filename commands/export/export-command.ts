import { type ExportPeriod, exportMonth, exportYear, type MonthChoice } from '../../core/export/periods.js';
import {
  exportFileName,
  formalVoteSheet,
  ledgerSheet,
  quickPollSheet,
  ticketSheets,
} from '../../core/export/sheets.js';
import { buildWorkbook, type SheetSpec } from '../../core/export/workbook.js';
import { halfWidthDigits } from '../../core/text.js';
import { monthWords } from '../../core/tickets/month-words.js';
import { voteResult } from '../../core/votes/result.js';
import { formalVoteUnits, ledgerForExport, ticketsForExport } from '../../db/exports.js';
import { pollOptions } from '../../db/votes.js';
import { argSchema, fail, lookupWord, parseRef, quote, tokens } from '../args.js';
import { type CompoundContext, defineCommand, UserError } from '../define.js';
import { findPoll } from '../votes/common.js';

export type ExportArgs =
  | { what: '工单'; month: MonthChoice }
  | { what: '账目'; year: number | null }
  | { what: '表决'; no: number };

const whatWords: Record<string, ExportArgs['what']> = {
  工单: '工单',
  报修: '工单',
  诉求: '工单',
  tickets: '工单',
  ticket: '工单',
  账目: '账目',
  收支: '账目',
  账: '账目',
  ledger: '账目',
  表决: '表决',
  投票: '表决',
  vote: '表决',
  poll: '表决',
};

/** Years a record can be asked for: beyond these a typo (2062 for 2026), not a plan. */
const FIRST_YEAR = 2000;
const LAST_YEAR = 2100;

function parseMonth(word: string): MonthChoice {
  const which = lookupWord(monthWords, word.toLowerCase());
  if (which !== undefined) return { which };
  const m = /^(\d{4})\s*(?:-|\/|\.|年)\s*(\d{1,2})月?$/.exec(halfWidthDigits(word));
  const year = Number(m?.[1]);
  const month = Number(m?.[2]);
  if (!m || year < FIRST_YEAR || year > LAST_YEAR || month < 1 || month > 12)
    fail(`「${quote(word, 12)}」不是月份, 请写 本月、上月 或 2026-11 这样的年月。`);
  return { year, month };
}

function parseYear(word: string): number {
  const m = /^(\d{4})年?$/.exec(halfWidthDigits(word));
  const year = Number(m?.[1]);
  if (!m || year < FIRST_YEAR || year > LAST_YEAR)
    fail(`「${quote(word, 12)}」不是年份, 请写 2026 这样的四位年份。`);
  return year;
}

/** `工单 [本月|上月|2026-11]`, `账目 [2026]`, `表决 #3`. */
export function parseExportArgs(text: string): ExportArgs {
  const [first, second, ...more] = tokens(text);
  if (first === undefined) fail('请写要导出什么: 工单、账目 或 表决 #n。');
  const what = lookupWord(whatWords, first.toLowerCase());
  if (what === undefined) fail(`「${quote(first, 12)}」不能导出, 可以导出 工单、账目 或 表决 #n。`);
  if (more.length > 0) fail(`「${quote(more.join(' '), 12)}」是多余的。`);
  switch (what) {
    case '工单':
      return { what, month: second === undefined ? { which: '本月' } : parseMonth(second) };
    case '账目':
      return { what, year: second === undefined ? null : parseYear(second) };
    case '表决': {
      const no = parseRef(second);
      if (no === null)
        fail(
          second === undefined
            ? '请写上表决编号, 例如 /导出 表决 #3。'
            : `「${quote(second, 12)}」不是表决编号, 请写成 #3 这样。`,
        );
      return { what, no };
    }
  }
}

/** The refusal in an owners group: the files are the committee's archive. */
export const OWNERS_GROUP_REFUSAL =
  '导出的文件是业委会的存档, 不在业主群里发。请在业委会群或物业工作群里发送 /导出。';

async function exportFile(
  ctx: CompoundContext,
  what: ExportArgs['what'],
  period: string,
  sheets: SheetSpec[],
  caption: string,
): Promise<void> {
  ctx.post({
    conversationId: ctx.chat.roomId,
    text: caption,
    file: {
      name: exportFileName(ctx.compound.name, what, period),
      data: await buildWorkbook(sheets, ctx.tz, ctx.now),
    },
  });
}

async function exportTickets(ctx: CompoundContext, period: ExportPeriod): Promise<void> {
  const rows = await ticketsForExport(ctx.db, ctx.compound.id, period.from, period.to);
  if (rows.length === 0) throw new UserError(`${period.label}本小区没有新报修的工单, 没有可导出的。`);
  await exportFile(
    ctx,
    '工单',
    period.stamp,
    ticketSheets(rows, ctx.now),
    `${ctx.compound.name} ${period.label}工单 ${rows.length} 件, 电话号码已隐去。`,
  );
}

async function exportLedger(ctx: CompoundContext, period: ExportPeriod): Promise<void> {
  const { lines, opening } = await ledgerForExport(ctx.db, ctx.compound.id, period.from, period.to);
  if (lines.length === 0) throw new UserError(`${period.label}本小区没有记账, 没有可导出的。记账用 /收支。`);
  await exportFile(
    ctx,
    '账目',
    period.stamp,
    [ledgerSheet(lines, opening, period.label)],
    `${ctx.compound.name} ${period.label}账目 ${lines.length} 笔, 含各账户余额。`,
  );
}

async function exportVote(ctx: CompoundContext, no: number): Promise<void> {
  const poll = await findPoll(ctx.db, ctx.compound.id, no);
  const result = await voteResult(ctx.db, poll);
  if (result.kind === 'quick') {
    await exportFile(
      ctx,
      '表决',
      `${no}`,
      [quickPollSheet(poll, pollOptions(poll), result)],
      `${ctx.compound.name} 投票 #${no} 的票数 (快速投票只有票数, 不含谁投了什么)。`,
    );
    return;
  }
  const units = await formalVoteUnits(ctx.db, ctx.compound.id, poll.id);
  await exportFile(
    ctx,
    '表决',
    `${no}`,
    [formalVoteSheet(poll, units, result, ctx.now)],
    `${ctx.compound.name} 表决 #${no}: ${units.length} 户的投票记录, 以及按《民法典》第278条的统计。`,
  );
}

/**
 * `/导出 工单|账目|表决 #n`: the committee's records as an .xlsx file (SPEC "The desk", issue 18),
 * in the committee or staff group, never in the owners group. The file goes out through the
 * outbox with a one-line caption.
 */
export const exportCommand = defineCommand({
  name: '导出',
  aliases: ['export'],
  usage: '/导出 <工单 [本月|上月|2026-11] | 账目 [2026] | 表决 #n>',
  summary: '导出 Excel 文件: 一个月的工单、一年的账目、一次表决的记录 (业委会群或工作群)',
  examples: ['/导出 工单', '/导出 工单 上月', '/导出 工单 2026-11', '/导出 账目 2026', '/导出 表决 #3'],
  who: ['committee', 'community', 'admin'],
  scope: 'compound',
  args: argSchema((input) => parseExportArgs(input.text)),
  async run(ctx, args) {
    if (ctx.group.kind === 'owners') throw new UserError(OWNERS_GROUP_REFUSAL);
    switch (args.what) {
      case '工单':
        await exportTickets(ctx, exportMonth(args.month, ctx.now, ctx.tz));
        break;
      case '账目':
        await exportLedger(ctx, exportYear(args.year, ctx.now, ctx.tz));
        break;
      case '表决':
        await exportVote(ctx, args.no);
        break;
    }
    return undefined;
  },
});

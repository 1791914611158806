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
import { areaByName, compoundsOfArea } from '../../db/areas.js';
import { compoundByName } from '../../db/compounds.js';
import { exportPlaces, formalVoteUnits, ledgerForExport, ticketsForExport } from '../../db/exports.js';
import type { Area, Compound } from '../../db/schema.js';
import { pollOptions } from '../../db/votes.js';
import { argSchema, attempt, fail, lookupWord, parseRef, quote, tokens } from '../args.js';
import { type CommandContext, defineCommand, type PrivateContext, UserError } from '../define.js';
import { areaKindNames } from '../roles.js';
import { findPoll } from '../votes/common.js';

type ExportWhat = '工单' | '账目' | '表决';

export type ExportArgs = (
  | { what: '工单'; month: MonthChoice }
  | { what: '账目'; year: number | null }
  | { what: '表决'; no: number }
) & {
  /** A compound, community or street named after what to export; null: where it was typed. */
  place: string | null;
};

const whatWords: Record<string, ExportWhat> = {
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

/**
 * A word meant as the month, year or vote (right or wrong): one that starts with a digit or #, a
 * number in Chinese numerals (a vote), a month word, or one ending in 月 (a month) or 年 (a year). Any other word is a name.
 */
function isPeriodWord(what: ExportWhat, word: string): boolean {
  if (what === '表决') return /^[#＃0-9０-９]|^[一二两三四五六七八九十百零]+$/.test(word);
  if (what === '账目') return /^[0-9０-９]|年$/.test(word);
  return /^[0-9０-９]|月$/.test(word) || lookupWord(monthWords, word.toLowerCase()) !== undefined;
}

/**
 * `工单 [本月|上月|2026-11] [名字]`, `账目 [2026] [名字]`, `表决 #3 [名字]` or `表决 阳光花园#3`: the
 * name (a compound, community or street; for a community's or street's group and a private chat)
 * may come before or after the period.
 */
export function parseExportArgs(text: string): ExportArgs {
  const [first, ...rest] = tokens(text);
  if (first === undefined) fail('请写要导出什么: 工单、账目 或 表决 #n。');
  const what = lookupWord(whatWords, first.toLowerCase());
  if (what === undefined) fail(`「${quote(first, 12)}」不能导出, 可以导出 工单、账目 或 表决 #n。`);
  const periods: string[] = [];
  const names: string[] = [];
  for (const word of rest) {
    const named = what === '表决' ? /^(.*?[^#＃\s])\s*[#＃]\s*([0-9０-９]+)$/.exec(word) : null;
    if (named?.[1] && named[2]) {
      names.push(named[1]);
      periods.push(`#${named[2]}`);
    } else (isPeriodWord(what, word) ? periods : names).push(word);
  }
  if (periods.length > 1) fail(`「${quote(periods.slice(1).join(' '), 12)}」是多余的。`);
  const period = periods[0];
  const place = names.length === 0 ? null : names.join(' ');
  switch (what) {
    case '工单':
      return { what, place, month: period === undefined ? { which: '本月' } : parseMonth(period) };
    case '账目':
      return { what, place, year: period === undefined ? null : parseYear(period) };
    case '表决': {
      const no = parseRef(period);
      if (no === null)
        fail(
          period === undefined
            ? '请写上表决编号, 例如 /导出 表决 #3。'
            : `「${quote(period, 12)}」不是表决编号, 请写成 #3 这样。`,
        );
      return { what, place, no };
    }
  }
}

/** What a file is made of: one compound, or every compound of a community or street. */
type ExportTarget =
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
async function runExport(ctx: CommandContext, target: ExportTarget, args: ExportArgs): Promise<undefined> {
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

/** The refusal in an owners group: the files are the committee's archive. */
export const OWNERS_GROUP_REFUSAL =
  '导出的文件是业委会的存档, 不在业主群里发。请在业委会群或物业工作群里发送 /导出, 或私聊我发送。';

const USAGE = '/导出 <工单 [本月|上月|2026-11] | 账目 [2026] | 表决 #n> [小区名]';

const common = {
  name: '导出',
  aliases: ['export'],
  usage: USAGE,
  examples: [
    '/导出 工单',
    '/导出 工单 上月',
    '/导出 工单 2026-11',
    '/导出 账目 2026',
    '/导出 表决 #3',
    '/导出 工单 上月 幸福小区 (社区群里或私聊时写上小区名)',
  ],
};

/**
 * `/导出 工单|账目|表决 #n` in a compound's committee or staff group (SPEC "The desk", issue 18):
 * the compound's records as an .xlsx file, with a one-line caption, through the outbox. Never in
 * the owners group, whatever is typed after it.
 */
export const exportCommand = defineCommand({
  ...common,
  summary: '导出 Excel 文件: 一个月的工单、一年的账目、一次表决的记录 (业委会群或工作群)',
  who: ['committee', 'community', 'admin'],
  scope: 'compound',
  args: argSchema((input) => attempt(() => parseExportArgs(input.text))),
  async run(ctx, parsed) {
    if (ctx.group.kind === 'owners') throw new UserError(OWNERS_GROUP_REFUSAL);
    if (!parsed.ok) throw new UserError(`${parsed.problem}\n用法: ${USAGE}`);
    const args = parsed.value;
    if (args.place !== null && args.place !== ctx.compound.name) {
      throw new UserError(
        `本群是「${ctx.compound.name}」的群, 只能导出本小区的记录。「${quote(args.place, 20)}」的记录请私聊我发送 /导出。`,
      );
    }
    return runExport(ctx, { kind: 'compound', compound: ctx.compound }, args);
  },
});

/**
 * `/导出` in a community's or street's group: the tickets of every compound it looks after in one
 * file, or, with a compound's name, that compound's records.
 */
export const areaExportCommand = defineCommand({
  ...common,
  summary: '导出 Excel 文件: 各小区一个月的工单; 写上小区名导出它的工单、账目、表决',
  who: ['community', 'admin'],
  scope: 'area',
  args: argSchema((input) => parseExportArgs(input.text)),
  async run(ctx, args) {
    const under = await compoundsOfArea(ctx.db, ctx.area);
    if (args.place === null || args.place === ctx.area.name)
      return runExport(ctx, { kind: 'area', area: ctx.area, compounds: under }, args);
    const compound = under.find((c) => c.name === args.place);
    if (compound) return runExport(ctx, { kind: 'compound', compound }, args);
    const kind = areaKindNames[ctx.area.kind];
    throw new UserError(
      `「${quote(args.place, 20)}」不是${ctx.area.name}的小区。${
        under.length > 0
          ? `本${kind}的小区: ${under.map((c) => c.name).join('、')}。`
          : `本${kind}还没有小区。`
      }`,
    );
  },
});

/** Roles that may export a compound's records, and a community's or street's. */
const COMPOUND_ROLES = ['committee', 'community', 'admin'] as const;
const AREA_ROLES = ['community', 'admin'] as const;

/**
 * Which compound, community or street a private `/导出` means: the one named among those the
 * speaker holds a role in (a community's compounds included; a configured admin may name any),
 * or the only one they hold a role in.
 */
async function privateTarget(ctx: PrivateContext, args: ExportArgs): Promise<ExportTarget> {
  const mine = await exportPlaces(ctx.db, ctx.speaker.id, COMPOUND_ROLES, AREA_ROLES);
  const areaTarget = async (area: Area): Promise<ExportTarget> => ({
    kind: 'area',
    area,
    compounds: await compoundsOfArea(ctx.db, area),
  });
  const names = [...mine.compounds, ...mine.areas].map((p) => p.name);
  const { place } = args;
  if (place === null) {
    const [only, ...more] = [...mine.compounds, ...mine.areas];
    if (only && more.length === 0)
      return mine.compounds.length === 1
        ? { kind: 'compound', compound: only as Compound }
        : areaTarget(only as Area);
    throw new UserError(
      names.length === 0
        ? `请写上小区名, 例如 /导出 ${args.what} 阳光花园。`
        : `你可以导出 ${names.join('、')} 的记录, 请写上名字再发一次, 例如 /导出 ${args.what} ${names[0]}。`,
    );
  }
  const compound = mine.compounds.find((c) => c.name === place);
  if (compound) return { kind: 'compound', compound };
  const area = mine.areas.find((a) => a.name === place);
  if (area) return areaTarget(area);
  for (const a of mine.areas) {
    const under = (await compoundsOfArea(ctx.db, a)).find((c) => c.name === place);
    if (under) return { kind: 'compound', compound: under };
  }
  if (ctx.configAdmins.has(ctx.speaker.id)) {
    const any = await compoundByName(ctx.db, place);
    if (any) return { kind: 'compound', compound: any };
    const anyArea =
      (await areaByName(ctx.db, 'community', place)) ?? (await areaByName(ctx.db, 'street', place));
    if (anyArea) return areaTarget(anyArea);
    throw new UserError(`没有叫「${quote(place, 20)}」的小区、社区或街道。`);
  }
  throw new UserError(
    `你不能导出「${quote(place, 20)}」的记录: 只有它的业委会、社区和管理员可以。${
      names.length > 0 ? `你可以导出: ${names.join('、')}。` : ''
    }`,
  );
}

/** `/导出` in a private chat: the file comes to the member who asked, from where they hold a role. */
export const privateExportCommand = defineCommand({
  ...common,
  summary: '导出 Excel 文件到私聊: 你所在小区或社区的工单、账目、表决记录',
  who: [...COMPOUND_ROLES],
  scope: 'private',
  args: argSchema((input) => parseExportArgs(input.text)),
  async run(ctx, args) {
    return runExport(ctx, await privateTarget(ctx, args), args);
  },
});

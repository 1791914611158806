/**
 * What `/导出` is asked for (SPEC "The desk"): what to export, for which month, year or vote, and,
 * in a community's or street's group or a private chat, whose records.
 */
import type { MonthChoice } from '../../core/export/periods.js';
import { halfWidthDigits } from '../../core/text.js';
import { monthWords } from '../../core/tickets/month-words.js';
import { fail, lookupWord, parseRef, quote, tokens } from '../args.js';

export type ExportWhat = '工单' | '账目' | '表决';

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

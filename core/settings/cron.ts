/**
 * Cron expressions as committees type them into `/设置`, refused in Chinese when wrong: five
 * fields only (the README and every example say so), at most one run an hour (issue 13,
 * core/schedule-limits.ts), and a day of month that none of the named months has is named
 * as such rather than as a range error.
 */
import { parse, validateDetailed } from 'node-cron';
import { quote } from '../display.js';
import type { ParseResult } from '../time/index.js';

const fieldNames: Record<string, string> = {
  second: '秒',
  minute: '分钟',
  hour: '小时',
  dayOfMonth: '日期',
  month: '月份',
  dayOfWeek: '星期',
};

const fieldRanges: Record<string, string> = {
  second: '0-59',
  minute: '0-59',
  hour: '0-23',
  dayOfMonth: '1-31',
  month: '1-12',
  dayOfWeek: '0-7 (0 和 7 都是周日)',
};

const EXAMPLE = '例如 0 9 1 * * 表示每月1日 09:00';
/** The most days each month can have (February: 29, in a leap year). */
const MONTH_MAX_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** node-cron's reading of one field, or null when the field alone is not valid. */
function fieldValues<K extends 'dayOfMonth' | 'month'>(
  which: K,
  text: string,
): ReturnType<typeof parse>[K] | null {
  try {
    return parse(which === 'month' ? `0 0 1 ${text} *` : `0 0 ${text} * *`)[which];
  } catch {
    return null;
  }
}

/**
 * "2月没有31日" when every day the day-of-month field names (plain days and `15W`) is missing from
 * every month the month field names; null when some month has one, or the field has `L` forms
 * (the last day always exists).
 */
function missingDays(dayField: string, monthField: string): string | null {
  const days = fieldValues('dayOfMonth', dayField);
  const months = fieldValues('month', monthField);
  if (days === null || months === null) return null;
  const numbers: number[] = [];
  for (const d of days) {
    const m = typeof d === 'number' ? [String(d), String(d)] : /^(\d{1,2})W$/i.exec(d);
    if (!m?.[1]) return null;
    numbers.push(Number(m[1]));
  }
  const monthList = [...new Set(months)].sort((a, b) => a - b);
  if (numbers.some((d) => monthList.some((m) => d <= (MONTH_MAX_DAYS[m - 1] ?? 31)))) return null;
  const dayText = [...new Set(numbers)]
    .sort((a, b) => a - b)
    .map((d) => `${d}日`)
    .join('、');
  const monthText = monthList.map((m) => `${m}月`).join('、');
  return `${monthText}${monthList.length > 1 ? '都' : ''}没有${dayText}`;
}

/** Checks a five-field cron expression; the error says what is wrong in Chinese. */
export function parseCron(raw: string): ParseResult<string> {
  const expr = raw.trim().replace(/\s+/g, ' ');
  const shown = `「${quote(expr, 40)}」`;
  const fields = expr === '' ? [] : expr.split(' ');
  if (fields.length !== 5) {
    const counted = fields.length === 6 ? '有 6 段 (不支持按秒), 但' : '';
    return {
      ok: false,
      error: `${shown}不是有效的 cron 表达式: ${counted}需要 5 段 (分 时 日 月 星期), ${EXAMPLE}。`,
    };
  }
  const [, , dayOfMonth = '', month = ''] = fields;
  // Before node-cron's check, which reports "0 9 31 2 *" as a day out of range.
  const missing = missingDays(dayOfMonth, month);
  if (missing !== null) {
    const lastDay = [fields[0], fields[1], 'L', month, fields[4]].join(' ');
    return {
      ok: false,
      error: `${shown}永远不会触发: ${missing}。要在月底请把日期写成 L, 例如 ${lastDay}。`,
    };
  }
  const result = validateDetailed(expr);
  if (!result.valid) {
    const first = result.errors[0];
    const name = first ? (fieldNames[first.field] ?? first.field) : '';
    const range = first ? fieldRanges[first.field] : undefined;
    return {
      ok: false,
      error:
        first === undefined || first.field === 'expression'
          ? `${shown}不是有效的 cron 表达式: 需要 5 段 (分 时 日 月 星期), ${EXAMPLE}。`
          : `${shown}不是有效的 cron 表达式: ${name}「${quote(first.value ?? '')}」不对${range ? `, 应在 ${range} 之间` : ''}。`,
    };
  }
  // Five fields fire at most once in any hour exactly when the minute field names one minute.
  if (parse(expr).minute.length !== 1) {
    return {
      ok: false,
      error: `${shown}太频繁了: 定时发布 (公示、周报、排名) 每小时最多一次, 第一段 (分钟) 只能写一个数, 不能写 *、*/5 或 0,30; ${EXAMPLE}。`,
    };
  }
  return { ok: true, value: expr };
}

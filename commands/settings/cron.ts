/** Cron expressions as committees type them into `/设置`, refused in Chinese when wrong. */
import { validateDetailed } from 'node-cron';
import { quote } from '../args.js';
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

/** Checks a 5- or 6-field cron expression; the error names the field and its range in Chinese. */
export function parseCron(raw: string): ParseResult<string> {
  const expr = raw.trim().replace(/\s+/g, ' ');
  const result = validateDetailed(expr);
  if (result.valid) return { ok: true, value: expr };
  const first = result.errors[0];
  if (!first || first.field === 'expression') {
    return {
      ok: false,
      error: `「${quote(expr, 40)}」不是有效的 cron 表达式: 需要 5 段 (分 时 日 月 星期), 例如 0 9 1 * * 表示每月1日 09:00。`,
    };
  }
  const name = fieldNames[first.field] ?? first.field;
  const range = fieldRanges[first.field];
  return {
    ok: false,
    error: `「${quote(expr, 40)}」不是有效的 cron 表达式: ${name}「${quote(first.value ?? '')}」不对${range ? `, 应在 ${range} 之间` : ''}。`,
  };
}

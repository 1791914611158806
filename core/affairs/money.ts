/**
 * Amounts of money as committees type them, into integer fen, and back. Decimal strings are
 * split into their digits and never pass through a float, so 0.1 + 0.2 problems cannot reach
 * the ledger (STYLE.md, Database: money as integer fen).
 */

import { halfWidthDigits } from '../text.js';
import type { ParseResult } from '../time/index.js';

/** The largest single ledger line: 1 亿元. More is a typo (an extra 0, a 元/分 mix-up). */
export const MAX_AMOUNT_FEN = 10_000_000_000;

const toHalfWidth = (s: string): string =>
  halfWidthDigits(s)
    .replace(/[．。]/g, '.')
    .replace(/，/g, ',');

/**
 * `1280`, `1280.50`, `1,280元`, `¥1280`, `￥1,280.5`, `1.2万`, `3000块` → fen. Refuses zero,
 * negative numbers, more than two decimals (more than six with 万) and amounts over 1 亿元.
 */
export function parseAmountFen(raw: string): ParseResult<number> {
  const text = toHalfWidth(raw.trim()).replace(/\s+/g, '');
  const bad = (): ParseResult<number> => ({
    ok: false,
    error: `看不懂金额「${raw.trim()}」, 请写成 1280、1280.50、1,280元 或 ¥1280。`,
  });
  if (/^[-−－]/.test(text.replace(/^(¥|￥|RMB|rmb)/, ''))) {
    return { ok: false, error: '金额请写正数: 是收入还是支出由前面的「收入」「支出」决定。' };
  }
  const m = /^(?:¥|￥|RMB|rmb)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(万)?(?:元|块|圆)?(?:整)?$/.exec(text);
  if (!m?.[1]) return bad();
  const whole = m[1].replace(/,/g, '');
  const fraction = m[2] ?? '';
  const wan = m[3] !== undefined;
  // With 万 a fen is the sixth decimal (1.000001万 = 1万0.01元).
  const places = wan ? 6 : 2;
  if (fraction.length > places) {
    return { ok: false, error: `金额「${raw.trim()}」最多精确到分 (小数点后 ${places} 位)。` };
  }
  // The digits, decimals padded, are the amount in fen (in 0.000001 万 = 1 fen with 万).
  const digits = `${whole}${fraction.padEnd(places, '0')}`.replace(/^0+/, '');
  if (digits === '') return { ok: false, error: '金额不能为 0。' };
  // Compared as text first, so a 30-digit typo never becomes an imprecise number.
  if (digits.length > String(MAX_AMOUNT_FEN).length) return tooLarge(raw);
  const fen = Number(digits);
  if (fen > MAX_AMOUNT_FEN) return tooLarge(raw);
  return { ok: true, value: fen };
}

function tooLarge(raw: string): ParseResult<number> {
  return {
    ok: false,
    error: `金额「${raw.trim()}」太大了 (一笔最多 1亿元), 请检查是否多写了 0。`,
  };
}

/** `¥1,280.00`; negative amounts as `-¥1,280.00`. */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}¥${yuan}.${cents}`;
}

/**
 * Issue 13: every way of writing a mainland mobile number is masked in ticket text shown outside
 * the staff group; ordinary numbers (amounts, room numbers, dates) are left as typed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskPhones } from '../../core/privacy.js';

const CHINESE = '〇一二三四五六七八九';
const FULL = '０１２３４５６７８９';

/** The digits a reader can still make out: any script, any separators dropped. */
function readableDigits(text: string): string {
  return [...text]
    .map((c) => {
      if (/[0-9]/.test(c)) return c;
      if (FULL.includes(c)) return String(FULL.indexOf(c));
      if (CHINESE.includes(c)) return String(CHINESE.indexOf(c));
      if (c === '零') return '0';
      if (c === '幺') return '1';
      return '';
    })
    .join('');
}

describe('maskPhones', () => {
  it.each([
    ['电话 １３８１２３４５６７８', '电话 138****5678'],
    ['电话 138 1234 5678', '电话 138****5678'],
    ['电话 1381 234 5678', '电话 138****5678'],
    ['电话 138-1234-5678', '电话 138****5678'],
    ['电话 138.1234.5678', '电话 138****5678'],
    ['电话 138 12345678', '电话 138****5678'],
    ['电话 1 3 8 1 2 3 4 5 6 7 8', '电话 138****5678'],
    ['电话 +86 138 1234 5678', '电话 138****5678'],
    ['电话 0086-13812345678', '电话 138****5678'],
    ['电话 ＋８６ １３８ １２３４ ５６７８', '电话 138****5678'],
    ['电话 8613812345678', '电话 138****5678'],
    ['电话 138\u200b1234\u200d5678', '电话 138****5678'],
    ['电话 一三八一二三四五六七八', '电话 138****5678'],
    ['电话 幺三八 幺二三四 五六七八', '电话 138****5678'],
    ['电话 138－1234－5678', '电话 138****5678'],
    ['电话 138-1234 5678', '电话 138****5678'],
    ['13812345678-13912345678', '138****5678-139****5678'],
    ['电话\u3000138\u30001234\u30005678', '电话\u3000138****5678'],
    ['3-2-301 13812345678', '3-2-301 138****5678'],
    ['13812345678 13912345678', '138****5678 139****5678'],
    ['138 1234 5678 3-2-301 漏水', '138****5678 3-2-301 漏水'],
  ])('GIVEN %j THEN it shows %j', (text, masked) => {
    expect(maskPhones(text)).toBe(masked);
  });

  it.each([
    '3-2-301 楼上漏水',
    '1-3-301 2026-11-30 漏水',
    '2026.11.30 13:45 来修',
    '物业费 1380.50 元, 订单 2026113012345678',
    '¥1,380, 3号楼2单元1301',
    '第一 二 三 条',
    '2026-11-30 至 2026-12-31',
  ])('GIVEN ordinary numbers %j THEN they are left as typed', (text) => {
    expect(maskPhones(text)).toBe(text);
  });

  const digitIn = (d: number, script: number) =>
    script === 0 ? String(d) : script === 1 ? (FULL[d] as string) : (CHINESE[d] as string);
  const mobile = fc
    .tuple(
      fc.constantFrom(3, 4, 5, 6, 7, 8, 9),
      fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 }),
    )
    .map(([second, rest]) => [1, second, ...rest]);
  const separator = fc.constantFrom(' ', '-', '.', '－', '．', '\u3000', ' - ', '\u200b', '·', '—');
  const context = fc
    .array(fc.constantFrom('电', '话', '请', '联', '系', ':', '，', 'a', 'B', ' ', '我', '。', '(', '#'), {
      maxLength: 6,
    })
    .map((a) => a.join(''));

  it('PROPERTY: a mobile number in any script, split anywhere by blanks, dashes, dots or zero-width marks, with or without +86/0086, is masked', () => {
    fc.assert(
      fc.property(
        mobile,
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 11, maxLength: 11 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 10 }), { maxLength: 10 }),
        separator,
        fc.constantFrom('', '+86 ', '+86-', '0086 ', '＋８６', '86 ', '0086'),
        context,
        context,
        (digits, scripts, cuts, sep, prefix, before, after) => {
          const body = digits
            .map((d, i) => `${cuts.includes(i) ? sep : ''}${digitIn(d, scripts[i] ?? 0)}`)
            .join('');
          const text = `${before}${prefix}${body}${after}`;
          const masked = maskPhones(text);
          const national = digits.join('');
          expect(readableDigits(masked)).not.toContain(national);
          expect(masked).toContain(`${national.slice(0, 3)}****${national.slice(7)}`);
          expect(masked.startsWith(before)).toBe(true);
          expect(masked.endsWith(after)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  const room = fc
    .tuple(
      fc.integer({ min: 1, max: 30 }),
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: 101, max: 3302 }),
    )
    .map(([b, u, r]) => `${b}-${u}-${r}`);
  const date = fc
    .tuple(
      fc.integer({ min: 2020, max: 2030 }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 28 }),
    )
    .chain(([y, m, d]) =>
      fc.constantFrom(
        `${y}-${m}-${d}`,
        `${y}.${m}.${d}`,
        `${y}/${m}/${d}`,
        `${m}月${d}日`,
        `${y}年${m}月${d}日`,
      ),
    );
  const amount = fc
    .tuple(fc.integer({ min: 0, max: 9_999_999 }), fc.integer({ min: 0, max: 99 }))
    .chain(([yuan, fen]) =>
      fc.constantFrom(`${yuan}元`, `${yuan}.${String(fen).padStart(2, '0')} 元`, `¥${yuan}`),
    );
  const time = fc
    .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
    .map(([h, m]) => `${h}:${String(m).padStart(2, '0')}`);

  it('PROPERTY: room numbers, dates, times and amounts, alone or side by side, are left as typed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(room, date, amount, time), { minLength: 1, maxLength: 4 }),
        fc.constantFrom(' ', '，', '、', ' 和 ', ', '),
        (parts, joiner) => {
          const text = `房屋 ${parts.join(joiner)} 需要维修`;
          expect(maskPhones(text)).toBe(text);
        },
      ),
      { numRuns: 500 },
    );
  });
});

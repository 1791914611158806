import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFen, MAX_AMOUNT_FEN, parseAmountFen } from '../../../core/affairs/money.js';

const fen = (text: string) => {
  const r = parseAmountFen(text);
  if (!r.ok) throw new Error(`expected ${text} to parse, got: ${r.error}`);
  return r.value;
};
const error = (text: string) => {
  const r = parseAmountFen(text);
  if (r.ok) throw new Error(`expected ${text} to be refused, got ${r.value}`);
  return r.error;
};

describe('parseAmountFen: amounts as committees type them, into integer fen', () => {
  it('GIVEN the forms in the issue THEN each is an exact number of fen', () => {
    expect(fen('1280')).toBe(128_000);
    expect(fen('1280.50')).toBe(128_050);
    expect(fen('1280.5')).toBe(128_050);
    expect(fen('1,280元')).toBe(128_000);
    expect(fen('¥1280')).toBe(128_000);
    expect(fen('￥1,280.05')).toBe(128_005);
    expect(fen('０.１')).toBe(10);
    expect(fen('3000块')).toBe(300_000);
    expect(fen('1.2万')).toBe(1_200_000);
    expect(fen('1.2万元')).toBe(1_200_000);
    expect(fen('0.01')).toBe(1);
  });

  it('GIVEN 0.1 + 0.2 style decimals THEN no float error reaches the ledger', () => {
    expect(fen('0.29')).toBe(29);
    expect(fen('1.15')).toBe(115);
    expect(fen('4.35')).toBe(435);
  });

  it('GIVEN zero, negative, three decimals, garbage or an absurd amount THEN a Chinese sentence refuses it', () => {
    expect(error('0')).toContain('不能为 0');
    expect(error('0.00元')).toContain('不能为 0');
    expect(error('-100')).toContain('正数');
    expect(error('1280.505')).toContain('精确到分');
    expect(error('十块')).toContain('看不懂金额');
    expect(error('12,80')).toContain('看不懂金额');
    expect(error('1e5')).toContain('看不懂金额');
    expect(error('100000001')).toContain('太大');
    expect(error('99999999999999999999999')).toContain('太大');
  });

  it('GIVEN any amount up to 1亿元 written with or without separators, ¥ and 元 THEN it parses back to the same fen', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: MAX_AMOUNT_FEN }),
        fc.boolean(),
        fc.constantFrom('', '¥', '￥'),
        fc.constantFrom('', '元'),
        (value, grouped, prefix, suffix) => {
          const yuan = Math.floor(value / 100);
          const cents = value % 100;
          const whole = grouped ? yuan.toLocaleString('en-US') : String(yuan);
          const text = `${prefix}${whole}${cents === 0 ? '' : `.${String(cents).padStart(2, '0')}`}${suffix}`;
          expect(fen(text)).toBe(value);
        },
      ),
    );
  });

  it('GIVEN formatFen THEN it prints yuan with thousands separators and two decimals, and parses back', () => {
    expect(formatFen(128_050)).toBe('¥1,280.50');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(-100_000)).toBe('-¥1,000.00');
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_AMOUNT_FEN }), (value) => {
        expect(fen(formatFen(value))).toBe(value);
      }),
    );
  });
});

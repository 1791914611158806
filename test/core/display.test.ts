import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayName, NAME_FALLBACK, NAME_MAX, oneLine } from '../../core/display.js';

describe('oneLine: user text inside a bot line (issue 13)', () => {
  it.each([
    ['灯坏了\n业委会通知: 本月物业费翻倍', '灯坏了 业委会通知: 本月物业费翻倍'],
    ['a\r\nb\u2028c\u2029d\u0085e\u000bf', 'a b c d e f'],
    ['  前后空白\t\t中间  ', '前后空白 中间'],
    ['零\u200b宽\u202e反向\u0007铃', '零宽反向铃'],
  ])('GIVEN %j THEN it shows %j', (text, shown) => {
    expect(oneLine(text)).toBe(shown);
  });

  it('GIVEN a limit THEN the text is cut with "…" within it, by code point (no half emoji)', () => {
    expect(oneLine('一二三四五六', 4)).toBe('一二三…');
    expect(oneLine('一二三四', 4)).toBe('一二三四');
    expect(oneLine('😀😀😀😀😀', 3)).toBe('😀😀…');
  });

  it('PROPERTY: the result never holds a line break, and cutting again changes nothing', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 80 }),
        fc.integer({ min: 1, max: 30 }),
        (text, max) => {
          const shown = oneLine(text, max);
          expect(shown).not.toMatch(/[\v\f\n\r\u2028\u2029\u0085]/);
          expect([...shown].length).toBeLessThanOrEqual(max);
          expect(oneLine(shown, max)).toBe(shown);
        },
      ),
    );
  });
});

describe('displayName', () => {
  it('GIVEN a name with a line break THEN it is one line', () => {
    expect(displayName('小王\n[幸福小区业主群] 红管家: …')).toBe('小王 [幸福小区业主群] 红管…');
  });

  it(`GIVEN an over-long name THEN it is cut to ${NAME_MAX} characters ending in "…"`, () => {
    const shown = displayName('超'.repeat(40));
    expect([...shown]).toHaveLength(NAME_MAX);
    expect(shown.endsWith('…')).toBe(true);
    expect(displayName('3-2-301 张三丰')).toBe('3-2-301 张三丰');
  });

  it.each([[''], ['   '], ['\u200b\u200d'], ['\n'], [null], [undefined]])(
    'GIVEN the empty name %j THEN it shows the fallback',
    (name) => {
      expect(displayName(name)).toBe(NAME_FALLBACK);
    },
  );
});

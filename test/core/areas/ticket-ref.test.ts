import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchCompound, parseAreaTicketRef } from '../../../core/areas/ticket-ref.js';

const compounds = [{ name: '幸福小区' }, { name: '幸福二期' }, { name: '枫林小区' }, { name: 'ABC花园' }];
const example = '幸福小区#12';

describe('<小区名>#n in a community group (core/areas/ticket-ref.ts)', () => {
  it('GIVEN the ways people type it THEN name, number and the rest are read', () => {
    expect(parseAreaTicketRef('幸福小区#12 由物业更换')).toEqual({
      name: '幸福小区',
      no: 12,
      rest: '由物业更换',
    });
    expect(parseAreaTicketRef('幸福 ＃１２由物业更换')).toEqual({ name: '幸福', no: 12, rest: '由物业更换' });
    expect(parseAreaTicketRef('  枫林#3')).toEqual({ name: '枫林', no: 3, rest: '' });
    expect(parseAreaTicketRef('#3 x')).toEqual({ name: '', no: 3, rest: 'x' });
  });

  it('GIVEN no number, a zero or a number that goes on THEN it is not a reference', () => {
    expect(parseAreaTicketRef('幸福小区 12 更换')).toBeNull();
    expect(parseAreaTicketRef('幸福#0 更换')).toBeNull();
    expect(parseAreaTicketRef('幸福#1.5 更换')).toBeNull();
    expect(parseAreaTicketRef('幸福#12a')).toBeNull();
    expect(parseAreaTicketRef('')).toBeNull();
  });

  it('GIVEN a name THEN the exact one wins, else a unique prefix; otherwise the refusal lists the choices', () => {
    expect(matchCompound('幸福小区', compounds, example)).toEqual({
      ok: true,
      compound: { name: '幸福小区' },
    });
    expect(matchCompound('枫', compounds, example)).toEqual({ ok: true, compound: { name: '枫林小区' } });
    expect(matchCompound('ａｂｃ', compounds, example)).toEqual({ ok: true, compound: { name: 'ABC花园' } });
    expect(matchCompound('幸福', compounds, example)).toEqual({
      ok: false,
      error: '「幸福」可以是 幸福小区、幸福二期, 请多写几个字。',
    });
    expect(matchCompound('阳光', compounds, example)).toEqual({
      ok: false,
      error: '本群的小区里没有「阳光」。本群的小区: 幸福小区、幸福二期、枫林小区、ABC花园。',
    });
    expect(matchCompound('', compounds, example)).toEqual({
      ok: false,
      error: '请在 # 前写上小区名, 例如 幸福小区#12。本群的小区: 幸福小区、幸福二期、枫林小区、ABC花园。',
    });
    expect(matchCompound('幸福', [], example)).toEqual({
      ok: false,
      error: '本群还没有小区: 请管理员在小区的群里发送 /归属 <社区名>。',
    });
  });

  it('GIVEN any text THEN reading never throws, a number read is positive, and a match is always one of the group’s own', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        const ref = parseAreaTicketRef(text);
        if (ref === null) return;
        expect(ref.no).toBeGreaterThan(0);
        expect(ref.name).not.toMatch(/[#＃]/);
        const m = matchCompound(ref.name, compounds, example);
        if (m.ok) expect(compounds).toContain(m.compound);
        else expect(m.error.length).toBeGreaterThan(0);
      }),
    );
  });
});

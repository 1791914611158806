import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchCompoundName, parseAreaTicketRef } from '../../../core/tickets/area-ref.js';

const FULL = '０１２３４５６７８９';
const toFullWidth = (s: string) => s.replace(/[0-9]/g, (d) => FULL[Number(d)] as string);

/** Compound names as /绑定群 lets them be: Chinese or letters, no `#`, maybe with a digit or a space. */
const compoundName = fc
  .array(fc.constantFrom('幸', '福', '小', '区', '二', '期', '枫', '林', 'A', 'b', '3', ' '), {
    minLength: 1,
    maxLength: 8,
  })
  .map((cs) => cs.join('').trim().replace(/\s+/g, ' '))
  .filter((n) => /[\p{Script=Han}A-Za-z]/u.test(n));

describe('parseAreaTicketRef: <小区名>#12 in a community or street group', () => {
  it.each([
    ['幸福小区#12', { name: '幸福小区', no: 12, rest: '' }],
    ['幸福#12 由物业拆除', { name: '幸福', no: 12, rest: '由物业拆除' }],
    ['幸福小区＃１２说明', { name: '幸福小区', no: 12, rest: '说明' }],
    ['幸福小区 # 3  城管周五到场', { name: '幸福小区', no: 3, rest: '城管周五到场' }],
    ['#12', { name: '', no: 12, rest: '' }],
    ['＃７ 说明', { name: '', no: 7, rest: '说明' }],
    ['幸福小区二期#3, 已修好', { name: '幸福小区二期', no: 3, rest: ', 已修好' }],
    ['幸福#2 费用 #3 另算', { name: '幸福', no: 2, rest: '费用 #3 另算' }],
  ])('GIVEN %j THEN the name, number and rest come apart', (text, want) => {
    expect(parseAreaTicketRef(text)).toEqual(want);
  });

  it.each(['幸福小区', '幸福小区 12', '幸福#', '幸福#0', '幸福#1.5', '幸福#12a', '幸福#1234567890', ''])(
    'GIVEN %j THEN it names no ticket',
    (text) => {
      expect(parseAreaTicketRef(text)).toBeNull();
    },
  );

  it('GIVEN any compound name, number and note, in half or full width THEN they come back as written', () => {
    fc.assert(
      fc.property(
        compoundName,
        fc.integer({ min: 1, max: 999_999_999 }),
        fc.constantFrom('#', '＃'),
        fc.boolean(),
        fc.string({ maxLength: 30 }).map((s) => s.trim()),
        (name, no, hash, fullWidth, rest) => {
          const digits = fullWidth ? toFullWidth(String(no)) : String(no);
          expect(parseAreaTicketRef(`${name}${hash}${digits} ${rest}`)).toEqual({
            name,
            no,
            rest: rest.trim(),
          });
        },
      ),
    );
  });

  it('GIVEN any text THEN it parses or not without throwing, and a number read is a positive integer', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        const ref = parseAreaTicketRef(s);
        if (ref !== null) {
          expect(Number.isInteger(ref.no) && ref.no > 0).toBe(true);
          expect(ref.name).not.toMatch(/[#＃]/);
        }
      }),
    );
  });
});

describe('matchCompoundName: a unique prefix of the name is enough', () => {
  const compounds = [
    { name: '幸福小区' },
    { name: '幸福小区二期' },
    { name: '枫林小区' },
    { name: 'Park一期' },
  ];

  it('GIVEN a whole name that is also the start of another THEN the whole name wins', () => {
    expect(matchCompoundName('幸福小区', compounds)).toEqual({
      kind: 'found',
      compound: { name: '幸福小区' },
    });
  });

  it('GIVEN a unique prefix THEN it names that compound; letters in either case', () => {
    expect(matchCompoundName('枫', compounds)).toEqual({ kind: 'found', compound: { name: '枫林小区' } });
    expect(matchCompoundName('幸福小区二', compounds)).toEqual({
      kind: 'found',
      compound: { name: '幸福小区二期' },
    });
    expect(matchCompoundName('park', compounds)).toEqual({ kind: 'found', compound: { name: 'Park一期' } });
  });

  it('GIVEN a prefix of several THEN all of them are named; an unknown or empty name none', () => {
    expect(matchCompoundName('幸福', compounds)).toEqual({
      kind: 'ambiguous',
      matches: [{ name: '幸福小区' }, { name: '幸福小区二期' }],
    });
    expect(matchCompoundName('阳光', compounds)).toEqual({ kind: 'unknown' });
    expect(matchCompoundName('', compounds)).toEqual({ kind: 'unknown' });
  });

  it('GIVEN any typed name THEN a compound found starts with it, and only compounds of the list are found', () => {
    fc.assert(
      fc.property(fc.array(compoundName, { maxLength: 6 }), compoundName, (names, typed) => {
        const list = [...new Set(names)].map((name) => ({ name }));
        const m = matchCompoundName(typed, list);
        if (m.kind === 'found') {
          expect(list).toContain(m.compound);
          expect(m.compound.name.toLowerCase().startsWith(typed.toLowerCase())).toBe(true);
        }
        if (m.kind === 'ambiguous') expect(m.matches.length).toBeGreaterThan(1);
      }),
    );
  });
});

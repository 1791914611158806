import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  areaProblem,
  formatUnitAddress,
  parseAreaCenti,
  parseUnitAddress,
} from '../../../core/units/address.js';

describe('reading a 楼-单元-室 address', () => {
  it.each([
    ['3-2-301', '3-2-301'],
    ['3号楼2单元301室', '3-2-301'],
    ['12-1502', '12-1502'],
    ['A座2单元1201室', 'A-2-1201'],
    ['a-1-301', 'A-1-301'],
    ['12A-1-301', '12A-1-301'],
    ['B3栋1单元502', 'B3-1-502'],
    ['3-02-0301', '3-2-301'],
    ['３－２－３０１', '3-2-301'],
  ])('GIVEN %s THEN it reads %s', (raw, label) => {
    const address = parseUnitAddress(raw);
    expect(address).not.toBeNull();
    expect(formatUnitAddress(address ?? { building: '', entrance: '', room: '' })).toBe(label);
  });

  it.each([
    'A-B-C',
    '0-0-0',
    '3-0-301',
    '0-2-301',
    '3-2-0',
    '3-2-A',
    '3-2-30001',
    '3-100-301',
    '1000-2-301',
    'AB-1-301',
    '3-2-301A',
  ])('GIVEN %s THEN it is not an address', (raw) => {
    expect(parseUnitAddress(raw)).toBeNull();
  });

  it('GIVEN any text THEN an address read from it has a building, an entrance or none, and a room that start from 1', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 20 }),
          fc
            .tuple(
              fc.stringMatching(/^[0-9A-Za-z]{1,5}$/),
              fc.stringMatching(/^[0-9A-Za-z]{0,4}$/),
              fc.nat(99999),
            )
            .map(([a, b, c]) => `${a}-${b}-${c}`),
        ),
        (s) => {
          const u = parseUnitAddress(s);
          if (u === null) return;
          expect(u.building).toMatch(/^(?:[A-Z]|[A-Z]?[1-9]\d{0,2}[A-Z]?)$/);
          expect(u.entrance).toMatch(/^(?:|[1-9]\d?)$/);
          expect(u.room).toMatch(/^[1-9]\d{0,3}$/);
          expect(parseUnitAddress(formatUnitAddress(u))).toEqual(u);
        },
      ),
    );
  });
});

describe('a sane area', () => {
  it.each([
    ['5', null],
    ['1000', null],
    ['89.5', null],
    ['4.99', '5 到 1000'],
    ['1000.01', '5 到 1000'],
    ['99999', '5 到 1000'],
  ])('GIVEN %s ㎡ THEN the problem is %s', (raw, problem) => {
    const centi = parseAreaCenti(raw);
    expect(centi).not.toBeNull();
    const found = areaProblem(centi ?? 0);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toContain(problem);
  });
});

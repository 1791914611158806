import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type FormalBallot,
  percent,
  type TallyUnit,
  tallyFormal,
  tallyQuick,
} from '../../../core/votes/tally.js';

const YES = 1;
const NO = 2;
const ABSTAIN = 3;

/** n units of `areaCenti` each, owner i owns unit i. */
function units(n: number, areaCenti = 10_000): TallyUnit[] {
  return Array.from({ length: n }, (_, i) => ({ unitId: i + 1, areaCenti, ownerIds: [`p${i + 1}`] }));
}
const votes = (choices: number[]): FormalBallot[] => choices.map((choice, i) => ({ unitId: i + 1, choice }));

describe('art. 278 tally of a formal vote', () => {
  it('GIVEN exactly 2/3 of area and owners take part THEN the vote is valid (≥ 2/3 includes equality)', () => {
    const t = tallyFormal(units(9), votes([YES, YES, YES, YES, NO, NO]), false);
    expect(t.participating).toEqual({ areaCenti: 60_000, owners: 6 });
    expect(t.quorumArea && t.quorumOwners).toBe(true);
    expect(t.valid).toBe(true);
  });

  it('GIVEN one vote short of 2/3 THEN the vote is invalid, and it says which conditions fail', () => {
    const t = tallyFormal(units(9), votes([YES, YES, YES, YES, YES]), false);
    expect(t.quorumArea).toBe(false);
    expect(t.quorumOwners).toBe(false);
    expect(t.valid).toBe(false);
    expect(t.passed).toBe(false);
  });

  it('GIVEN exactly 1/2 of the participants agree THEN an ordinary matter fails (needs more than 1/2)', () => {
    const t = tallyFormal(units(6), votes([YES, YES, NO, NO, YES, NO]), false);
    expect(t.valid).toBe(true);
    expect(t.passArea).toBe(false);
    expect(t.passOwners).toBe(false);
    expect(t.passed).toBe(false);
  });

  it('GIVEN exactly 3/4 agree THEN a 重大 matter passes; one less fails', () => {
    const exactly = tallyFormal(units(8), votes([YES, YES, YES, YES, YES, YES, NO, NO]), true);
    expect(exactly.passed).toBe(true);
    const short = tallyFormal(units(8), votes([YES, YES, YES, YES, YES, NO, NO, NO]), true);
    expect(short.passArea).toBe(false);
    expect(short.passed).toBe(false);
  });

  it('GIVEN abstentions THEN they count as participating and in the denominators', () => {
    // 3 yes, 1 no, 2 abstain of 6: participation 6/6; yes 3/6 is not more than 1/2.
    const t = tallyFormal(units(6), votes([YES, YES, YES, NO, ABSTAIN, ABSTAIN]), false);
    expect(t.participating.owners).toBe(6);
    expect(t.abstain).toEqual({ areaCenti: 20_000, owners: 2 });
    expect(t.passed).toBe(false);
    // Without the abstainers the same 3 yes would pass 3 of 4, but then turnout fails 4/6 < 2/3? 4/6 = 2/3 holds.
    const without = tallyFormal(units(6), votes([YES, YES, YES, NO]), false);
    expect(without.valid).toBe(true);
    expect(without.passed).toBe(true);
  });

  it('GIVEN one owner with two units THEN both areas count but the owner counts once', () => {
    const u: TallyUnit[] = [
      { unitId: 1, areaCenti: 8_950, ownerIds: ['zhang'] },
      { unitId: 2, areaCenti: 12_000, ownerIds: ['zhang'] },
      { unitId: 3, areaCenti: 10_000, ownerIds: ['li'] },
    ];
    const t = tallyFormal(
      u,
      [
        { unitId: 1, choice: YES },
        { unitId: 2, choice: YES },
      ],
      false,
    );
    expect(t.total).toEqual({ areaCenti: 30_950, owners: 2 });
    expect(t.participating).toEqual({ areaCenti: 20_950, owners: 1 });
    expect(t.yes.owners).toBe(1);
    // 1 of 2 owners is less than 2/3 by headcount, although 20950/30950 of area is more.
    expect(t.quorumArea).toBe(true);
    expect(t.quorumOwners).toBe(false);
  });

  it('GIVEN co-owners of one unit THEN the unit is one owner, and owners linked through units form one', () => {
    const u: TallyUnit[] = [
      { unitId: 1, areaCenti: 10_000, ownerIds: ['a', 'b'] },
      { unitId: 2, areaCenti: 10_000, ownerIds: ['b'] },
      { unitId: 3, areaCenti: 10_000, ownerIds: ['c'] },
    ];
    expect(tallyFormal(u, [], false).total.owners).toBe(2);
  });

  it('GIVEN units with no verified owner THEN they count in the totals but never as participants', () => {
    const u: TallyUnit[] = [...units(2), { unitId: 3, areaCenti: 10_000, ownerIds: [] }];
    const t = tallyFormal(u, votes([YES, YES]), false);
    expect(t.total).toEqual({ areaCenti: 30_000, owners: 3 });
    expect(t.participating.owners).toBe(2);
    expect(t.valid).toBe(true);
  });

  it('GIVEN areas with decimals that sum to exactly 2/3 THEN no float drift decides it', () => {
    // 0.1 + 0.2 style: areas 33.33 + 33.34 of 100.00 => 66.67 >= 66.666… holds; 66.66 does not.
    const u: TallyUnit[] = [
      { unitId: 1, areaCenti: 3_333, ownerIds: ['a'] },
      { unitId: 2, areaCenti: 3_334, ownerIds: ['b'] },
      { unitId: 3, areaCenti: 3_333, ownerIds: ['c'] },
    ];
    expect(tallyFormal(u, votes([YES, YES]), false).quorumArea).toBe(true);
    const v: TallyUnit[] = [
      { unitId: 1, areaCenti: 3_333, ownerIds: ['a'] },
      { unitId: 2, areaCenti: 3_333, ownerIds: ['b'] },
      { unitId: 3, areaCenti: 3_334, ownerIds: ['c'] },
    ];
    expect(tallyFormal(v, votes([YES, YES]), false).quorumArea).toBe(false);
  });

  it('GIVEN no units at all THEN nothing is valid and nothing throws', () => {
    const t = tallyFormal([], [], true);
    expect(t.valid).toBe(false);
    expect(t.passed).toBe(false);
  });

  it('PROPERTY: passed implies valid; the weights add up; exact rational rule matches', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ area: fc.integer({ min: 1, max: 50_000 }), owner: fc.integer({ min: 0, max: 20 }) }),
          {
            minLength: 1,
            maxLength: 30,
          },
        ),
        fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 30 }),
        fc.boolean(),
        (rows, choices, major) => {
          const u = rows.map((r, i) => ({ unitId: i + 1, areaCenti: r.area, ownerIds: [`p${r.owner}`] }));
          const b = choices
            .slice(0, u.length)
            .flatMap((c, i) => (c === 0 ? [] : [{ unitId: i + 1, choice: c }]));
          const t = tallyFormal(u, b, major);
          if (t.passed) expect(t.valid).toBe(true);
          expect(t.yes.areaCenti + t.no.areaCenti + t.abstain.areaCenti).toBe(t.participating.areaCenti);
          expect(t.yes.owners + t.no.owners + t.abstain.owners).toBe(t.participating.owners);
          expect(t.total.owners).toBe(new Set(rows.map((r) => r.owner)).size);
          const share = (a: number, w: number) =>
            BigInt(a) * 12n >= BigInt(w) * (major ? 9n : 6n) + (major ? 0n : 1n);
          expect(t.passArea).toBe(
            t.participating.areaCenti > 0 && share(t.yes.areaCenti, t.participating.areaCenti),
          );
        },
      ),
    );
  });
});

describe('quick poll counts', () => {
  it('GIVEN single and multi-choice ballots THEN each option counts each voter at most once', () => {
    const t = tallyQuick(3, [[1], [2, 3], [3, 3], [9]]);
    expect(t.counts).toEqual([1, 1, 2]);
    expect(t.voters).toBe(4);
  });

  it('GIVEN shares THEN percentages round to one decimal and never divide by zero', () => {
    expect(percent(2, 3)).toBe('66.7%');
    expect(percent(1, 2)).toBe('50%');
    expect(percent(0, 0)).toBe('0%');
  });
});

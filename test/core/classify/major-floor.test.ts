import { describe, expect, it } from 'vitest';
import type { TicketClass } from '../../../core/classify/rules.js';
import { chooseMajorFloor, floorTrial } from '../../../scripts/classify-train.js';

/** An out-of-fold prediction: the truth is major or not, what the pipeline said, the model's 重大. */
const item = (major: boolean, cls: TicketClass, pMajor: number) => ({ major, cls, pMajor });

describe('the major floor (scripts/classify-train.ts)', () => {
  // 100 tickets: 2 emergencies the pipeline classes 一般 (重大 at 0.42 and 0.17), 98 others of
  // which some have a little 重大 in them.
  const base = [
    item(true, 'general', 0.42),
    item(true, 'general', 0.17),
    ...Array.from({ length: 20 }, () => item(true, 'major', 0.9)),
    ...Array.from({ length: 60 }, () => item(false, 'general', 0.01)),
    ...Array.from({ length: 10 }, () => item(false, 'general', 0.12)),
    item(false, 'complex', 0.22),
    item(false, 'general', 0.3),
    ...Array.from({ length: 6 }, () => item(false, 'general', 0.03)),
  ];

  it('GIVEN a floor THEN it counts the emergencies still classed 一般 and the tickets it newly makes 重大', () => {
    expect(floorTrial(base, 1)).toEqual({ floor: 1, missed: 2, flagged: 0 });
    // 0.2 lifts the 0.42 emergency, the complex ticket at 0.22 and the 一般 at 0.3.
    expect(floorTrial(base, 0.2)).toEqual({ floor: 0.2, missed: 1, flagged: 0.03 });
    // 0.15 lifts the 0.17 emergency too.
    expect(floorTrial(base, 0.15)).toEqual({ floor: 0.15, missed: 0, flagged: 0.04 });
  });

  it('GIVEN the 3% budget of extra questions to staff THEN the lowest floor within it is chosen', () => {
    // 0.05 and 0.1 lift the ten at 0.12 (13%), 0.15 lifts 4%: 0.2 is the lowest within 3%.
    expect(chooseMajorFloor(base)).toBe(0.2);
  });

  it('GIVEN a model that never gives 重大 to what it ranks otherwise THEN the floor is as low as the grid goes', () => {
    expect(chooseMajorFloor([item(false, 'general', 0), item(true, 'major', 1)])).toBe(0.05);
  });
});

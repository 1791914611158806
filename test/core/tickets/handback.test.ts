import { describe, expect, it } from 'vitest';
import { withCommunity } from '../../../core/tickets/handback.js';

const open = { escalatedAt: 1_000, closedAt: null };
const step = (kind: 'escalated' | 'handed_back', at: number, id: number) => ({ kind, at, id });

describe('withCommunity: who holds an escalated ticket', () => {
  it('GIVEN a ticket never escalated, or closed THEN not the community', () => {
    expect(withCommunity({ escalatedAt: null, closedAt: null }, [])).toBe(false);
    expect(withCommunity({ escalatedAt: 1_000, closedAt: 2_000 }, [step('escalated', 1_000, 1)])).toBe(false);
  });

  it('GIVEN escalated and never handed back THEN the community', () => {
    expect(withCommunity(open, [step('escalated', 1_000, 1)])).toBe(true);
  });

  it('GIVEN handed back, then escalated again THEN back and forth by the latest step', () => {
    const first = step('escalated', 1_000, 1);
    const back = step('handed_back', 2_000, 2);
    expect(withCommunity(open, [first, back])).toBe(false);
    expect(withCommunity(open, [back, step('escalated', 3_000, 3), first])).toBe(true);
  });

  it('GIVEN two steps in the same millisecond THEN the one written last decides', () => {
    expect(withCommunity(open, [step('handed_back', 1_000, 5), step('escalated', 1_000, 4)])).toBe(false);
    expect(withCommunity(open, [step('handed_back', 1_000, 4), step('escalated', 1_000, 5)])).toBe(true);
  });
});

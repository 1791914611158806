import { describe, expect, it } from 'vitest';
import { Pacer } from '../../bot/pacer.js';

describe('Pacer', () => {
  it('GIVEN a message just sent to a group THEN the next one to that group waits the group interval', () => {
    const pacer = new Pacer({ groupIntervalMs: 1000, perSecond: 3 });
    pacer.record('room-a', 10_000);
    expect(pacer.readyAt('room-a', 10_000)).toBe(11_000);
    expect(pacer.readyAt('room-a', 10_600)).toBe(11_000);
    expect(pacer.readyAt('room-a', 11_500)).toBe(11_500);
  });

  it('GIVEN one group busy THEN another group may send at once (within the account rate)', () => {
    const pacer = new Pacer({ groupIntervalMs: 1000, perSecond: 3 });
    pacer.record('room-a', 10_000);
    expect(pacer.readyAt('room-b', 10_000)).toBe(10_000);
  });

  it('GIVEN the account sent its per-second budget THEN every group waits until the oldest is a second old', () => {
    const pacer = new Pacer({ groupIntervalMs: 1000, perSecond: 3 });
    pacer.record('a', 10_000);
    pacer.record('b', 10_100);
    pacer.record('c', 10_200);
    expect(pacer.readyAt('d', 10_300)).toBe(11_000);
    pacer.record('d', 11_000);
    expect(pacer.readyAt('e', 11_000)).toBe(11_100);
  });

  it('GIVEN a burst of 100 messages to one group THEN simulated sends are never closer than the interval', () => {
    const pacer = new Pacer({ groupIntervalMs: 1000, perSecond: 5 });
    let t = 0;
    const times: number[] = [];
    for (let i = 0; i < 100; i++) {
      t = pacer.readyAt('room', t);
      pacer.record('room', t);
      times.push(t);
    }
    for (let i = 1; i < times.length; i++)
      expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(1000);
  });

  it('GIVEN bursts to many groups THEN no one-second window holds more than the account rate', () => {
    const pacer = new Pacer({ groupIntervalMs: 1000, perSecond: 4 });
    const times: number[] = [];
    let t = 0;
    for (let i = 0; i < 200; i++) {
      const room = `room-${i % 37}`;
      t = pacer.readyAt(room, t);
      pacer.record(room, t);
      times.push(t);
    }
    for (let i = 0; i < times.length; i++) {
      const inWindow = times.filter((x) => x >= (times[i] ?? 0) && x < (times[i] ?? 0) + 1000).length;
      expect(inWindow).toBeLessThanOrEqual(4);
    }
  });
});

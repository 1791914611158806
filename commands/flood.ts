/**
 * Per-member flood control: one member typing commands faster than a person would is slowed
 * with one polite line, the group is not flooded, and other members are not slowed
 * (issue "Hardening": 50 commands in 10 seconds). Kept in memory: a restart forgives everyone.
 */
export interface FloodOptions {
  /** Commands one member may send in one group within `windowMs`. */
  limit: number;
  windowMs: number;
}

export type FloodVerdict = 'ok' | 'warn' | 'drop';

export const defaultFloodOptions: FloodOptions = { limit: 10, windowMs: 10_000 };

export class FloodGuard {
  private readonly recent = new Map<string, number[]>();
  private readonly warned = new Map<string, number>();

  constructor(private readonly options: FloodOptions = defaultFloodOptions) {}

  /**
   * Notes one command and says whether to handle it (`ok`), refuse it with the one polite line
   * (`warn`, the first refusal in a window), or drop it silently (`drop`).
   */
  check(key: string, now: number): FloodVerdict {
    const since = now - this.options.windowMs;
    const times = (this.recent.get(key) ?? []).filter((t) => t > since);
    if (times.length < this.options.limit) {
      times.push(now);
      this.recent.set(key, times);
      return 'ok';
    }
    this.recent.set(key, times);
    const lastWarn = this.warned.get(key);
    if (lastWarn !== undefined && lastWarn > since) return 'drop';
    this.warned.set(key, now);
    this.prune(now);
    return 'warn';
  }

  /**
   * The member is over the limit by a count kept elsewhere (their private messages to all our
   * accounts, db/messages.ts), `sent` this message included: the polite line for the first
   * message over it, which only one account sees, and silence for the rest.
   */
  over(key: string, now: number, sent: number): Exclude<FloodVerdict, 'ok'> {
    const lastWarn = this.warned.get(key);
    if (sent > this.options.limit + 1 || (lastWarn !== undefined && lastWarn > now - this.options.windowMs))
      return 'drop';
    this.warned.set(key, now);
    return 'warn';
  }

  /** The window the limit counts over. */
  get windowMs(): number {
    return this.options.windowMs;
  }

  /** Commands allowed within the window. */
  get limit(): number {
    return this.options.limit;
  }

  /** Milliseconds until this member may send again. */
  waitMs(key: string, now: number): number {
    const oldest = this.recent.get(key)?.[0];
    return oldest === undefined ? 0 : Math.max(0, oldest + this.options.windowMs - now);
  }

  private prune(now: number): void {
    if (this.recent.size < 10_000) return;
    const since = now - this.options.windowMs;
    for (const [key, times] of this.recent) if ((times.at(-1) ?? 0) <= since) this.recent.delete(key);
    for (const [key, at] of this.warned) if (at <= since) this.warned.delete(key);
  }
}

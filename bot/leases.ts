/**
 * One account speaks per conversation (SPEC "Many accounts, one store"). Each bot process holds
 * a lease (db/accounts.ts `takeLeases`) on the groups it sits in and sends only their outbox
 * rows; the outbox itself stays account-free, so whoever holds a lease sends what is queued.
 *
 * - Taken and renewed every `renewEveryMs` for the groups in the account's room list (after
 *   login, at each room-join), held for `ttlMs`. A private chat is taken over by the account the
 *   member last wrote to (`speakTo`). Any other conversation (a private notice to someone who
 *   never wrote, a group the list missed) is taken when a row for it is due and nobody holds it.
 * - Failover: a stop or a logout releases the account's leases at once, and another account in
 *   the group takes them at its next renewal; a killed process's leases expire. Sends that keep
 *   failing for a conversation (`failuresBeforeGiveUp` in a row) release its lease, and this
 *   account leaves it alone for `ttlMs`, so another account takes it.
 * - An account that comes back finds the leases held and renewed by the account that took over,
 *   so it sends nothing of theirs.
 *
 * Worst case from a kill to the first message of another account: the lease runs out `ttlMs`
 * after its last renewal, the other account's next renewal comes within `renewEveryMs`, and its
 * sender looks at the outbox within `SENDER_WAKE_MS` ({@link worstFailoverMs}).
 */
import { releaseLeases, takeLeaseOver, takeLeases } from '../db/accounts.js';
import type { Db } from '../db/client.js';

export interface LeaseTiming {
  ttlMs: number;
  renewEveryMs: number;
}

/** The production timing: 20 s leases renewed every 5 s. */
export const defaultLeaseTiming: LeaseTiming = { ttlMs: 20_000, renewEveryMs: 5_000 };

/** Sends that fail in a row for one conversation before its lease is given up. */
export const FAILURES_BEFORE_GIVE_UP = 3;

/** The sender looks at the outbox at least this often (bot/sender.ts MAX_WAIT_MS). */
export const SENDER_WAKE_MS = 1000;

/** The longest a conversation goes without a speaker after its speaker is killed. */
export function worstFailoverMs(timing: LeaseTiming): number {
  return timing.ttlMs + timing.renewEveryMs + SENDER_WAKE_MS;
}

export interface LeaseLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface LeaseKeeperDeps {
  db: Db;
  timing: LeaseTiming;
  now: () => number;
  log: LeaseLogger;
  /** Called when leases were newly taken: their queued rows may go now. */
  onTaken?: () => void;
}

export class LeaseKeeper {
  private accountId: string | null = null;
  /** The groups the account sits in. */
  private readonly rooms = new Set<string>();
  /** Conversations held, and until when. */
  private readonly held = new Map<string, number>();
  /** Conversations given up after failed sends, left alone until then. */
  private readonly avoid = new Map<string, number>();
  private readonly failures = new Map<string, number>();
  /** When a conversation not held was last asked for, so a due row asks at most once a renewal. */
  private readonly lastAsked = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private renewing: Promise<void> = Promise.resolve();

  constructor(private readonly deps: LeaseKeeperDeps) {}

  /** The account logged in: its leases are taken from now on (`start` runs the renewals). */
  activate(accountId: string): void {
    this.accountId = accountId;
  }

  /** The groups the account sits in (its room list, a room-join). */
  addRooms(roomIds: readonly string[]): void {
    for (const id of roomIds) this.rooms.add(id);
  }

  removeRoom(roomId: string): void {
    this.rooms.delete(roomId);
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.renew(), this.deps.timing.renewEveryMs);
    this.timer.unref();
  }

  /** Takes and renews the leases of the account's groups now (also at login and after a join). */
  renew(): Promise<void> {
    const next = this.renewing.then(() => this.renewAlone());
    this.renewing = next.catch((error: unknown) =>
      this.deps.log.warn({ err: String(error) }, 'speaker leases not renewed'),
    );
    return this.renewing;
  }

  private async renewAlone(): Promise<void> {
    const accountId = this.accountId;
    if (accountId === null) return;
    const now = this.deps.now();
    const wanted = [...new Set([...this.rooms, ...this.held.keys()])].filter(
      (id) => (this.avoid.get(id) ?? 0) <= now,
    );
    const until = now + this.deps.timing.ttlMs;
    const taken = new Set(await takeLeases(this.deps.db, accountId, wanted, now, until));
    if (this.accountId !== accountId) return; // released while the renewal was under way
    let gained = 0;
    for (const id of wanted) {
      if (taken.has(id)) {
        if (!this.held.has(id)) gained++;
        this.held.set(id, until);
      } else this.held.delete(id);
    }
    if (gained > 0) {
      this.deps.log.info({ conversations: gained, held: this.held.size }, 'speaking for more conversations');
      this.deps.onTaken?.();
    }
  }

  /**
   * Whether this account may send to the conversation now: it holds the lease, or takes it now
   * because nobody does (asked at most once per renewal period while somebody else holds it).
   */
  async mayHold(conversationId: string): Promise<boolean> {
    const accountId = this.accountId;
    if (accountId === null) return false;
    const now = this.deps.now();
    const until = this.held.get(conversationId);
    if (until !== undefined && until > now) return true;
    if ((this.avoid.get(conversationId) ?? 0) > now) return false;
    const asked = this.lastAsked.get(conversationId);
    if (asked !== undefined && now - asked < this.deps.timing.renewEveryMs && now >= asked) return false;
    this.lastAsked.set(conversationId, now);
    const expiresAt = now + this.deps.timing.ttlMs;
    const taken = await takeLeases(this.deps.db, accountId, [conversationId], now, expiresAt);
    if (taken.length === 0 || this.accountId !== accountId) {
      this.held.delete(conversationId);
      return false;
    }
    this.held.set(conversationId, expiresAt);
    return true;
  }

  /** A member wrote to this account privately: it answers there, whoever answered before. */
  async speakTo(conversationId: string): Promise<void> {
    const accountId = this.accountId;
    if (accountId === null) return;
    const expiresAt = this.deps.now() + this.deps.timing.ttlMs;
    await takeLeaseOver(this.deps.db, accountId, conversationId, expiresAt);
    if (this.accountId === accountId) this.held.set(conversationId, expiresAt);
  }

  sent(conversationId: string): void {
    this.failures.delete(conversationId);
  }

  /** A send failed; after several in a row the lease goes to another account. */
  async failed(conversationId: string): Promise<void> {
    const count = (this.failures.get(conversationId) ?? 0) + 1;
    this.failures.set(conversationId, count);
    const accountId = this.accountId;
    if (count < FAILURES_BEFORE_GIVE_UP || accountId === null) return;
    this.failures.delete(conversationId);
    this.held.delete(conversationId);
    this.avoid.set(conversationId, this.deps.now() + this.deps.timing.ttlMs);
    await releaseLeases(this.deps.db, accountId, [conversationId]);
    this.deps.log.warn(
      { roomId: conversationId, failures: count },
      'sends keep failing here: another account may speak for this conversation',
    );
  }

  /** Gives up every lease at once (a stop, a logout): another account takes over at its next renewal. */
  async releaseAll(): Promise<void> {
    const accountId = this.accountId;
    this.accountId = null;
    this.held.clear();
    await this.renewing;
    if (accountId === null) return;
    const released = await releaseLeases(this.deps.db, accountId);
    this.deps.log.info({ released }, 'speaker leases released');
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

/**
 * Drains the outbox: posts each row through the transport at a pace WeChat tolerates, marks it
 * sent, retries failures with backoff. A row is marked sent right after the transport accepts
 * it, so a restart resumes exactly the unsent rows.
 *
 * One row at a time is in flight, and it is marked before the transport is called. If the
 * process dies (SIGKILL, power) between the transport taking the message and `markSent`, no
 * WeChat transport can say afterwards whether it went out, so that one row is sent again on the
 * next start and a warning names it: a reply seen twice beats a reply or reminder lost.
 */
import type { Db } from '../db/client.js';
import { markAttemptFailed, markSending, markSent, nextOutboxDue, sendableOutbox } from '../db/outbox.js';
import type { OutboxRow } from '../db/schema.js';
import type { Pacer } from './pacer.js';

/** Posts one outbox row; throws when the transport could not take it. */
export interface Transport {
  send(row: OutboxRow): Promise<void>;
  /** False while the link is known to be down (logged out): nothing is attempted then. */
  isReady?(): boolean;
}

export interface SenderLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface SenderDeps {
  db: Db;
  transport: Transport;
  pacer: Pacer;
  now: () => number;
  log: SenderLogger;
  /** How long a message keeps being retried before it is given up (default one day). */
  giveUpAfterMs?: number;
  /**
   * Which conversations this account speaks for, when several of our accounts share the store
   * (bot/leases.ts); absent: all of them. Told of each send's outcome.
   */
  gate?: SendGate;
}

/** Decides which conversations this sender may send to (one account speaks per group). */
export interface SendGate {
  mayHold(conversationId: string): Promise<boolean>;
  sent(conversationId: string): void;
  failed(conversationId: string): Promise<void>;
}

export interface Sender {
  start(): void;
  stop(): Promise<void>;
  /** Look at the outbox now (new rows were written). */
  wake(): void;
  /** Sends everything that may go now; resolves with the number sent. For tests and the loop. */
  drainOnce(): Promise<number>;
  /** Resolves when nothing is pending that is due by now. */
  idle(): Promise<void>;
}

const MAX_WAIT_MS = 1000;

export function backoffMs(attempts: number): number {
  return Math.min(60_000, 1000 * 2 ** Math.min(attempts, 10));
}

export function createSender(deps: SenderDeps): Sender {
  const giveUpAfter = deps.giveUpAfterMs ?? 24 * 3_600_000;
  let running = false;
  let loopDone: Promise<void> | null = null;
  let wakeUp: (() => void) | null = null;
  // Set by a wake that came while a pass ran, when no sleep was there to cut short: that pass may
  // have read the outbox before the new rows were committed, so another pass follows at once.
  let woken = false;
  let idleWaiters: (() => void)[] = [];

  async function sendRow(seen: OutboxRow): Promise<boolean> {
    // Null: another sender on this store took the row since it was read; it is theirs to send.
    // Otherwise the row as taken, whose text may have been rewritten since it was read.
    const row = await markSending(deps.db, seen.id, seen.sendingAt, deps.now());
    if (row === null) return false;
    if (seen.sendingAt !== null) {
      deps.log.warn(
        { roomId: row.conversationId, outboxId: row.id, sendingAt: seen.sendingAt },
        'message was being sent when the bot stopped; sending it again (it may show twice)',
      );
    }
    try {
      await deps.transport.send(row);
      const at = deps.now();
      await markSent(deps.db, row.id, at);
      deps.pacer.record(row.conversationId, at);
      deps.gate?.sent(row.conversationId);
      return true;
    } catch (error) {
      const at = deps.now();
      const giveUp = at - row.createdAt > giveUpAfter;
      const message = error instanceof Error ? error.message : String(error);
      // A failed call is still a call to WeChat: it counts for the pacing, so a group whose rows
      // are given up one after another after a day is not hammered with a burst of tries.
      deps.pacer.record(row.conversationId, at);
      await markAttemptFailed(deps.db, row.id, message, at + backoffMs(row.attempts), giveUp, at);
      deps.log[giveUp ? 'error' : 'warn'](
        { roomId: row.conversationId, outboxId: row.id, attempts: row.attempts + 1, err: message },
        giveUp ? 'message given up after a day of retries' : 'send failed, will retry',
      );
      await deps.gate?.failed(row.conversationId);
      return false;
    }
  }

  /**
   * Passes run one at a time, whoever asks (the loop, `drainOnce`): two at once would both find
   * the row one of them is sending and send it twice.
   */
  let lastPass: Promise<unknown> = Promise.resolve();
  function pass(): Promise<{ sent: number; waitMs: number }> {
    const next = lastPass.then(passAlone);
    lastPass = next.catch(() => undefined);
    return next;
  }

  /** One pass; resolves with how long to wait before the next pass. */
  async function passAlone(): Promise<{ sent: number; waitMs: number }> {
    let sent = 0;
    for (;;) {
      if (deps.transport.isReady && !deps.transport.isReady()) return { sent, waitMs: MAX_WAIT_MS };
      const now = deps.now();
      const candidates = await sendableOutbox(deps.db, now);
      let best: { row: OutboxRow; at: number } | null = null;
      // Rows of conversations another of our accounts speaks for: theirs to send.
      let othersToSend = false;
      for (const row of candidates) {
        if (deps.gate && !(await deps.gate.mayHold(row.conversationId))) {
          othersToSend = true;
          continue;
        }
        const at = deps.pacer.readyAt(row.conversationId, now);
        if (best === null || at < best.at) best = { row, at };
      }
      if (best === null) {
        // Look again within a second: the speaking account may stop, and this one take over.
        if (othersToSend) return { sent, waitMs: MAX_WAIT_MS };
        const due = await nextOutboxDue(deps.db);
        return { sent, waitMs: due === null ? MAX_WAIT_MS : Math.max(0, Math.min(MAX_WAIT_MS, due - now)) };
      }
      if (best.at > now) return { sent, waitMs: Math.min(MAX_WAIT_MS, best.at - now) };
      if (await sendRow(best.row)) sent++;
    }
  }

  function notifyIdle(): void {
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const w of waiters) w();
  }

  async function loop(): Promise<void> {
    while (running) {
      let waitMs = MAX_WAIT_MS;
      woken = false;
      try {
        const result = await pass();
        waitMs = result.waitMs;
        if ((await sendableOutbox(deps.db, deps.now())).length === 0) notifyIdle();
      } catch (error) {
        deps.log.error({ err: error }, 'outbox pass failed');
      }
      if (!running) break;
      if (woken) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(10, waitMs));
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wakeUp = null;
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      loopDone = loop();
    },
    async stop() {
      running = false;
      wakeUp?.();
      await loopDone;
      notifyIdle();
    },
    wake() {
      woken = true;
      wakeUp?.();
    },
    async drainOnce() {
      return (await pass()).sent;
    },
    async idle() {
      if ((await sendableOutbox(deps.db, deps.now())).length === 0) return;
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}

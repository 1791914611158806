/**
 * Handles recorded messages in the order they arrived. Each message's preparation (recording it,
 * the puppet calls for names and topic) starts the moment it is queued, so a burst is not slowed
 * to one round trip per message; only the handling (one transaction each) waits its turn, and
 * the next message's handling starts when it has ended. In order, a photo sent right after
 * `/报修` finds the ticket that command files, and a command replayed after a restart sees the
 * state the commands before it left.
 */
export class ArrivalQueue {
  private tail: Promise<void> = Promise.resolve();
  /** Message ids queued and not yet handled here (a second login must not queue them twice). */
  readonly pending = new Set<string>();

  constructor(private readonly onError: (error: unknown, messageId: string) => void) {}

  push<T>(messageId: string, prepared: Promise<T>, handle: (value: T) => void | Promise<void>): void {
    this.pending.add(messageId);
    // Its rejection is dealt with in its turn; until then it must not count as unhandled.
    prepared.catch(() => undefined);
    this.tail = this.tail.then(async () => {
      try {
        await handle(await prepared);
      } catch (error) {
        this.onError(error, messageId);
      } finally {
        this.pending.delete(messageId);
      }
    });
  }

  /** Resolves when everything queued so far was handled. */
  idle(): Promise<void> {
    return this.tail;
  }
}

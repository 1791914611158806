/**
 * Flood control in one place (STYLE.md "The shape"): at most one message per `groupIntervalMs`
 * to a conversation, and at most `perSecond` messages a second for the whole account.
 */
export interface PacerOptions {
  groupIntervalMs: number;
  perSecond: number;
}

export class Pacer {
  private readonly lastByConversation = new Map<string, number>();
  private readonly recent: number[] = [];

  constructor(private readonly options: PacerOptions) {}

  /** The earliest time a message to this conversation may go, given what was sent. */
  readyAt(conversationId: string, now: number): number {
    const last = this.lastByConversation.get(conversationId);
    const byConversation = last === undefined ? now : last + this.options.groupIntervalMs;
    const oldest = this.recent.length >= this.options.perSecond ? this.recent[0] : undefined;
    const byAccount = oldest === undefined ? now : oldest + 1000;
    return Math.max(now, byConversation, byAccount);
  }

  /** Notes a message sent at `at`. */
  record(conversationId: string, at: number): void {
    this.lastByConversation.set(conversationId, at);
    this.recent.push(at);
    while (this.recent.length > this.options.perSecond) this.recent.shift();
  }
}

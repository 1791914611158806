/**
 * Drives the dispatcher like a group would, on a fresh database of the test's store (SQLite in
 * memory or PostgreSQL, see store.ts) with the real migrations and a fixed clock:
 * `await say(who, text)` returns the replies the bot queued (STYLE.md, Tests).
 */
import { asc, gt, max } from 'drizzle-orm';
import { type DemoMember, demoBot, demoMembers, demoOwnersRoom } from '../../bot/sandbox/demo-compound.js';
import { seedDemoCompound } from '../../bot/sandbox/mock-world.js';
import type { AnyCommand } from '../../commands/define.js';
import { createDispatcher, type DispatchResult } from '../../commands/dispatcher.js';
import { allCommands } from '../../commands/index.js';
import { parseQuote } from '../../core/quote.js';
import type { DatabaseHandle } from '../../db/client.js';
import { rowMentionIds } from '../../db/outbox.js';
import { outbox } from '../../db/schema.js';
import { openTestDatabase } from './store.js';

export interface Reply {
  conversationId: string;
  text: string | null;
  mentionIds: string[];
  file: { name: string; data: Buffer } | null;
  dedupeKey: string | null;
  notBefore: number;
}

export interface SayOptions {
  room?: { id: string; topic: string } | null;
  /** The display name the speaker has in WeChat (default: the demo member's name). */
  name?: string;
  /** Members @mentioned, by id (a demo member) or id and name (their names are put in the text by the caller). */
  mentions?: readonly (string | { id: string; name: string })[];
  id?: string;
  /** For a quote-reply: the members the transport found by the quoted name (see toIncoming). */
  quoteMembers?: readonly { id: string; name: string }[];
}

export interface CommandHarness {
  handle: DatabaseHandle;
  compoundId: number;
  now: number;
  tz: string;
  /** The board pages' public address the commands make links under. */
  publicUrl: string;
  /** Moves the fixed clock. */
  advance(ms: number): void;
  setNow(ms: number): void;
  say(
    memberId: string,
    text: string,
    options?: SayOptions,
  ): Promise<{ result: DispatchResult; replies: Reply[] }>;
  /** The text of the single reply, failing loudly if there is not exactly one. */
  reply(memberId: string, text: string, options?: SayOptions): Promise<string>;
  member(name: string): DemoMember;
  /** All outbox rows queued since the start (or since `afterId`). */
  outboxSince(afterId?: number): Promise<Reply[]>;
  lastOutboxId(): Promise<number>;
}

let counter = 0;

export async function createCommandHarness(
  options: {
    now?: number;
    tz?: string;
    admins?: readonly string[];
    commands?: readonly AnyCommand[];
    members?: readonly DemoMember[];
    seed?: boolean;
    /** Flood control; generous by default so command tests can type fast at a fixed clock. */
    flood?: { limit: number; windowMs: number };
    /** The board pages' public address (default http://board.test). */
    publicUrl?: string;
    /** Called with the fresh database before anything is written to it. */
    onOpen?: (handle: DatabaseHandle) => void | Promise<void>;
  } = {},
): Promise<CommandHarness> {
  const handle = await openTestDatabase();
  await options.onOpen?.(handle);
  let now = options.now ?? Date.UTC(2026, 10, 23, 2, 0); // Mon 2026-11-23 10:00 in Shanghai
  const tz = options.tz ?? 'Asia/Shanghai';
  const publicUrl = options.publicUrl ?? 'http://board.test';
  const members = options.members ?? demoMembers;
  const compoundId = options.seed === false ? 0 : await seedDemoCompound(handle.db, now, members);
  const names = new Map(members.map((m) => [m.id, m.name]));
  const silent = { info() {}, warn() {}, error() {} };
  const dispatcher = createDispatcher({
    db: handle.db,
    tz,
    bot: { names: [demoBot.name] },
    configAdmins: new Set(options.admins ?? []),
    commands: options.commands ?? allCommands,
    log: silent,
    flood: options.flood ?? { limit: 10_000, windowMs: 10_000 },
    publicUrl: () => publicUrl,
  });

  const toReply = (row: typeof outbox.$inferSelect): Reply => ({
    conversationId: row.conversationId,
    text: row.text,
    mentionIds: rowMentionIds(row),
    file: row.fileData ? { name: row.fileName ?? '', data: Buffer.from(row.fileData) } : null,
    dedupeKey: row.dedupeKey,
    notBefore: row.notBefore,
  });

  const outboxSince = async (afterId = 0): Promise<Reply[]> =>
    (await handle.db.select().from(outbox).where(gt(outbox.id, afterId)).orderBy(asc(outbox.id)).all()).map(
      toReply,
    );
  const lastOutboxId = async (): Promise<number> =>
    (
      await handle.db
        .select({ id: max(outbox.id) })
        .from(outbox)
        .get()
    )?.id ?? 0;

  const harness: CommandHarness = {
    handle,
    compoundId,
    get now() {
      return now;
    },
    tz,
    publicUrl,
    advance(ms) {
      now += ms;
    },
    setNow(ms) {
      now = ms;
    },
    async say(memberId, text, sayOptions = {}) {
      const before = await lastOutboxId();
      const room = sayOptions.room === undefined ? demoOwnersRoom : sayOptions.room;
      // A quote-reply is split as the Wechaty adapter splits it.
      const quoted = parseQuote(text);
      const result = await dispatcher.dispatch(
        {
          id: sayOptions.id ?? `msg-${++counter}`,
          text: quoted ? quoted.reply : text,
          quote: quoted
            ? { ...quoted.quote, ...(sayOptions.quoteMembers ? { members: sayOptions.quoteMembers } : {}) }
            : null,
          speaker: { id: memberId, name: sayOptions.name ?? names.get(memberId) ?? memberId },
          room,
          mentions: (sayOptions.mentions ?? []).map((m) =>
            typeof m === 'string' ? { id: m, name: names.get(m) ?? m } : m,
          ),
          self: { id: demoBot.id, names: [demoBot.name] },
        },
        now,
      );
      return { result, replies: await outboxSince(before) };
    },
    async reply(memberId, text, sayOptions) {
      const { replies } = await harness.say(memberId, text, sayOptions);
      if (replies.length !== 1) {
        throw new Error(
          `expected one reply to "${text}", got ${replies.length}: ${JSON.stringify(replies.map((r) => r.text))}`,
        );
      }
      return replies[0]?.text ?? '';
    },
    member(name) {
      const m = members.find((x) => x.name === name);
      if (!m) throw new Error(`no demo member ${name}`);
      return m;
    },
    outboxSince,
    lastOutboxId,
  };
  return harness;
}

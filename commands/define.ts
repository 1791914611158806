/**
 * The shape every command is made with. A command is a plain function of a context; it never
 * sees Wechaty, so it is tested with a fixed clock and an in-memory database (STYLE.md, Commands).
 */
import type { z } from 'zod';
import type { Quote } from '../core/quote.js';
import type { CompoundSettings } from '../core/settings/catalog.js';
import type { Tx } from '../db/client.js';
import type { Area, AreaGroup, Compound, Group, Role } from '../db/schema.js';

/** An error meant for the user: its message is one short Chinese sentence shown in the group. */
export class UserError extends Error {
  override name = 'UserError';
}

export interface Person {
  id: string;
  name: string;
}

/** Where the command was typed. A private chat has no compound. */
export type Chat = { kind: 'group'; roomId: string; topic: string } | { kind: 'private'; contactId: string };

/** One message for the outbox. Written in the same transaction as the state change. */
export interface OutgoingMessage {
  target?: 'room' | 'contact';
  conversationId: string;
  text?: string;
  /** Contacts to @mention; the sender puts their names in front of the text. */
  mentionIds?: readonly string[];
  file?: { name: string; data: Buffer };
  /** A reminder or notice with a key is sent at most once, whoever writes it how often. */
  dedupeKey?: string;
  /** Not sent before this time (epoch ms). */
  notBefore?: number;
}

/** What a handler gets: who speaks where, their roles, the transaction and the clock. */
export interface CommandContext {
  db: Tx;
  now: number;
  tz: string;
  speaker: Person;
  chat: Chat;
  /** Set when the group is bound to a compound (always set for `scope: 'compound'` commands). */
  compound: Compound | null;
  group: Group | null;
  /** The compound's groups in the order they were bound, read with the group (none without one). */
  compoundGroups: readonly Group[];
  /**
   * The compound's settings as the command began (null without a compound). A command that
   * changes them reads them again (core/settings/catalog.ts `compoundSettings`).
   */
  settings: CompoundSettings | null;
  /** Set when the group is a community's or street's own group (always for `scope: 'area'`). */
  area: Area | null;
  areaGroup: AreaGroup | null;
  /**
   * The speaker's roles: in a compound group those of the compound (`owner` implicit for every
   * member); in a community or street group those granted there (and in its street); in a
   * private chat every role held anywhere (for `scope: 'private'` commands to narrow down).
   */
  roles: ReadonlySet<Role>;
  /** Contacts @mentioned in the message, the bot left out, in the order typed. */
  mentions: readonly Person[];
  messageId: string;
  botName: string;
  /** The contact ids of the configured first admins (HGJ_ADMINS). */
  configAdmins: ReadonlySet<string>;
  /** The address members open the board pages at (HGJ_PUBLIC_URL), without a trailing slash. */
  publicUrl: string;
  /** Queues a message in this transaction's outbox. */
  post(message: OutgoingMessage): void;
  /** Queues a text to the chat the command came from. */
  reply(text: string, mentionIds?: readonly string[]): void;
}

/** A command context whose group is bound to a compound. */
export interface CompoundContext extends CommandContext {
  chat: { kind: 'group'; roomId: string; topic: string };
  compound: Compound;
  group: Group;
  settings: CompoundSettings;
}

/** A command context in a community's or street's own group (SPEC "Communities and streets"). */
export interface AreaContext extends CommandContext {
  chat: { kind: 'group'; roomId: string; topic: string };
  compound: null;
  group: null;
  area: Area;
  areaGroup: AreaGroup;
}

/**
 * A command context in a private chat. `roles` are every role the speaker holds in any compound,
 * community or street: the command itself says where it acts (the compounds they hold them in).
 */
export interface PrivateContext extends CommandContext {
  chat: { kind: 'private'; contactId: string };
  compound: null;
  group: null;
  area: null;
  areaGroup: null;
}

/** What the argument schema parses: the text after the command word, and the @mentions. */
export interface ArgInput {
  text: string;
  mentions: readonly Person[];
  /** The message quoted (WeChat's 引用), if any; most commands ignore it. */
  quote?: Quote | null;
}

interface DefinitionBase {
  /** The Chinese command word shown in help, e.g. `报修`. */
  name: string;
  /** More Chinese words for the same command, e.g. `诉求`. */
  words?: readonly string[];
  /** English aliases, e.g. `ticket`. */
  aliases: readonly string[];
  /** The usage line, e.g. `/报修 <描述>`. */
  usage: string;
  /** One short line for `/帮助`. */
  summary: string;
  /** Worked examples for `/帮助 <命令>`. */
  examples?: readonly string[];
  /** Who may use it; `anyone` includes people of no compound. */
  who: readonly Role[] | 'anyone';
}

/** A command run in a bound group; the dispatcher refuses it elsewhere with a clear line. */
export interface CompoundCommand<A> extends DefinitionBase {
  scope: 'compound';
  args: z.ZodType<A, ArgInput>;
  run(ctx: CompoundContext, args: A): Promise<string | undefined>;
}

/**
 * A command of a community's or street's own group. It may share its words with a compound
 * command (`/进度` lists one compound's tickets there, and all compounds' escalated ones here):
 * the dispatcher picks by where the message was typed.
 */
export interface AreaCommand<A> extends DefinitionBase {
  scope: 'area';
  args: z.ZodType<A, ArgInput>;
  run(ctx: AreaContext, args: A): Promise<string | undefined>;
}

/**
 * A command of a private chat, where the speaker's roles are all those they hold anywhere
 * (`/导出` sends a committee's file to the member who asked). It may share its words with a
 * compound and an area command: the dispatcher picks by where the message was typed.
 */
export interface PrivateCommand<A> extends DefinitionBase {
  scope: 'private';
  args: z.ZodType<A, ArgInput>;
  run(ctx: PrivateContext, args: A): Promise<string | undefined>;
}

/** A command that also works in an unbound group or a private chat (`/帮助`, `/绑定群`). */
export interface AnywhereCommand<A> extends DefinitionBase {
  scope: 'anywhere';
  args: z.ZodType<A, ArgInput>;
  run(ctx: CommandContext, args: A): Promise<string | undefined>;
}

// biome-ignore lint/suspicious/noExplicitAny: the registry holds commands of every argument type
export type AnyCommand = CompoundCommand<any> | AreaCommand<any> | PrivateCommand<any> | AnywhereCommand<any>;

/** Makes a command definition; the identity function that lets TypeScript infer `A`. */
export function defineCommand<A>(def: CompoundCommand<A>): CompoundCommand<A>;
export function defineCommand<A>(def: AreaCommand<A>): AreaCommand<A>;
export function defineCommand<A>(def: PrivateCommand<A>): PrivateCommand<A>;
export function defineCommand<A>(def: AnywhereCommand<A>): AnywhereCommand<A>;
export function defineCommand(def: AnyCommand): AnyCommand {
  return def;
}

/** All the words that invoke a command: Chinese name, more Chinese words, English aliases. */
export function commandWords(def: AnyCommand): string[] {
  return [def.name, ...(def.words ?? []), ...def.aliases];
}

/**
 * The one boundary between a message and the commands: parse, find the command, check scope
 * and permission, validate arguments, run the handler, and write state plus replies in one
 * transaction (STYLE.md, "The shape" and "Commands").
 */
import { DEFAULT_HTTP_PORT, defaultPublicUrl } from '../core/board/link.js';
import { readsAsComplaint } from '../core/classify/complaint.js';
import { displayName } from '../core/display.js';
import type { Quote } from '../core/quote.js';
import { settingsFromStored } from '../core/settings/catalog.js';
import { areaGroupByRoom, areaRoles } from '../db/areas.js';
import type { Db, Tx } from '../db/client.js';
import { groupContext, isBoundRoom } from '../db/compounds.js';
import { claimMessage, privateArrivals } from '../db/messages.js';
import { enqueue, enqueueAll } from '../db/outbox.js';
import {
  holdsRoleAnywhere,
  type NotedPerson,
  notePerson,
  notePersonUnlessKnown,
  rememberNoted,
  rolesAnywhere,
} from '../db/people.js';
import type { Role } from '../db/schema.js';
import { quote } from './args.js';
import {
  type AnyCommand,
  type AreaContext,
  type CommandContext,
  type CompoundContext,
  commandWords,
  type OutgoingMessage,
  type Person,
  type PrivateContext,
  UserError,
} from './define.js';
import { defaultFloodOptions, FloodGuard, type FloodOptions } from './flood.js';
import { type ParsedMessage, parseMessage } from './parser.js';
import { areaKindNames, describeRoles } from './roles.js';
import { nearestWord } from './suggest.js';
import { takeTicketHint, ticketHintWanted } from './tickets/hint.js';

export interface IncomingMessage {
  id: string;
  text: string;
  speaker: Person;
  /** Null for a private chat. */
  room: { id: string; topic: string } | null;
  /** Contacts @mentioned, in order; may include the bot itself. */
  mentions: readonly Person[];
  /** The bot's own contact id and the names it goes by in this room, when the transport knows them. */
  self?: { id: string; names: readonly string[] };
  /** The message this one quotes (WeChat's 引用); `text` is then only what was typed under it. */
  quote?: Quote | null;
  /**
   * The message as each of our accounts in the group sees it (db/messages.ts `crossAccountKey`):
   * claimed with the id, so a message two accounts receive is handled once. Absent: id only.
   */
  crossKey?: string | null;
}

/** The subset of a pino logger the dispatcher uses. */
export interface DispatchLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface DispatcherDeps {
  db: Db;
  tz: string;
  /** Names the bot answers to after `@` in every room (its configured name). */
  bot: { names: readonly string[] };
  configAdmins: ReadonlySet<string>;
  commands: readonly AnyCommand[];
  log: DispatchLogger;
  /** Per-member flood control (default: 10 commands per 10 s per member per group). */
  flood?: FloodOptions;
  /**
   * The board pages' public address, read at each command (with HGJ_HTTP_PORT=0 it is known
   * only once the port is open); default `http://localhost:8080`, the default of the config.
   */
  publicUrl?: () => string;
}

export type DispatchStatus =
  | 'ignored'
  | 'hinted'
  | 'duplicate'
  | 'flood-warned'
  | 'flood-dropped'
  | 'ok'
  | 'private-guide'
  | 'unknown'
  | 'unbound'
  | 'wrong-place'
  | 'denied'
  | 'usage'
  | 'user-error'
  | 'failed';

export interface DispatchResult {
  status: DispatchStatus;
  command?: string;
  /** How many outbox rows this message produced. */
  queued: number;
  /**
   * The group this message bound to a compound, when it was not bound before: the transport reads
   * its member list now, as the bot knows a group's members from the moment it is bound (SPEC
   * "Groups").
   */
  boundRoomId?: string;
}

export const privateGuide =
  '你好, 我是红管家。请在小区的微信群里发命令, 例如 /报修 3号楼2单元楼道灯不亮。发送 /帮助 查看全部命令。';

/**
 * The commands one word names: at most one for compound groups, one for community and street
 * groups, or one that works anywhere.
 */
export interface RegistryEntry {
  compound?: AnyCommand;
  area?: AnyCommand;
  private?: AnyCommand;
  anywhere?: AnyCommand;
}

/**
 * Builds the word → commands table. A word may name a compound command and a community/street
 * command at once (`/进度` in each); two commands claiming one word where both would run is a
 * programming error.
 */
export function buildRegistry(commands: readonly AnyCommand[]): Map<string, RegistryEntry> {
  const registry = new Map<string, RegistryEntry>();
  for (const def of commands) {
    for (const word of commandWords(def)) {
      const key = word.toLowerCase();
      const entry = registry.get(key) ?? {};
      const clash =
        def.scope === 'anywhere'
          ? (entry.anywhere ?? entry.compound ?? entry.area ?? entry.private)
          : (entry[def.scope] ?? entry.anywhere);
      if (clash && clash !== def)
        throw new Error(`command word "${word}" used by /${clash.name} and /${def.name} in the same place`);
      entry[def.scope] = def;
      registry.set(key, entry);
    }
  }
  return registry;
}

/**
 * The answer to a word that is no command: for a known word run on into its text ("/报修楼道灯不亮")
 * the same message with the space, which the owner can copy; else the nearest command word.
 */
function unknownCommandReply(
  parsed: Extract<ParsedMessage, { kind: 'command' }>,
  chineseWords: readonly string[],
): string {
  const none = parsed.word === '' ? '没有这个命令。' : `没有 /${quote(parsed.word)} 这个命令。`;
  if (parsed.runOn) {
    const corrected = `/${parsed.runOn.word} ${parsed.runOn.after}`;
    return `${none}命令后面要空一格: ${quote(corrected, 40)}`;
  }
  const guess = parsed.word === '' ? null : nearestWord(parsed.word, chineseWords);
  return guess
    ? `没有 /${quote(parsed.word)} 这个命令, 你是不是想用 /${guess} ? 发送 /帮助 查看全部命令。`
    : `${none}发送 /帮助 查看全部命令。`;
}

export interface Dispatcher {
  dispatch(msg: IncomingMessage, now: number): Promise<DispatchResult>;
  /** The command words, for the parser and suggestions. */
  readonly words: readonly string[];
}

/** A handler threw: its transaction is rolled back and the message answered in a new one. */
class HandlerFailed extends Error {
  constructor(override readonly cause: unknown) {
    super('command handler failed');
  }
}

export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const registry = buildRegistry(deps.commands);
  const words = [...new Set(deps.commands.flatMap(commandWords))];
  const chineseWords = [...new Set(deps.commands.flatMap((c) => [c.name, ...(c.words ?? [])]))];
  const flood = new FloodGuard(deps.flood ?? defaultFloodOptions);

  /**
   * Normal talk in a group: ignored, except that a confident complaint may get the `/报修` hint.
   * The detector is a few regular expressions over the text; the store is read only for the few
   * messages it picks out, so chat costs what it did.
   */
  async function chat(
    msg: IncomingMessage,
    room: { id: string; topic: string },
    now: number,
  ): Promise<DispatchResult> {
    if (!readsAsComplaint(msg.text)) return { status: 'ignored', queued: 0 };
    return deps.db.transaction(async (tx): Promise<DispatchResult> => {
      if (!(await ticketHintWanted(tx, room.id, msg.speaker.id))) return { status: 'ignored', queued: 0 };
      if (!(await claimMessage(tx, msg.id, now, msg.crossKey))) return { status: 'duplicate', queued: 0 };
      const hint = await takeTicketHint(tx, room.id, msg.speaker.id, now);
      if (!hint) return { status: 'ignored', queued: 0 };
      // Whoever just spoke in the group is in it: the hint @mentions them (only members are, db/outbox.ts).
      await notePerson(tx, msg.speaker, room.id, now);
      await enqueue(tx, hint, now);
      const line = { room: room.topic, roomId: room.id, sender: msg.speaker.id, status: 'hinted', queued: 1 };
      setImmediate(() => deps.log.info(line, 'ticket hint'));
      return { status: 'hinted', queued: 1 };
    });
  }

  async function dispatch(msg: IncomingMessage, now: number): Promise<DispatchResult> {
    const botNames = [...deps.bot.names, ...(msg.self?.names ?? [])];
    const parsed = parseMessage(msg.text, { words, botNames });
    if (parsed.kind === 'none' && msg.room !== null) return chat(msg, msg.room, now);

    const entry =
      parsed.kind === 'command' && parsed.known ? registry.get(parsed.word.toLowerCase()) : undefined;
    // Which of a word's commands runs depends on the group; the store says, inside the
    // transaction below. Until then the log names any of them (they share the Chinese name).
    let def = entry?.anywhere ?? entry?.compound ?? entry?.area ?? entry?.private;
    const logBase = {
      room: msg.room?.topic ?? '(私聊)',
      roomId: msg.room?.id,
      sender: msg.speaker.id,
      command: def?.name,
    };

    const floodKey = `${msg.room?.id ?? 'private'}:${msg.speaker.id}`;
    let verdict = flood.check(floodKey, now);
    // A private chat is seen by the one account written to: the member's private messages to all
    // our accounts are counted in the store, so writing to two of them does not double the limit.
    if (verdict === 'ok' && msg.room === null) {
      const sent = await privateArrivals(deps.db, msg.speaker.id, msg.id, now - flood.windowMs);
      if (sent > flood.limit) verdict = flood.over(floodKey, now, sent);
    }
    if (verdict === 'drop') {
      deps.log.warn({ ...logBase, status: 'flood-dropped' }, 'command dropped: member sends too fast');
      return { status: 'flood-dropped', command: def?.name, queued: 0 };
    }

    // The handler runs in the message's transaction, with no savepoint of its own (two round trips
    // a command on PostgreSQL). When it throws, that transaction is rolled back whole and run again
    // up to the handler, which is not run again: its error is answered instead. The message is
    // claimed and its answer written either way, and the handler's half-written state is gone.
    // Who spoke, as the attempt that committed noted them (db/people.ts notePersonUnlessKnown).
    let noted: NotedPerson | null = null;
    const handle = async (tx: Tx, failed: HandlerFailed | null): Promise<DispatchResult> => {
      if (!(await claimMessage(tx, msg.id, now, msg.crossKey)))
        return { status: 'duplicate', command: def?.name, queued: 0 };
      noted = await notePersonUnlessKnown(tx, msg.speaker, msg.room?.id ?? null, now);

      const outgoing: OutgoingMessage[] = [];
      const here = msg.room
        ? { target: 'room' as const, conversationId: msg.room.id }
        : { target: 'contact' as const, conversationId: msg.speaker.id };
      const replyHere = (text: string, mentionIds: readonly string[] = []) => {
        outgoing.push({ ...here, text, mentionIds });
      };
      // Refusals and errors @mention the asker so they notice the answer in a busy group.
      const answerAsker = (text: string) => replyHere(text, msg.room ? [msg.speaker.id] : []);
      const finish = async (status: DispatchStatus): Promise<DispatchResult> => {
        await enqueueAll(tx, outgoing, now);
        const level = status === 'failed' ? 'error' : 'info';
        const line = { ...logBase, status, queued: outgoing.length };
        // Written once the reply is on its way: a synchronous write to stdout here sat on the
        // reply's path (0.1-0.2 ms a command, measured with `npm run bench`).
        setImmediate(() => deps.log[level](line, 'command handled'));
        return { status, command: def?.name, queued: outgoing.length };
      };

      if (verdict === 'warn') {
        const seconds = Math.max(1, Math.ceil(flood.waitMs(floodKey, now) / 1000));
        answerAsker(`你发得太快了, 这条和之后 ${seconds} 秒内的命令我先不处理, 请稍等再发。`);
        return finish('flood-warned');
      }
      if (parsed.kind === 'none') {
        replyHere(privateGuide);
        return finish('private-guide');
      }
      if (!entry) {
        answerAsker(unknownCommandReply(parsed, chineseWords));
        return finish('unknown');
      }

      // The group, its compound, the speaker's roles there, its groups and settings: one read.
      const bound = msg.room ? await groupContext(tx, msg.room.id, msg.speaker.id) : null;
      const areaBound = msg.room && !bound ? await areaGroupByRoom(tx, msg.room.id) : null;
      def =
        (bound ? entry?.compound : areaBound ? entry?.area : msg.room ? undefined : entry?.private) ??
        entry?.anywhere ??
        def;
      if (!def) {
        answerAsker(unknownCommandReply(parsed, chineseWords));
        return finish('unknown');
      }
      if (def.scope === 'private' && msg.room) {
        answerAsker(`/${def.name} 请私聊我发送。`);
        return finish('wrong-place');
      }
      if (def.scope === 'compound' || def.scope === 'area') {
        if (!msg.room) {
          replyHere(`/${def.name} 要在小区的微信群里使用。${privateGuide}`);
          return finish('wrong-place');
        }
        if (!bound && !areaBound) {
          answerAsker(
            def.scope === 'area'
              ? `本群还没有绑定社区或街道。/${def.name} 要在社区群或街道群里使用; 请管理员先发送 /绑定群 <社区名> 社区群。`
              : '本群还没有绑定小区。请管理员先发送 /绑定群 <小区名>。',
          );
          return finish('unbound');
        }
        if (def.scope === 'compound' && areaBound) {
          answerAsker(
            `本群是${areaKindNames[areaBound.area.kind]}「${areaBound.area.name}」的群, /${def.name} 要在小区的群里使用。发送 /帮助 查看本群可用的命令。`,
          );
          return finish('wrong-place');
        }
        if (def.scope === 'area' && bound) {
          answerAsker(`/${def.name} 要在社区群或街道群里使用, 本群是小区「${bound.compound.name}」的群。`);
          return finish('wrong-place');
        }
      }

      const roles = new Set<Role>();
      if (bound) {
        roles.add('owner');
        for (const r of bound.roles) roles.add(r);
      }
      if (areaBound) for (const r of await areaRoles(tx, areaBound.area, msg.speaker.id)) roles.add(r);
      // Privately, whatever they hold anywhere: a private command narrows it to where it acts.
      if (!msg.room) for (const r of await rolesAnywhere(tx, msg.speaker.id)) roles.add(r);
      if (deps.configAdmins.has(msg.speaker.id)) roles.add('admin');
      // In a group not yet bound, a compound's admin may still bind it (to their own compound).
      if (!bound && !areaBound && (await holdsRoleAnywhere(tx, msg.speaker.id, 'admin'))) roles.add('admin');

      if (def.who !== 'anyone' && !def.who.some((r) => roles.has(r))) {
        answerAsker(`只有${describeRoles(def.who)}可以用 /${def.name}。`);
        return finish('denied');
      }

      const mentions = msg.mentions.filter((m) => m.id !== msg.self?.id);
      const args = def.args.safeParse({ text: parsed.rest, mentions, quote: msg.quote ?? null });
      if (!args.success) {
        const problem = args.error.issues.find((i) => /\p{Script=Han}/u.test(i.message))?.message;
        answerAsker(`${quote(problem ?? '格式不对。', 200)}\n用法: ${def.usage}`);
        return finish('usage');
      }

      const command = def;
      const pending: OutgoingMessage[] = [];
      // Handlers see names as the bot shows them (core/display.ts); the raw names stay in the
      // argument input, where `@name` has to be found in the text.
      const speaker = { id: msg.speaker.id, name: displayName(msg.speaker.name) };
      const shownMentions = mentions.map((m) => ({ id: m.id, name: displayName(m.name) }));
      const makeContext = (inner: Tx): CommandContext => ({
        db: inner,
        now,
        tz: deps.tz,
        speaker,
        chat: msg.room
          ? { kind: 'group', roomId: msg.room.id, topic: msg.room.topic }
          : { kind: 'private', contactId: msg.speaker.id },
        compound: bound?.compound ?? null,
        group: bound?.group ?? null,
        compoundGroups: bound?.groups ?? [],
        settings: bound ? settingsFromStored(bound.settings) : null,
        area: areaBound?.area ?? null,
        areaGroup: areaBound?.group ?? null,
        roles,
        mentions: shownMentions,
        messageId: msg.id,
        botName: botNames[0] ?? '红管家',
        configAdmins: deps.configAdmins,
        publicUrl: deps.publicUrl?.() ?? defaultPublicUrl(DEFAULT_HTTP_PORT),
        post: (m) => pending.push(m),
        reply: (text, mentionIds = []) => pending.push({ ...here, text, mentionIds }),
      });

      if (failed !== null) {
        const error = failed.cause;
        if (error instanceof UserError) {
          answerAsker(error.message);
          return finish('user-error');
        }
        deps.log.error({ ...logBase, err: error }, 'command failed');
        answerAsker(`抱歉, 处理 /${def.name} 时出错了, 已记录下来, 请稍后再试。`);
        return finish('failed');
      }
      try {
        const ctx = makeContext(tx);
        const result =
          command.scope === 'compound'
            ? await command.run(ctx as CompoundContext, args.data)
            : command.scope === 'area'
              ? await command.run(ctx as AreaContext, args.data)
              : command.scope === 'private'
                ? await command.run(ctx as PrivateContext, args.data)
                : await command.run(ctx, args.data);
        if (typeof result === 'string') ctx.reply(result);
      } catch (error) {
        throw new HandlerFailed(error);
      }
      outgoing.push(...pending);
      const done = await finish('ok');
      if (msg.room && !bound && !areaBound && (await isBoundRoom(tx, msg.room.id)))
        return { ...done, boundRoomId: msg.room.id };
      return done;
    };

    const committed = (result: DispatchResult) => {
      if (noted !== null) rememberNoted(deps.db, noted);
      return result;
    };
    try {
      return committed(await deps.db.transaction((tx) => handle(tx, null)));
    } catch (error) {
      if (!(error instanceof HandlerFailed)) throw error;
      noted = null;
      return committed(await deps.db.transaction((tx) => handle(tx, error)));
    }
  }

  return { dispatch, words };
}

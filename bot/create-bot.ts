/**
 * Wires the parts of a running bot: Wechaty on a given puppet, the message handler, the
 * dispatcher, the outbox sender. Everything comes in as an argument (like grammY's
 * `createBot(token, deps)`), so tests wire the same parts on a mock puppet.
 */
import { type Contact, type Message, type Room, types, type Wechaty, WechatyBuilder } from 'wechaty';
import type * as PUPPET from 'wechaty-puppet';
import type { AnyCommand } from '../commands/define.js';
import { createDispatcher, type Dispatcher, type IncomingMessage } from '../commands/dispatcher.js';
import { allCommands } from '../commands/index.js';
import { defaultPublicUrl } from '../core/board/link.js';
import { readsAsComplaint } from '../core/classify/complaint.js';
import { accountIds, forgetAccountRoom, recordAccount, recordAccountRooms } from '../db/accounts.js';
import { checkpointWal, type DatabaseHandle, type Db } from '../db/client.js';
import { groupByRoom, groupsOfCompound, isBoundRoom } from '../db/compounds.js';
import {
  type ArrivedMessage,
  claimMessage,
  pruneHandledMessages,
  recordArrival,
  takeUnhandled,
} from '../db/messages.js';
import { releaseRetries } from '../db/outbox.js';
import { leaveAllGroups, membersLeft, notePerson, syncMembers } from '../db/people.js';
import { areaGroups, compounds } from '../db/schema.js';
import { allSchedules } from '../schedules/index.js';
import { createScheduleRunner, type ScheduleDefinition } from '../schedules/runner.js';
import { type BoardServer, startBoardServer } from '../web/server.js';
import { ArrivalQueue } from './arrival-queue.js';
import type { Config } from './config.js';
import { LeaseKeeper } from './leases.js';
import type { Logger } from './logger.js';
import { Pacer } from './pacer.js';
import { createSender, type Sender } from './sender.js';
import {
  botNamesIn,
  findMediaTicket,
  GroupNicknames,
  incomingFromArrival,
  type MediaInFlight,
  saveTicketMedia,
  toArrival,
  toIncoming,
  wechatyTransport,
} from './wechaty-adapter.js';

export interface BotDeps {
  config: Config;
  db: Db;
  /**
   * The better-sqlite3 connection of a SQLite store (`DatabaseHandle.sqlite`), whose WAL the bot
   * checkpoints on a timer; null or absent on PostgreSQL, which has no such file to look after.
   */
  sqlite?: DatabaseHandle['sqlite'];
  /** A puppet instance (mock, tests) or a puppet name Wechaty resolves with its env vars. */
  puppet: PUPPET.impls.PuppetInterface | string;
  log: Logger;
  now?: () => number;
  commands?: readonly AnyCommand[];
  schedules?: readonly ScheduleDefinition[];
  /** Where the board pages listen; all interfaces when absent (the sandbox: 127.0.0.1). */
  httpHost?: string;
}

export interface HongguanjiaBot {
  wechaty: Wechaty;
  dispatcher: Dispatcher;
  sender: Sender;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves at the first login. */
  loggedIn: Promise<void>;
  /** Resolves once the member lists of the bound groups were first read (after `ready`). */
  rostersRead: Promise<void>;
  /** The WeChat account this process is (the logged-in user's id), null before the first login. */
  accountId(): string | null;
  /** Which conversations this account speaks for (one account per group, bot/leases.ts). */
  leases: LeaseKeeper;
  /** The board pages' port and public address; null before `start()` and after `stop()`. */
  web(): { port: number; publicUrl: string } | null;
}

/** The log methods the bot's parts use; every line names the account once it is known. */
interface BotLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

const DAY = 24 * 3_600_000;
/** A message found unhandled at this many start-ups is given up: handling it may be what kills the bot. */
const MAX_RECOVERIES = 3;
/** WAL checkpoints run on this timer, never inside a command's commit (see db/client.ts). */
const CHECKPOINT_EVERY_MS = 5_000;
/** How long `stop()` waits for the database work under way before it returns anyway. */
const STOP_WAIT_MS = 10_000;

export function createBot(deps: BotDeps): HongguanjiaBot {
  const now = deps.now ?? Date.now;
  const { db, config } = deps;
  // Each process is one WeChat account (SPEC "Many accounts, one store"): from its login on, its
  // log lines carry the account id, so the lines of several processes can be told apart.
  let accountLog: Logger = deps.log;
  let account: string | null = null;
  const log: BotLog = {
    info: (obj, msg) => accountLog.info(obj, msg),
    warn: (obj, msg) => accountLog.warn(obj, msg),
    error: (obj, msg) => accountLog.error(obj, msg),
  };
  // Known before the port opens unless HGJ_HTTP_PORT is 0; `start()` sets the one served.
  let publicUrl = config.http.publicUrl ?? defaultPublicUrl(config.http.port);
  let board: BoardServer | null = null;
  const wechaty = WechatyBuilder.build({
    puppet: deps.puppet as PUPPET.impls.PuppetInterface,
  }) as Wechaty;
  const dispatcher = createDispatcher({
    db,
    tz: config.tz,
    bot: { names: [config.botName] },
    configAdmins: config.admins,
    commands: deps.commands ?? allCommands,
    log,
    flood: config.flood,
    publicUrl: () => publicUrl,
  });
  const nicknames = new GroupNicknames();
  // Whoever joins or leaves, or whatever the puppet reports as changed, is looked up afresh.
  wechaty.on('puppet', (puppet: PUPPET.impls.PuppetInterface) => {
    puppet.on('dirty', ({ payloadType, payloadId }) => {
      if (payloadType === types.Dirty.Room) nicknames.forgetRoom(payloadId);
      if (payloadType === types.Dirty.Contact) nicknames.forgetContact(payloadId);
      // Puppets disagree on whether a member's id here is the room's or the contact's.
      if (payloadType === types.Dirty.RoomMember) {
        nicknames.forgetRoom(payloadId);
        nicknames.forgetContact(payloadId);
      }
    });
  });
  const leases: LeaseKeeper = new LeaseKeeper({
    db,
    timing: config.lease,
    now,
    log,
    onTaken: () => sender.wake(),
  });
  const sender = createSender({
    db,
    transport: wechatyTransport(wechaty, nicknames),
    // Pacing is per account: each process has its own.
    pacer: new Pacer(config.send),
    now,
    log,
    gate: leases,
  });

  const schedules = createScheduleRunner({
    db,
    schedules: deps.schedules ?? allSchedules,
    tz: config.tz,
    now,
    log,
    onQueued: () => sender.wake(),
    publicUrl: () => publicUrl,
  });

  let resolveLogin: () => void = () => {};
  const loggedIn = new Promise<void>((resolve) => {
    resolveLogin = resolve;
  });
  let loginTimer: NodeJS.Timeout | null = null;
  let housekeeping: NodeJS.Timeout | null = null;
  let checkpoints: NodeJS.Timeout | null = null;
  let stopping = false;

  /**
   * Database work that events and timers start and nobody awaits: each is caught and logged here
   * (an event handler's rejection would otherwise end the process), and `stop()` waits for those
   * under way, so the store is not closed under them.
   */
  const underWay = new Set<Promise<void>>();
  function background(what: string, work: () => Promise<unknown>, context: object = {}): Promise<void> {
    const done = work().then(
      () => undefined,
      (error: unknown) => log.error({ ...context, err: error }, `${what} failed`),
    );
    underWay.add(done);
    void done.finally(() => underWay.delete(done));
    return done;
  }

  function watchLogin(): void {
    loginTimer = setTimeout(() => {
      if (!wechaty.isLoggedIn) {
        log.error(
          {
            puppet: typeof deps.puppet === 'string' ? deps.puppet : 'instance',
            waitedMs: config.loginTimeoutMs,
          },
          `not logged in after ${Math.round(config.loginTimeoutMs / 1000)}s: check WECHATY_PUPPET_SERVICE_TOKEN, WECHATY_PUPPET_SERVICE_ENDPOINT and TLS (WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT); still retrying`,
        );
        watchLogin();
      }
    }, config.loginTimeoutMs);
    loginTimer.unref();
  }

  let resolveRosters: () => void = () => {};
  const rostersRead = new Promise<void>((resolve) => {
    resolveRosters = resolve;
  });
  /**
   * Roster changes are applied one at a time, in the order they came: a member list read while
   * someone joins must not write its older list over the join.
   */
  let rosterQueue: Promise<void> = Promise.resolve();
  function rosterTask(what: string, task: () => Promise<void>): Promise<void> {
    const run = async () => {
      if (!stopping) await task();
    };
    rosterQueue = rosterQueue.then(run).catch((error) => log.warn({ err: String(error) }, `${what} failed`));
    const queued = rosterQueue;
    underWay.add(queued);
    void queued.finally(() => underWay.delete(queued));
    return queued;
  }

  /**
   * Our accounts are never members (SPEC "Many accounts": rosters, poll reminders, headcounts):
   * this one, and every other one the store has recorded at its login.
   */
  let ourAccounts = new Set<string>();
  const notSelf = (id: string) =>
    !ourAccounts.has(id) && (!wechaty.isLoggedIn || id !== wechaty.currentUser.id);

  /** Re-reads our accounts, none of which is a member anywhere. */
  async function refreshAccounts(): Promise<void> {
    const ids = await accountIds(db);
    for (const id of ids) if (!ourAccounts.has(id)) await leaveAllGroups(db, id, now());
    ourAccounts = ids;
  }

  /**
   * Notes the groups this account sits in and takes their speaker leases. Their ids are all it
   * needs: the puppet's room list is one call, where `Room.findAll()` also loads every group's
   * details, member list and members' contacts, 17 at a time (with 200 groups, about 6 MB more
   * memory at ready, bench/RESULTS.md part 5). The roster sync reads the bound groups' members.
   */
  async function claimRooms(): Promise<void> {
    if (!wechaty.isLoggedIn) return;
    const me = wechaty.currentUser.id;
    const rooms = await wechaty.puppet.roomList();
    await recordAccountRooms(db, me, rooms, now());
    leases.addRooms(rooms);
    await leases.renew();
  }

  /**
   * Makes a group's roster the member list the puppet reports; `fresh` asks the puppet again
   * instead of trusting its cache (a group just bound may have been loaded long ago). Asked of
   * the puppet itself, as `Room.memberAll()` asks it, without loading a Room and its details
   * first: at start this runs for every bound group (with 200 groups, about 6 MB less memory
   * at ready than through wechaty's Room, bench/RESULTS.md part 5).
   */
  async function readRoster(roomId: string, fresh: boolean): Promise<boolean> {
    const puppet = wechaty.puppet;
    if (fresh) {
      await puppet.roomPayloadDirty(roomId);
      await puppet.roomMemberPayloadDirty(roomId);
    }
    const ids = await puppet.roomMemberList(roomId).catch(() => [] as string[]);
    // A member whose contact cannot be read is left out, as `Room.memberAll()` leaves it out.
    const names = await Promise.all(
      ids.filter(notSelf).map((id) =>
        puppet.contactPayload(id).then(
          (contact) => ({ id, name: contact.name }),
          () => undefined,
        ),
      ),
    );
    const list = names.filter((m) => m !== undefined);
    // An empty list is a puppet that could not tell, not a group everyone left.
    if (list.length === 0) return false;
    const at = now();
    await db.transaction(async (tx) => syncMembers(tx, roomId, list, at));
    return true;
  }

  /**
   * Refreshes the member lists of the bound groups, community and street groups too (an
   * escalation @mentions the community's people there only if they are members, db/outbox.ts);
   * safe to run again (`ready` can fire twice).
   */
  async function syncRosters(): Promise<void> {
    // Our accounts that logged in since: none of them is read in as a member.
    await refreshAccounts();
    const bound: string[] = [];
    for (const c of await db.select({ id: compounds.id }).from(compounds).all()) {
      bound.push(...(await groupsOfCompound(db, c.id)).map((g) => g.roomId));
    }
    for (const g of await db.select({ roomId: areaGroups.roomId }).from(areaGroups).all())
      bound.push(g.roomId);
    let read = 0;
    for (const roomId of bound) {
      try {
        if (await readRoster(roomId, false)) read++;
      } catch (error) {
        log.warn({ roomId, err: String(error) }, 'group roster not read');
      }
    }
    log.info({ groups: bound.length, read }, 'group rosters synced');
  }

  wechaty.on('scan', (qrcode: string, status: number) => {
    log.info({ status, qrcode }, 'scan the QR code with the WeChat account of the bot');
  });
  wechaty.on('login', (user: Contact) => {
    account = user.id;
    accountLog = deps.log.child({ account: user.id });
    leases.activate(user.id);
    void background('login bookkeeping', async () => {
      try {
        await recordAccount(db, { id: user.id, name: user.name() }, now());
        // Also in groups whose member list cannot be read any more (rosters of older versions had it).
        await leaveAllGroups(db, user.id, now());
        await refreshAccounts();
        const released = await releaseRetries(db, now());
        log.info({ user: user.name(), userId: user.id, released }, 'logged in');
        await claimRooms();
        leases.start();
      } finally {
        // Logged in whatever the bookkeeping did: replies wait to go out.
        resolveLogin();
        sender.wake();
      }
    });
  });
  wechaty.on('logout', (user: Contact, reason?: string) => {
    log.warn(
      { user: user?.name(), reason },
      'logged out or link lost; replies and reminders wait in the outbox and go once the bot is back',
    );
    // Another account in the group speaks from its next renewal on.
    void background('lease release', () => leases.releaseAll());
    watchLogin();
  });
  // Wechaty re-emits puppet errors; an unhandled 'error' event would kill the process.
  wechaty.on('error', (error: Error) => {
    const message = error?.message ?? String(error);
    if (message.includes('WatchdogAgent reset')) {
      log.warn({ err: message }, 'no event from the puppet service for a while: resetting the connection');
    } else {
      log.warn({ err: message }, 'wechaty error');
    }
  });
  wechaty.on('ready', () => {
    log.info({}, 'ready');
    // Real puppets load the room list by now; the login's list may have been short.
    void background('room list', async () => {
      await refreshAccounts();
      await claimRooms();
    });
    void rosterTask('roster sync', syncRosters).finally(resolveRosters);
  });
  // The bot follows joins and leaves of its bound groups, community and street groups too (SPEC
  // "Groups"). With the plain mock
  // puppet each of these also raises one `error` event (WECHATY-NOTES.md); the event still comes.
  wechaty.on('room-join', (room: Room, invitees: Contact[]) => {
    nicknames.forgetRoom(room.id);
    const joined = invitees.filter((c) => notSelf(c.id));
    log.info({ roomId: room.id, joined: joined.map((c) => c.id) }, 'room join');
    if (wechaty.isLoggedIn && invitees.some((c) => c.id === wechaty.currentUser.id)) {
      const me = wechaty.currentUser.id;
      leases.addRooms([room.id]);
      void background('room joined', async () => {
        await recordAccountRooms(db, me, [room.id], now());
        await leases.renew();
      });
    }
    void rosterTask('room join', async () => {
      if (joined.length === 0 || !(await isBoundRoom(db, room.id))) return;
      const at = now();
      const people = joined.map((c) => ({ id: c.id, name: c.name() }));
      await db.transaction(async (tx) => {
        for (const person of people) await notePerson(tx, person, room.id, at);
      });
    });
  });
  wechaty.on('room-leave', (room: Room, leavers: Contact[]) => {
    nicknames.forgetRoom(room.id);
    const left = leavers.map((c) => c.id);
    log.info({ roomId: room.id, left }, 'room leave');
    if (wechaty.isLoggedIn && left.includes(wechaty.currentUser.id)) {
      const me = wechaty.currentUser.id;
      leases.removeRoom(room.id);
      void background('room left', () => forgetAccountRoom(db, me, room.id));
    }
    void rosterTask('room leave', async () => {
      if (await isBoundRoom(db, room.id)) await membersLeft(db, room.id, left, now());
    });
  });
  const mediaInFlight = new Map<string, MediaInFlight>();
  const queue = new ArrivalQueue((error, messageId) =>
    // Left unhandled in the inbox: the next start tries it again.
    log.error({ err: error, messageId }, 'message not handled'),
  );

  /** A text: the dispatcher writes its state, replies and the inbox mark in one transaction. */
  async function handleText(arrived: ArrivedMessage, incoming: IncomingMessage): Promise<void> {
    if (stopping) return;
    // A private chat is answered by the account the member wrote to (they may be friends of
    // that account only), whichever answered them before.
    if (arrived.roomId === null) await leases.speakTo(arrived.speakerId);
    // The rules see the time the member wrote, also for a message handled after a restart.
    const result = await dispatcher.dispatch(incoming, arrived.receivedAt);
    // Not a command after all, or dropped by flood control: nothing to write but the mark.
    if (result.status === 'ignored' || result.status === 'flood-dropped' || result.status === 'hinted')
      await claimMessage(db, arrived.messageId, now());
    if (result.queued > 0) sender.wake();
    const bound = result.boundRoomId;
    if (bound) {
      void rosterTask('roster of a group just bound', async () => {
        const read = await readRoster(bound, true);
        log.info({ roomId: bound, read }, 'roster of a group just bound');
      });
    }
  }

  /**
   * A photo or file: whether it follows a ticket is decided in its turn (after the `/报修` before
   * it); the download then goes on beside the queue, and the mark is written with the attachment,
   * or afterwards when nothing was kept. A download cut short is tried again at the next start.
   */
  async function handleMedia(arrived: ArrivedMessage, msg: Message | undefined): Promise<void> {
    if (stopping) return;
    const { messageId, roomId, kind } = arrived;
    if (!msg || roomId === null || kind === 'text') {
      log.warn({ messageId, roomId }, 'media message no longer available from the puppet; not attached');
      await claimMessage(db, messageId, now());
      return;
    }
    const media = {
      id: messageId,
      kind,
      speakerId: arrived.speakerId,
      roomId,
      receivedAt: arrived.receivedAt,
      crossKey: arrived.crossKey ?? null,
    };
    const mediaDeps = { db, dataDir: config.dataDir, now, log, inFlight: mediaInFlight };
    const target = await findMediaTicket(media, mediaDeps);
    void (async () => {
      try {
        const queued = target !== null && (await saveTicketMedia(msg, media, target, mediaDeps));
        // A download cut short by a stop leaves the message unhandled, for the next start.
        if (stopping) return;
        await claimMessage(db, messageId, now());
        if (queued) sender.wake();
      } catch (error) {
        log.error({ err: error, messageId }, 'attachment not stored');
      }
    })();
  }

  /**
   * Group talk is not recorded (members' chatter is not stored), but a confident complaint may get
   * the `/报修` hint (SPEC "Owners' own words"). Losing such a hint at a crash loses no request, so
   * it goes straight to the dispatcher, which decides whether this group and member get one.
   */
  function isChatterWorthAHint(msg: Message): boolean {
    return (
      !msg.self() &&
      msg.room() !== undefined &&
      msg.type() === types.Message.Text &&
      readsAsComplaint(msg.text())
    );
  }
  function handleChatter(msg: Message): void {
    void background(
      'chatter',
      async () => {
        const incoming = await toIncoming(msg, nicknames);
        if (stopping || !incoming) return;
        if ((await dispatcher.dispatch(incoming, now())).queued > 0) sender.wake();
      },
      { messageId: msg.id },
    );
  }

  /**
   * Writes an arriving message to the inbox; false when there is nothing to handle: media in a
   * group bound to no compound (it can attach to nothing), a redelivery of a message recorded
   * already, or a write that failed (logged; the message is lost as it would be in a crash
   * before it was written).
   */
  let recording: Promise<void> = Promise.resolve();
  async function record(arrived: ArrivedMessage): Promise<boolean> {
    try {
      if (arrived.kind !== 'text' && (arrived.roomId === null || !(await groupByRoom(db, arrived.roomId))))
        return false;
      return (await recordArrival(db, arrived)) !== null;
    } catch (error) {
      log.error({ err: error, messageId: arrived.messageId }, 'message not recorded');
      return false;
    }
  }

  /**
   * Queues a message; `msg` is the live Wechaty message, absent after a restart. `recorded`
   * resolves with false for a message not to handle after all. A text's preparation (its
   * speaker's and mentions' names, the topic, the bot's names in the room: cached payloads or
   * puppet calls) runs while its inbox row is written, not after it: on PostgreSQL that write is a
   * round trip and a commit on every reply's path. For a redelivery the preparation is thrown
   * away. A file is fetched only once its row is written, so a redelivery downloads nothing.
   */
  function enqueue(arrived: ArrivedMessage, msg: Message | undefined, recorded: Promise<boolean>): void {
    if (arrived.kind !== 'text') {
      const found = recorded.then(async (ok) => {
        if (!ok) return null;
        return msg ?? (await wechaty.Message.find({ id: arrived.messageId }).catch(() => undefined));
      });
      queue.push(arrived.messageId, found, (m) => (m === null ? undefined : handleMedia(arrived, m)));
      return;
    }
    const reading = msg ? readText(msg) : null;
    // Awaited below only for a message recorded now; a redelivery's reading is dropped unheard.
    reading?.catch(() => undefined);
    const prepared = recorded.then(async (ok) => {
      if (!ok) return null;
      return reading ?? incomingFromArrival(arrived, wechaty, nicknames);
    });
    queue.push(arrived.messageId, prepared, (incoming) =>
      incoming === null ? undefined : handleText(arrived, incoming),
    );
  }

  /** A live text message as the dispatcher takes it, with the bot's names in its room. */
  async function readText(msg: Message): Promise<IncomingMessage> {
    // The bot's names in the room are looked up while the message is read, not after.
    const names = wechaty.isLoggedIn ? botNamesIn(wechaty, msg.room(), nicknames) : null;
    const incoming = await toIncoming(msg, nicknames);
    if (!incoming) throw new Error('recorded message is not a text');
    const self = names === null ? undefined : { id: wechaty.currentUser.id, names: await names };
    return { ...incoming, self };
  }

  /** Messages recorded before a stop or crash and not handled: handled now, once, in order. */
  async function recoverInbox(): Promise<void> {
    const rows = await takeUnhandled(db, queue.pending);
    let resumed = 0;
    for (const row of rows) {
      if (row.recoveries > MAX_RECOVERIES) {
        await claimMessage(db, row.messageId, now());
        log.error(
          { messageId: row.messageId, roomId: row.roomId, recoveries: row.recoveries },
          'message given up: it was still unhandled at several start-ups',
        );
        continue;
      }
      enqueue(row, undefined, Promise.resolve(true));
      resumed++;
    }
    if (resumed > 0) log.warn({ messages: resumed }, 'handling messages that arrived before the bot stopped');
  }

  /**
   * One recovery at a time: a second login while the first recovery reads the inbox must find
   * the messages the first queued in `queue.pending`, not queue them again.
   */
  let recovery: Promise<void> = Promise.resolve();
  wechaty.on('login', () => {
    recovery = recovery.then(() => background('inbox recovery', recoverInbox));
  });
  wechaty.on('message', (msg: Message) => {
    // What another of our accounts says in a group (a reply, a reminder) is never a member's
    // request: answering it would have our accounts talk to each other.
    if (ourAccounts.has(msg.talker().id)) return;
    let arrived: ArrivedMessage | null;
    try {
      arrived = toArrival(msg, wechaty, nicknames, now());
    } catch (error) {
      log.error({ err: error, messageId: msg.id }, 'message not recorded');
      return;
    }
    if (!arrived) {
      if (isChatterWorthAHint(msg)) handleChatter(msg);
      return;
    }
    // Its write to the inbox starts before anything else is awaited: once it is done a crash
    // cannot lose this message. Queued at once, so messages keep the order they came in
    // whenever their writes finish. The writes themselves go one after another: the inbox's ids
    // are the order a recovery replays them in, and on PostgreSQL writes on several pooled
    // connections at once would take ids in whatever order they reach the server.
    const written = recording.then(() => record(arrived));
    recording = written.then(
      () => undefined,
      () => undefined,
    );
    enqueue(arrived, msg, written);
  });

  return {
    wechaty,
    dispatcher,
    sender,
    loggedIn,
    rostersRead,
    accountId: () => account,
    leases,
    web: () => (board === null ? null : { port: board.port, publicUrl: board.publicUrl }),
    async start() {
      // First: a port already taken stops the start before anything is sent.
      board = await startBoardServer({
        db,
        tz: config.tz,
        now,
        log,
        port: config.http.port,
        host: deps.httpHost,
        publicUrl: config.http.publicUrl,
      });
      publicUrl = board.publicUrl;
      sender.start();
      await schedules.start();
      watchLogin();
      let pruning = false;
      housekeeping = setInterval(() => {
        if (pruning) return;
        pruning = true;
        void background('inbox pruning', async () => pruneHandledMessages(db, now() - 7 * DAY)).finally(
          () => {
            pruning = false;
          },
        );
      }, 6 * 3_600_000);
      housekeeping.unref();
      // SQLite only: PostgreSQL keeps its own write-ahead log.
      const sqlite = deps.sqlite;
      if (sqlite) {
        checkpoints = setInterval(() => {
          // A checkpoint inside an open transaction fails ("table is locked"); one awaiting more
          // than the store (rare: statements alone finish within one turn) waits for the next tick.
          if (sqlite.inTransaction) return;
          try {
            checkpointWal(sqlite);
          } catch (error) {
            log.warn({ err: String(error) }, 'wal checkpoint failed');
          }
        }, CHECKPOINT_EVERY_MS);
        checkpoints.unref();
      }
      await wechaty.start();
    },
    async stop() {
      if (loginTimer) clearTimeout(loginTimer);
      if (housekeeping) clearInterval(housekeeping);
      if (checkpoints) clearInterval(checkpoints);
      // What is queued, or still downloading, stays unhandled in the inbox and is handled at
      // the next start.
      stopping = true;
      await schedules.stop();
      await sender.stop();
      // Nothing more goes out from here: another account in each group speaks at once.
      leases.stop();
      await leases.releaseAll().catch((error) => log.warn({ err: String(error) }, 'leases not released'));
      await wechaty.stop().catch((error) => log.warn({ err: String(error) }, 'wechaty stop failed'));
      if (board !== null) {
        await board.close();
        board = null;
      }
      // The handling under way (a command's transaction, a roster write) ends before the store
      // may close; a wait cut short by the timeout is logged.
      await waitForWorkUnderWay();
    },
  };

  async function waitForWorkUnderWay(): Promise<void> {
    const all = Promise.all([...underWay, queue.idle()]).then(() => true);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), STOP_WAIT_MS);
      timer.unref();
    });
    const finished = await Promise.race([all, timeout]);
    clearTimeout(timer);
    if (!finished) log.warn({ waitedMs: STOP_WAIT_MS }, 'stopped with database work still under way');
  }
}

/**
 * The only place that knows Wechaty's objects: a Message becomes an IncomingMessage for the
 * dispatcher, and an outbox row becomes `room.say(text, ...contacts)`.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FileBox, type FileBoxInterface } from 'file-box';
import { type Contact, type Message, type Room, types, type Wechaty } from 'wechaty';
import type { IncomingMessage } from '../commands/dispatcher.js';
import { mayBeCommand } from '../commands/parser.js';
import {
  type AttachmentKind,
  type AttachmentUsage,
  attachableTicket,
  attachmentPath,
  attachmentUsage,
  type CapRefusal,
  capRefusal,
  recordAttachment,
  refuseAttachment,
} from '../commands/tickets/attachments.js';
import { displayName } from '../core/display.js';
import { parseQuote, type QuotedMessage } from '../core/quote.js';
import { compoundSettings } from '../core/settings/catalog.js';
import type { Db } from '../db/client.js';
import { groupByRoom } from '../db/compounds.js';
import { type ArrivedMessage, crossAccountKey, messageHandled } from '../db/messages.js';
import { rowMentionIds } from '../db/outbox.js';
import type { OutboxRow } from '../db/schema.js';
import type { Transport } from './sender.js';

/**
 * Group nicknames, remembered for a minute. Each `room.alias()` is a call to the puppet service:
 * wechaty-puppet 1.x stores a room member under the literal key "memberId", so its own cache never
 * hits (0.27 ms a call on loopback, a network round trip on a real service). A message needs the
 * speaker's and the bot's nickname, and a reply needs the asker's for its @mention. A room's
 * entries are forgotten when its members change (join, leave, the puppet's dirty event); a
 * rename the puppet does not report shows within `ttlMs`.
 */
export class GroupNicknames {
  private readonly rooms = new Map<string, Map<string, { alias: string; at: number }>>();

  constructor(
    private readonly ttlMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The contact's nickname in the room, or '' when they have none (or the lookup failed: not kept). */
  async of(room: Room, contact: Contact): Promise<string> {
    const at = this.now();
    const hit = this.rooms.get(room.id)?.get(contact.id);
    if (hit && at - hit.at < this.ttlMs) return hit.alias;
    let alias: string;
    try {
      alias = (await room.alias(contact)) ?? '';
    } catch {
      return ''; // the link may be down: ask again next time
    }
    let members = this.rooms.get(room.id);
    if (!members) {
      members = new Map();
      this.rooms.set(room.id, members);
    }
    members.set(contact.id, { alias, at });
    return alias;
  }

  /** The nickname if it is remembered and fresh, without asking the puppet (undefined: not known now). */
  peek(roomId: string, contactId: string): string | undefined {
    const hit = this.rooms.get(roomId)?.get(contactId);
    return hit && this.now() - hit.at < this.ttlMs ? hit.alias : undefined;
  }

  forgetRoom(roomId: string): void {
    this.rooms.delete(roomId);
  }

  forgetContact(contactId: string): void {
    for (const members of this.rooms.values()) members.delete(contactId);
  }
}

async function nameIn(contact: Contact, room: Room | undefined, nicknames: GroupNicknames): Promise<string> {
  // The group nickname is what members see in the group; fall back to the WeChat name. No
  // name at all stays empty (shown as NAME_FALLBACK, core/display.ts), never the contact id.
  const alias = room ? await nicknames.of(room, contact) : '';
  return alias || contact.name() || '';
}

/**
 * True for a quote-reply that the puppet left as raw appmsg XML (it may type it as an attachment
 * or unknown): it is read as text, never downloaded as a file.
 */
function isRawQuote(msg: Message): boolean {
  return msg.type() !== types.Message.Text && msg.text().includes('<refermsg>');
}

/**
 * The text message as the dispatcher sees it, or null for the bot's own or non-text messages. A
 * quote-reply (引用) is split into the quote and what was typed under it, so `/报修` under a quote
 * reads as a command.
 */
export async function toIncoming(msg: Message, nicknames: GroupNicknames): Promise<IncomingMessage | null> {
  if (msg.self()) return null;
  if (msg.type() !== types.Message.Text && !isRawQuote(msg)) return null;
  const raw = msg.text();
  const quoted = parseQuote(raw);
  if (!quoted && msg.type() !== types.Message.Text) return null;
  const room = msg.room();
  const talker = msg.talker();
  // Each of these may be a call to the puppet service: ask them all at once, not one by one.
  const [mentions, speakerName, topic, quoteMembers] = await Promise.all([
    room
      ? msg
          .mentionList()
          .catch(() => [] as Contact[])
          .then((list) =>
            Promise.all(list.map(async (c) => ({ id: c.id, name: await nameIn(c, room, nicknames) }))),
          )
      : [],
    nameIn(talker, room, nicknames),
    room ? room.topic().catch(() => '') : '',
    room && quoted ? membersCalled(room, quoted, nicknames) : undefined,
  ]);
  return {
    id: msg.id,
    ...quotedParts(raw, quoted, quoteMembers),
    speaker: { id: talker.id, name: speakerName },
    room: room ? { id: room.id, topic } : null,
    mentions,
    crossKey: messageCrossKey(msg, 'text', raw),
  };
}

/**
 * The message's key across our accounts (db/messages.ts `crossAccountKey`), from the loaded
 * payload: null in a private chat, and for a file whose payload says nothing of its content
 * (the plain mock puppet): two photos a member sends in one second must not count as one.
 */
export function messageCrossKey(msg: Message, kind: ArrivedMessage['kind'], content: string): string | null {
  const room = msg.room();
  if (!room || (kind !== 'text' && content === '')) return null;
  return crossAccountKey({
    roomId: room.id,
    speakerId: msg.talker().id,
    sentAt: msg.date().getTime(),
    kind,
    content,
  });
}

/** A quote-reply's text is only what was typed under the quote; the quote travels beside it. */
function quotedParts(
  raw: string,
  quoted: QuotedMessage | null,
  members: { id: string; name: string }[] | undefined,
): Pick<IncomingMessage, 'text' | 'quote'> {
  if (!quoted) return { text: raw, quote: null };
  return { text: quoted.reply, quote: { ...quoted.quote, ...(members ? { members } : {}) } };
}

/**
 * The members a quote's author name fits, asked of the puppet, which knows group nicknames the
 * store does not (the store learns a member's nickname only when they send a command). A search
 * walks the whole member list, so it is made only for a quote under a command and without the
 * author's id; undefined otherwise, or when the search fails.
 */
async function membersCalled(
  room: Room,
  quoted: QuotedMessage,
  nicknames: GroupNicknames,
): Promise<{ id: string; name: string }[] | undefined> {
  if (quoted.quote.authorId !== null || !/^[/／@＠]/.test(quoted.reply)) return undefined;
  try {
    const found = await room.memberAll(quoted.quote.authorName);
    return await Promise.all(found.map(async (c) => ({ id: c.id, name: await nameIn(c, room, nicknames) })));
  } catch {
    return undefined;
  }
}

const mediaKinds = new Map<types.Message, AttachmentKind>([
  [types.Message.Image, 'image'],
  [types.Message.Video, 'video'],
  [types.Message.Attachment, 'file'],
  [types.Message.Audio, 'audio'],
]);

/**
 * What the bot keeps of a message the moment it arrives: only what the loaded payload says, no
 * puppet call, so it can be written before anything is awaited. Null for what needs no answer:
 * the bot's own messages, stickers and the like, and group text that cannot be a command.
 */
export function toArrival(
  msg: Message,
  bot: Wechaty,
  nicknames: GroupNicknames,
  receivedAt: number,
): ArrivedMessage | null {
  if (msg.self()) return null;
  const room = msg.room();
  const type = msg.type();
  // A quote-reply left as raw appmsg XML is text, never a file to download.
  const kind = type === types.Message.Text || isRawQuote(msg) ? 'text' : mediaKinds.get(type);
  if (kind === undefined) return null;
  if (kind !== 'text' && !room) return null;
  const text = kind === 'text' ? msg.text() : null;
  // Under a quote, what was typed below it is what may be a command.
  if (room && text !== null && !mayBeCommand(parseQuote(text)?.reply ?? text)) return null;
  const payload = msg.payload;
  const mentionIdList = payload && 'mentionIdList' in payload ? payload.mentionIdList : undefined;
  const botNames: string[] = [];
  if (bot.isLoggedIn) {
    botNames.push(bot.currentUser.name());
    const alias = room ? nicknames.peek(room.id, bot.currentUser.id) : undefined;
    if (alias) botNames.push(alias);
  }
  return {
    messageId: msg.id,
    kind,
    roomId: room?.id ?? null,
    speakerId: msg.talker().id,
    text,
    mentionIds: Array.isArray(mentionIdList) ? mentionIdList : null,
    botNames: botNames.filter((n) => n.length > 0),
    receivedAt,
    crossKey: messageCrossKey(msg, kind, text ?? msg.text()),
  };
}

/**
 * A recorded message rebuilt for the dispatcher after a restart, from the ids the inbox kept:
 * names, topic and the bot's names are looked up again (the puppet knows the contacts and
 * rooms, not necessarily the old message).
 */
export async function incomingFromArrival(
  arrived: ArrivedMessage,
  bot: Wechaty,
  nicknames: GroupNicknames,
): Promise<IncomingMessage> {
  const room = arrived.roomId
    ? await bot.Room.find({ id: arrived.roomId }).catch(() => undefined)
    : undefined;
  const known = async (id: string) => {
    const contact = await bot.Contact.find({ id }).catch(() => undefined);
    return { id, name: contact ? await nameIn(contact, room, nicknames) : '' };
  };
  const raw = arrived.text ?? '';
  const quoted = parseQuote(raw);
  const [speaker, mentions, topic, names, quoteMembers] = await Promise.all([
    known(arrived.speakerId),
    Promise.all((arrived.mentionIds ?? []).map(known)),
    room ? room.topic().catch(() => '') : '',
    botNamesIn(bot, room, nicknames).catch(() => [] as string[]),
    room && quoted ? membersCalled(room, quoted, nicknames) : undefined,
  ]);
  return {
    id: arrived.messageId,
    ...quotedParts(raw, quoted, quoteMembers),
    speaker,
    room: arrived.roomId ? { id: arrived.roomId, topic } : null,
    mentions,
    self: bot.isLoggedIn
      ? { id: bot.currentUser.id, names: [...new Set([...arrived.botNames, ...names])] }
      : undefined,
    crossKey: arrived.crossKey ?? null,
  };
}

/** A photo, video, file or voice message someone sent in a group. */
export interface IncomingMedia {
  id: string;
  kind: AttachmentKind;
  speakerId: string;
  roomId: string;
  /** When it reached the bot: the 10-minute window is judged then, even if handled after a restart. */
  receivedAt: number;
  /** The file as each of our accounts sees it, when its payload tells (db/messages.ts `crossAccountKey`). */
  crossKey?: string | null;
}

/** The file of a media message: the original picture for a photo (not the thumbnail). */
async function mediaFileBox(msg: Message, kind: AttachmentKind): Promise<FileBoxInterface> {
  if (kind === 'image') {
    try {
      return await msg.toImage().artwork();
    } catch {
      // Some puppets only serve images through the generic file call.
    }
  }
  return msg.toFileBox();
}

class TooLarge extends Error {}

/**
 * Writes the file to `path`, reading at most `limit` bytes: a file that turns out larger (the
 * puppet did not say its size, or said it wrong) stops downloading there. Returns the bytes
 * written, or null when the file was larger than `limit` (the partial file is the caller's to
 * delete).
 */
export async function writeAtMost(
  box: FileBoxInterface,
  path: string,
  limit: number,
): Promise<number | null> {
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > limit) done(new TooLarge());
      else done(null, chunk);
    },
  });
  try {
    await pipeline(await box.toStream(), counter, createWriteStream(path));
    return bytes;
  } catch (error) {
    if (error instanceof TooLarge) return null;
    throw error;
  }
}

/** A download under way: its ticket, and the bytes it will bring (0 when the puppet did not say). */
export interface MediaInFlight {
  ticketId: number;
  bytes: number;
  /** Its place in the order the files arrived: a file counts only the downloads before it. */
  seq: number;
  /** False once it is refused: it holds no place on the ticket while its refusal is written. */
  counted: boolean;
}

/** Numbers the downloads in the order their messages arrived (see {@link MediaInFlight.seq}). */
let nextDownloadSeq = 0;

export interface MediaDeps {
  db: Db;
  dataDir: string;
  /** The clock of the attachment's row and acknowledgement (not of the 10-minute window). */
  now: () => number;
  log: { info(obj: object, msg: string): void };
  /**
   * Message ids being downloaded now: a redelivery that arrives meanwhile is dropped, and the
   * /设置 附件 limits count them, so nine photos in flight keep a tenth from being downloaded.
   */
  inFlight: Map<string, MediaInFlight>;
}

/**
 * What a ticket holds on disk plus what is being downloaded for it from files that arrived before
 * `download`. The downloads are read before the store: one that ends while the store is read is
 * then in the snapshot, and counted once whether or not its row was already seen. A file that
 * arrived later never takes a place from an earlier one: ten photos at once keep the first nine,
 * however their downloads interleave.
 */
async function usageNow(
  deps: MediaDeps,
  ticketId: number,
  download: MediaInFlight,
): Promise<AttachmentUsage> {
  const downloads = [...deps.inFlight].filter(
    ([, d]) => d !== download && d.ticketId === ticketId && d.counted && d.seq < download.seq,
  );
  const stored = await attachmentUsage(deps.db, ticketId);
  const usage = { count: stored.count, bytes: stored.bytes };
  const kept = new Set(stored.messageIds);
  for (const [id, download] of downloads) {
    if (kept.has(id)) continue;
    usage.count++;
    usage.bytes += download.bytes;
  }
  return usage;
}

/** The ticket a photo or file goes to, and its download as the /设置 附件 limits count it. */
export interface MediaTarget {
  compoundId: number;
  ticketId: number;
  download: MediaInFlight;
}

/**
 * The sender's ticket a photo or file follows (SPEC "Tickets": within 10 minutes after filing),
 * with its download registered in `inFlight`; null when it follows no ticket (it is never
 * downloaded and gets no answer), was handled already, or is being downloaded now (a
 * redelivery). Called in the message's turn, so the `/报修` just before it is there to be found;
 * the download ({@link saveTicketMedia}) then goes on beside the other messages.
 */
export async function findMediaTicket(media: IncomingMedia, deps: MediaDeps): Promise<MediaTarget | null> {
  const bound = await groupByRoom(deps.db, media.roomId);
  if (!bound) return null;
  const compoundId = bound.compound.id;
  const ticket = await attachableTicket(deps.db, compoundId, media.speakerId, media.receivedAt);
  if (!ticket || (await messageHandled(deps.db, media.id))) return null;
  // No await between this check and the `set`: two deliveries of one message cannot both pass.
  if (deps.inFlight.has(media.id)) return null;
  const download: MediaInFlight = { ticketId: ticket.id, bytes: 0, seq: ++nextDownloadSeq, counted: true };
  deps.inFlight.set(media.id, download);
  return { compoundId, ticketId: ticket.id, download };
}

/**
 * Downloads a photo or file and attaches it to the ticket {@link findMediaTicket} found, then
 * ends the download's registration. The /设置 附件 limits are checked three times: before
 * anything is asked of the puppet (a ticket already full), on the size the puppet reports
 * (before the bytes are read), and while the bytes are written (no more than the limit is read);
 * the transaction that records the file checks the bytes on disk once more. The file is written
 * under the data folder before that transaction; if it refuses the file or finds the message
 * handled already or not attachable, the file goes again. Resolves with true when a line was
 * queued or updated.
 */
export async function saveTicketMedia(
  msg: Message,
  media: IncomingMedia,
  target: MediaTarget,
  deps: MediaDeps,
): Promise<boolean> {
  const { receivedAt } = media;
  const { compoundId, download } = target;
  const ticket = { id: target.ticketId };
  const input = { ...media, messageId: media.id, compoundId, ticketId: ticket.id, fileName: '', receivedAt };
  const refuse = async (reason: CapRefusal, fileName: string, size: number | null): Promise<boolean> => {
    download.counted = false;
    const result = await refuseAttachment(deps.db, { ...input, fileName, size }, reason, deps.now());
    if (result.status === 'refused') {
      deps.log.info(
        { roomId: media.roomId, ticketNo: result.ticketNo, kind: media.kind, size, reason },
        'attachment refused',
      );
    }
    return result.status === 'refused';
  };
  try {
    const caps = (await compoundSettings(deps.db, compoundId)).attachments;
    const full = capRefusal(caps, await usageNow(deps, ticket.id, download), null);
    // Not even asked for the file: its name, when the puppet gave one, is in the message.
    if (full) return await refuse(full, msg.payload?.filename ?? '', null);
    const box = await mediaFileBox(msg, media.kind);
    // file-box says -1 when the puppet did not tell the size.
    const reported = box.size > 0 ? box.size : null;
    const usage = await usageNow(deps, ticket.id, download);
    const early = capRefusal(caps, usage, reported);
    if (early) return await refuse(early, box.name, reported);
    download.bytes = reported ?? 0;
    const path = attachmentPath(compoundId, ticket.id, media.id, box.name, media.kind);
    const absolute = join(deps.dataDir, path);
    let result: Awaited<ReturnType<typeof recordAttachment>>;
    let size = 0;
    try {
      await mkdir(dirname(absolute), { recursive: true });
      const limit = Math.min(caps.maxFileBytes, caps.maxTotalBytes - usage.bytes);
      const written = await writeAtMost(box, absolute, limit);
      if (written === null) {
        await rm(absolute, { force: true });
        return await refuse(capRefusal(caps, usage, limit + 1) ?? 'size', box.name, null);
      }
      size = (await stat(absolute)).size;
      result = await recordAttachment(deps.db, { ...input, fileName: box.name, path, size }, deps.now());
    } catch (error) {
      // A half-written file with no row would only fill the disk.
      await rm(absolute, { force: true });
      throw error;
    }
    if (result.status === 'stored') {
      deps.log.info(
        { roomId: media.roomId, ticketNo: result.ticketNo, kind: media.kind, size },
        'attachment stored',
      );
      return true;
    }
    if (result.status !== 'duplicate' || !result.fileInUse) await rm(absolute, { force: true });
    return result.status === 'refused';
  } finally {
    deps.inFlight.delete(media.id);
  }
}

/** The names the bot answers to after `@` in a room: its WeChat name and its group nickname. */
export async function botNamesIn(
  bot: Wechaty,
  room: Room | undefined,
  nicknames: GroupNicknames,
): Promise<string[]> {
  if (!bot.isLoggedIn) return [];
  const self = bot.currentUser;
  const names = [self.name()];
  if (room) {
    const alias = await nicknames.of(room, self);
    if (alias) names.push(alias);
  }
  return names.filter((n) => n.length > 0);
}

/** U+2005, what WeChat (and Wechaty's `room.say`) puts between mentions. */
const MENTION_SEPARATOR = '\u2005';

/** Sends outbox rows through Wechaty; a missing room or contact is an error, so the row is retried. */
export function wechatyTransport(bot: Wechaty, nicknames: GroupNicknames): Transport {
  return {
    isReady: () => bot.isLoggedIn,
    async send(row: OutboxRow) {
      if (!bot.isLoggedIn) throw new Error('not logged in');
      const conversation =
        row.target === 'room'
          ? await bot.Room.find({ id: row.conversationId })
          : await bot.Contact.find({ id: row.conversationId });
      if (!conversation) throw new Error(`${row.target} ${row.conversationId} not found`);
      if (row.text !== null) {
        if (row.target === 'room') {
          const contacts = (
            await Promise.all(rowMentionIds(row).map((id) => bot.Contact.find({ id }).catch(() => undefined)))
          ).filter((c): c is Contact => c !== undefined);
          // What `room.say(text, ...contacts)` sends ("@张三 text" with the mention ids), with
          // the nicknames from our cache instead of one puppet call per mention. The name is
          // shown as every name is (one line, cut): WeChat notifies by the ids, not the text.
          const room = conversation as Room;
          const names = await Promise.all(
            contacts.map(async (c) => `@${displayName((await nicknames.of(room, c)) || c.name())}`),
          );
          const text = names.length > 0 ? `${names.join(MENTION_SEPARATOR)} ${row.text}` : row.text;
          await bot.puppet.messageSendText(
            room.id,
            text,
            contacts.map((c) => c.id),
          );
        } else {
          await conversation.say(row.text);
        }
      }
      if (row.fileData !== null) {
        await conversation.say(FileBox.fromBuffer(Buffer.from(row.fileData), row.fileName ?? 'file.png'));
      }
    },
  };
}

/**
 * The only place that knows Wechaty's objects: a Message becomes an IncomingMessage for the
 * dispatcher, and an outbox row becomes `room.say(text, ...contacts)`.
 */
import { mkdir, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { FileBox, type FileBoxInterface } from 'file-box';
import { type Contact, type Message, type Room, types, type Wechaty } from 'wechaty';
import type { IncomingMessage } from '../commands/dispatcher.js';
import {
  type AttachmentKind,
  attachableTicket,
  attachmentPath,
  recordAttachment,
} from '../commands/tickets/attachments.js';
import { parseQuote, type QuotedMessage } from '../core/quote.js';
import type { Db } from '../db/client.js';
import { groupByRoom } from '../db/compounds.js';
import { rowMentionIds } from '../db/outbox.js';
import type { OutboxRow } from '../db/schema.js';
import { messageHandled } from '../db/tickets-attachments.js';
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

  forgetRoom(roomId: string): void {
    this.rooms.delete(roomId);
  }

  forgetContact(contactId: string): void {
    for (const members of this.rooms.values()) members.delete(contactId);
  }
}

async function displayName(
  contact: Contact,
  room: Room | undefined,
  nicknames: GroupNicknames,
): Promise<string> {
  // The group nickname is what members see in the group; fall back to the WeChat name.
  const alias = room ? await nicknames.of(room, contact) : '';
  return alias || contact.name() || contact.id;
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
            Promise.all(list.map(async (c) => ({ id: c.id, name: await displayName(c, room, nicknames) }))),
          )
      : [],
    displayName(talker, room, nicknames),
    room ? room.topic().catch(() => '') : '',
    room && quoted ? membersCalled(room, quoted, nicknames) : undefined,
  ]);
  return {
    id: msg.id,
    text: quoted ? quoted.reply : raw,
    speaker: { id: talker.id, name: speakerName },
    room: room ? { id: room.id, topic } : null,
    mentions,
    quote: quoted ? { ...quoted.quote, ...(quoteMembers ? { members: quoteMembers } : {}) } : null,
  };
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
    return await Promise.all(
      found.map(async (c) => ({ id: c.id, name: await displayName(c, room, nicknames) })),
    );
  } catch {
    return undefined;
  }
}

/** A photo, video, file or voice message someone sent in a group. */
export interface IncomingMedia {
  id: string;
  kind: AttachmentKind;
  speakerId: string;
  roomId: string;
}

const mediaKinds = new Map<types.Message, AttachmentKind>([
  [types.Message.Image, 'image'],
  [types.Message.Video, 'video'],
  [types.Message.Attachment, 'file'],
  [types.Message.Audio, 'audio'],
]);

/** The media message as the ticket attachments see it, or null (text, stickers, private chats, the bot's own). */
export function toIncomingMedia(msg: Message): IncomingMedia | null {
  if (msg.self() || isRawQuote(msg)) return null;
  const kind = mediaKinds.get(msg.type());
  const room = msg.room();
  if (kind === undefined || !room) return null;
  return { id: msg.id, kind, speakerId: msg.talker().id, roomId: room.id };
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

export interface MediaDeps {
  db: Db;
  dataDir: string;
  now: () => number;
  log: { info(obj: object, msg: string): void };
  /** Message ids being downloaded now: a redelivery that arrives meanwhile is dropped. */
  inFlight: Set<string>;
}

/**
 * Attaches a photo or file to the sender's ticket (SPEC "Tickets": within 10 minutes after
 * filing). The ticket is looked up first, so media that follows no ticket is never downloaded
 * and gets no answer. The file is written under the data folder before the transaction that
 * records it; if that finds the message handled already or not attachable, the file goes again.
 * Returns true when an acknowledgement was queued or updated.
 */
export async function saveTicketMedia(msg: Message, media: IncomingMedia, deps: MediaDeps): Promise<boolean> {
  const receivedAt = deps.now();
  const bound = groupByRoom(deps.db, media.roomId);
  if (!bound) return false;
  const compoundId = bound.compound.id;
  const ticket = attachableTicket(deps.db, compoundId, media.speakerId, receivedAt);
  if (!ticket || deps.inFlight.has(media.id) || messageHandled(deps.db, media.id)) return false;
  deps.inFlight.add(media.id);
  try {
    const box = await mediaFileBox(msg, media.kind);
    const path = attachmentPath(compoundId, ticket.id, media.id, box.name, media.kind);
    const absolute = join(deps.dataDir, path);
    let result: ReturnType<typeof recordAttachment>;
    let size = 0;
    try {
      await mkdir(dirname(absolute), { recursive: true });
      await box.toFile(absolute, true);
      size = (await stat(absolute)).size;
      result = recordAttachment(
        deps.db,
        {
          ...media,
          messageId: media.id,
          compoundId,
          ticketId: ticket.id,
          fileName: box.name,
          path,
          size,
          receivedAt,
        },
        deps.now(),
      );
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
    if (result.status === 'not-attachable' || !result.fileInUse) await rm(absolute, { force: true });
    return false;
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
          // the nicknames from our cache instead of one puppet call per mention.
          const room = conversation as Room;
          const names = await Promise.all(
            contacts.map(async (c) => `@${(await nicknames.of(room, c)) || c.name()}`),
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

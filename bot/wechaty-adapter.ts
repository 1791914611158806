/**
 * The only place that knows Wechaty's objects: a Message becomes an IncomingMessage for the
 * dispatcher, and an outbox row becomes `room.say(text, ...contacts)`.
 */
import { FileBox } from 'file-box';
import { type Contact, type Message, type Room, types, type Wechaty } from 'wechaty';
import type { IncomingMessage } from '../commands/dispatcher.js';
import { rowMentionIds } from '../db/outbox.js';
import type { OutboxRow } from '../db/schema.js';
import type { Transport } from './sender.js';

async function displayName(contact: Contact, room: Room | undefined): Promise<string> {
  // The group nickname is what members see in the group; fall back to the WeChat name.
  const alias = room ? await room.alias(contact).catch(() => undefined) : undefined;
  return alias || contact.name() || contact.id;
}

/** The text message as the dispatcher sees it, or null for the bot's own or non-text messages. */
export async function toIncoming(msg: Message): Promise<IncomingMessage | null> {
  if (msg.self()) return null;
  if (msg.type() !== types.Message.Text) return null;
  const room = msg.room();
  const talker = msg.talker();
  const mentionList = room ? await msg.mentionList().catch(() => [] as Contact[]) : [];
  const mentions = await Promise.all(
    mentionList.map(async (c) => ({ id: c.id, name: await displayName(c, room) })),
  );
  return {
    id: msg.id,
    text: msg.text(),
    speaker: { id: talker.id, name: await displayName(talker, room) },
    room: room ? { id: room.id, topic: await room.topic().catch(() => '') } : null,
    mentions,
  };
}

/** The names the bot answers to after `@` in a room: its WeChat name and its group nickname. */
export async function botNamesIn(bot: Wechaty, room: Room | undefined): Promise<string[]> {
  if (!bot.isLoggedIn) return [];
  const self = bot.currentUser;
  const names = [self.name()];
  if (room) {
    const alias = await room.alias(self).catch(() => undefined);
    if (alias) names.push(alias);
  }
  return names.filter((n) => n.length > 0);
}

/** Sends outbox rows through Wechaty; a missing room or contact is an error, so the row is retried. */
export function wechatyTransport(bot: Wechaty): Transport {
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
          await (conversation as Room).say(row.text, ...contacts);
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

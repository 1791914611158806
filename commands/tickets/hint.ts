import { compoundSettings } from '../../core/settings/catalog.js';
import type { Tx } from '../../db/client.js';
import { groupByRoom } from '../../db/compounds.js';
import { claimTicketHint } from '../../db/hints.js';
import { grantedRoles } from '../../db/people.js';
import type { OutgoingMessage } from '../define.js';

/** The line offered under a complaint; the sender puts the member's @name in front. */
export const ticketHintText = '看起来是报修, 要登记的话请发 /报修 <描述>, 或引用这条消息发 /报修。';

/** SPEC "Owners' own words": at most once per member per hour. */
export const TICKET_HINT_EVERY_MS = 3_600_000;

/**
 * Whether a complaint here may get the `/报修` hint at all: only in an owners group, only when the
 * compound turned it on (`/设置 提示报修 开`), and only for plain owners (staff, committee and
 * grid heads know the command). Reads only, so a message that gets no hint writes nothing.
 */
export async function ticketHintWanted(tx: Tx, roomId: string, speakerId: string): Promise<boolean> {
  const bound = await groupByRoom(tx, roomId);
  if (bound?.group.kind !== 'owners') return false;
  if (!(await compoundSettings(tx, bound.compound.id)).ticketHint) return false;
  return (await grantedRoles(tx, bound.compound.id, speakerId)).length === 0;
}

/**
 * The hint for this member, or null when they had one within the hour. Claimed in the store in
 * the caller's transaction, with the outbox row, so a restart does not hint again.
 */
export async function takeTicketHint(
  tx: Tx,
  roomId: string,
  speakerId: string,
  now: number,
): Promise<OutgoingMessage | null> {
  if (!(await claimTicketHint(tx, { roomId, personId: speakerId }, now, TICKET_HINT_EVERY_MS))) return null;
  return { target: 'room', conversationId: roomId, text: ticketHintText, mentionIds: [speakerId] };
}

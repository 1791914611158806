import type { Tx } from '../../db/client.js';
import { groupByRoom } from '../../db/compounds.js';
import { claimTicketHint } from '../../db/hints.js';
import { grantedRoles } from '../../db/people.js';
import type { OutgoingMessage } from '../define.js';
import { compoundSettings } from '../settings/catalog.js';

/** The line offered under a complaint; the sender puts the member's @name in front. */
export const ticketHintText = '看起来是报修, 要登记的话请发 /报修 <描述>, 或引用这条消息发 /报修。';

/** SPEC "Owners' own words": at most once per member per hour. */
export const TICKET_HINT_EVERY_MS = 3_600_000;

/**
 * The `/报修` hint for a plain message that already reads as a complaint, or null: only in an
 * owners group, only when the compound turned it on (`/设置 提示报修 开`), only to plain owners
 * (staff and committee know the command), and once an hour per member, kept in the store.
 */
export function ticketHintFor(
  tx: Tx,
  message: { roomId: string; speakerId: string },
  now: number,
): OutgoingMessage | null {
  const bound = groupByRoom(tx, message.roomId);
  if (bound?.group.kind !== 'owners') return null;
  if (!compoundSettings(tx, bound.compound.id).ticketHint) return null;
  if (grantedRoles(tx, bound.compound.id, message.speakerId).length > 0) return null;
  if (
    !claimTicketHint(tx, { roomId: message.roomId, personId: message.speakerId }, now, TICKET_HINT_EVERY_MS)
  )
    return null;
  return {
    target: 'room',
    conversationId: message.roomId,
    text: ticketHintText,
    mentionIds: [message.speakerId],
  };
}

/**
 * The community's side of an escalation (SPEC "Escalation", "Communities and streets"): a ticket
 * escalated to the community is the community's until it hands it back to the compound with a
 * decision ("小事不出小区"), and the compound may escalate it again after that. Used by `/吹哨` and
 * `/方案` in a compound's groups and by `/进度` and `/方案` in a community's or street's group.
 */

import type { DbOrTx } from '../../db/client.js';
import { committeeRoom, staffRoom } from '../../db/compounds.js';
import type { Ticket, TicketEvent } from '../../db/schema.js';
import { addTicketEvent, lastTicketEvent, updateTicket } from '../../db/tickets.js';
import { handlersOf, type TicketNotice, ticketRoom } from './rooms.js';

type Step = Pick<TicketEvent, 'kind' | 'at' | 'id'>;

const later = (a: Step, b: Step) => a.at > b.at || (a.at === b.at && a.id > b.id);

/**
 * True while an escalated ticket is with the community: escalated, not closed, and not handed
 * back since it was last escalated. `steps` are its `escalated` and `handed_back` events (others
 * are ignored), in any order.
 */
export function withCommunity(t: Pick<Ticket, 'escalatedAt' | 'closedAt'>, steps: readonly Step[]): boolean {
  if (t.escalatedAt === null || t.closedAt !== null) return false;
  let escalated: Step | null = null;
  let handedBack: Step | null = null;
  for (const s of steps) {
    if (s.kind === 'escalated' && (escalated === null || later(s, escalated))) escalated = s;
    if (s.kind === 'handed_back' && (handedBack === null || later(s, handedBack))) handedBack = s;
  }
  return handedBack === null || (escalated !== null && later(escalated, handedBack));
}

/** {@link withCommunity} read from the store. */
export async function isWithCommunity(db: DbOrTx, t: Ticket): Promise<boolean> {
  if (t.escalatedAt === null || t.closedAt !== null) return false;
  const steps = [
    await lastTicketEvent(db, t.id, ['escalated']),
    await lastTicketEvent(db, t.id, ['handed_back']),
  ].filter((e) => e !== null);
  return withCommunity(t, steps);
}

/**
 * The community hands an escalated ticket back with its decision: a `handed_back` event with the
 * decision as note (the timeline shows it), and the decision counts as the response if nothing
 * answered before. The ticket stays open and escalated (the committee follows it until closed);
 * the property carries the decision out with /完成 or its own /方案. Returns the text for the
 * compound's groups (ticket named `#n`) and where it goes: the staff group (@ whoever should
 * act), the committee group and the group the ticket was filed in.
 */
export async function handBackTicket(
  db: DbOrTx,
  t: Ticket,
  by: { actorId: string; name: string },
  decision: string,
  now: number,
): Promise<{ text: string; notices: TicketNotice[] }> {
  await updateTicket(db, t.id, { respondedAt: t.respondedAt ?? now }, now);
  await addTicketEvent(db, {
    ticketId: t.id,
    kind: 'handed_back',
    actorId: by.actorId,
    at: now,
    note: decision,
  });
  const next =
    t.ticketClass === 'complex'
      ? `请物业按此拿出书面方案: /方案 #${t.no} <内容>`
      : `请物业按此办理, 办结后发 /完成 #${t.no} [说明]`;
  const text = `#${t.no} 社区 ${by.name} 交回小区处理, 决定: ${decision}\n${next}; 业委会跟进到结单。`;
  return {
    text,
    notices: [
      { roomId: await staffRoom(db, t.compoundId), text, mentionIds: await handlersOf(db, t) },
      { roomId: await committeeRoom(db, t.compoundId), text },
      { roomId: await ticketRoom(db, t), text },
    ],
  };
}

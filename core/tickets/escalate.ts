/**
 * Escalation (吹哨, SPEC "Escalation"): the ticket goes to the community role holders with its
 * timeline, and the committee sees it until it is closed. Used by `/吹哨` and by the schedule
 * that escalates a ticket past twice its solve window.
 */
import type { DbOrTx } from '../../db/client.js';
import { committeeRoom, groupsOfCompound, staffGroup } from '../../db/compounds.js';
import { enqueue } from '../../db/outbox.js';
import { holdersOf, membersOf } from '../../db/people.js';
import { addTicketEvent, ticketById, updateTicket } from '../../db/tickets.js';
import { formatTicketTimeline } from './timeline.js';
import { actorName, classLabel } from './wording.js';

/** The distinct community (社区) role holders of a compound. */
export function communityHoldersOf(db: DbOrTx, compoundId: number): { id: string; name: string }[] {
  const seen = new Set<string>();
  return holdersOf(db, compoundId, ['community']).filter((h) => !seen.has(h.id) && seen.add(h.id));
}

/**
 * Marks the ticket escalated (keeps the first escalatedAt), records an 'escalated' event by
 * actorId ('system' for the schedule), and queues via enqueue(): one message @mentioning every
 * community-role holder with the timeline in the staff group (privately, target 'contact', to
 * holders who are in none of the compound's groups), and one line to the committee group.
 * Returns the number of outbox rows queued.
 *
 * When the committee group is the staff group (a compound with one group), the one message
 * there says it all and no second line is queued.
 */
export function escalateTicket(
  db: DbOrTx,
  ticketId: number,
  by: { actorId: string; reason: string | null },
  now: number,
  tz: string,
): number {
  const before = ticketById(db, ticketId);
  if (!before) throw new Error(`escalateTicket: no ticket ${ticketId}`);
  const t = updateTicket(
    db,
    ticketId,
    { escalatedAt: before.escalatedAt ?? now, escalationReason: by.reason ?? before.escalationReason },
    now,
  );
  const event = addTicketEvent(db, {
    ticketId,
    kind: 'escalated',
    actorId: by.actorId,
    at: now,
    note: by.reason,
  });

  const holders = communityHoldersOf(db, t.compoundId);
  const inSomeGroup = new Set(groupsOfCompound(db, t.compoundId).flatMap((g) => membersOf(db, g.roomId)));
  const who = `${actorName(db, by.actorId)} 吹哨${by.reason ? `: ${by.reason}` : ''}`;
  const ask =
    holders.length > 0
      ? `请社区处理: 定下办法后发 /方案 #${t.no} <决定> 交回小区执行, 或办结后发 /完成 #${t.no} <说明>。`
      : '本小区还没有社区人员, 请管理员用 /角色 @某人 社区 登记。';
  const staffChat = staffGroup(db, t.compoundId);
  const staff = staffChat?.roomId ?? null;
  const full = `【吹哨】#${t.no} ${classLabel(t)} 已上报社区 (${who})。\n${ask}\n${formatTicketTimeline(db, t, now, tz, staffChat?.kind ?? null)}`;
  const key = `ticket:${t.id}:escalation:${event.id}`;

  let queued = 0;
  if (staff !== null) {
    const sent = enqueue(
      db,
      { conversationId: staff, text: full, mentionIds: holders.map((h) => h.id), dedupeKey: `${key}:staff` },
      now,
    );
    if (sent) queued++;
  }
  for (const h of holders) {
    if (inSomeGroup.has(h.id) && staff !== null) continue;
    const sent = enqueue(
      db,
      { target: 'contact', conversationId: h.id, text: full, dedupeKey: `${key}:contact:${h.id}` },
      now,
    );
    if (sent) queued++;
  }
  const committee = committeeRoom(db, t.compoundId);
  if (committee !== null && committee !== staff) {
    const line = `#${t.no} ${classLabel(t)} 已吹哨上报社区 (${who})。业委会跟进到结单: /进度 #${t.no}`;
    if (enqueue(db, { conversationId: committee, text: line, dedupeKey: `${key}:committee` }, now)) queued++;
  }
  return queued;
}

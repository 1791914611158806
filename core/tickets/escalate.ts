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
export async function communityHoldersOf(
  db: DbOrTx,
  compoundId: number,
): Promise<{ id: string; name: string }[]> {
  const seen = new Set<string>();
  return (await holdersOf(db, compoundId, ['community'])).filter((h) => !seen.has(h.id) && seen.add(h.id));
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
export async function escalateTicket(
  db: DbOrTx,
  ticketId: number,
  by: { actorId: string; reason: string | null },
  now: number,
  tz: string,
): Promise<number> {
  const before = await ticketById(db, ticketId);
  if (!before) throw new Error(`escalateTicket: no ticket ${ticketId}`);
  const t = await updateTicket(
    db,
    ticketId,
    { escalatedAt: before.escalatedAt ?? now, escalationReason: by.reason ?? before.escalationReason },
    now,
  );
  const event = await addTicketEvent(db, {
    ticketId,
    kind: 'escalated',
    actorId: by.actorId,
    at: now,
    note: by.reason,
  });

  const holders = await communityHoldersOf(db, t.compoundId);
  const inSomeGroup = new Set<string>();
  for (const g of await groupsOfCompound(db, t.compoundId)) {
    for (const id of await membersOf(db, g.roomId)) inSomeGroup.add(id);
  }
  const who = `${await actorName(db, by.actorId)} 吹哨${by.reason ? `: ${by.reason}` : ''}`;
  const ask =
    holders.length > 0
      ? `请社区处理: 定下办法后发 /方案 #${t.no} <决定> 交回小区执行, 或办结后发 /完成 #${t.no} <说明>。`
      : '本小区还没有社区人员, 请管理员用 /角色 @某人 社区 登记。';
  const staffChat = await staffGroup(db, t.compoundId);
  const staff = staffChat?.roomId ?? null;
  const full = `【吹哨】#${t.no} ${classLabel(t)} 已上报社区 (${who})。\n${ask}\n${await formatTicketTimeline(db, t, now, tz, staffChat?.kind ?? null)}`;
  const key = `ticket:${t.id}:escalation:${event.id}`;

  let queued = 0;
  if (staff !== null) {
    const sent = await enqueue(
      db,
      { conversationId: staff, text: full, mentionIds: holders.map((h) => h.id), dedupeKey: `${key}:staff` },
      now,
    );
    if (sent) queued++;
  }
  for (const h of holders) {
    if (inSomeGroup.has(h.id) && staff !== null) continue;
    const sent = await enqueue(
      db,
      { target: 'contact', conversationId: h.id, text: full, dedupeKey: `${key}:contact:${h.id}` },
      now,
    );
    if (sent) queued++;
  }
  const committee = await committeeRoom(db, t.compoundId);
  if (committee !== null && committee !== staff) {
    const line = `#${t.no} ${classLabel(t)} 已吹哨上报社区 (${who})。业委会跟进到结单: /进度 #${t.no}`;
    if (await enqueue(db, { conversationId: committee, text: line, dedupeKey: `${key}:committee` }, now))
      queued++;
  }
  return queued;
}

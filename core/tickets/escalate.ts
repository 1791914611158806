/**
 * Escalation (吹哨, SPEC "Escalation" and "Communities and streets"): the ticket goes to its
 * compound's community group with its timeline, @mentioning the community role holders who are
 * members of that group; the committee sees it until it is closed. Used by `/吹哨` and by the
 * schedule that escalates a ticket past twice its solve window.
 */
import { areaRoom, communityOf } from '../../db/areas.js';
import type { DbOrTx } from '../../db/client.js';
import { committeeRoom, compoundById, groupsOfCompound, staffRoom } from '../../db/compounds.js';
import { enqueue } from '../../db/outbox.js';
import { holdersOf, isMember } from '../../db/people.js';
import type { Compound, Group, GroupKind } from '../../db/schema.js';
import { addTicketEvent, ticketById, updateTicket } from '../../db/tickets.js';
import { displayName } from '../display.js';
import { formatTicketTimeline } from './timeline.js';
import { actorName, classLabel, ticketLine } from './wording.js';

/** The distinct community (社区) role holders of a compound. */
export async function communityHoldersOf(
  db: DbOrTx,
  compoundId: number,
): Promise<{ id: string; name: string }[]> {
  const seen = new Set<string>();
  return (await holdersOf(db, compoundId, ['community'])).filter((h) => !seen.has(h.id) && seen.add(h.id));
}

const groupWords: Record<GroupKind, string> = {
  owners: '业主群',
  staff: '物业工作群',
  committee: '业委会群',
};

/**
 * Where an escalation went: the community's own group, or (SPEC: a compound with no community
 * group yet) the compound's committee group, else its staff group, else its owners group.
 */
export type EscalationPlace =
  | { kind: 'community'; roomId: string; community: string }
  | {
      kind: 'compound';
      /** Null only for a compound with no group at all. */
      roomId: string | null;
      groupKind: GroupKind | null;
      /** The community the compound belongs to (one with no group yet), or null for none. */
      community: string | null;
    };

export interface Escalation {
  place: EscalationPlace;
  /** The community holders @mentioned there (members of that group), by display name. */
  mentioned: string[];
  /** True when the compound has no community role holder at all (nobody to act on it). */
  noHolders: boolean;
  /** Every room a message about the escalation was queued for. */
  rooms: string[];
  /** Outbox rows queued. */
  queued: number;
}

/** Why an escalation stayed in the compound: "本小区还没有归属社区", "本小区所属的「X」还没有社区群". */
function missingGroup(place: EscalationPlace & { kind: 'compound' }): string {
  return place.community === null ? '本小区还没有归属社区' : `本小区所属的「${place.community}」还没有社区群`;
}

/** What an admin does so that the next escalation reaches a community group. */
function adminAction(place: EscalationPlace & { kind: 'compound' }): string {
  return place.community === null
    ? '请管理员发送 /归属 <社区名>。'
    : `请管理员在社区的群里发送 /绑定群 ${place.community} 社区群。`;
}

/**
 * Where the escalation went, after "已": "上报「文苑社区」社区群", or "发到本小区业委会群
 * (本小区还没有归属社区)". Every message about an escalation says it.
 */
export function placeClause(place: EscalationPlace): string {
  if (place.kind === 'community') return `上报「${place.community}」社区群`;
  const group = place.groupKind === null ? '小区' : `本小区${groupWords[place.groupKind]}`;
  return `发到${group} (${missingGroup(place)})`;
}

/** The admin's next step when the escalation stayed in the compound; empty when it reached the community. */
export function placeAdminNote(place: EscalationPlace): string {
  return place.kind === 'community' ? '' : adminAction(place);
}

/** The committee group, else the staff group, else the owners group (SPEC "Communities and streets"). */
function fallbackGroup(groups: readonly Group[]): Group | null {
  for (const kind of ['committee', 'staff', 'owners'] as const) {
    const g = groups.find((x) => x.kind === kind);
    if (g) return g;
  }
  return groups[0] ?? null;
}

async function placeOf(db: DbOrTx, compound: Pick<Compound, 'id'>): Promise<EscalationPlace> {
  const community = await communityOf(db, compound.id);
  const room = community ? await areaRoom(db, community.id) : null;
  if (community && room !== null) return { kind: 'community', roomId: room, community: community.name };
  const g = fallbackGroup(await groupsOfCompound(db, compound.id));
  return {
    kind: 'compound',
    roomId: g?.roomId ?? null,
    groupKind: g?.kind ?? null,
    community: community?.name ?? null,
  };
}

/** What the community can do about the ticket, in the words of the group the message goes to. */
function askLine(ref: string, noHolders: boolean): string {
  const todo = `请社区处理: 定下办法后发 /方案 ${ref} <决定> 交回小区执行, 或办结后发 /完成 ${ref} <说明>; 查看发 /进度 ${ref}。`;
  return noHolders ? `${todo}\n本小区还没有社区人员, 请管理员用 /角色 @某人 社区 登记。` : todo;
}

/**
 * Marks the ticket escalated (keeps the first escalatedAt), records an 'escalated' event by
 * actorId ('system' for the schedule), and queues:
 * - the full message (who escalated and why, what the community can do, the timeline) to the
 *   community group, @mentioning the community role holders who are members of it; without a
 *   community group, to the compound's committee group (else staff, else owners), saying so;
 * - one line to the committee (业委会跟进到结单) and one to the staff group, each where the full
 *   message did not already go (one message per group).
 * No private messages: the SPEC sends escalations to the community group, and a holder who is
 * not in it is not @mentioned (nor is anyone, anywhere: see db/outbox.ts enqueue).
 * Grid heads (网格长) are not @mentioned: the SPEC has the community act on escalations, and a
 * grid head in the community group reads them there.
 */
export async function escalateTicket(
  db: DbOrTx,
  ticketId: number,
  by: { actorId: string; reason: string | null },
  now: number,
  tz: string,
): Promise<Escalation> {
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

  const compound = await compoundById(db, t.compoundId);
  if (!compound) throw new Error(`escalateTicket: no compound ${t.compoundId}`);
  const place = await placeOf(db, compound);
  const holders = await communityHoldersOf(db, t.compoundId);
  const inRoom: { id: string; name: string }[] = [];
  if (place.roomId !== null) {
    for (const h of holders) if (await isMember(db, place.roomId, h.id)) inRoom.push(h);
  }
  const actor = await actorName(db, by.actorId);
  const who = `${actor} 吹哨${by.reason ? `: ${by.reason}` : ''}`;
  const went = `已${placeClause(place)}`;
  const adminNote = placeAdminNote(place);
  const key = `ticket:${t.id}:escalation:${event.id}`;

  const messages: { roomId: string | null; text: string; mentionIds?: string[]; key: string }[] = [];
  if (place.kind === 'community') {
    const ref = `${compound.name}#${t.no}`;
    messages.push({
      roomId: place.roomId,
      text: [
        `【吹哨】${ref} ${classLabel(t)} 已上报社区 (${who})。`,
        askLine(ref, holders.length === 0),
        await formatTicketTimeline(db, t, now, tz, null),
      ].join('\n'),
      mentionIds: inRoom.map((h) => h.id),
      key: `${key}:community`,
    });
  } else {
    messages.push({
      roomId: place.roomId,
      text: [
        `【吹哨】#${t.no} ${classLabel(t)} (${who}), 业委会跟进到结单。${missingGroup(place)}, 先发到本群; ${adminAction(place)}`,
        askLine(`#${t.no}`, holders.length === 0),
        await formatTicketTimeline(db, t, now, tz, place.groupKind),
      ].join('\n'),
      mentionIds: inRoom.map((h) => h.id),
      key: `${key}:fallback`,
    });
  }
  messages.push({
    roomId: await committeeRoom(db, t.compoundId),
    text: `#${t.no} ${classLabel(t)} (${who}) ${went}。业委会跟进到结单: /进度 #${t.no}${adminNote === '' ? '' : `\n${adminNote}`}`,
    key: `${key}:committee`,
  });
  messages.push({
    roomId: await staffRoom(db, t.compoundId),
    text: `${ticketLine(t, [`已吹哨, ${went}`], who)}。查看: /进度 #${t.no}`,
    key: `${key}:staff`,
  });

  const rooms: string[] = [];
  let queued = 0;
  for (const m of messages) {
    if (m.roomId === null || rooms.includes(m.roomId)) continue;
    rooms.push(m.roomId);
    const sent = await enqueue(
      db,
      { conversationId: m.roomId, text: m.text, mentionIds: m.mentionIds, dedupeKey: m.key },
      now,
    );
    if (sent) queued++;
  }
  return {
    place,
    mentioned: inRoom.map((h) => displayName(h.name)),
    noHolders: holders.length === 0,
    rooms,
    queued,
  };
}

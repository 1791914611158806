/**
 * The agenda of the four-party joint meeting for one compound (SPEC "Communities and streets"):
 * its escalated tickets, those past their solve deadline, those rated 1–2, open 重大 matters and
 * the committee's items. A pure function of the store at a time `at` ({@link gatherAgenda}: it
 * only reads), so the schedule, the command that sets a meeting less than a day ahead and the
 * tests all see the same agenda for the same moment; {@link agendaText} says it.
 *
 * What goes in, and why:
 * - 吹哨: tickets escalated and not yet closed, handed back or not: the committee follows them
 *   until closed (SPEC "Escalation"), so the meeting sees them until then too.
 * - 超时: open tickets past their solve deadline as it stands at `at` (core/tickets/sla.ts; a
 *   pause moves it), not yet resolved.
 * - 差评: tickets closed with a score of 1 or 2 since the community's previous meeting (for its
 *   first meeting, in the 30 days before it): the committee's follow-up list of the month.
 * - 重大: open tickets of the 重大 class not yet resolved, and formal votes on a 重大 matter (the
 *   maintenance fund, rebuilding, the use of common parts) not yet closed.
 * - 议题: the committee's `/议题` items that no earlier meeting carried.
 * A ticket is listed once, in the first of these sections it belongs to.
 */

import { compoundsOfArea } from '../../db/areas.js';
import type { DbOrTx } from '../../db/client.js';
import { committeeRoom, staffRoom } from '../../db/compounds.js';
import { lowRatedBetween, openMajorVotes, previousMeeting, topicsFor } from '../../db/meetings.js';
import { storedName } from '../../db/people.js';
import type { Compound, Ticket } from '../../db/schema.js';
import type { Meeting } from '../../db/schema-meetings.js';
import type { Poll } from '../../db/schema-votes.js';
import { lastTicketEvent, openTicketsOf } from '../../db/tickets.js';
import { displayName, oneLine } from '../display.js';
import { effectiveSolveDueAt, isResolved, solveOutcome } from '../tickets/sla.js';
import { formatOver, statusText, ticketLine } from '../tickets/wording.js';
import { formatClock } from '../time/index.js';
import { formatDeadline, pollTitle } from '../votes/poll-text.js';
import { meetingWhenWhere } from './meeting.js';

/** The two moments the agenda goes out: one day before (or at once) and at the start. */
export type AgendaPoint = 'eve' | 'start';

/** How far back the first meeting of a community looks for tickets rated 1–2: about a month. */
export const FIRST_MEETING_LOOKBACK_MS = 30 * 24 * 3_600_000;

export interface AgendaTopic {
  id: number;
  text: string;
  author: string;
  at: number;
}

export interface Agenda {
  compound: Pick<Compound, 'id' | 'name'>;
  meeting: Pick<Meeting, 'id' | 'startsAt' | 'place'>;
  /** The moment the agenda is of. */
  at: number;
  escalated: { ticket: Ticket; handedBack: boolean }[];
  overdue: Ticket[];
  lowRated: Ticket[];
  majorTickets: Ticket[];
  majorVotes: Poll[];
  topics: AgendaTopic[];
}

/** The agenda of one compound for one meeting, as the store stands at `at`. Reads only. */
export async function gatherAgenda(
  db: DbOrTx,
  compound: Pick<Compound, 'id' | 'name'>,
  meeting: Meeting,
  at: number,
): Promise<Agenda> {
  const open = (await openTicketsOf(db, compound.id)).filter((t) => t.filedAt <= at);
  const listed = new Set<number>();
  /** The open tickets not yet listed that belong in a section, now listed there. */
  const pick = (belongs: (t: Ticket) => boolean): Ticket[] => {
    const found = open.filter((t) => !listed.has(t.id) && belongs(t));
    for (const t of found) listed.add(t.id);
    return found;
  };

  const escalated: Agenda['escalated'] = [];
  for (const t of pick((t) => t.escalatedAt !== null && t.escalatedAt <= at)) {
    const last = await lastTicketEvent(db, t.id, ['escalated', 'handed_back']);
    escalated.push({ ticket: t, handedBack: last?.kind === 'handed_back' });
  }
  const overdue = pick((t) => !isResolved(t) && solveOutcome(t, at) === 'missed');
  const previous = await previousMeeting(db, meeting);
  const since = previous?.startsAt ?? meeting.startsAt - FIRST_MEETING_LOOKBACK_MS;
  const lowRated = await lowRatedBetween(db, compound.id, since, at);
  const majorTickets = pick((t) => t.ticketClass === 'major' && !isResolved(t));
  const majorVotes = (await openMajorVotes(db, compound.id)).filter((p) => p.openedAt <= at);

  const names = new Map<string, string>();
  const topics: AgendaTopic[] = [];
  for (const topic of await topicsFor(db, compound.id, meeting.id, at)) {
    let author = names.get(topic.authorId);
    if (author === undefined) {
      author = displayName(await storedName(db, topic.authorId));
      names.set(topic.authorId, author);
    }
    topics.push({ id: topic.id, text: topic.text, author, at: topic.at });
  }
  return {
    compound: { id: compound.id, name: compound.name },
    meeting: { id: meeting.id, startsAt: meeting.startsAt, place: meeting.place },
    at,
    escalated,
    overdue,
    lowRated,
    majorTickets,
    majorVotes,
    topics,
  };
}

/** True when the agenda has nothing to discuss. */
export function isEmptyAgenda(a: Agenda): boolean {
  return (
    a.escalated.length +
      a.overdue.length +
      a.lowRated.length +
      a.majorTickets.length +
      a.majorVotes.length +
      a.topics.length ===
    0
  );
}

const NUMERALS = ['一', '二', '三', '四', '五', '六'];

/**
 * The agenda as posted to the compound's committee and staff groups: a heading with the time and
 * place, then each section that has something, numbered, one line per ticket (phones masked, the
 * number first), and what to do next.
 */
export function agendaText(a: Agenda, point: AgendaPoint, tz: string, now: number): string {
  const when = meetingWhenWhere(a.meeting, tz, now);
  const lines = [
    point === 'start'
      ? `【四方联席会议 现在开始】${a.compound.name}`
      : `【四方联席会议 议程】${a.compound.name}`,
    `会议: ${when}`,
  ];
  const sections: { title: string; items: string[] }[] = [
    {
      title: '吹哨上报社区、未结单',
      items: a.escalated.map(({ ticket: t, handedBack }) =>
        ticketLine(t, [
          `${formatClock(t.escalatedAt ?? a.at, tz, now)} 吹哨${handedBack ? ', 社区已交回小区办理' : ''}`,
        ]),
      ),
    },
    {
      title: '超过解决时限',
      items: a.overdue.map((t) =>
        ticketLine(t, [`已超时 ${formatOver(a.at - effectiveSolveDueAt(t, a.at))}`]),
      ),
    },
    {
      title: '业主评分 1–2 分',
      items: a.lowRated.map((t) =>
        ticketLine(t, [`${t.score}分${t.feedback ? `「${oneLine(t.feedback, 20)}」` : ''}`]),
      ),
    },
    {
      title: '重大事项',
      items: [
        ...a.majorTickets.map((t) => ticketLine(t, [statusText(t)])),
        ...a.majorVotes.map((p) => `${pollTitle(p)}, ${formatDeadline(p.deadline, tz, now)} 截止`),
      ],
    },
    {
      title: '业委会议题',
      items: a.topics.map((topic, i) => `${i + 1}. ${oneLine(topic.text)} (${topic.author})`),
    },
  ];
  let n = 0;
  for (const s of sections) {
    if (s.items.length === 0) continue;
    lines.push(`${NUMERALS[n++] ?? n}、${s.title} (${s.items.length})`, ...s.items);
  }
  if (n === 0) lines.push('本小区暂无吹哨、超时、差评或重大事项, 也没有业委会议题。');
  lines.push(
    point === 'start'
      ? `会上议定的事项, 社区请在社区群发 /议定 ${a.compound.name}#工单号 <决定>: 记入工单进展, 并在下次三务公示的居务中公开。`
      : '业委会还可以发 /议题 <内容> 补充议题; 会议开始时会再发一次最新议程。',
  );
  return lines.join('\n');
}

/** A compound's committee and staff groups, once each (one group may be both). */
export async function agendaRooms(db: DbOrTx, compoundId: number): Promise<string[]> {
  const rooms = [await committeeRoom(db, compoundId), await staffRoom(db, compoundId)];
  return [...new Set(rooms.filter((r): r is string => r !== null))];
}

export interface AgendaMessage {
  conversationId: string;
  text: string;
  dedupeKey: string;
}

/** The outbox key of one agenda in one group: each point of each meeting goes to a group once. */
export function agendaDedupeKey(meetingId: number, point: AgendaPoint, roomId: string): string {
  return `meeting-agenda:${meetingId}:${point}:${roomId}`;
}

/**
 * The agendas of a meeting at one point, for every compound of its community as it stands at
 * `at`: one message per committee and staff group, and the ids of the items they carry.
 */
export async function agendaMessages(
  db: DbOrTx,
  meeting: Meeting,
  community: Parameters<typeof compoundsOfArea>[1],
  point: AgendaPoint,
  at: number,
  tz: string,
): Promise<{ messages: AgendaMessage[]; topicIds: number[] }> {
  const messages: AgendaMessage[] = [];
  const topicIds: number[] = [];
  for (const compound of await compoundsOfArea(db, community)) {
    const rooms = await agendaRooms(db, compound.id);
    if (rooms.length === 0) continue;
    const agenda = await gatherAgenda(db, compound, meeting, at);
    const text = agendaText(agenda, point, tz, at);
    for (const room of rooms) {
      messages.push({ conversationId: room, text, dedupeKey: agendaDedupeKey(meeting.id, point, room) });
    }
    topicIds.push(...agenda.topics.map((t) => t.id));
  }
  return { messages, topicIds };
}

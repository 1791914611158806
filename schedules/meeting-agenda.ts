/**
 * The agenda of the four-party joint meeting (SPEC "Communities and streets"): one day before a
 * meeting and at its start, each compound of the community gets its agenda (core/areas/agenda.ts)
 * in its committee and staff groups (once where they are one group).
 *
 * Each point is marked on the meeting (`eveAgendaAt`, `startAgendaAt`) in the transaction that
 * queues its messages, and every message has an outbox dedupeKey per meeting, point and group: a
 * tick that runs twice, a restart, or a second process posts each agenda once. What fell due
 * while the bot was down goes out once when it is back, while still of use:
 * - the day-before agenda, until the meeting starts (after that the start agenda says it all);
 * - the start agenda, while the meeting lasts (core/areas/meeting.ts MEETING_LENGTH_MS).
 * A point passed over is marked all the same, so it is never looked at again.
 */
import { agendaMessages } from '../core/areas/agenda.js';
import { AGENDA_LEAD_MS, MEETING_LENGTH_MS } from '../core/areas/meeting.js';
import { areaById } from '../db/areas.js';
import type { Tx } from '../db/client.js';
import { assignTopics, markAgendaPoint, meetingsWithAgendaDue } from '../db/meetings.js';
import { enqueue } from '../db/outbox.js';
import type { ScheduleDefinition } from './runner.js';

export const MEETING_AGENDA = 'meeting-agenda';

/** Everything due at `now`; resolves with the outbox rows queued. */
export async function runMeetingAgendas(tx: Tx, now: number, tz: string): Promise<number> {
  let queued = 0;
  for (const meeting of await meetingsWithAgendaDue(tx, now, AGENDA_LEAD_MS)) {
    const community = await areaById(tx, meeting.areaId);
    const started = meeting.startsAt <= now;
    const point = started ? 'start' : 'eve';
    if (started && meeting.eveAgendaAt === null) await markAgendaPoint(tx, meeting.id, 'eve', now);
    const useful = started ? now < meeting.startsAt + MEETING_LENGTH_MS : true;
    if (community !== null && useful) {
      const { messages, topicIds } = await agendaMessages(tx, meeting, community, point, now, tz);
      for (const m of messages) if (await enqueue(tx, m, now)) queued++;
      // The items the start agenda carried belong to this meeting now; the next one starts afresh.
      if (started) await assignTopics(tx, topicIds, meeting.id);
    }
    await markAgendaPoint(tx, meeting.id, point, now);
  }
  return queued;
}

/**
 * Ticks every ten seconds: a look is one query on the index of meetings still ahead, and an
 * agenda for a meeting at 15:00 is in the groups by 15:00:10, before anyone has sat down.
 */
export const meetingAgendaSchedule: ScheduleDefinition = {
  name: MEETING_AGENDA,
  every: '*/10 * * * * *',
  run: (tx, now, { tz }) => runMeetingAgendas(tx, now, tz),
};

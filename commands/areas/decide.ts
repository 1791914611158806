import { agendaRooms } from '../../core/areas/agenda.js';
import { formatMeetingTime } from '../../core/areas/meeting.js';
import { oneLine } from '../../core/display.js';
import { maskPhones } from '../../core/privacy.js';
import { ticketLine } from '../../core/tickets/wording.js';
import { toZoned } from '../../core/time/index.js';
import { addAffairItem } from '../../db/affairs.js';
import { lastStartedMeeting, upcomingMeeting } from '../../db/meetings.js';
import { addTicketEvent } from '../../db/tickets.js';
import { defineCommand, UserError } from '../define.js';
import { areaRefWithTextArgs, loadAreaTicket } from './common.js';

/** A decision is a sentence or two, as a ticket step's note (commands/tickets/common.ts MAX_NOTE). */
const EXAMPLE = '/议定 幸福小区#12 由物业本周内更换';

/**
 * `/议定 <小区名>#12 <决定>` in a community's group (SPEC "Communities and streets"): records a
 * decision of the joint meeting on a ticket of one of the community's compounds. It goes into the
 * ticket's timeline (联席会议议定), to the compound's committee and staff groups, and under 居务
 * into the compound's next three-affairs notice, so the owners read what the meeting decided.
 * It changes nothing else about the ticket: carrying the decision out is the compound's work.
 * Only once a meeting has begun: a decision of the community alone is `/方案`.
 */
export const decideCommand = defineCommand({
  name: '议定',
  aliases: ['decide'],
  usage: '/议定 <小区名>#n <决定>',
  summary: '记录四方联席会议对某张工单的决定 (记入工单进展和下次三务公示)',
  examples: [EXAMPLE, '/议定 幸福#12 社区协调城管周五到场拆除'],
  who: ['community'],
  scope: 'area',
  args: areaRefWithTextArgs(`请写上议定的内容, 例如 ${EXAMPLE}。`),
  async run(ctx, { ref, text: decision }) {
    if (ctx.area.kind !== 'community') {
      throw new UserError('四方联席会议由社区召开, 议定请在社区群里发送 /议定。');
    }
    const { compound, ticket: t } = await loadAreaTicket(ctx, ref);
    const no = ref.no;
    const meeting = await lastStartedMeeting(ctx.db, ctx.area.id, ctx.now);
    if (!meeting) {
      const next = await upcomingMeeting(ctx.db, ctx.area.id, ctx.now);
      throw new UserError(
        next
          ? `四方联席会议 ${formatMeetingTime(next.startsAt, ctx.tz, ctx.now)} 才开始, 会上议定后再记录。社区自己的决定请用 /方案 ${compound.name}#${no} <决定>。`
          : `还没有开过四方联席会议, 请先用 /联席会议 <时间> [地点] 安排。社区自己的决定请用 /方案 ${compound.name}#${no} <决定>。`,
      );
    }
    await addTicketEvent(ctx.db, {
      ticketId: t.id,
      kind: 'decided',
      actorId: ctx.speaker.id,
      at: ctx.now,
      note: decision,
    });
    const day = toZoned(meeting.startsAt, ctx.tz);
    const meetingName = `${day.month}月${day.day}日四方联席会议`;
    await addAffairItem(
      ctx.db,
      {
        compoundId: compound.id,
        kind: 'resident',
        text: `${meetingName}议定 #${no}「${oneLine(maskPhones(t.description), 20)}」: ${decision}`,
        authorId: ctx.speaker.id,
      },
      ctx.now,
    );
    const notice = [
      `【四方联席会议议定】${ticketLine(t, [])}`,
      `决定: ${decision}`,
      `(${meetingName}, 社区 ${ctx.speaker.name} 记录; 已记入工单进展, 将在下次三务公示的居务中公开)`,
    ].join('\n');
    const rooms = await agendaRooms(ctx.db, compound.id);
    for (const room of rooms) ctx.post({ conversationId: room, text: notice });
    return [
      `已记录 ${compound.name}#${no} 的议定: ${decision}`,
      rooms.length > 0
        ? '已发到该小区的业委会群和物业群, 并列入下次三务公示 (居务)。'
        : '该小区还没有业委会群或物业群; 已列入下次三务公示 (居务)。',
    ].join('\n');
  },
});

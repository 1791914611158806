import { type AgendaPoint, agendaMessages, agendaRooms } from '../../core/areas/agenda.js';
import {
  AGENDA_LEAD_MS,
  formatMeetingTime,
  MEETING_LENGTH_MS,
  meetingWhenWhere,
  parseMeetingTime,
} from '../../core/areas/meeting.js';
import { compoundsOfArea } from '../../db/areas.js';
import { lockArea } from '../../db/dialect.js';
import {
  cancelMeeting,
  insertMeeting,
  lastStartedMeeting,
  markAgendaPoint,
  setMeetingPlace,
  topicsFor,
  upcomingMeeting,
} from '../../db/meetings.js';
import type { Meeting } from '../../db/schema-meetings.js';
import { argSchema, fail, hasUnresolvedMention } from '../args.js';
import { type AreaContext, defineCommand, UserError } from '../define.js';

const CONFIRM_WORDS = new Set(['确认', 'confirm']);
const CANCEL_WORDS = new Set(['取消', 'cancel']);

type MeetingArgs =
  | { action: 'show' }
  | { action: 'cancel' }
  | { action: 'set'; text: string; confirmed: boolean };

/** Where the agendas go, as the replies say it. */
const AGENDA_ROOMS = '各小区的业委会群和物业群';

/** Tells the groups that got an agenda for this meeting what became of it. */
async function tellAgendaRooms(ctx: AreaContext, meeting: Meeting, text: string, key: string): Promise<void> {
  if (meeting.eveAgendaAt === null) return;
  for (const compound of await compoundsOfArea(ctx.db, ctx.area)) {
    for (const room of await agendaRooms(ctx.db, compound.id)) {
      ctx.post({ conversationId: room, text, dedupeKey: `meeting:${meeting.id}:${key}:${room}` });
    }
  }
}

/** Posts the agendas of a point now, in this command's transaction, and marks the point done. */
async function postAgendasNow(ctx: AreaContext, meeting: Meeting, point: AgendaPoint): Promise<number> {
  const { messages } = await agendaMessages(ctx.db, meeting, ctx.area, point, ctx.now, ctx.tz);
  for (const m of messages) ctx.post(m);
  await markAgendaPoint(ctx.db, meeting.id, point, ctx.now);
  return messages.length;
}

/** The topics waiting for the next meeting, per compound: "幸福小区 2 条、枫林小区 0 条". */
async function topicCounts(ctx: AreaContext): Promise<string> {
  const parts: string[] = [];
  for (const c of await compoundsOfArea(ctx.db, ctx.area)) {
    parts.push(`${c.name} ${(await topicsFor(ctx.db, c.id, null, ctx.now)).length} 条`);
  }
  return parts.length === 0 ? '本社区还没有小区归属。' : `业委会已提的议题: ${parts.join('、')}。`;
}

function agendaPlan(meeting: Meeting, ctx: AreaContext): string {
  if (meeting.eveAgendaAt !== null) return `议程已发到${AGENDA_ROOMS}, 会议开始时再发一次最新议程。`;
  return `议程将于 ${formatMeetingTime(meeting.startsAt - AGENDA_LEAD_MS, ctx.tz, ctx.now)} 和会议开始时发到${AGENDA_ROOMS}。`;
}

async function show(ctx: AreaContext): Promise<string> {
  const next = await upcomingMeeting(ctx.db, ctx.area.id, ctx.now);
  if (next) {
    return [
      `下次四方联席会议: ${meetingWhenWhere(next, ctx.tz, ctx.now)}。`,
      agendaPlan(next, ctx),
      await topicCounts(ctx),
      '改时间: /联席会议 <新时间> [地点] 确认; 取消: /联席会议 取消',
    ].join('\n');
  }
  const last = await lastStartedMeeting(ctx.db, ctx.area.id, ctx.now);
  if (last && ctx.now < last.startsAt + MEETING_LENGTH_MS) {
    return [
      `四方联席会议正在进行: ${meetingWhenWhere(last, ctx.tz, ctx.now)}。`,
      '会上议定的事项请发 /议定 <小区名>#工单号 <决定>。',
    ].join('\n');
  }
  return [
    '还没有安排下次四方联席会议。请发送 /联席会议 <时间> [地点], 例如 /联席会议 2026-12-15 15:00 社区会议室',
    await topicCounts(ctx),
  ].join('\n');
}

async function cancel(ctx: AreaContext): Promise<string> {
  await lockArea(ctx.db, ctx.area.id);
  const next = await upcomingMeeting(ctx.db, ctx.area.id, ctx.now);
  if (!next) throw new UserError('没有待召开的四方联席会议, 不用取消。');
  await cancelMeeting(ctx.db, next.id, ctx.now);
  const when = formatMeetingTime(next.startsAt, ctx.tz, ctx.now);
  await tellAgendaRooms(
    ctx,
    next,
    `原定 ${when} 的四方联席会议已取消, 议程作废; 议题留到下次会议。`,
    'cancel',
  );
  return `已取消 ${when} 的四方联席会议。各小区业委会的议题留到下次会议。`;
}

async function schedule(ctx: AreaContext, text: string, confirmed: boolean): Promise<string> {
  const parsed = parseMeetingTime(text, ctx.now, ctx.tz);
  if (!parsed.ok) throw new UserError(parsed.error);
  const { startsAt, place } = parsed;
  await lockArea(ctx.db, ctx.area.id);
  const current = await upcomingMeeting(ctx.db, ctx.area.id, ctx.now);
  const when = formatMeetingTime(startsAt, ctx.tz, ctx.now);

  if (current && current.startsAt === startsAt) {
    if (place === null || place === current.place) {
      return `${when} 的四方联席会议已经安排好了 (${current.place === null ? '地点待定' : `地点: ${current.place}`})。${agendaPlan(current, ctx)}`;
    }
    await setMeetingPlace(ctx.db, current.id, place);
    await tellAgendaRooms(
      ctx,
      current,
      `${when} 的四方联席会议地点改为: ${place}。`,
      `place:${ctx.messageId}`,
    );
    return `已把 ${when} 的四方联席会议地点改为: ${place}。`;
  }
  if (current && !confirmed) {
    throw new UserError(
      [
        `本社区已安排了四方联席会议: ${meetingWhenWhere(current, ctx.tz, ctx.now)}。一次只安排一场。`,
        `要改到 ${when}, 请发送: /联席会议 ${text} 确认`,
        '要取消原来的会议, 请发送: /联席会议 取消',
      ].join('\n'),
    );
  }
  if (current) {
    await cancelMeeting(ctx.db, current.id, ctx.now);
    await tellAgendaRooms(
      ctx,
      current,
      `原定 ${formatMeetingTime(current.startsAt, ctx.tz, ctx.now)} 的四方联席会议改到 ${when}, 新议程另发。`,
      'moved',
    );
  }
  const meeting = await insertMeeting(
    ctx.db,
    { areaId: ctx.area.id, startsAt, place, createdBy: ctx.speaker.id },
    ctx.now,
  );
  const compounds = await compoundsOfArea(ctx.db, ctx.area);
  const lines = [
    `${current ? '已改期' : '已安排'}四方联席会议: ${meetingWhenWhere(meeting, ctx.tz, ctx.now)}。`,
  ];
  if (current) lines.push(`原定 ${formatMeetingTime(current.startsAt, ctx.tz, ctx.now)} 的会议已取消。`);
  if (startsAt - ctx.now <= AGENDA_LEAD_MS) {
    // Less than a day ahead: the agenda of the day before would never come, so it goes now.
    const sent = await postAgendasNow(ctx, meeting, 'eve');
    lines.push(
      sent > 0
        ? `离开会不到一天, 议程已发到${AGENDA_ROOMS}, 会议开始时再发一次最新议程。`
        : '本社区的小区还没有业委会群或物业群, 议程无处可发。',
    );
  } else {
    lines.push(agendaPlan(meeting, ctx));
  }
  if (compounds.length === 0) lines.push('本社区还没有小区: 请管理员在各小区的群里发送 /归属 <社区名>。');
  lines.push('各小区业委会可在本小区群里发 /议题 <内容> 提出议题。');
  return lines.join('\n');
}

/**
 * `/联席会议 <时间> [地点]` in a community's group (SPEC "Communities and streets"): calls the
 * four-party joint meeting, whose agenda goes to each compound's committee and staff groups one
 * day before and at the start. A community has one upcoming meeting at a time: another time
 * moves it, only with `确认` (a slip of a digit must not silently move a meeting the compounds
 * already got an agenda for); the same time again with a place sets the place. `/联席会议`
 * alone shows the next meeting; `/联席会议 取消` calls it off.
 */
export const meetingCommand = defineCommand({
  name: '联席会议',
  aliases: ['meeting'],
  usage: '/联席会议 <时间> [地点]',
  summary: '安排四方联席会议 (不写时间: 查看下次会议; 取消: /联席会议 取消)',
  examples: ['/联席会议 2026-12-15 15:00 社区会议室', '/联席会议 明天15点', '/联席会议', '/联席会议 取消'],
  who: ['community'],
  scope: 'area',
  args: argSchema<MeetingArgs>((input) => {
    if (input.mentions.length > 0 || hasUnresolvedMention(input.text, input.mentions)) {
      fail('会议时间和地点里不能有 @ 某人。');
    }
    const words = input.text.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) return { action: 'show' };
    if (words.length === 1 && CANCEL_WORDS.has(words[0]?.toLowerCase() ?? '')) return { action: 'cancel' };
    const confirmed = CONFIRM_WORDS.has(words.at(-1)?.toLowerCase() ?? '');
    const rest = confirmed ? words.slice(0, -1) : words;
    if (rest.length === 0) fail('请写上开会的时间, 例如 /联席会议 2026-12-15 15:00 社区会议室 确认');
    return { action: 'set', text: rest.join(' '), confirmed };
  }),
  async run(ctx, args) {
    if (ctx.area.kind !== 'community') {
      throw new UserError('四方联席会议由社区召开: 请在社区群里发送 /联席会议。');
    }
    if (args.action === 'show') return await show(ctx);
    if (args.action === 'cancel') return await cancel(ctx);
    return await schedule(ctx, args.text, args.confirmed);
  },
});

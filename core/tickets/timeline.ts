/**
 * The `/进度 #n` text (SPEC "Tickets and the 5431 rule": every change is an event with actor
 * and time, shown by /进度). Also sent with every escalation, so the community reads the whole
 * story in one message.
 */

import type { DbOrTx } from '../../db/client.js';
import type { GroupKind, Ticket, TicketEvent, TicketEventKind } from '../../db/schema.js';
import { ticketTimelineOf } from '../../db/tickets.js';
import { oneLine } from '../display.js';
import { formatClock, formatDuration } from '../time/index.js';
import { ticketTextFor } from './privacy.js';
import {
  effectiveSolveDueAt,
  pausedSoFarMs,
  responseWindowOf,
  solvedOnTime,
  solveElapsedMs,
  solveWindowOf,
} from './sla.js';
import { actorNames, classLabel, statusText, took } from './wording.js';

/** What each event is called in the timeline. */
export const eventVerbs: Record<TicketEventKind, string> = {
  filed: '报修',
  assigned: '派单',
  taken: '接单',
  arrived: '到场',
  paused: '暂停',
  resumed: '继续',
  resolved: '完成',
  planned: '提交方案',
  reclassified: '改类',
  confirmed: '确认',
  reopened: '退回',
  urged: '催办',
  escalated: '吹哨',
  handed_back: '交回小区',
  decided: '联席会议议定',
  attachment: '附件',
  attachment_refused: '附件未保存',
  reminded: '提醒',
};

/** A timeline longer than this keeps its first and latest lines (reminders can pile up). */
const MAX_EVENT_LINES = 30;
const HEAD_LINES = 3;

function responseLine(t: Ticket, now: number, tz: string): string {
  const window = responseWindowOf(t);
  if (t.respondedAt !== null) {
    const used = t.respondedAt - t.filedAt;
    const verdict = used <= window ? '按时' : `超时 ${took(used - window)}`;
    return `响应: 用时 ${took(used)} / 时限 ${formatDuration(window)}, ${verdict}`;
  }
  if (now > t.responseDueAt) {
    return `响应: 还没有响应, 已超时 ${took(now - t.responseDueAt)} (时限 ${formatDuration(window)}, 应于 ${formatClock(t.responseDueAt, tz, now)} 前)`;
  }
  return `响应: 请于 ${formatClock(t.responseDueAt, tz, now)} 前 (时限 ${formatDuration(window)}, 还剩 ${took(t.responseDueAt - now)})`;
}

function solveLine(t: Ticket, now: number, tz: string): string {
  const label = t.ticketClass === 'complex' ? '方案' : '解决';
  const window = formatDuration(solveWindowOf(t));
  const used = took(solveElapsedMs(t, now));
  const paused = pausedSoFarMs(t, now);
  const pauseNote =
    t.pausedAt !== null
      ? ` · 暂停中 (${formatClock(t.pausedAt, tz, now)} 起${t.pauseReason ? `: ${oneLine(t.pauseReason)}` : ''}, 累计 ${took(paused)})`
      : paused >= 1000
        ? ` · 暂停共 ${took(paused)} (已扣除)`
        : '';
  if (t.resolvedAt !== null) {
    const verdict = solvedOnTime(t) ? '按时' : `超时 ${took(t.resolvedAt - t.solveDueAt)}`;
    return `${label}: 用时 ${used} / 时限 ${window}, ${verdict}${pauseNote}`;
  }
  const due = effectiveSolveDueAt(t, now);
  const state =
    now > due
      ? `已超时 ${took(now - due)} (截止 ${formatClock(due, tz, now)})`
      : `截止 ${formatClock(due, tz, now)} (还剩 ${took(due - now)})`;
  return `${label}: 已用 ${used} / 时限 ${window}, ${state}${pauseNote}`;
}

function eventLine(name: (id: string) => string, t: Ticket, e: TicketEvent, now: number, tz: string): string {
  const when = formatClock(e.at, tz, now);
  const since = e.kind === 'filed' ? '' : ` (+${took(e.at - t.filedAt)})`;
  const note = e.note ? `: ${oneLine(e.note)}` : '';
  return `${when} ${name(e.actorId)} ${eventVerbs[e.kind]}${note}${since}`;
}

/**
 * The `/进度 #N` text: header (#N, category, class, status, reporter, assignee), deadlines with
 * time used vs window, then one line per event (time, who, what, note).
 */
export async function formatTicketTimeline(
  db: DbOrTx,
  ticket: Ticket,
  now: number,
  tz: string,
  /** The kind of group the text is for (phones are shown whole in the staff group only). */
  kind: GroupKind | null,
): Promise<string> {
  const t = ticket;
  // The events come with their actors' names; the reporter, the filer and the assignee not among
  // them are read in one more statement (usually none is needed: they acted on the ticket).
  const timeline = await ticketTimelineOf(db, t.id);
  const events = timeline.events;
  const name = await actorNames(
    db,
    [t.reporterId, t.filedBy, ...(t.assigneeId === null ? [] : [t.assigneeId])],
    timeline.actorNames,
  );
  const reporter =
    t.filedBy === t.reporterId ? name(t.reporterId) : `${name(t.reporterId)} (${name(t.filedBy)} 代报)`;
  const assignee = t.assigneeId === null ? '未接单' : name(t.assigneeId);
  const lines = [
    `#${t.no} ${classLabel(t)} · ${statusText(t)}`,
    `报修: ${reporter} · 负责: ${assignee}`,
    `内容: ${oneLine(ticketTextFor(kind, t.description))}`,
    responseLine(t, now, tz),
    solveLine(t, now, tz),
  ];
  if (t.plan !== null) lines.push(`方案: ${oneLine(t.plan)}`);
  if (t.escalatedAt !== null) {
    lines.push(
      `吹哨: ${formatClock(t.escalatedAt, tz, now)}${t.escalationReason ? ` (${oneLine(t.escalationReason)})` : ''}${t.status === 'closed' ? '' : ', 业委会跟进到结单'}`,
    );
  }
  if (t.reworkCount > 0) lines.push(`返工: ${t.reworkCount} 次`);
  if (t.score !== null) lines.push(`评分: ${t.score}分${t.feedback ? ` ${oneLine(t.feedback)}` : ''}`);
  const files = timeline.attachments;
  if (files > 0) lines.push(`附件: ${files} 个`);

  const shown: string[] = [];
  if (events.length <= MAX_EVENT_LINES) {
    for (const e of events) shown.push(eventLine(name, t, e, now, tz));
  } else {
    for (const e of events.slice(0, HEAD_LINES)) shown.push(eventLine(name, t, e, now, tz));
    shown.push(`…(省略 ${events.length - MAX_EVENT_LINES + 1} 条)`);
    for (const e of events.slice(events.length - (MAX_EVENT_LINES - HEAD_LINES - 1)))
      shown.push(eventLine(name, t, e, now, tz));
  }
  return [...lines, '进展:', ...shown].join('\n');
}

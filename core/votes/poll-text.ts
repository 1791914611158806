/**
 * How a poll is named and its deadline shown, in command replies and in the schedule that
 * closes polls and announces results alike.
 */

import type { Poll } from '../../db/schema-votes.js';
import { oneLine } from '../display.js';
import { formatClock, toZoned } from '../time/index.js';

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** "18:00", "明天 18:00", "11月27日 (周五) 18:00": the weekday helps when a date is days away. */
export function formatDeadline(deadline: number, tz: string, now: number): string {
  const clock = formatClock(deadline, tz, now);
  if (!/月/.test(clock)) return clock;
  const weekday = WEEKDAYS[toZoned(deadline, tz).weekday] ?? '';
  return clock.replace(/日 /, `日 (${weekday}) `);
}

/** True once no more votes are taken: closed, or the deadline has come. */
export function isOver(poll: Pick<Poll, 'closedAt' | 'deadline'>, now: number): boolean {
  return poll.closedAt !== null || now >= poll.deadline;
}

/** "投票 #3「电动车充电桩装在哪里?」" / "表决 #4「更换物业公司」(重大事项)". */
export function pollTitle(poll: Pick<Poll, 'kind' | 'no' | 'question' | 'major'>): string {
  const question = oneLine(poll.question);
  if (poll.kind === 'formal') return `表决 #${poll.no}「${question}」${poll.major ? '(重大事项)' : ''}`;
  return `投票 #${poll.no}「${question}」`;
}

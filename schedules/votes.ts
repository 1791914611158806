/**
 * What the bot posts about polls and formal votes on its own (SPEC "Polls and formal votes",
 * "Reminders"):
 * - one coalesced acknowledgement per poll per tick for the votes cast since the last one
 *   ("已收到 张三、李四等 12 人的投票, #3 共 57 票"; anonymous polls without names);
 * - at the deadline: close, freeze the tally, post the result with its chart;
 * - 24 h and 1 h before the deadline: @mention who has not voted yet, in batches.
 * Each is written with its outbox rows in one transaction and marked in `poll_notices` (and the
 * outbox dedupeKey), so a restart repeats none and a tick after downtime catches up once.
 */

import { withBoardLine } from '../core/board/link.js';
import { displayName } from '../core/display.js';
import { formatDeadline, isOver, pollTitle } from '../core/votes/poll-text.js';
import { renderResultChart, resultText, voteResult } from '../core/votes/result.js';
import type { Tx } from '../db/client.js';
import { enqueue } from '../db/outbox.js';
import { storedName } from '../db/people.js';
import type { Poll } from '../db/schema-votes.js';
import {
  ballotsOf,
  clearAckPending,
  closePoll,
  countNotices,
  eligibleVoters,
  markResultPosted,
  noticeOf,
  pendingAckBallots,
  pollsDueToClose,
  pollsWithPendingAcks,
  recordNotice,
  tallyUnits,
  unclosedPolls,
  voterKeyOf,
} from '../db/votes.js';
import type { ScheduleDefinition } from './runner.js';

/** Names quoted in an acknowledgement before "等 N 人". */
const ACK_NAMES = 3;
/** Mentions per reminder message: a long list of @ is split, never one message per person. */
export const REMINDER_BATCH = 20;
export const reminderPoints = [
  { key: '24h', beforeMs: 24 * 3600_000, label: '24 小时' },
  { key: '1h', beforeMs: 3600_000, label: '1 小时' },
] as const;
/**
 * A reminder point this soon after the announcement is skipped (`截止 1小时` puts the 1 h point
 * at the announcement itself; `截止 18点` typed at 16:55 puts it five minutes later). The
 * announcement is still on everyone's screen then, and @mentioning the people who have not had
 * time to read it is nagging, not reminding. Half an hour is about how long a message stays in
 * view in a busy owners group, and half the shortest lead (1 h): a poll of 1.5 h or more still
 * gets its 1 h reminder.
 */
export const REMINDER_MIN_AFTER_OPENING_MS = 30 * 60_000;

function ackText(poll: Poll, newBallots: number, names: string[], total: number): string {
  const short = poll.kind === 'formal' ? `表决 #${poll.no}` : `#${poll.no}`;
  if (poll.anonymous) return `已收到 ${newBallots} 张新的匿名投票, ${short} 共 ${total} 票。`;
  const quoted = names.slice(0, ACK_NAMES).join('、');
  const who = names.length > ACK_NAMES ? `${quoted}等 ${names.length} 人` : `${quoted} `;
  return `已收到 ${who}的投票, ${short} 共 ${total} ${poll.kind === 'formal' ? '户' : '票'}。`;
}

/** One acknowledgement per poll with ballots cast since the last one. */
export async function acknowledgeVotes(tx: Tx, now: number): Promise<number> {
  let queued = 0;
  for (const poll of await pollsWithPendingAcks(tx)) {
    if (isOver(poll, now)) continue; // the result message counts them
    const pending = await pendingAckBallots(tx, poll.id);
    if (pending.length === 0) continue;
    const names: string[] = [];
    for (const id of new Set(pending.flatMap((b) => (b.personId === null ? [] : [b.personId])))) {
      names.push(displayName(await storedName(tx, id)));
    }
    const total = (await ballotsOf(tx, poll.id)).length;
    const seq = String((await countNotices(tx, poll.id, 'ack')) + 1);
    await recordNotice(
      tx,
      { pollId: poll.id, kind: 'ack', key: seq, outcome: 'sent', count: pending.length },
      now,
    );
    await clearAckPending(tx, poll.id);
    const text = ackText(poll, pending.length, names, total);
    if (
      await enqueue(tx, { conversationId: poll.roomId, text, dedupeKey: `poll-ack:${poll.id}:${seq}` }, now)
    )
      queued++;
  }
  return queued;
}

/** Closes every poll whose deadline has come and posts its result with the chart. */
export async function closeDuePolls(tx: Tx, now: number, tz: string, publicUrl: string): Promise<number> {
  let queued = 0;
  for (const poll of await pollsDueToClose(tx, now)) {
    const result = await voteResult(tx, poll);
    await closePoll(tx, poll, JSON.stringify(result), now);
    const closed: Poll = { ...poll, closedAt: now };
    const text = await withBoardLine(
      tx,
      resultText(closed, result, tz, now),
      { kind: 'compound', id: poll.compoundId },
      publicUrl,
      now,
    );
    const chart = renderResultChart(closed, result, tz);
    await recordNotice(tx, { pollId: poll.id, kind: 'result', key: 'final', outcome: 'sent', count: 0 }, now);
    await markResultPosted(tx, poll.id, now);
    const dedupeKey = `poll-result:${poll.id}`;
    const file = { name: `投票结果-${poll.no}.png`, data: chart };
    if (await enqueue(tx, { conversationId: poll.roomId, text, file, dedupeKey }, now)) queued++;
  }
  return queued;
}

/** The people who may vote and have not (formal: verified owners with a unit not yet voted). */
export async function nonVoters(tx: Tx, poll: Poll): Promise<string[]> {
  const ballots = await ballotsOf(tx, poll.id);
  if (poll.kind === 'formal') {
    const voted = new Set(ballots.map((b) => b.unitId));
    const waiting = (await tallyUnits(tx, poll.compoundId)).filter((u) => !voted.has(u.unitId));
    return [...new Set(waiting.flatMap((u) => u.ownerIds))];
  }
  const keys = new Set(ballots.map((b) => b.voterKey));
  return (await eligibleVoters(tx, poll)).filter((id) => {
    const key = voterKeyOf(poll, id);
    return key !== null && !keys.has(key);
  });
}

/**
 * The 24 h and 1 h reminders. A point that came before the poll opened or within half an hour
 * after, or that a later point has caught up with (the bot was down), is marked skipped: one
 * reminder, the relevant one, never one right after the announcement.
 */
export async function remindNonVoters(tx: Tx, now: number, tz: string): Promise<number> {
  let queued = 0;
  for (const poll of await unclosedPolls(tx)) {
    if (isOver(poll, now)) continue;
    const due = reminderPoints.filter((p) => now >= poll.deadline - p.beforeMs);
    for (const [i, point] of due.entries()) {
      if ((await noticeOf(tx, poll.id, 'reminder', point.key)) !== null) continue;
      const superseded = i < due.length - 1;
      const tooSoon = poll.deadline - point.beforeMs < poll.openedAt + REMINDER_MIN_AFTER_OPENING_MS;
      const waiting = superseded || tooSoon ? [] : await nonVoters(tx, poll);
      await recordNotice(
        tx,
        {
          pollId: poll.id,
          kind: 'reminder',
          key: point.key,
          outcome: waiting.length === 0 ? 'skipped' : 'sent',
          count: waiting.length,
        },
        now,
      );
      const how = poll.kind === 'formal' ? `/投 #${poll.no} 同意 (反对 / 弃权)` : `/投 #${poll.no} 选项号`;
      for (let start = 0; start < waiting.length; start += REMINDER_BATCH) {
        const batch = waiting.slice(start, start + REMINDER_BATCH);
        const text =
          `${pollTitle(poll)} 将于 ${formatDeadline(poll.deadline, tz, now)} 截止 (还有约 ${point.label}), ` +
          `以上 ${batch.length} 位还没投${poll.kind === 'formal' ? '票 (按户)' : ''}: ${how}`;
        const dedupeKey = `poll-remind:${poll.id}:${point.key}:${start / REMINDER_BATCH}`;
        if (await enqueue(tx, { conversationId: poll.roomId, text, mentionIds: batch, dedupeKey }, now))
          queued++;
      }
    }
  }
  return queued;
}

/** Every 3 seconds: close, remind, acknowledge. Each step only reads open polls. */
export const votesSchedule: ScheduleDefinition = {
  name: 'votes',
  every: '*/3 * * * * *',
  async run(tx, now, { tz, publicUrl }) {
    // In turn, not side by side: one transaction runs one statement at a time.
    const closed = await closeDuePolls(tx, now, tz, publicUrl);
    const reminded = await remindNonVoters(tx, now, tz);
    return closed + reminded + (await acknowledgeVotes(tx, now));
  },
};

/**
 * What the poll commands share: deadlines, lookups and labels. How a poll is named and its
 * deadline shown, which the poll schedule needs too, is in core/votes/poll-text.ts.
 */
import { formatDuration, parseDeadline } from '../../core/time/index.js';
import type { DbOrTx } from '../../db/client.js';
import type { Poll } from '../../db/schema-votes.js';
import { pollByNo, recentPollsOf } from '../../db/votes.js';
import { quote } from '../args.js';
import { UserError } from '../define.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A quick poll without `截止` runs 3 days; a formal vote 7 days (owners need time to hear of it). */
export const DEFAULT_POLL_MS = 3 * DAY;
export const DEFAULT_MOTION_MS = 7 * DAY;
/** Past these a deadline is a typo (a year too far), not a plan. */
export const MAX_POLL_MS = 90 * DAY;
export const MAX_MOTION_MS = 180 * DAY;

/**
 * The deadline of a new poll from what was typed after `截止` (or the default), refused with a
 * Chinese sentence when unreadable, not in the future or too far.
 */
export function resolveDeadline(
  typed: string | null,
  ctx: { now: number; tz: string },
  kind: 'quick' | 'formal',
): { deadline: number; defaulted: boolean } {
  const fallback = kind === 'quick' ? DEFAULT_POLL_MS : DEFAULT_MOTION_MS;
  const longest = kind === 'quick' ? MAX_POLL_MS : MAX_MOTION_MS;
  if (typed === null) return { deadline: ctx.now + fallback, defaulted: true };
  const parsed = parseDeadline(typed, ctx.now, ctx.tz);
  if (!parsed.ok) throw new UserError(parsed.error);
  if (parsed.value <= ctx.now)
    throw new UserError(`截止时间「${quote(typed)}」已经过去了, 请写一个以后的时间。`);
  if (parsed.value - ctx.now > longest) {
    throw new UserError(`截止时间太远了: 最长 ${formatDuration(longest)}, 请写近一点的时间。`);
  }
  return { deadline: parsed.value, defaulted: false };
}

/** `#3` of this compound, or a refusal that lists what there is. */
export async function findPoll(db: DbOrTx, compoundId: number, no: number): Promise<Poll> {
  const poll = await pollByNo(db, compoundId, no);
  if (poll) return poll;
  const recent = await recentPollsOf(db, compoundId, 3);
  const hint =
    recent.length > 0
      ? `最近的有: ${recent.map((p) => `#${p.no}`).join('、')}。`
      : '本小区还没有发起过投票。';
  throw new UserError(`没有 #${no} 投票或表决。${hint}`);
}

/** Who may vote, as the announcement says it. */
export function votersLabel(poll: Pick<Poll, 'voters'>): string {
  switch (poll.voters) {
    case 'members':
      return '本群全体成员, 每人一票';
    case 'verified':
      return '已认证的业主, 每人一票';
    case 'units':
      return '已认证的业主, 每户 (每套房) 一票, 同一户的业主谁投都算这一户';
  }
}

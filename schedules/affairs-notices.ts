/**
 * The three-affairs notices (SPEC "Three-affairs notices"): on each compound's schedule (a cron
 * expression per kind in `/设置`, in HGJ_TZ) the monthly notice and the weekly digest go to the
 * owners group as a short text plus one picture of the whole notice.
 *
 * node-cron only ticks; `affair_schedules` holds each compound's next run and the expression it
 * came from. So a restart never repeats a notice (the notice, its outbox rows and the next run
 * are written in one transaction, and the outbox key is unique), a notice that fell due while
 * the bot was down goes out when it is back, and several missed runs make ONE notice that
 * covers all of them. When `/设置` changes an expression the stored next run follows it.
 */
import { gatherNotice, noticeItemIds, noticeSummary } from '../core/affairs/notice-content.js';
import { noticeFileName, renderNoticeImage } from '../core/affairs/notice-image.js';
import { withBoardLine } from '../core/board/link.js';
import { nextCronTime, previousCronTime } from '../core/cron-next.js';
import { MIN_SCHEDULED_POST_GAP_MS } from '../core/schedule-limits.js';
import { compoundSettings, defaultSettings } from '../core/settings/catalog.js';
import { fromZoned, toZoned } from '../core/time/index.js';
import {
  compoundsWithNoticeWork,
  type FirstNoticeSchedule,
  insertNotice,
  latestNotice,
  markItemsPublished,
  noticeSchedulesOf,
  putFirstNoticeSchedules,
  putNoticeSchedule,
} from '../db/affairs.js';
import type { Tx } from '../db/client.js';
import { compoundsOf, ownersRoom } from '../db/compounds.js';
import { enqueue } from '../db/outbox.js';
import type { Compound } from '../db/schema.js';
import { type AffairSchedule, type NoticeKind, noticeKinds } from '../db/schema-affairs.js';
import { compoundsWithSettings } from '../db/settings.js';
import type { ScheduleDefinition } from './runner.js';

export const AFFAIRS_NOTICES = 'affairs-notices';

const cronKeys: Record<NoticeKind, 'cron.notice' | 'cron.weekly'> = {
  monthly: 'cron.notice',
  weekly: 'cron.weekly',
};

/** The outbox key of a notice: one message per compound, kind and period end, ever. */
export function noticeDedupeKey(compoundId: number, kind: NoticeKind, periodTo: number): string {
  return `notice:${compoundId}:${kind}:${periodTo}`;
}

/**
 * Where the first notice of a kind starts when there is no earlier one to continue from: the
 * expression's previous run (last month for the default monthly notice, last week for the
 * weekly one), or a calendar month or week when the expression has none.
 */
function firstPeriodStart(kind: NoticeKind, cron: string, periodTo: number, tz: string): number {
  const previous = previousCronTime(cron, periodTo - 1, tz);
  if (previous !== null) return previous;
  const p = toZoned(periodTo, tz);
  return kind === 'monthly'
    ? fromZoned({ ...p, month: p.month - 1 }, tz)
    : fromZoned({ ...p, day: p.day - 7 }, tz);
}

/**
 * Builds, stores and queues the notice of a compound for the period ending at `periodTo`.
 * Returns the outbox rows queued: 2 (text and picture), or 0 when the compound has no group to
 * post to, the period was covered already, or the last notice of the kind ended less than an
 * hour before.
 */
export async function publishNotice(
  tx: Tx,
  compound: Compound,
  kind: NoticeKind,
  cron: string,
  periodTo: number,
  now: number,
  tz: string,
  publicUrl: string,
): Promise<number> {
  const room = await ownersRoom(tx, compound.id);
  if (room === null) return 0;
  const last = await latestNotice(tx, compound.id, kind);
  // A period never overlaps the one before: it starts where the last notice ended. And it is
  // never shorter than an hour, whatever expression is stored (core/schedule-limits.ts), nor
  // posted within an hour of the last post (a notice caught up late after downtime is followed
  // by the next scheduled one only an hour later): a run that comes sooner posts nothing, and
  // the next notice covers its time.
  if (
    last !== null &&
    (periodTo - last.periodTo < MIN_SCHEDULED_POST_GAP_MS || now - last.createdAt < MIN_SCHEDULED_POST_GAP_MS)
  )
    return 0;
  const periodFrom = last?.periodTo ?? firstPeriodStart(kind, cron, periodTo, tz);
  const content = await gatherNotice(tx, compound, kind, { from: periodFrom, to: periodTo }, tz, now);
  const summary = noticeSummary(content);
  const image = renderNoticeImage(content, tz, now);
  const dedupeKey = noticeDedupeKey(compound.id, kind, periodTo);
  const notice = await insertNotice(tx, {
    compoundId: compound.id,
    kind,
    periodFrom,
    periodTo,
    title: `${content.title} ${content.periodLabel}`,
    summary,
    image,
    roomId: room,
    dedupeKey,
    createdAt: now,
  });
  if (notice === null) return 0;
  if (kind === 'monthly') await markItemsPublished(tx, noticeItemIds(content), notice.id);
  // The link goes with the message, not into the stored summary: a reset changes it.
  const text = await withBoardLine(tx, summary, { kind: 'compound', id: compound.id }, publicUrl, now);
  const queued = await enqueue(
    tx,
    { conversationId: room, text, file: { name: noticeFileName(notice), data: image }, dedupeKey },
    now,
  );
  return queued ? 2 : 0;
}

/** The expressions of the notice kinds for a compound that has not changed them in `/设置`. */
const defaultCrons: Readonly<Record<NoticeKind, string>> = {
  monthly: defaultSettings.noticeCron,
  weekly: defaultSettings.weeklyCron,
};

/**
 * The current expressions of these compounds: those that never changed a schedule use the
 * defaults without reading their settings.
 */
async function currentCrons(
  tx: Tx,
  list: readonly Compound[],
  customized: ReadonlySet<number>,
): Promise<Map<number, Record<NoticeKind, string>>> {
  const out = new Map<number, Record<NoticeKind, string>>();
  for (const c of list) {
    if (!customized.has(c.id)) {
      out.set(c.id, { ...defaultCrons });
      continue;
    }
    const s = await compoundSettings(tx, c.id);
    out.set(c.id, { monthly: s.noticeCron, weekly: s.weeklyCron });
  }
  return out;
}

/**
 * One look at `now` at every compound and notice kind that may need something (the rest are
 * not read):
 * - no stored state (a new compound): the next run from the current expression; a compound
 *   cannot have missed a notice before it existed.
 * - due (`now >= nextRunAt`): one notice for the period up to the latest run of the stored
 *   expression at or before `now` (so a catch-up after downtime covers every missed run at
 *   once), then the next run after `now` from the current expression.
 * - expression changed in `/设置`: the next run is computed again from the new one.
 */
export async function runAffairsNotices(tx: Tx, now: number, tz: string, publicUrl: string): Promise<number> {
  // Only the compounds that may need something are read (db/affairs.ts compoundsWithNoticeWork):
  // those with a kind due, a kind never scheduled, a stored expression not the default, or an
  // expression of their own in /设置 (which may differ from the stored one).
  const customized = await compoundsWithSettings(tx, Object.values(cronKeys));
  const ids = new Set([...(await compoundsWithNoticeWork(tx, now, defaultCrons)), ...customized]);
  if (ids.size === 0) return 0;
  const list = await compoundsOf(tx, [...ids]);
  const crons = await currentCrons(tx, list, customized);
  const states = new Map<string, AffairSchedule>(
    (await noticeSchedulesOf(tx, [...ids])).map((s) => [`${s.compoundId}:${s.kind}`, s]),
  );
  let queued = 0;
  const first: FirstNoticeSchedule[] = [];
  for (const compound of list) {
    for (const kind of noticeKinds) {
      const cron = crons.get(compound.id)?.[kind] ?? defaultCrons[kind];
      const state = states.get(`${compound.id}:${kind}`);
      if (state === undefined) {
        first.push({ compoundId: compound.id, kind, cron, nextRunAt: nextCronTime(cron, now, tz) });
        continue;
      }
      if (state.nextRunAt !== null && state.nextRunAt <= now) {
        const periodTo = previousCronTime(state.cron, now, tz) ?? state.nextRunAt;
        queued += await publishNotice(
          tx,
          compound,
          kind,
          state.cron,
          Math.max(periodTo, state.nextRunAt),
          now,
          tz,
          publicUrl,
        );
        await putNoticeSchedule(
          tx,
          { compoundId: compound.id, kind, cron, nextRunAt: nextCronTime(cron, now, tz), lastRunAt: now },
          now,
        );
      } else if (state.cron !== cron) {
        await putNoticeSchedule(
          tx,
          { compoundId: compound.id, kind, cron, nextRunAt: nextCronTime(cron, now, tz) },
          now,
        );
      }
    }
  }
  await putFirstNoticeSchedules(tx, first, now);
  return queued;
}

/**
 * Ticks every second, so a notice set for 09:00:00 goes out at 09:00:00, not some seconds later,
 * and a changed expression is followed at once. A look when nothing is due costs three small
 * queries that find no rows, whatever the number of compounds.
 */
export const affairsNoticesSchedule: ScheduleDefinition = {
  name: AFFAIRS_NOTICES,
  every: '* * * * * *',
  run: (tx, now, { tz, publicUrl }) => runAffairsNotices(tx, now, tz, publicUrl),
};

/**
 * The monthly ranking of property companies (SPEC "Communities and streets"): on each community's
 * and street's schedule (`/设置 排名 <cron>`, default the 2nd at 09:00 in HGJ_TZ) its group gets
 * last month's ranking of the companies over its compounds (a street's: over all the compounds of
 * its communities), as a short text plus one picture. The ranking is core/areas/ranking.ts, the
 * words core/areas/ranking-text.ts, the queries db/rankings.ts; this file only decides when.
 *
 * node-cron only ticks; `area_schedules` holds each area's next run and the expression it came
 * from. The ranking, its outbox rows and the next run are written in one transaction, and a
 * ranking is stored once per area and month (unique index, and the outbox key
 * `ranking:<area>:<month start>`), so a restart or a second process never posts it twice; a run
 * missed while the bot was down posts, once, when it is back (the month before the latest run
 * missed: several missed months make one post, of the latest). An expression that fires more
 * than once a month posts the month once. When `/设置 排名` changes the expression, the next run
 * follows it.
 */

import { gatherRanking } from '../core/areas/gather-ranking.js';
import { rankingFileName, renderRankingImage } from '../core/areas/ranking-image.js';
import { rankingSummary } from '../core/areas/ranking-text.js';
import { withBoardLine } from '../core/board/link.js';
import { nextCronTime, previousCronTime } from '../core/cron-next.js';
import { areaSettings, DEFAULT_RANKING_CRON } from '../core/settings/area-catalog.js';
import { monthRange } from '../core/tickets/stats.js';
import { areasWithSettings } from '../db/area-settings.js';
import { areaRoom, compoundsOfArea } from '../db/areas.js';
import type { Tx } from '../db/client.js';
import { enqueue } from '../db/outbox.js';
import { areaScheduleStates, insertRankingPost, putAreaSchedule } from '../db/rankings.js';
import { type Area, areas } from '../db/schema.js';
import type { ScheduleDefinition } from './runner.js';

export const COMPANY_RANKING = 'company-ranking';

/** The outbox key of a ranking: one message per area and month, ever. */
export function rankingDedupeKey(areaId: number, periodFrom: number): string {
  return `ranking:${areaId}:${periodFrom}`;
}

/**
 * Builds, stores and queues the ranking of an area for the calendar month before `runAt`.
 * Returns the outbox rows queued: 2 (text and picture), or 0 when the area has no group, no
 * compounds, or that month was posted already.
 */
export async function publishRanking(
  tx: Tx,
  area: Area,
  runAt: number,
  now: number,
  tz: string,
  publicUrl: string,
): Promise<number> {
  const room = await areaRoom(tx, area.id);
  if (room === null) return 0;
  const compounds = await compoundsOfArea(tx, area);
  if (compounds.length === 0) return 0;
  const period = monthRange(runAt, tz, '上月');
  const { stars } = await areaSettings(tx, area);
  const ranking = await gatherRanking(tx, compounds, period, now, stars);
  const heading = { areaName: area.name, label: period.label };
  const summary = rankingSummary(ranking, heading, '完整排名见图。发送 /排名 上月 可随时再看。');
  const image = renderRankingImage(ranking, { ...heading, compounds: compounds.length }, tz, now);
  const dedupeKey = rankingDedupeKey(area.id, period.from);
  const post = await insertRankingPost(tx, {
    areaId: area.id,
    periodFrom: period.from,
    periodTo: period.to,
    label: period.label,
    result: JSON.stringify(ranking),
    summary,
    image,
    roomId: room,
    dedupeKey,
    createdAt: now,
  });
  if (post === null) return 0;
  const queued = await enqueue(
    tx,
    {
      conversationId: room,
      text: await withBoardLine(tx, summary, { kind: 'area', id: area.id }, publicUrl, now),
      file: { name: rankingFileName(period.label), data: image },
      dedupeKey,
    },
    now,
  );
  return queued ? 2 : 0;
}

/**
 * One look at every community and street at `now`:
 * - no stored state (a new area): the next run from its expression; an area cannot have missed a
 *   ranking before it existed.
 * - due (`now >= nextRunAt`): the ranking of the month before the latest run of the stored
 *   expression at or before `now`, then the next run after `now` from the current expression.
 * - expression changed in `/设置`: the next run is computed again from the new one.
 */
export async function runCompanyRanking(tx: Tx, now: number, tz: string, publicUrl: string): Promise<number> {
  const all = await tx.select().from(areas).all();
  // Areas that never changed the schedule use the default without reading their settings.
  const customized = await areasWithSettings(tx, ['cron.ranking']);
  const states = new Map((await areaScheduleStates(tx, COMPANY_RANKING)).map((s) => [s.areaId, s]));
  let queued = 0;
  for (const area of all) {
    const cron = customized.has(area.id) ? (await areaSettings(tx, area)).rankingCron : DEFAULT_RANKING_CRON;
    const state = states.get(area.id);
    const base = { name: COMPANY_RANKING, areaId: area.id, cron };
    if (state === undefined) {
      await putAreaSchedule(tx, { ...base, nextRunAt: nextCronTime(cron, now, tz) }, now);
      continue;
    }
    if (state.nextRunAt !== null && state.nextRunAt <= now) {
      const latest = previousCronTime(state.cron, now, tz) ?? state.nextRunAt;
      queued += await publishRanking(tx, area, Math.max(latest, state.nextRunAt), now, tz, publicUrl);
      await putAreaSchedule(tx, { ...base, nextRunAt: nextCronTime(cron, now, tz), lastRunAt: now }, now);
    } else if (state.cron !== cron) {
      await putAreaSchedule(tx, { ...base, nextRunAt: nextCronTime(cron, now, tz) }, now);
    }
  }
  return queued;
}

/**
 * Ticks every minute, on the minute: a look costs three small queries whatever the number of
 * areas, and a ranking set for 09:00 goes out at 09:00.
 */
export const companyRankingSchedule: ScheduleDefinition = {
  name: COMPANY_RANKING,
  every: '0 * * * * *',
  run: (tx, now, { tz, publicUrl }) => runCompanyRanking(tx, now, tz, publicUrl),
};

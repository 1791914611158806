import { describe, expect, it } from 'vitest';
import { demoOwnersRoom } from '../../bot/sandbox/demo-compound.js';
import { areaByName } from '../../db/areas.js';
import { boardTokenOf } from '../../db/board.js';
import { latestRankingPost } from '../../db/rankings.js';
import { areaSchedules } from '../../db/schema-rankings.js';
import { runAffairsNotices } from '../../schedules/affairs-notices.js';
import { companyRankingSchedule } from '../../schedules/company-ranking.js';
import { createScheduleRunner } from '../../schedules/runner.js';
import {
  AREA_ADMIN,
  areaName,
  areaPeople,
  communityRoom,
  fenglin,
  seedStreet,
  streetRoom,
} from '../support/areas.js';
import { type CommandHarness, createCommandHarness, type Reply } from '../support/command-harness.js';
import { seedNovember } from '../support/ranking.js';
import { local } from './fixtures.js';

const silent = { info() {}, error() {} };
const BOARD_URL = 'http://board.test';

/**
 * One start of the bot's schedule runner with only the ranking, at the harness's clock, and its
 * stop: what a restart does (catch-up run at start). Returns the outbox rows it queued.
 */
async function startAndStop(h: CommandHarness): Promise<Reply[]> {
  const before = await h.lastOutboxId();
  const t = h.now;
  const runner = createScheduleRunner({
    db: h.handle.db,
    schedules: [companyRankingSchedule],
    tz: h.tz,
    now: () => t,
    log: silent,
    onQueued() {},
    publicUrl: () => BOARD_URL,
  });
  await runner.start();
  await runner.stop();
  return h.outboxSince(before);
}

async function street(): Promise<CommandHarness> {
  const h = await createCommandHarness({ admins: [AREA_ADMIN] });
  await seedStreet(h);
  await seedNovember(h);
  // The bot runs on 23 November: the areas' first runs are set (nothing missed before they existed).
  expect(await startAndStop(h)).toEqual([]);
  return h;
}

const NOVEMBER_COMMUNITY = [
  '【文苑社区 物业公司排名】2026年11月',
  '1. 万家物业 ★★★★★ 100.0 分',
  '2. 铁龙物业 ★☆☆☆☆ 48.0 分 [黑榜]',
  '黑榜 (低于 50 分): 铁龙物业',
  '完整排名见图。发送 /排名 上月 可随时再看。',
].join('\n');

/** The November text of 文苑社区 as posted: it ends with the link of the community's board page. */
async function novemberCommunity(h: CommandHarness): Promise<string> {
  const community = await areaByName(h.handle.db, 'community', '文苑社区');
  if (community === null) throw new Error('文苑社区 not seeded');
  const token = await boardTokenOf(h.handle.db, { kind: 'area', id: community.id }, h.now);
  return `${NOVEMBER_COMMUNITY}\n公示页: ${BOARD_URL}/b/${token}`;
}

describe('the monthly company ranking', () => {
  it('GIVEN 2 December 09:00 THEN the community and the street group each get November once, and a restart at the same moment sends nothing more', async () => {
    const h = await street();
    h.setNow(local('2026-12-02 09:00'));
    const first = await startAndStop(h);
    const inRoom = (room: string) =>
      first.filter((r) => r.conversationId === room).map((r) => r.text ?? r.file?.name);
    expect(first).toHaveLength(4);
    expect(inRoom(communityRoom.id)).toEqual([await novemberCommunity(h), '物业公司排名-2026年11月.png']);
    expect(inRoom(streetRoom.id)[0]?.split('\n')[0]).toBe('【马栏街道 物业公司排名】2026年11月');
    expect(inRoom(streetRoom.id)[1]).toBe('物业公司排名-2026年11月.png');
    expect(first.every((r) => r.mentionIds.length === 0)).toBe(true);
    // The restart: the same moment, a new runner.
    expect(await startAndStop(h)).toEqual([]);
    h.setNow(local('2026-12-02 09:01'));
    expect(await startAndStop(h)).toEqual([]);
    // Even a run that finds the month still due (a second process that read the schedule before
    // this one wrote it) posts nothing: the month is stored once, its outbox key is unique.
    await h.handle.db
      .update(areaSchedules)
      .set({ nextRunAt: local('2026-12-02 09:00') })
      .run();
    expect(await startAndStop(h)).toEqual([]);
  });

  it('GIVEN the bot down over the 2nd THEN November goes out once when it is back, and December on 2 January', async () => {
    const h = await street();
    h.setNow(local('2026-12-05 10:00'));
    const back = await startAndStop(h);
    expect(back).toHaveLength(4);
    const text = back.find((r) => r.conversationId === communityRoom.id && r.text !== null);
    expect(text?.text).toBe(await novemberCommunity(h));
    expect(text?.dedupeKey).toMatch(/^ranking:\d+:\d+$/);
    expect(await startAndStop(h)).toEqual([]);
    h.setNow(local('2027-01-02 09:00'));
    const january = await startAndStop(h);
    expect(
      january
        .filter((r) => r.text !== null)
        .map((r) => r.text?.split('\n')[0])
        .sort(),
    ).toEqual(['【文苑社区 物业公司排名】2026年12月', '【马栏街道 物业公司排名】2026年12月'].sort());
  });

  it('GIVEN /设置 排名 0 9 3 * * in the community group THEN the community posts on the 3rd, the street still on the 2nd', async () => {
    const h = await street();
    await h.say(areaPeople.secretary.id, '/设置 排名 0 9 3 * *', {
      room: communityRoom,
      name: areaName(areaPeople.secretary.id),
    });
    // The first tick after the change moves the community's next run.
    expect(await startAndStop(h)).toEqual([]);
    h.setNow(local('2026-12-02 09:00'));
    expect((await startAndStop(h)).map((r) => r.conversationId)).toEqual([streetRoom.id, streetRoom.id]);
    h.setNow(local('2026-12-03 09:00'));
    const third = await startAndStop(h);
    expect(third.map((r) => r.conversationId)).toEqual([communityRoom.id, communityRoom.id]);
    expect(third[0]?.text).toBe(await novemberCommunity(h));
  });

  it('GIVEN an area without a group THEN nothing is posted for it, and what was posted is stored once', async () => {
    const h = await street();
    await h.say(AREA_ADMIN, '/归属 青山社区', { room: fenglin.owners, name: areaName(AREA_ADMIN) });
    expect(await startAndStop(h)).toEqual([]);
    h.setNow(local('2026-12-02 09:00'));
    const posted = await startAndStop(h);
    expect(new Set(posted.map((r) => r.conversationId))).toEqual(new Set([communityRoom.id, streetRoom.id]));
    const community = await areaByName(h.handle.db, 'community', '文苑社区');
    const post = community ? await latestRankingPost(h.handle.db, community.id) : null;
    expect(post?.label).toBe('2026年11月');
    // The stored summary has no link (a reset changes it); the message ends with it.
    const token = community ? await boardTokenOf(h.handle.db, { kind: 'area', id: community.id }, h.now) : '';
    expect(posted.find((r) => r.conversationId === communityRoom.id)?.text).toBe(
      `${post?.summary}\n公示页: ${BOARD_URL}/b/${token}`,
    );
    // Without 枫林小区 (now in 青山社区) the community ranks 铁龙物业 alone.
    expect(post?.summary.split('\n')[1]).toBe('1. 铁龙物业 ★☆☆☆☆ 48.0 分 [黑榜]');
  });
});

describe("a compound's own line in its next three-affairs notice", () => {
  const notices = (h: CommandHarness) =>
    h.handle.db.transaction((tx) => runAffairsNotices(tx, h.now, h.tz, h.publicUrl));

  it('GIVEN the ranking posted on 2 December THEN the notice of 1 January carries the line of its company, the one of 1 February the next ranking only', async () => {
    const h = await street();
    await notices(h);
    h.setNow(local('2026-12-01 09:00'));
    const before = await h.lastOutboxId();
    await notices(h);
    const december = (await h.outboxSince(before)).find((r) => r.conversationId === demoOwnersRoom.id);
    expect(december?.text).toContain('阳光花园 三务公开】');
    expect(december?.text).not.toContain('物业公司排名');

    h.setNow(local('2026-12-02 09:00'));
    await startAndStop(h);
    h.setNow(local('2027-01-01 09:00'));
    const mark = await h.lastOutboxId();
    await notices(h);
    const january = await h.outboxSince(mark);
    const line = (room: string) =>
      january
        .find((r) => r.conversationId === room && r.text !== null)
        ?.text?.split('\n')
        .find((l) => l.startsWith('物业公司排名'));
    expect(line(demoOwnersRoom.id)).toBe(
      '物业公司排名 (文苑社区 2026年11月): 铁龙物业 ★☆☆☆☆ 1星, 48.0 分, 第 2 名 (共 2 家), 列入黑榜',
    );
    expect(line(fenglin.owners.id)).toBe(
      '物业公司排名 (文苑社区 2026年11月): 万家物业 ★★★★★ 5星, 100.0 分, 第 1 名 (共 2 家)',
    );

    h.setNow(local('2027-01-02 09:00'));
    await startAndStop(h);
    h.setNow(local('2027-02-01 09:00'));
    const feb = await h.lastOutboxId();
    await notices(h);
    const february = (await h.outboxSince(feb)).find((r) => r.conversationId === demoOwnersRoom.id && r.text);
    expect(february?.text).not.toContain('2026年11月)');
    expect(february?.text).toContain(
      '物业公司排名 (文苑社区 2026年12月): 铁龙物业 可评工单 0 件, 不足 5 件, 本期不评星',
    );
  });
});

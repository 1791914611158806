/**
 * What the board pages show (SPEC "The desk"): the compound's notices with their pictures, its
 * ledger as a chart, its closed polls; the community's compounds side by side, its ranking and its
 * escalated tickets. Over HTTP from the web side on a free port, on the harness's store and clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { demoOwnersRoom } from '../../../bot/sandbox/demo-compound.js';
import { runAffairsNotices } from '../../../schedules/affairs-notices.js';
import { runCompanyRanking } from '../../../schedules/company-ranking.js';
import { closeDuePolls } from '../../../schedules/votes.js';
import { BoardPortError, type BoardServer, startBoardServer } from '../../../web/server.js';
import { local } from '../../schedules/fixtures.js';
import {
  AREA_ADMIN,
  areaName,
  areaPeople,
  communityRoom,
  seedStreet,
  streetRoom,
} from '../../support/areas.js';
import { type CommandHarness, createCommandHarness } from '../../support/command-harness.js';
import { seedNovember } from '../../support/ranking.js';

const ZHAO = 'wxid_zhao_weiyuan';
const ZHANGSAN = 'wxid_zhangsan';
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
const silent = { info() {}, error() {} };
let server: BoardServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

async function serve(h: CommandHarness): Promise<BoardServer> {
  server = await startBoardServer({
    db: h.handle.db,
    tz: h.tz,
    now: () => h.now,
    log: silent,
    port: 0,
    host: '127.0.0.1',
    publicUrl: null,
  });
  return server;
}

/** The page behind the link in a `/公示页` answer, fetched from the test's server. */
async function open(s: BoardServer, answer: string): Promise<{ path: string; html: string }> {
  const link = /公示页: (\S+)/.exec(answer)?.[1];
  if (link === undefined) throw new Error(`no link in ${answer}`);
  const path = new URL(link).pathname;
  const res = await fetch(`http://127.0.0.1:${s.port}${path}`);
  expect(res.status).toBe(200);
  return { path, html: await res.text() };
}

describe('the board page of a compound', () => {
  it('GIVEN a notice, ledger lines and a closed poll THEN the page shows them, the picture with cache headers, every text escaped', async () => {
    const h = await createCommandHarness({ now: local('2026-11-20 10:00') });
    const s = await serve(h);
    await h.reply(ZHAO, '/收支 收入 1200 公共收益 停车费');
    h.advance(3_600_000);
    await h.reply(ZHAO, '/收支 支出 300.5 公共收益 <script>alert(1)</script>修门禁');
    await h.reply(ZHAO, '/收支 收入 5000 维修资金 维修资金续筹');
    await h.reply(ZHAO, '/投票 充电桩装在哪里? | 东门 | 北门 截止 11月21日');
    await h.say(ZHANGSAN, '/投 #1 2');
    h.setNow(local('2026-11-22 10:00'));
    await h.handle.db.transaction((tx) => closeDuePolls(tx, h.now, h.tz, h.publicUrl));
    await h.handle.db.transaction((tx) => runAffairsNotices(tx, h.now, h.tz, h.publicUrl));
    h.setNow(local('2026-12-01 09:00'));
    await h.handle.db.transaction((tx) => runAffairsNotices(tx, h.now, h.tz, h.publicUrl));

    const { path, html } = await open(s, await h.reply(ZHANGSAN, '/公示页'));
    expect(html).toContain('<h3>阳光花园 三务公开 2026年11月</h3>');
    expect(html).toContain('<h3>公共收益 余额 ¥899.50</h3>');
    expect(html).toContain('<h3>维修资金 余额 ¥5,000.00</h3>');
    expect(html).toMatch(
      /<svg viewBox="0 0 320 120" role="img" aria-label="公共收益余额变化, 从 2026-11-20 到 2026-11-20, 现为 ¥899.50">/,
    );
    expect(html).toContain('<path d="M4,10H316V33" fill="none"');
    expect(html).toContain('<path d="M4,10H316" fill="none"');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;修门禁');
    expect(html).not.toContain('<script>');
    expect(html).toContain('<h3>投票 #1「充电桩装在哪里?」 最终结果</h3>');
    expect(html).toContain('2. 北门: 1 票 (100%)');
    expect(html).toContain('共 1 人投票, 已截止。');
    expect(html).not.toContain('张三');

    const image = /<img src="(notice\/\d+\.png)"/.exec(html)?.[1];
    const res = await fetch(`http://127.0.0.1:${s.port}${path}/${image}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('cache-control')).toBe('private, max-age=2592000, immutable');
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 4)).toEqual(PNG);
    const again = await fetch(`http://127.0.0.1:${s.port}${path}/${image}`, {
      headers: { 'If-None-Match': res.headers.get('etag') ?? '' },
    });
    expect(again.status).toBe(304);
  });

  it("GIVEN another compound's token THEN its notice pictures are not found under it", async () => {
    const h = await createCommandHarness({ now: local('2026-12-01 09:00'), admins: [AREA_ADMIN] });
    await seedStreet(h);
    const s = await serve(h);
    await h.handle.db.transaction((tx) => runAffairsNotices(tx, h.now, h.tz, h.publicUrl));
    const community = await open(
      s,
      await h.reply(areaPeople.gridHead.id, '/公示页', {
        room: communityRoom,
        name: areaName(areaPeople.gridHead.id),
      }),
    );
    const res = await fetch(`http://127.0.0.1:${s.port}${community.path}/notice/1.png`);
    expect(res.status).toBe(404);
  });
});

describe('the board page of a community', () => {
  it('GIVEN the November ranking posted and tickets escalated THEN the page shows the compounds side by side, the ranking and the escalated tickets', async () => {
    const h = await createCommandHarness({ admins: [AREA_ADMIN] });
    await seedStreet(h);
    await seedNovember(h);
    await h.handle.db.transaction((tx) => runCompanyRanking(tx, h.now, h.tz, h.publicUrl));
    h.setNow(local('2026-12-02 09:00'));
    await h.handle.db.transaction((tx) => runCompanyRanking(tx, h.now, h.tz, h.publicUrl));
    const s = await serve(h);
    const answer = await h.reply(areaPeople.gridHead.id, '/公示页', {
      room: communityRoom,
      name: areaName(areaPeople.gridHead.id),
    });
    expect(answer).toMatch(/^「文苑社区」的公示页: http:\/\/board\.test\/b\/[A-Za-z0-9_-]{22}\n/);
    const { html } = await open(s, answer);
    expect(html).toContain('<title>文苑社区 公示页</title>');
    expect(html).toContain('<h2>各小区 2026年12月</h2>');
    for (const name of ['枫林小区', '幸福小区', '阳光花园']) expect(html).toContain(`<tr><td>${name}</td>`);
    expect(html).toContain('<h2>物业公司排名 2026年11月</h2>');
    expect(html).toMatch(/<td>1\. 万家物业<br><span class="m">★★★★★<\/span><\/td><td>100\.0 分<\/td>/);
    expect(html).toContain('2. 铁龙物业 <span class="tag late">黑榜</span>');
    expect(html.match(/<b>幸福小区#\d+<\/b>/g)).toHaveLength(3);
    expect(html).toContain('<h2>吹哨工单</h2>');
  });

  it("GIVEN the street's group THEN its page puts each community with its total, then its compounds", async () => {
    const h = await createCommandHarness({ admins: [AREA_ADMIN] });
    await seedStreet(h);
    await seedNovember(h);
    const s = await serve(h);
    const officer = areaPeople.streetOfficer.id;
    const { html } = await open(
      s,
      await h.reply(officer, '/公示页', { room: streetRoom, name: areaName(officer) }),
    );
    expect(html).toContain('<title>马栏街道 公示页</title>');
    expect(html).toContain('<p>街道 · 各小区工单 · 物业排名');
    expect(html).toMatch(
      /<h3>文苑社区<\/h3><div class="t"><table>.*<tr><td>枫林小区<\/td>.*<tr><td><b>合计<\/b><\/td>/,
    );
    expect(html).toContain('还没有发布过排名。');
  });

  it('GIVEN /公示页 重置 by a grid head in the community group THEN it is refused; by the admin THEN the link changes', async () => {
    const h = await createCommandHarness({ admins: [AREA_ADMIN] });
    await seedStreet(h);
    const as = (id: string) => ({ room: communityRoom, name: areaName(id) });
    const first = await h.reply(areaPeople.gridHead.id, '/board', as(areaPeople.gridHead.id));
    expect(await h.reply(areaPeople.gridHead.id, '/公示页 重置', as(areaPeople.gridHead.id))).toBe(
      '只有管理员可以重置公示页链接。发送 /公示页 查看现在的链接。',
    );
    const reset = await h.reply(AREA_ADMIN, '/board reset', as(AREA_ADMIN));
    expect(reset).toMatch(
      /^「文苑社区」的公示页链接已重置, 旧链接立即失效。\n新的公示页: http:\/\/board\.test\/b\/[A-Za-z0-9_-]{22}$/,
    );
    expect(reset.split('/b/')[1]).not.toBe(first.split('/b/')[1]?.split('\n')[0]);
    expect(await h.reply(AREA_ADMIN, '/公示页 换掉', as(AREA_ADMIN))).toBe(
      '只能发送 /公示页 查看链接, 或 /公示页 重置 换一个新链接。\n用法: /公示页 [重置]',
    );
  });

  it('GIVEN /公示页 in the owners group THEN the answer is the compound link, the same each time', async () => {
    const h = await createCommandHarness();
    const first = await h.reply(ZHANGSAN, '/公示页', { room: demoOwnersRoom });
    expect(first).toMatch(
      /^「阳光花园」的公示页: http:\/\/board\.test\/b\/[A-Za-z0-9_-]{22}\n公示页只读, 不含电话和报修人姓名; 群里任何人都能打开。$/,
    );
    expect(await h.reply(ZHANGSAN, '/board')).toBe(first);
  });
});

describe('the port of the board pages', () => {
  it('GIVEN HGJ_HTTP_PORT taken by another program THEN the start fails with one Chinese line naming it', async () => {
    const h = await createCommandHarness();
    const taken = await serve(h);
    const second = startBoardServer({
      db: h.handle.db,
      tz: h.tz,
      now: () => h.now,
      log: silent,
      port: taken.port,
      host: '127.0.0.1',
      publicUrl: null,
    });
    await expect(second).rejects.toBeInstanceOf(BoardPortError);
    await expect(second).rejects.toThrow(
      `公示页端口 ${taken.port} 已被占用 (HGJ_HTTP_PORT; the board pages' port: EADDRINUSE)`,
    );
  });
});

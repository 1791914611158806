/**
 * The board pages in a real headless browser (issue 18): Debian's chromium, installed by
 * scripts/ensure-chromium.sh, driven by playwright-core (which never downloads a browser).
 * Screenshots at 360 px and 1280 px go to test-artifacts/ (gitignored). Run by
 * `npm run test:browser`.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { eq } from 'drizzle-orm';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoOwnersRoom } from '../../bot/sandbox/demo-compound.js';
import { tickets } from '../../db/schema.js';
import { ticketByNo } from '../../db/tickets.js';
import { runCompanyRanking } from '../../schedules/company-ranking.js';
import { type BoardServer, startBoardServer } from '../../web/server.js';
import { local } from '../schedules/fixtures.js';
import { AREA_ADMIN, areaName, areaPeople, communityRoom, seedStreet } from '../support/areas.js';
import { createCommandHarness } from '../support/command-harness.js';
import { type MockBot, startMockBot } from '../support/mock-bot.js';
import { seedNovember } from '../support/ranking.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const ARTIFACTS = join(process.cwd(), 'test-artifacts');
const OWNERS = demoOwnersRoom.id;
const ZHANGSAN = 'wxid_zhangsan';
const ADMIN = 'wxid_admin_liu';
const HOUR = 3_600_000;

let browser: Browser;
let bot: MockBot | null = null;
let server: BoardServer | null = null;

/**
 * A fontconfig that adds the Noto Sans SC faces the project ships for its pictures (an npm
 * package, core/render/fonts.ts) to the system's fonts: a test machine without any Chinese font
 * then shows the pages' Chinese as members' phones do, not as boxes. The page itself names a
 * font stack and loads no font.
 */
function fontconfigWithNotoSansSc(): string {
  const require = createRequire(import.meta.url);
  const faces = ['400Regular/NotoSansSC_400Regular.ttf', '700Bold/NotoSansSC_700Bold.ttf'].map((f) =>
    dirname(require.resolve(`@expo-google-fonts/noto-sans-sc/${f}`)),
  );
  const dir = mkdtempSync(join(tmpdir(), 'hgj-fonts-'));
  const file = join(dir, 'fonts.conf');
  writeFileSync(
    file,
    `<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include>${faces.map((d) => `<dir>${d}</dir>`).join('')}<cachedir>${join(dir, 'cache')}</cachedir></fontconfig>`,
  );
  return file;
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: FLAGS,
    env: { ...process.env, FONTCONFIG_FILE: fontconfigWithNotoSansSc() },
  });
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  await bot?.stop();
  bot = null;
  await server?.close();
  server = null;
});

/** The text as the browser lays it out (what a member reads), not the raw text nodes. */
// biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator, not a DOM node
const shown = (l: Locator) => l.innerText();

const has = (s: string) => (m: { text?: string }) => m.text?.includes(s) ?? false;
const linkIn = (text: string | undefined) => /公示页: (\S+)/.exec(text ?? '')?.[1] ?? '';

/** Opens a page at a width, as a phone or a desktop would, and saves its screenshot. */
async function view(url: string, width: number, shot: string | null): Promise<Page> {
  const page = await browser.newPage({
    viewport: { width, height: width === 360 ? 740 : 900 },
    deviceScaleFactor: 1,
    javaScriptEnabled: false,
  });
  const res = await page.goto(url);
  expect(res).not.toBeNull();
  if (shot !== null) await page.screenshot({ path: join(ARTIFACTS, shot), fullPage: true });
  return page;
}

/** Nothing wider than the screen: the body does not scroll sideways (tables scroll in their box). */
async function fitsWidth(page: Page, width: number): Promise<void> {
  // Strings, not functions: they run in the page, and this project's TypeScript has no DOM types.
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
}

describe('the board pages in chromium', () => {
  it('GIVEN a ticket filed in the chat, then overdue, then the link reset THEN the browser shows it marked, nothing personal, and the old link is the 404 page', async () => {
    const t = await startMockBot();
    bot = t;
    t.world.say(ZHANGSAN, OWNERS, '/报修 3号楼楼道灯不亮, 张三 电话 138 1234 5678');
    await t.waitFor(OWNERS, has('已受理 #1'));
    t.world.say(ZHANGSAN, OWNERS, '/报修 5号楼门口垃圾没人清');
    await t.waitFor(OWNERS, has('已受理 #2'));
    const filed = await ticketByNo(t.handle.db, t.compoundId, 1);
    if (filed === null) throw new Error('#1 not stored');
    await t.handle.db
      .update(tickets)
      .set({
        filedAt: filed.filedAt - 2 * HOUR,
        responseDueAt: filed.responseDueAt - 2 * HOUR,
        solveDueAt: filed.solveDueAt - 2 * HOUR,
      })
      .where(eq(tickets.id, filed.id))
      .run();
    t.mark();
    t.world.say(ZHANGSAN, OWNERS, '/公示页');
    const link = linkIn((await t.waitFor(OWNERS, has('公示页:'))).text);

    for (const width of [360, 1280]) {
      const page = await view(link, width, `board-compound-${width}.png`);
      const text = await shown(page.locator('body'));
      expect(text).toContain('阳光花园 公示页');
      expect(text).toContain('#1 3号楼楼道灯不亮, 住户 电话 (电话已隐去)');
      expect(text).toContain('#2 5号楼门口垃圾没人清');
      expect(await shown(page.locator('li', { hasText: '#1 3号楼' }).locator('.tag.late'))).toMatch(
        /^超时 \d小时\d+分钟$/,
      );
      expect(await page.locator('li', { hasText: '#2 5号楼' }).locator('.tag.late').count()).toBe(0);
      for (const personal of ['张三', '5678', '138']) expect(text).not.toContain(personal);
      const font = await page.evaluate<string>('getComputedStyle(document.body).fontFamily');
      expect(font).toContain('PingFang SC');
      expect(font).toContain('Noto Sans CJK SC');
      await fitsWidth(page, width);
      await page.close();
    }

    t.mark();
    t.world.say(ADMIN, OWNERS, '/公示页 重置');
    const fresh = linkIn((await t.waitFor(OWNERS, has('已重置'))).text);
    const gone = await view(link, 360, 'board-404-360.png');
    expect(await shown(gone.locator('body'))).toContain('找不到这个公示页');
    await gone.close();
    const again = await view(fresh, 360, null);
    expect(await shown(again.locator('body'))).toContain('#1 3号楼楼道灯不亮');
    await again.close();
  });

  it('GIVEN a community with a ranking and escalated tickets THEN its page fits a phone and a desktop', async () => {
    const h = await createCommandHarness({ admins: [AREA_ADMIN] });
    await seedStreet(h);
    await seedNovember(h);
    await h.handle.db.transaction((tx) => runCompanyRanking(tx, h.now, h.tz, h.publicUrl));
    h.setNow(local('2026-12-02 09:00'));
    await h.handle.db.transaction((tx) => runCompanyRanking(tx, h.now, h.tz, h.publicUrl));
    server = await startBoardServer({
      db: h.handle.db,
      tz: h.tz,
      now: () => h.now,
      log: { info() {}, error() {} },
      port: 0,
      host: '127.0.0.1',
      publicUrl: null,
    });
    const answer = await h.reply(areaPeople.gridHead.id, '/公示页', {
      room: communityRoom,
      name: areaName(areaPeople.gridHead.id),
    });
    const url = `http://127.0.0.1:${server.port}${new URL(linkIn(answer)).pathname}`;
    for (const width of [360, 1280]) {
      const page = await view(url, width, `board-community-${width}.png`);
      const text = await shown(page.locator('body'));
      expect(text).toContain('文苑社区 公示页');
      expect(text).toContain('物业公司排名 2026年11月');
      expect(text).toContain('万家物业');
      expect(await page.locator('b', { hasText: /^幸福小区#\d+$/ }).count()).toBe(3);
      await fitsWidth(page, width);
      await page.close();
    }
  });
});

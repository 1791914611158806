/**
 * The board pages (SPEC "The desk", issue 18) over HTTP from the running bot: the link comes from
 * `/公示页` in the group, the page from the bot's own port (a free one per test, HGJ_HTTP_PORT=0).
 */
import { connect } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { demoOwnersRoom } from '../../bot/sandbox/demo-compound.js';
import { addLedgerLine } from '../../db/affairs.js';
import { tickets } from '../../db/schema.js';
import { insertTicket, ticketByNo } from '../../db/tickets.js';
import { type MockBot, startMockBot } from '../support/mock-bot.js';

const OWNERS = demoOwnersRoom.id;
const ZHANGSAN = 'wxid_zhangsan';
const ADMIN = 'wxid_admin_liu';
const HOUR = 3_600_000;
let running: MockBot | null = null;

afterEach(async () => {
  await running?.stop();
  running = null;
});

const has = (s: string) => (m: { text?: string }) => m.text?.includes(s) ?? false;

/** The link in a `/公示页` answer. */
function linkIn(text: string | undefined): string {
  const url = /公示页: (http:\/\/\S+\/b\/[A-Za-z0-9_-]{22})/.exec(text ?? '')?.[1];
  if (url === undefined) throw new Error(`no board link in ${JSON.stringify(text)}`);
  return url;
}

async function boardLink(t: MockBot, who = ZHANGSAN): Promise<string> {
  t.mark();
  t.world.say(who, OWNERS, '/公示页');
  return linkIn((await t.waitFor(OWNERS, has('公示页:'))).text);
}

async function get(
  url: string,
  init?: RequestInit,
): Promise<{ status: number; body: string; headers: Headers }> {
  const res = await fetch(url, init);
  return { status: res.status, body: await res.text(), headers: res.headers };
}

describe('the board page of a compound, served by the bot', () => {
  it('GIVEN a ticket filed in the chat THEN the page shows it, marked once overdue, with no phone number and no name', async () => {
    const t = await startMockBot();
    running = t;
    t.world.say(ZHANGSAN, OWNERS, '/绑定 3-2-301 89.5');
    t.world.say('wxid_zhao_weiyuan', OWNERS, '/认证 @张三');
    await t.waitFor(OWNERS, has('已认证 张三'));
    t.world.say(ZHANGSAN, OWNERS, '/报修 3号楼楼道灯不亮, 张三 电话 138 1234 5678');
    await t.waitFor(OWNERS, has('已受理 #1'));
    const link = await boardLink(t);
    expect(link).toMatch(/^http:\/\/localhost:\d+\/b\/[A-Za-z0-9_-]{22}$/);

    const page = await get(link);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('阳光花园 公示页');
    expect(page.body).toContain('<b>#1</b> 3号楼楼道灯不亮, 住户 电话 (电话已隐去)');
    expect(page.body).toContain('3号楼住户 · 维修·一般 · 待接单');
    expect(page.body).not.toContain('超时');
    for (const personal of ['张三', '5678', '1234', '138****', 'wxid_'])
      expect(page.body).not.toContain(personal);

    // As if filed two hours ago: past its 30-minute solve window.
    const filed = await ticketByNo(t.handle.db, t.compoundId, 1);
    if (filed === null) throw new Error('ticket #1 not stored');
    await t.handle.db
      .update(tickets)
      .set({
        filedAt: filed.filedAt - 2 * HOUR,
        responseDueAt: filed.responseDueAt - 2 * HOUR,
        solveDueAt: filed.solveDueAt - 2 * HOUR,
      })
      .where(eq(tickets.id, filed.id))
      .run();
    const later = await get(link);
    expect(later.body).toMatch(/<li><span class="tag late">超时 1小时\d+分钟<\/span><b>#1<\/b>/);
    expect(later.body).toContain('其中超时 1 件');
  });

  it('GIVEN /公示页 重置 by the admin THEN the old link is a Chinese 404 at once and the new one works; an owner may not reset', async () => {
    const t = await startMockBot();
    running = t;
    const old = await boardLink(t);
    expect((await get(old)).status).toBe(200);

    t.mark();
    t.world.say(ZHANGSAN, OWNERS, '/公示页 重置');
    const refused = await t.waitFor(OWNERS, has('管理员'));
    expect(refused.text).toContain('只有管理员可以重置公示页链接。发送 /公示页 查看现在的链接。');
    expect((await get(old)).status).toBe(200);

    t.mark();
    t.world.say(ADMIN, OWNERS, '/公示页 重置');
    const reset = await t.waitFor(OWNERS, has('已重置'));
    expect(reset.text).toContain('「阳光花园」的公示页链接已重置, 旧链接立即失效。');
    const fresh = linkIn(reset.text);
    expect(fresh).not.toBe(old);
    const gone = await get(old);
    expect(gone.status).toBe(404);
    expect(gone.body).toContain('找不到这个公示页');
    expect(gone.body).toContain('链接不对, 或已被管理员重置。');
    expect((await get(fresh)).status).toBe(200);
    // Asked by another member: 张三's second "/公示页" within the same second would be the same
    // message to the bot (SPEC "Many accounts, one store": counted once).
    expect(await boardLink(t, ADMIN)).toBe(fresh);
    const unknown = await get(`${new URL(fresh).origin}/b/AAAAAAAAAAAAAAAAAAAAAA`);
    expect(unknown.status).toBe(404);
  });

  it('GIVEN anything but GET or HEAD THEN 405 and nothing changes; HEAD has the headers and no body', async () => {
    const t = await startMockBot();
    running = t;
    const link = await boardLink(t);
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const res = await get(link, { method, body: method === 'DELETE' ? undefined : 'x=1' });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, HEAD');
      expect(res.body).toContain('公示页只能查看, 不能修改。');
    }
    const head = await fetch(link, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(1000);
    expect(await head.text()).toBe('');
    expect((await get(link)).status).toBe(200);
  });

  it('GIVEN a few hundred tickets and ledger lines THEN the page stays under 100 KB', async () => {
    const t = await startMockBot();
    running = t;
    const now = Date.now();
    for (let no = 1; no <= 300; no++) {
      await insertTicket(t.handle.db, {
        compoundId: t.compoundId,
        no,
        roomId: OWNERS,
        reporterId: ZHANGSAN,
        filedBy: ZHANGSAN,
        description: `${no}号楼${no % 9}单元楼道灯不亮已经三天了, 晚上回家很不方便, 麻烦物业尽快来修一下, 谢谢 电话 13812345678`,
        category: '维修',
        ticketClass: 'general',
        filedAt: now - no * 60_000,
        responseDueAt: now - no * 60_000 + 5 * 60_000,
        solveDueAt: now - no * 60_000 + 30 * 60_000,
        updatedAt: now,
      });
    }
    for (let i = 0; i < 300; i++) {
      await addLedgerLine(
        t.handle.db,
        {
          compoundId: t.compoundId,
          direction: i % 3 === 0 ? 'expense' : 'income',
          amountFen: 12_345 + i,
          fund: i % 2 === 0 ? 'public' : 'maintenance',
          reason: `第 ${i} 笔: 停车费、广告位租金与电梯维修`,
          authorId: 'wxid_zhao_weiyuan',
        },
        now - (300 - i) * HOUR,
      );
    }
    const res = await fetch(await boardLink(t));
    const bytes = Buffer.byteLength(await res.text(), 'utf8');
    expect(res.status).toBe(200);
    expect(bytes).toBeLessThan(100 * 1024);
    expect(bytes).toBeGreaterThan(20 * 1024);
  });

  it('GIVEN the bot stopped THEN its port is closed', async () => {
    const t = await startMockBot();
    running = t;
    const { port } = new URL(await boardLink(t));
    await t.stop();
    running = null;
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect(Number(port), '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', () => resolve(true));
    });
    expect(refused).toBe(true);
  });
});

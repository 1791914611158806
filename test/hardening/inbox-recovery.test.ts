/**
 * What the bot does at start-up with messages it recorded before it stopped (issue 13): each is
 * handled once, in arrival order, with the time it arrived; one that was still unhandled at
 * several start-ups is given up, so a message whose handling kills the bot cannot keep it down.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { demoOwnersRoom } from '../../bot/sandbox/demo-compound.js';
import { seedDemoCompound } from '../../bot/sandbox/mock-world.js';
import { openDatabase } from '../../db/client.js';
import { claimMessage, recordArrival } from '../../db/messages.js';
import { inbox, tickets } from '../../db/schema.js';
import { type MockBot, startMockBot } from '../support/mock-bot.js';
import { testDatabaseUrl } from '../support/store.js';

const OWNERS = demoOwnersRoom.id;
const HOUR = 3_600_000;
let running: MockBot | null = null;

afterEach(async () => {
  await running?.stop();
  running = null;
});

describe('messages recorded before a stop', () => {
  it('GIVEN commands recorded an hour ago and not handled WHEN the bot starts THEN each is handled once, in order, at the time it arrived; one found unhandled at three earlier starts is given up', async () => {
    const databaseUrl = await testDatabaseUrl(join(mkdtempSync(join(tmpdir(), 'hgj-inbox-')), 'bot.db'));
    const before = await openDatabase(databaseUrl);
    const arrivedAt = Date.now() - HOUR;
    await seedDemoCompound(before.db, arrivedAt);
    const arrive = (messageId: string, speakerId: string, text: string, at: number) =>
      recordArrival(before.db, {
        messageId,
        kind: 'text',
        roomId: OWNERS,
        speakerId,
        text,
        mentionIds: [],
        botNames: ['红管家'],
        receivedAt: at,
      });
    await arrive('m-handled', 'wxid_wangfang', '/报修 已经处理过的', arrivedAt - 1000);
    expect(await claimMessage(before.db, 'm-handled', arrivedAt - 900)).toBe(true);
    await arrive('m-1', 'wxid_zhangsan', '/报修 恢复工单一 楼道灯不亮', arrivedAt);
    await arrive('m-poison', 'wxid_lisi', '/报修 每次都让机器人崩溃的', arrivedAt + 10);
    await before.db.update(inbox).set({ recoveries: 3 }).where(eq(inbox.messageId, 'm-poison')).run();
    await arrive('m-2', 'wxid_wangfang', '@红管家 报修 恢复工单二 电梯异响', arrivedAt + 20);
    await before.close();

    const t = await startMockBot({ databaseUrl });
    running = t;
    await t.waitFor(OWNERS, (m) => m.text?.includes('恢复工单二') ?? false, 10_000);

    const filed = await t.handle.db.select().from(tickets).orderBy(asc(tickets.id)).all();
    expect(filed.map((x) => [x.no, x.reporterId, x.description, x.filedAt])).toEqual([
      [1, 'wxid_zhangsan', '恢复工单一 楼道灯不亮', arrivedAt],
      [2, 'wxid_wangfang', '恢复工单二 电梯异响', arrivedAt + 20],
    ]);
    const replies = t.sentTo(OWNERS).map((m) => m.text ?? '');
    expect(replies.filter((r) => r.includes('已受理'))).toHaveLength(2);
    expect(replies.some((r) => r.includes('已经处理过的') || r.includes('崩溃'))).toBe(false);
    const rows = await t.handle.db.select().from(inbox).all();
    expect(rows.every((r) => r.handledAt !== null)).toBe(true);
    expect(rows.find((r) => r.messageId === 'm-poison')?.recoveries).toBe(4);
  });
});

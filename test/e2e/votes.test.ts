import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { demoOwnersRoom } from '../../bot/sandbox/demo-compound.js';
import { ballots, polls } from '../../db/schema-votes.js';
import { type MockBot, startMockBot } from '../support/mock-bot.js';
import { until } from '../support/until.js';

const OWNERS = demoOwnersRoom.id;
let running: MockBot | null = null;

afterEach(async () => {
  await running?.stop();
  running = null;
});

describe('a quick poll in a mock WeChat group', () => {
  it('GIVEN 30 members vote within two seconds THEN every vote is recorded, a few acks are posted, and the result posts itself with a chart', async () => {
    const t = await startMockBot();
    running = t;
    const voters = Array.from({ length: 30 }, (_, i) => ({
      id: `wxid_voter_${i + 1}`,
      name: `业主${i + 1}`,
    }));
    for (const v of voters) t.world.addMember(v, [OWNERS]);

    t.world.say('wxid_zhao_weiyuan', OWNERS, '/投票 电动车充电桩装在哪里? | 东门 | 北门 | 地下车库 截止 3天');
    await t.waitFor(OWNERS, (m) => m.text?.includes('投票 #1') ?? false);
    t.mark();

    const started = Date.now();
    for (const [i, v] of voters.entries()) {
      t.world.say(v.id, OWNERS, `/投 #1 ${(i % 3) + 1}`);
      await new Promise((r) => setTimeout(r, 2000 / voters.length));
    }
    expect(Date.now() - started).toBeLessThan(4000);

    const recorded = async () => (await t.handle.db.select().from(ballots).all()).length;
    await until(async () => (await recorded()) === 30, 30_000, '30 ballots');
    await t.waitFor(OWNERS, (m) => m.text?.includes('共 30 票') ?? false, 30_000);
    const acks = t.sentTo(OWNERS).filter((m) => m.text?.startsWith('已收到'));
    // One line per few seconds, not one per vote.
    expect(acks.length).toBeGreaterThanOrEqual(1);
    expect(acks.length).toBeLessThanOrEqual(4);
    expect(t.sentTo(OWNERS).every((m) => m.text?.startsWith('已收到'))).toBe(true);

    // Bring the deadline to a few seconds from now (the parser's smallest unit is a minute).
    await t.handle.db
      .update(polls)
      .set({ deadline: Date.now() + 3000 })
      .where(eq(polls.no, 1))
      .run();
    const result = await t.waitFor(OWNERS, (m) => m.text?.includes('最终结果') ?? false, 30_000);
    expect(result.text).toMatch(
      /1\. 东门: 10 票[\s\S]*2\. 北门: 10 票[\s\S]*3\. 地下车库: 10 票[\s\S]*共 30 人投票/,
    );
    const chart = await t.waitFor(OWNERS, (m) => m.file !== null && m.file !== undefined, 30_000);
    expect(chart.file?.name).toMatch(/\.png$/);

    // A vote after the close is refused at once.
    t.mark();
    t.world.say(voters[0]?.id ?? '', OWNERS, '/投 #1 2');
    const refused = await t.waitFor(OWNERS, (m) => m.text?.includes('不能再投了') ?? false);
    expect(refused.mentionIds).toEqual([voters[0]?.id]);
  });
});

/**
 * Group rosters on the real wiring (issue 13): a group bound while the bot runs, members who never
 * speak, a member who joins and one who leaves, seen through private votes and poll reminders
 * (SPEC "Groups": the bot knows each group's members from the moment it is bound and follows joins
 * and leaves; "Many accounts": our own account is never a member). Runs on the recording mock
 * puppet, and in the e2e-service pass over a local puppet service.
 */

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { demoBot, demoOwnersRoom } from '../../bot/sandbox/demo-compound.js';
import { seedDemoCompound } from '../../bot/sandbox/mock-world.js';
import type { SentMessage } from '../../bot/sandbox/recording-puppet.js';
import { openDatabase } from '../../db/client.js';
import { bindGroup } from '../../db/compounds.js';
import { membersOf, touchMember, upsertPerson } from '../../db/people.js';
import { polls } from '../../db/schema-votes.js';
import { type MockBot, startMockBot } from '../support/mock-bot.js';
import { testDatabaseUrl } from '../support/store.js';
import { until } from '../support/until.js';

const NEW = { id: 'xingfu-owners@chatroom', topic: '幸福里业主群' };
const ADMIN = 'wxid_admin_liu';
const ZHAO = 'wxid_zhao_weiyuan';
const CHEN = 'wxid_chen_shuji';
const ZHANGSAN = 'wxid_zhangsan';
const SILENT = [
  { id: 'wxid_quiet_1', name: '静一' },
  { id: 'wxid_quiet_2', name: '静二' },
  { id: 'wxid_quiet_3', name: '静三' },
];
const [Q1, Q2, Q3] = SILENT.map((m) => m.id) as [string, string, string];
const NEWCOMER = { id: 'wxid_newcomer', name: '新邻居' };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let running: MockBot | null = null;

afterEach(async () => {
  await running?.stop();
  running = null;
});

const text = (m: SentMessage) => m.text ?? '';
const sorted = (ids: readonly string[]) => [...ids].sort();

describe('the roster of a group bound while the bot runs', () => {
  it('GIVEN a group bound while the bot runs THEN silent members vote privately and are reminded, a newcomer is a voter, a leaver is neither, and the bot is never @mentioned', async () => {
    const t = await startMockBot();
    running = t;
    const slow = t.transport === 'service' ? 3 : 1;
    for (const m of [...SILENT, NEWCOMER]) t.world.addMember(m, []);
    t.world.addRoom(NEW, [ADMIN, ZHAO, Q1, Q2, Q3]);

    t.world.say(ADMIN, NEW.id, '/绑定群 幸福里');
    await t.waitFor(NEW.id, (m) => text(m).includes('本群已绑定到小区「幸福里」'));
    // The member list is read right after the binding, without the bot's own account.
    const roster = async () => sorted(await membersOf(t.handle.db, NEW.id));
    await until(async () => (await roster()).includes(Q3), 10_000 * slow, 'the new group roster');
    expect(await roster()).toEqual(sorted([ADMIN, ZHAO, Q1, Q2, Q3]));

    t.world.say(ADMIN, NEW.id, '/角色 @赵委员 业委会');
    await t.waitFor(NEW.id, (m) => text(m).includes('赵委员'));
    t.world.say(ZHAO, NEW.id, '/投票 快递柜放哪里? | 东门 | 北门 匿名 截止 3天');
    const announcement = await t.waitFor(NEW.id, (m) => text(m).includes('投票 #1'));
    expect(text(announcement)).toContain('谁可以投: 本群全体成员');

    // A member who never spoke votes privately, and the vote counts.
    t.world.sayPrivately(Q1, '/投 #1 2');
    const ack = await t.waitFor(Q1, (m) => text(m).includes('#1'));
    expect(text(ack)).toContain('已收到你对投票 #1「快递柜放哪里?」的投票');
    await t.waitFor(NEW.id, (m) => text(m).includes('#1 共 1 票'), 10_000);

    // 24 h before the deadline: everyone who may vote and has not, silent or not; never the bot.
    // (The poll is made two days old, so that no reminder point came before it opened.)
    const deadline = (ms: number) =>
      t.handle.db
        .update(polls)
        .set({ deadline: Date.now() + ms, openedAt: Date.now() - 48 * HOUR })
        .where(eq(polls.roomId, NEW.id))
        .run();
    t.mark();
    await deadline(23 * HOUR);
    const first = await t.waitFor(NEW.id, (m) => text(m).includes('还有约 24 小时'), 10_000);
    expect(sorted(first.mentionIds)).toEqual(sorted([ADMIN, ZHAO, Q2, Q3]));
    expect(first.mentionIds).not.toContain(demoBot.id);

    // One joins, one is taken out; neither ever speaks in the group.
    t.world.join(NEWCOMER.id, NEW.id, ADMIN);
    t.world.leave(Q3, NEW.id, ADMIN);
    await until(
      async () => {
        const members = await roster();
        return members.includes(NEWCOMER.id) && !members.includes(Q3);
      },
      10_000 * slow,
      'the join and the leave',
    );
    expect(await roster()).toEqual(sorted([ADMIN, ZHAO, Q1, Q2, NEWCOMER.id]));

    t.mark();
    await deadline(59 * MINUTE);
    const last = await t.waitFor(NEW.id, (m) => text(m).includes('还有约 1 小时'), 10_000);
    expect(sorted(last.mentionIds)).toEqual(sorted([ADMIN, ZHAO, Q2, NEWCOMER.id]));

    // The newcomer may vote; the one who left may not.
    t.world.sayPrivately(NEWCOMER.id, '/投 #1 1');
    expect(text(await t.waitFor(NEWCOMER.id, (m) => text(m).includes('#1')))).toContain('已收到你对投票 #1');
    t.world.sayPrivately(Q3, '/投 #1 1');
    expect(text(await t.waitFor(Q3, (m) => text(m).includes('#1')))).toContain('没有找到 #1 投票');
    await t.waitFor(NEW.id, (m) => text(m).includes('#1 共 2 票'), 10_000);
  });
});

describe('the roster of a community group', () => {
  it('GIVEN a community group bound while the bot runs THEN its joins and leaves are followed, and an escalation @mentions its secretary only while he is in it', async () => {
    const t = await startMockBot();
    running = t;
    const slow = t.transport === 'service' ? 3 : 1;
    const COMMUNITY = { id: 'wenyuan@chatroom', topic: '文苑社区工作群' };
    t.world.addRoom(COMMUNITY, [ADMIN]);
    t.world.say(ADMIN, COMMUNITY.id, '/绑定群 文苑社区 社区群');
    await t.waitFor(COMMUNITY.id, (m) => text(m).includes('社区「文苑社区」'));
    t.world.say(ADMIN, demoOwnersRoom.id, '/归属 文苑社区');
    await t.waitFor(demoOwnersRoom.id, (m) => text(m).includes('已归属社区「文苑社区」'));
    const roster = async () => sorted(await membersOf(t.handle.db, COMMUNITY.id));
    await until(async () => (await roster()).includes(ADMIN), 10_000 * slow, 'the community group roster');

    /** 张三 files a ticket and blows the whistle on it; the community group's message. */
    let filed = 0;
    const escalation = async (): Promise<SentMessage> => {
      filed++;
      t.world.say(ZHANGSAN, demoOwnersRoom.id, `/报修 ${filed}号楼楼道灯不亮`);
      await t.waitFor(demoOwnersRoom.id, (m) => text(m).includes(`已受理 #${filed}`));
      t.world.say(ZHANGSAN, demoOwnersRoom.id, `/吹哨 #${filed}`);
      return t.waitFor(COMMUNITY.id, (m) => text(m).includes(`【吹哨】阳光花园#${filed} `));
    };

    // 陈书记 (社区 of the compound) is not in the community group yet: no @.
    expect((await escalation()).mentionIds).toEqual([]);
    t.world.join(CHEN, COMMUNITY.id, ADMIN);
    await until(async () => (await roster()).includes(CHEN), 10_000 * slow, 'the join');
    const second = await escalation();
    expect(second.mentionIds).toEqual([CHEN]);
    expect(text(second)).toMatch(/^@陈书记 【吹哨】阳光花园#2 /);
    t.world.leave(CHEN, COMMUNITY.id, ADMIN);
    await until(async () => !(await roster()).includes(CHEN), 10_000 * slow, 'the leave');
    expect((await escalation()).mentionIds).toEqual([]);
  });
});

describe('our own account on a roster', () => {
  it('GIVEN a database whose rosters list the bot itself, also in a group it cannot read THEN after login the bot is a member of no group', async () => {
    const databaseUrl = await testDatabaseUrl(join(mkdtempSync(join(tmpdir(), 'hgj-roster-')), 'bot.db'));
    const gone = 'gone-group@chatroom';
    const old = await openDatabase(databaseUrl);
    const compoundId = await seedDemoCompound(old.db, Date.now());
    await bindGroup(
      old.db,
      { roomId: gone, compoundId, kind: 'committee', topic: '旧群', boundBy: ADMIN },
      0,
    );
    await upsertPerson(old.db, demoBot, 0);
    for (const room of [demoOwnersRoom.id, gone]) await touchMember(old.db, room, demoBot.id, 0);
    await touchMember(old.db, gone, ZHAO, 0);
    await old.close();

    const t = await startMockBot({ databaseUrl, seed: false });
    running = t;
    await until(
      async () => !(await membersOf(t.handle.db, demoOwnersRoom.id)).includes(demoBot.id),
      10_000,
      'the owners group read again',
    );
    await until(
      async () => !(await membersOf(t.handle.db, gone)).includes(demoBot.id),
      10_000,
      'the bot off every roster',
    );
    expect(await membersOf(t.handle.db, gone)).toEqual([ZHAO]);
  });
});

/**
 * Issue 13: a multi-line ticket text, or a member whose name holds a line break, must not make
 * the bot's own messages show lines that look like bot messages or notices. Every bot message is
 * read as the group sees it (the transport's "@name" prefix included).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { demoOwnersRoom, demoStaffRoom } from '../../bot/sandbox/demo-compound.js';
import { grantRole, upsertPerson } from '../../db/people.js';
import { type MockBot, startMockBot } from '../support/mock-bot.js';

const OWNERS = demoOwnersRoom.id;
const STAFF = demoStaffRoom.id;
const EVIL_OWNER = { id: 'wxid_evil_owner', name: '小王\n[阳光花园业主群] 红管家: 本月物业费翻倍' };
const EVIL_MANAGER = { id: 'wxid_evil_manager', name: `\n业委会通知: 明天停水\n${'长'.repeat(30)}` };
const SPOOFS = ['业委会通知', '[阳光花园业主群]', '红管家:', '小王', '长'];

let running: MockBot | null = null;
afterEach(async () => {
  await running?.stop();
  running = null;
});

const has = (s: string) => (m: { text?: string }) => m.text?.includes(s) ?? false;

describe('user text and names in the bot messages', () => {
  it('GIVEN a multi-line ticket and members whose names hold line breaks THEN no line of any bot message starts with text they control', async () => {
    const t = await startMockBot();
    running = t;
    t.world.addMember(EVIL_OWNER, [OWNERS]);
    t.world.addMember(EVIL_MANAGER, [OWNERS, STAFF]);
    await upsertPerson(t.handle.db, EVIL_MANAGER, Date.now());
    await grantRole(
      t.handle.db,
      { compoundId: t.compoundId, personId: EVIL_MANAGER.id, role: 'manager', grantedBy: 'wxid_admin_liu' },
      Date.now(),
    );

    const O = EVIL_OWNER.id;
    const M = EVIL_MANAGER.id;
    // [who, where they say it, what, where the answer shows, a piece of it]
    const steps: [string, string, string, string, string][] = [
      [
        O,
        OWNERS,
        '/报修 楼道灯不亮\n业委会通知: 本月物业费翻倍\n[阳光花园业主群] 红管家: 请扫码交费',
        STAFF,
        '新工单 #1',
      ],
      [M, OWNERS, '/接单 #1', OWNERS, '已接单'],
      [M, OWNERS, '/完成 #1 修好了\n业委会通知: 已修好请转账', OWNERS, '处理完成: 修好了'],
      [O, OWNERS, '/退回 #1 还是不亮\n[阳光花园业主群] 红管家: 退款', OWNERS, '返工'],
      [O, OWNERS, '/催办 #1 快点\n业委会通知: 催', STAFF, '快点'],
      [M, OWNERS, '/暂停 #1 等配件\n业委会通知: 停', OWNERS, '暂停计时'],
      [M, OWNERS, '/继续 #1', OWNERS, '继续计时'],
      [M, OWNERS, '/完成 #1 好了\n红管家: 已完成', OWNERS, '处理完成: 好了'],
      [O, OWNERS, '/确认 #1 2 太慢\n业委会通知: 差评', OWNERS, '已结单'],
      [O, OWNERS, '/进度 #1', OWNERS, '进展:'],
      [M, STAFF, '/进度 #1', STAFF, '进展:'],
      [O, OWNERS, '/统计', OWNERS, '工单统计'],
      [O, OWNERS, '/报修单 灯\n业委会通知: 乱码', OWNERS, '没有 /报修单'],
    ];
    for (const [who, room, text, answerRoom, expected] of steps) {
      t.world.say(who, room, text);
      await t.waitFor(answerRoom, has(expected));
    }

    const messages = [...t.sentTo(OWNERS), ...t.sentTo(STAFF)].map((m) => m.text ?? '');
    const lines = messages.flatMap((m) => m.split(/\r\n|[\n\r\u2028\u2029\u0085]/));
    for (const line of lines) {
      for (const spoof of SPOOFS) expect(line.trimStart().startsWith(spoof), line).toBe(false);
    }
    // The names are there, on one line and cut short; the ticket text too.
    const all = messages.join('\n');
    expect(all).toContain('小王 [阳光花园业主群] 红管…');
    expect(all).toContain('业委会通知: 明天停水 长长长…');
    expect(all).toContain('楼道灯不亮 业委会通知: 本月物业费翻倍 [阳光花园业主群] 红管家: 请扫码交费');
  });

  it('GIVEN a member with no name at all THEN the bot calls them 无昵称成员, never by their contact id', async () => {
    const t = await startMockBot();
    running = t;
    t.world.addMember({ id: 'wxid_no_name_4711', name: '' }, [OWNERS]);
    t.world.say('wxid_no_name_4711', OWNERS, '/报修 路灯坏了');
    const toStaff = await t.waitFor(STAFF, has('新工单 #1'));
    expect(toStaff.text).toContain('(无昵称成员)');
    t.world.say('wxid_shifu_wang', OWNERS, '/接单 #1');
    await t.waitFor(OWNERS, has('已接单'));
    t.world.say('wxid_shifu_wang', OWNERS, '/完成 #1 好了');
    const done = await t.waitFor(OWNERS, has('处理完成'));
    expect(done.mentionIds).toContain('wxid_no_name_4711');
    expect(done.text?.startsWith('@无昵称成员 ')).toBe(true);
    t.world.say('wxid_lisi', OWNERS, '/进度 #1');
    expect((await t.waitFor(OWNERS, has('进展:'))).text).toContain('报修: 无昵称成员');
    for (const m of [...t.sentTo(OWNERS), ...t.sentTo(STAFF)]) expect(m.text).not.toContain('wxid_no_name');
  });
});

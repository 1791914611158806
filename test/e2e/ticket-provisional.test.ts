import { afterEach, describe, expect, it } from 'vitest';
import { demoOwnersRoom, demoStaffRoom } from '../../bot/sandbox/demo-compound.js';
import { ticketByNo } from '../../db/tickets.js';
import { type MockBot, startMockBot } from '../support/mock-bot.js';

const OWNERS = demoOwnersRoom.id;
const STAFF = demoStaffRoom.id;
const ZHANGSAN = 'wxid_zhangsan';
const SHIFU = 'wxid_shifu_wang';
const ZHAO = 'wxid_zhao_weiyuan';
let running: MockBot | null = null;

afterEach(async () => {
  await running?.stop();
  running = null;
});

const has = (s: string) => (m: { text?: string }) => m.text?.includes(s) ?? false;

describe('a provisional class in a mock WeChat group (SPEC "Owners\' own words")', () => {
  it('GIVEN an owner files an unsure ticket WHEN the manager confirms it in the staff group THEN both groups hear it and the major clock applies', async () => {
    const t = await startMockBot();
    running = t;
    t.world.say(ZHANGSAN, OWNERS, '/报修 请问物业费可以微信交吗 楼道有点燃气味');
    const filed = await t.waitFor(OWNERS, has('已受理 #1'));
    expect(filed.text).toContain('安全·重大(待确认)');
    expect(filed.text).toContain('确认前按较严的时限');
    const ask = await t.waitFor(STAFF, has('新工单 #1'));
    expect(ask.mentionIds).toEqual([SHIFU]);
    expect(ask.text).toContain('/改 #1 <类别或等级>');
    const before = await ticketByNo(t.handle.db, t.compoundId, 1);
    expect(before?.classProvisional).toBe(true);
    expect((before?.solveDueAt ?? 0) - (before?.filedAt ?? 0)).toBe(30 * 60_000);

    t.world.say(SHIFU, STAFF, '/改 #1 重大');
    await t.waitFor(STAFF, has('#1 已由 王师傅 确认为 安全·重大'));
    await t.waitFor(OWNERS, has('#1 已由 王师傅 确认为 安全·重大'));
    const after = await ticketByNo(t.handle.db, t.compoundId, 1);
    expect(after).toMatchObject({ ticketClass: 'major', classProvisional: false });
    expect((after?.solveDueAt ?? 0) - (after?.filedAt ?? 0)).toBe(4 * 60 * 60_000);
  });

  it('GIVEN an unsure ticket WHEN a committee member changes it to 一般 THEN it is no longer provisional and runs on the general clock', async () => {
    const t = await startMockBot();
    running = t;
    t.world.say(ZHANGSAN, OWNERS, '/报修 请问物业费可以微信交吗 楼道有点燃气味');
    await t.waitFor(STAFF, has('新工单 #1'));
    t.world.say(ZHAO, STAFF, '/改 #1 收费 一般');
    await t.waitFor(OWNERS, has('#1 已由 赵委员 改为 收费·一般'));
    expect(await ticketByNo(t.handle.db, t.compoundId, 1)).toMatchObject({
      ticketClass: 'general',
      category: '收费',
      classProvisional: false,
    });
  });
});

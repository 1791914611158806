import { describe, expect, it } from 'vitest';
import { tickets } from '../../../db/schema.js';
import { createCommandHarness } from '../../support/command-harness.js';
import {
  ADMIN,
  events,
  file,
  HOUR,
  LISI,
  MINUTE,
  OWNERS,
  SHIFU,
  STAFF,
  SUN,
  ticket,
  to,
  ZHANGSAN,
  ZHAO,
} from './ticket-kit.js';

const FILED = Date.UTC(2026, 10, 23, 2, 0); // Mon 2026-11-23 10:00 in Shanghai

describe('/报修 files a ticket under the 5431 clock', () => {
  it('GIVEN an owner files in the owners group THEN the group reply has #1, category, class, both deadlines as clock times and who was told', async () => {
    const h = await createCommandHarness({ now: FILED });
    const { result, replies } = await h.say(ZHANGSAN, '/报修 3号楼2单元楼道灯不亮');
    expect(result.status).toBe('ok');
    const reply = to(replies, OWNERS.id);
    expect(reply.text).toBe(
      '已受理 #1 维修·一般: 3号楼2单元楼道灯不亮\n请于 10:05 前响应, 10:30 前解决。已通知物业: 王师傅。\n查看进度: /进度 #1',
    );
    expect(reply.mentionIds).toEqual([]);
    const t = await ticket(h, 1);
    expect(t).toMatchObject({
      reporterId: ZHANGSAN,
      filedBy: ZHANGSAN,
      roomId: OWNERS.id,
      status: 'new',
      category: '维修',
      ticketClass: 'general',
      filedAt: FILED,
      responseDueAt: FILED + 5 * MINUTE,
      solveDueAt: FILED + 30 * MINUTE,
      assigneeId: null,
      respondedAt: null,
    });
    expect((await events(h, 1)).map((e) => [e.kind, e.actorId, e.at])).toEqual([['filed', ZHANGSAN, FILED]]);
  });

  it('GIVEN a ticket filed in the owners group THEN the staff group gets the new-ticket notice @mentioning the managers', async () => {
    const h = await createCommandHarness({ now: FILED });
    const { replies } = await h.say(ZHANGSAN, '/报修 3号楼2单元楼道灯不亮');
    expect(replies).toHaveLength(2);
    const notice = to(replies, STAFF.id);
    expect(notice.mentionIds).toEqual([SHIFU]);
    expect(notice.text).toContain('新工单 #1 维修·一般 (张三): 3号楼2单元楼道灯不亮');
    expect(notice.text).toContain('请于 10:05 前响应, 10:30 前解决');
    expect(notice.text).toContain('/接单 #1');
  });

  it('GIVEN a ticket filed in the staff group itself THEN there is one message there, and it @mentions the managers', async () => {
    const h = await createCommandHarness({ now: FILED });
    const { replies } = await h.say(ADMIN, '/报修 物业办公室门禁坏了', { room: STAFF });
    expect(replies).toHaveLength(1);
    expect(to(replies, STAFF.id).mentionIds).toEqual([SHIFU]);
    expect((await ticket(h, 1)).roomId).toBe(STAFF.id);
  });

  it('GIVEN /诉求, /ticket and @红管家 报修 THEN each files the next number of the compound', async () => {
    const h = await createCommandHarness({ now: FILED });
    expect(await file(h)).toBe(1);
    expect((await h.say(LISI, '/诉求 小区垃圾没人清运')).replies[0]?.text).toMatch(
      /^已受理 #2 环境卫生·一般/,
    );
    expect((await h.say(LISI, '/ticket 楼下噪音太吵')).replies[0]?.text).toMatch(/^已受理 #3 噪音·一般/);
    expect((await h.say(LISI, '@红管家\u2005报修 路灯坏了')).replies[0]?.text).toMatch(
      /^已受理 #4 维修·一般/,
    );
  });

  // Issue 13: the command word must be followed by a blank or the end of the message.
  it.each([
    ['/报修单 灯', '没有 /报修单 这个命令。命令后面要空一格: /报修 单 灯'],
    ['/报修楼道灯不亮', '没有 /报修楼道灯不亮 这个命令。命令后面要空一格: /报修 楼道灯不亮'],
    ['/进度#1e3', '没有 /进度#1e3 这个命令。命令后面要空一格: /进度 #1e3'],
  ])(
    'GIVEN %j THEN no ticket is filed and the reply shows the command with the space',
    async (typed, expected) => {
      const h = await createCommandHarness({ now: FILED });
      const { result, replies } = await h.say(LISI, typed);
      expect(result.status).toBe('unknown');
      expect(replies).toHaveLength(1);
      expect(replies[0]?.text).toBe(expected);
      expect(replies[0]?.mentionIds).toEqual([LISI]);
      expect(await h.handle.db.select().from(tickets).all()).toHaveLength(0);
    },
  );

  it.each(['#1e3', '#1.5', '＃１ｅ３', '1e3', '#1,000', '#0x1', '#1_000'])(
    'GIVEN /进度 %s (a malformed number) THEN it is refused, not read as ticket 1',
    async (ref) => {
      const h = await createCommandHarness({ now: FILED });
      await file(h);
      const answer = await h.reply(LISI, `/进度 ${ref}`);
      expect(answer).toContain('不是工单号');
      expect(answer).not.toContain('楼道灯');
    },
  );

  it('GIVEN a major ticket THEN it must be solved within 4 hours; GIVEN a complex one THEN a plan is due within a day', async () => {
    const h = await createCommandHarness({ now: FILED });
    const major = (await h.say(ZHANGSAN, '/报修 5号楼电梯困人了')).replies[0]?.text;
    expect(major).toContain('#1 维修·重大');
    expect(major).toContain('请于 10:05 前响应, 14:00 前解决');
    const complex = (await h.say(ZHANGSAN, '/诉求 小区停车规划不合理, 车位太少')).replies[0]?.text;
    expect(complex).toContain('#2 停车·复杂');
    expect(complex).toContain('请于 10:05 前响应, 明天 10:00 前给出方案');
    expect((await ticket(h, 2)).solveDueAt).toBe(FILED + 24 * HOUR);
  });

  it('GIVEN /设置 时限 changes THEN new tickets follow them and tickets filed before keep their deadlines', async () => {
    const h = await createCommandHarness({ now: FILED });
    await file(h);
    expect((await h.say(ADMIN, '/设置 时限 一般 1小时')).result.status).toBe('ok');
    expect((await h.say(ADMIN, '/设置 时限 响应 10分钟')).result.status).toBe('ok');
    h.advance(MINUTE);
    const text = (await h.say(ZHANGSAN, '/报修 3号楼楼道灯又不亮了')).replies[0]?.text;
    expect(text).toContain('请于 10:11 前响应, 11:01 前解决');
    expect((await ticket(h, 2)).solveDueAt).toBe(FILED + MINUTE + HOUR);
    expect((await ticket(h, 1)).solveDueAt).toBe(FILED + 30 * MINUTE);
    expect((await ticket(h, 1)).responseDueAt).toBe(FILED + 5 * MINUTE);
  });

  it('GIVEN a grid head files with @张三 THEN the ticket is 张三’s, filed by the grid head, and 张三 is @mentioned', async () => {
    const h = await createCommandHarness({ now: FILED });
    const { replies } = await h.say(SUN, '/报修 @张三 3号楼302家门口水管爆了', { mentions: [ZHANGSAN] });
    const reply = to(replies, OWNERS.id);
    expect(reply.text).toContain('#1 维修·重大 (孙网格长 代 张三 报修): 3号楼302家门口水管爆了');
    expect(reply.mentionIds).toEqual([ZHANGSAN]);
    expect(await ticket(h, 1)).toMatchObject({
      reporterId: ZHANGSAN,
      filedBy: SUN,
      description: '3号楼302家门口水管爆了',
    });
    expect((await events(h, 1))[0]?.note).toBe('代 张三 报修');
    expect(to(replies, STAFF.id).text).toContain('(张三, 孙网格长 代报)');
  });

  it.each([
    ['committee member', ZHAO, '赵委员'],
    ['manager', SHIFU, '王师傅'],
  ])(
    'GIVEN a %s files with @张三 THEN the ticket is 张三’s, and the reply @mentions 张三 and says who filed',
    async (_, who, name) => {
      const h = await createCommandHarness({ now: FILED });
      const { replies } = await h.say(who, '/报修 @张三 3号楼楼道灯不亮', { mentions: [ZHANGSAN] });
      const reply = to(replies, OWNERS.id);
      expect(reply.text).toContain(`#1 维修·一般 (${name} 代 张三 报修): 3号楼楼道灯不亮`);
      expect(reply.mentionIds).toEqual([ZHANGSAN]);
      expect(await ticket(h, 1)).toMatchObject({ reporterId: ZHANGSAN, filedBy: who });
    },
  );

  it('GIVEN a grid head files without a mention THEN the ticket is their own', async () => {
    const h = await createCommandHarness({ now: FILED });
    await file(h, '5号楼门口井盖松动', SUN);
    expect(await ticket(h, 1)).toMatchObject({ reporterId: SUN, filedBy: SUN });
  });

  it('GIVEN an owner (not a grid head) @mentions someone THEN the ticket is still the owner’s own', async () => {
    const h = await createCommandHarness({ now: FILED });
    await h.say(LISI, '/报修 @王师傅 楼道灯不亮', { mentions: [SHIFU] });
    expect(await ticket(h, 1)).toMatchObject({ reporterId: LISI, filedBy: LISI, description: '楼道灯不亮' });
  });

  it('GIVEN a grid head @mentions two owners THEN filing is refused with one sentence and nothing is stored', async () => {
    const h = await createCommandHarness({ now: FILED });
    const { result, replies } = await h.say(SUN, '/报修 @张三 @李四 楼道灯不亮', {
      mentions: [ZHANGSAN, LISI],
    });
    expect(result.status).toBe('user-error');
    expect(replies.map((r) => r.text)).toEqual(['一次只能代一位业主报修, 请只 @ 一个人。']);
    expect(replies[0]?.mentionIds).toEqual([SUN]);
    expect((await h.say(ZHANGSAN, '/进度 #1')).replies[0]?.text).toBe(
      '本小区没有 #1 号工单。发送 /进度 查看你的工单。',
    );
  });

  it('GIVEN a grid head types @张三 by hand (not picked from the list) THEN they are asked to pick the member', async () => {
    const h = await createCommandHarness({ now: FILED });
    expect(await h.reply(SUN, '/报修 @张三 楼道灯不亮')).toContain('没认出你 @ 的人');
  });

  it('GIVEN /报修 with nothing to report THEN the reply says what to write and shows the usage', async () => {
    const h = await createCommandHarness({ now: FILED });
    expect(await h.reply(ZHANGSAN, '/报修')).toBe(
      '请写上要报修的事, 例如 /报修 3号楼2单元楼道灯不亮。\n用法: /报修 <描述>',
    );
    expect(await h.reply(ZHANGSAN, `/报修 ${'灯'.repeat(501)}`)).toContain('描述太长了');
  });

  it('GIVEN a phone number in the text THEN it is kept as typed', async () => {
    const h = await createCommandHarness({ now: FILED });
    await file(h, '楼道灯不亮, 联系我 13812345678');
    expect((await ticket(h, 1)).description).toBe('楼道灯不亮, 联系我 13812345678');
  });

  it('GIVEN a compound with no managers THEN the reply says so and no staff notice is queued', async () => {
    const h = await createCommandHarness({ now: FILED });
    expect((await h.say(ADMIN, '/角色 @王师傅 -物业', { mentions: [SHIFU] })).result.status).toBe('ok');
    const { replies } = await h.say(ZHANGSAN, '/报修 楼道灯不亮');
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toContain('本小区还没有物业人员, 请管理员用 /角色 @某人 物业 登记。');
  });

  it('GIVEN a private chat THEN /报修 points to the group and files nothing', async () => {
    const h = await createCommandHarness({ now: FILED });
    const { result } = await h.say(ZHANGSAN, '/报修 楼道灯不亮', { room: null });
    expect(result.status).toBe('wrong-place');
  });
});

import { describe, expect, it } from 'vitest';
import { demoOwnersRoom, demoStaffRoom } from '../../../bot/sandbox/demo-compound.js';
import { recordAccount, recordAccountRooms, takeLeases } from '../../../db/accounts.js';
import { groupByRoom } from '../../../db/compounds.js';
import { grantedRoles } from '../../../db/people.js';
import { compounds, unitClaims, units } from '../../../db/schema.js';
import { createCommandHarness } from '../../support/command-harness.js';

const newRoom = { id: 'new-group@chatroom', topic: '新小区业主群' };
const ADMIN = 'wxid_admin_liu';
const COMMITTEE = 'wxid_zhao_weiyuan';
const OWNER = 'wxid_zhangsan';

describe('/帮助', () => {
  it('GIVEN an owner THEN help lists owner commands and not admin-only ones', async () => {
    const h = await createCommandHarness();
    const text = await h.reply(OWNER, '/帮助');
    expect(text).toContain('阳光花园');
    expect(text).toContain('/绑定 <楼-单元-室> <面积㎡>');
    expect(text).not.toContain('/角色');
    expect(text).not.toContain('/设置');
  });

  it('GIVEN an admin THEN help also lists /角色 and /设置', async () => {
    const h = await createCommandHarness();
    const text = await h.reply(ADMIN, '/help');
    expect(text).toContain('/角色');
    expect(text).toContain('/设置');
  });

  it("GIVEN several of our accounts in the group THEN an admin's help names the one that speaks and those standing by; an owner's does not", async () => {
    const h = await createCommandHarness();
    // No bot ever logged in to this store: nothing to say about accounts.
    expect(await h.reply(ADMIN, '/帮助')).not.toContain('发言账号');
    const db = h.handle.db;
    await recordAccount(db, { id: 'wxid_bot_a', name: '红管家' }, h.now);
    await recordAccount(db, { id: 'wxid_bot_b', name: '红管家二号' }, h.now + 1);
    await recordAccountRooms(db, 'wxid_bot_a', [demoOwnersRoom.id], h.now);
    await recordAccountRooms(db, 'wxid_bot_b', [demoOwnersRoom.id], h.now);
    await takeLeases(db, 'wxid_bot_b', [demoOwnersRoom.id], h.now, h.now + 20_000);
    const help = (await h.reply(ADMIN, '/帮助')).split('\n');
    expect(help.at(-2)).toBe('本群发言账号: 红管家二号; 候补: 红管家');
    expect(await h.reply(OWNER, '/帮助')).not.toContain('发言账号');
    // The speaker gone (its lease ran out, nobody took it yet): the replies wait.
    h.advance(20_000);
    expect((await h.reply(ADMIN, '/帮助')).split('\n').at(-2)).toBe(
      '本群暂时没有账号发言: 回复在排队, 有账号接手后发出; 候补: 红管家、红管家二号',
    );
  });

  it('GIVEN @bot 帮助 or the full-width slash THEN it is the same help', async () => {
    const h = await createCommandHarness();
    const slash = await h.reply(OWNER, '/帮助');
    expect(await h.reply(OWNER, '@红管家\u2005帮助')).toBe(slash);
    expect(await h.reply(OWNER, '／帮助')).toBe(slash);
  });

  it('GIVEN /帮助 绑定 THEN it shows usage, aliases, who may use it and an example', async () => {
    const h = await createCommandHarness();
    const text = await h.reply(OWNER, '/帮助 绑定');
    expect(text).toContain('用法: /绑定 <楼-单元-室> <面积㎡>');
    expect(text).toContain('/bind');
    expect(text).toContain('谁可以用: 所有人');
    expect(text).toContain('例: /绑定 3-2-301 89.5');
  });

  it('GIVEN /帮助 of an unknown command THEN it says so', async () => {
    const h = await createCommandHarness();
    expect(await h.reply(OWNER, '/帮助 飞行')).toContain('没有 /飞行 这个命令');
  });
});

describe('echoing what a member typed', () => {
  it('GIVEN 10,000 characters pasted after a command word THEN the reply quotes 20 of them, not all', async () => {
    const h = await createCommandHarness();
    const paste = '灯'.repeat(10_000);
    for (const text of [`/帮助 ${paste}`, `/${paste}`, `/绑定 3-2-301 ${paste}`, `/设置 ${paste} 1`]) {
      const reply = await h.reply(ADMIN, text);
      expect(reply.length, text.slice(0, 8)).toBeLessThan(300);
      expect(reply).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('GIVEN a short unknown word THEN it is quoted back whole', async () => {
    const h = await createCommandHarness();
    expect(await h.reply(OWNER, '/帮助 报修单')).toContain('没有 /报修单 这个命令');
  });
});

describe('/绑定群', () => {
  it('GIVEN a configured admin in a new group THEN the group is bound to a new compound', async () => {
    const h = await createCommandHarness({ admins: ['wxid_boss'] });
    const text = await h.reply('wxid_boss', '/绑定群 幸福里 工作群', { room: newRoom });
    expect(text).toContain('幸福里');
    expect(text).toContain('物业工作群');
    const bound = await groupByRoom(h.handle.db, newRoom.id);
    expect(bound?.compound.name).toBe('幸福里');
    expect(bound?.group.kind).toBe('staff');
  });

  it('GIVEN a group bound by this message THEN the dispatch names the room (the transport reads its members); any other message names none', async () => {
    const h = await createCommandHarness({ admins: ['wxid_boss'] });
    expect((await h.say(OWNER, '/绑定群 幸福里', { room: newRoom })).result.boundRoomId).toBeUndefined();
    const { result } = await h.say('wxid_boss', '/绑定群 幸福里', { room: newRoom });
    expect(result.status).toBe('ok');
    expect(result.boundRoomId).toBe(newRoom.id);
    // Already bound: its members have been followed since the first binding.
    expect(
      (await h.say('wxid_boss', '/绑定群 幸福里 工作群', { room: newRoom })).result.boundRoomId,
    ).toBeUndefined();
    expect((await h.say(OWNER, '/三务', { room: newRoom })).result.boundRoomId).toBeUndefined();
  });

  it('GIVEN an owner in a new group THEN binding is refused and nothing is stored', async () => {
    const h = await createCommandHarness();
    expect(await h.reply(OWNER, '/绑定群 幸福里', { room: newRoom })).toBe('只有管理员可以用 /绑定群。');
    expect(await groupByRoom(h.handle.db, newRoom.id)).toBeNull();
  });

  it("GIVEN a compound's own admin in a new group THEN they may bind it to their compound but not create another", async () => {
    const h = await createCommandHarness();
    expect(await h.reply(ADMIN, '/绑定群 别的小区', { room: newRoom })).toContain('不是「别的小区」的管理员');
    expect(await h.reply(ADMIN, '/绑定群 阳光花园 业委会群', { room: newRoom })).toContain('业委会群');
    expect((await groupByRoom(h.handle.db, newRoom.id))?.compound.name).toBe('阳光花园');
  });

  it('GIVEN a bound group WHEN a configured admin binds it to a new, mistyped name THEN nothing moves and the bot explains, names the near compound and asks for 确认', async () => {
    const h = await createCommandHarness({ admins: ['wxid_boss'] });
    expect((await h.say(OWNER, '/报修 3号楼楼道灯不亮')).result.status).toBe('ok');
    const text = await h.reply('wxid_boss', '/绑定群 阳光花圆');
    expect(text).toContain('本群已绑定小区「阳光花园」(1 张工单)');
    expect(text).toContain('新建小区「阳光花圆」');
    expect(text).toContain('你是不是想写「阳光花园」? 本群已经绑定在那里, 不用再发。');
    expect(text).toContain('确实要改绑, 请发送: /绑定群 阳光花圆 确认');
    expect((await groupByRoom(h.handle.db, demoOwnersRoom.id))?.compound.name).toBe('阳光花园');
    expect((await h.handle.db.select().from(compounds).all()).map((c) => c.name)).toEqual(['阳光花园']);
    expect(await h.reply(OWNER, '/进度 #1')).toContain('3号楼楼道灯不亮');
  });

  it('GIVEN a bound group WHEN the admin repeats the bind with 确认 THEN it moves to the new compound and says where it was', async () => {
    const h = await createCommandHarness({ admins: ['wxid_boss'] });
    const text = await h.reply('wxid_boss', '/绑定群 阳光花圆 确认');
    expect(text).toContain('本群已绑定到小区「阳光花圆」(新建)');
    expect(text).toContain('原来绑定的是「阳光花园」');
    expect((await groupByRoom(h.handle.db, demoOwnersRoom.id))?.compound.name).toBe('阳光花圆');
  });

  it('GIVEN a bound group WHEN it is bound to another existing compound THEN that too waits for 确认', async () => {
    const h = await createCommandHarness({ admins: ['wxid_boss'] });
    await h.reply('wxid_boss', '/绑定群 幸福里', { room: newRoom });
    const text = await h.reply('wxid_boss', '/绑定群 幸福里 工作群');
    expect(text).toContain('改绑到「幸福里」');
    expect(text).toContain('/绑定群 幸福里 工作群 确认');
    expect((await groupByRoom(h.handle.db, demoOwnersRoom.id))?.compound.name).toBe('阳光花园');
    expect(await h.reply('wxid_boss', '/绑定群 幸福里 确认 工作群')).toContain('原来绑定的是「阳光花园」');
    expect(await groupByRoom(h.handle.db, demoOwnersRoom.id)).toMatchObject({
      compound: { name: '幸福里' },
      group: { kind: 'staff' },
    });
  });

  it('GIVEN a bound group WHEN the same bind is sent again without a kind THEN it stays bound and keeps its kind', async () => {
    const h = await createCommandHarness({ admins: ['wxid_boss'] });
    for (const who of ['wxid_boss', ADMIN]) {
      expect(await h.reply(who, '/绑定群 阳光花园', { room: demoStaffRoom })).toContain(
        '本群已绑定到小区「阳光花园」, 类型: 物业工作群',
      );
    }
    expect((await groupByRoom(h.handle.db, demoStaffRoom.id))?.group.kind).toBe('staff');
    expect(await h.handle.db.select().from(compounds).all()).toHaveLength(1);
  });

  it('GIVEN an unbound group WHEN it is bound to a new name close to an existing compound THEN it is bound at once, with a hint', async () => {
    const h = await createCommandHarness({ admins: ['wxid_boss'] });
    const text = await h.reply('wxid_boss', '/绑定群 阳光花圆', { room: newRoom });
    expect(text).toContain('本群已绑定到小区「阳光花圆」(新建)');
    expect(text).toContain('已有名字相近的小区「阳光花园」');
    expect((await groupByRoom(h.handle.db, newRoom.id))?.compound.name).toBe('阳光花圆');
  });

  it('GIVEN no compound name THEN the usage line is shown', async () => {
    const h = await createCommandHarness({ admins: ['wxid_boss'] });
    expect(await h.reply('wxid_boss', '/绑定群', { room: newRoom })).toBe(
      '请写上小区名。\n用法: /绑定群 <名称> [业主群|工作群|业委会群|社区群|街道群]',
    );
  });
});

describe('/角色', () => {
  it('GIVEN an admin grants 物业 THEN the person holds manager in this compound, by contact id', async () => {
    const h = await createCommandHarness();
    const text = await h.reply(ADMIN, '/角色 @李四 物业', { mentions: ['wxid_lisi'] });
    expect(text).toBe('已授予 李四 物业角色。现在: 业主、物业。');
    expect(await grantedRoles(h.handle.db, h.compoundId, 'wxid_lisi')).toEqual(['manager']);
  });

  it('GIVEN a role word like 师傅 or 居委会 THEN it maps to its role', async () => {
    const h = await createCommandHarness();
    await h.reply(ADMIN, '/角色 @李四 师傅', { mentions: ['wxid_lisi'] });
    await h.reply(ADMIN, '/角色 @李四 居委会', { mentions: ['wxid_lisi'] });
    expect((await grantedRoles(h.handle.db, h.compoundId, 'wxid_lisi')).sort()).toEqual([
      'community',
      'manager',
    ]);
  });

  it('GIVEN -角色 THEN the role is removed; removing one not held says so', async () => {
    const h = await createCommandHarness();
    expect(await h.reply(ADMIN, '/角色 @王师傅 -物业', { mentions: ['wxid_shifu_wang'] })).toContain(
      '已去掉',
    );
    expect(await grantedRoles(h.handle.db, h.compoundId, 'wxid_shifu_wang')).toEqual([]);
    expect(await h.reply(ADMIN, '/角色 @王师傅 -物业', { mentions: ['wxid_shifu_wang'] })).toContain(
      '本来就不是物业',
    );
  });

  it('GIVEN an unknown role word THEN the reply lists the accepted words and the usage', async () => {
    const h = await createCommandHarness();
    const text = await h.reply(ADMIN, '/角色 @李四 保安', { mentions: ['wxid_lisi'] });
    expect(text).toContain('不认识角色「保安」');
    expect(text).toContain('用法: /角色');
  });

  it('GIVEN several role words THEN all are granted at once and the reply names each', async () => {
    const h = await createCommandHarness();
    const text = await h.reply(ADMIN, '/角色 @李四 管理员 物业', { mentions: ['wxid_lisi'] });
    expect(text).toBe('已授予 李四 管理员、物业角色。现在: 业主、物业、管理员。');
    expect((await grantedRoles(h.handle.db, h.compoundId, 'wxid_lisi')).sort()).toEqual(['admin', 'manager']);
  });

  it('GIVEN role words separated by 、 or a comma, one of them already held THEN the others are granted and the held one is named', async () => {
    const h = await createCommandHarness();
    const text = await h.reply(ADMIN, '/角色 @王师傅 物业、业委会，网格长', {
      mentions: ['wxid_shifu_wang'],
    });
    expect(text).toBe(
      '已授予 王师傅 业委会委员、网格长角色 (本来就是物业)。现在: 业主、物业、业委会委员、网格长。',
    );
    expect((await grantedRoles(h.handle.db, h.compoundId, 'wxid_shifu_wang')).sort()).toEqual([
      'committee',
      'grid',
      'manager',
    ]);
  });

  it('GIVEN grants and -removals mixed THEN both are done in one step', async () => {
    const h = await createCommandHarness();
    const text = await h.reply(ADMIN, '/角色 @王师傅 -物业 业委会', { mentions: ['wxid_shifu_wang'] });
    expect(text).toBe('已授予 王师傅 业委会委员角色, 已去掉 物业角色。现在: 业主、业委会委员。');
    expect(await grantedRoles(h.handle.db, h.compoundId, 'wxid_shifu_wang')).toEqual(['committee']);
  });

  it.each([
    ['/角色 @李四 管理员 保安', '不认识角色「保安」'],
    ['/角色 @李四 物业 谢谢', '不认识角色「谢谢」'],
    ['/角色 @李四 物业 -管家', '「物业」和「-管家」是同一个角色'],
    ['/角色 @李四 管理员 业主', '业主身份不用授予'],
  ])('GIVEN %s THEN the whole command is refused (%s) and nothing is granted', async (cmd, problem) => {
    const h = await createCommandHarness();
    const text = await h.reply(ADMIN, cmd, { mentions: ['wxid_lisi'] });
    expect(text).toContain(problem);
    expect(text).toContain('用法: /角色');
    expect(await grantedRoles(h.handle.db, h.compoundId, 'wxid_lisi')).toEqual([]);
  });

  it('GIVEN a blank after the minus THEN the role is still removed; a minus alone is refused', async () => {
    const h = await createCommandHarness();
    expect(await h.reply(ADMIN, '/角色 @王师傅 - 物业', { mentions: ['wxid_shifu_wang'] })).toBe(
      '已去掉 王师傅 物业角色。现在: 业主。',
    );
    expect(await h.reply(ADMIN, '/角色 @王师傅 -', { mentions: ['wxid_shifu_wang'] })).toContain(
      '减号后面要写角色',
    );
  });

  it('GIVEN an unknown word among several THEN the reply lists the accepted role words', async () => {
    const h = await createCommandHarness();
    expect(await h.reply(ADMIN, '/角色 @李四 管理员 保安', { mentions: ['wxid_lisi'] })).toContain(
      '可以用: 业主、物业、管家、师傅',
    );
  });

  it('GIVEN an admin removing their own admin role among other changes THEN nothing changes', async () => {
    const h = await createCommandHarness();
    const text = await h.reply(ADMIN, '/角色 @刘管理员 物业 -管理员', { mentions: [ADMIN] });
    expect(text).toContain('不能去掉自己的管理员角色');
    expect(await grantedRoles(h.handle.db, h.compoundId, ADMIN)).toEqual(['admin']);
  });

  it('GIVEN every change is already so THEN the reply says nothing changed', async () => {
    const h = await createCommandHarness();
    expect(await h.reply(ADMIN, '/角色 @王师傅 物业 -业委会', { mentions: ['wxid_shifu_wang'] })).toBe(
      '没有改动: 王师傅 本来就是物业, 本来就不是业委会委员。',
    );
  });

  it('GIVEN a name typed by hand instead of a real @mention THEN nobody is granted anything', async () => {
    const h = await createCommandHarness();
    const text = await h.reply(ADMIN, '/角色 @李四 物业');
    expect(text).toContain('用 @ 从成员列表中选择');
    expect(await grantedRoles(h.handle.db, h.compoundId, 'wxid_lisi')).toEqual([]);
  });

  it('GIVEN someone renamed to look like the admin THEN they still cannot grant roles', async () => {
    const h = await createCommandHarness();
    const { replies } = await h.say('wxid_lisi', '/角色 @李四 管理员', { mentions: ['wxid_lisi'] });
    expect(replies[0]?.text).toBe('只有管理员可以用 /角色。');
    expect(await grantedRoles(h.handle.db, h.compoundId, 'wxid_lisi')).toEqual([]);
  });

  it('GIVEN roles granted in one compound THEN they do not count in another', async () => {
    const h = await createCommandHarness({ admins: ['wxid_boss'] });
    await h.reply('wxid_boss', '/绑定群 幸福里', { room: newRoom });
    expect(await h.reply(ADMIN, '/角色 @李四 物业', { room: newRoom, mentions: ['wxid_lisi'] })).toBe(
      '只有管理员可以用 /角色。',
    );
  });
});

describe('/绑定 and /认证', () => {
  it('GIVEN an owner binds a unit THEN a pending claim with the exact area in 0.01㎡ is stored', async () => {
    const h = await createCommandHarness();
    const text = await h.reply(OWNER, '/绑定 3-2-301 89.37');
    expect(text).toContain('3-2-301 (89.37㎡)');
    expect(text).toContain('等待业委会或管理员认证');
    const [claim] = await h.handle.db.select().from(unitClaims).all();
    expect(claim).toMatchObject({ personId: OWNER, areaCenti: 8937, status: 'pending' });
  });

  it.each([
    ['/绑定 3号楼2单元301室 89.5平米', '3-2-301', 8950],
    ['/绑定 ３－２－３０１ １２０', '3-2-301', 12000],
    ['/绑定 12-1502 120㎡', '12-1502', 12000],
  ])('GIVEN %s THEN it reads unit %s and area %i', async (cmd, label, centi) => {
    const h = await createCommandHarness();
    expect(await h.reply(OWNER, cmd)).toContain(label);
    expect((await h.handle.db.select().from(unitClaims).all())[0]?.areaCenti).toBe(centi);
  });

  it.each([
    ['/绑定', '请写上房号和面积'],
    ['/绑定 3-2-301', '请写上房屋的建筑面积'],
    ['/绑定 我家 90', '房号看不懂'],
    ['/绑定 3-2-301 九十', '面积「九十」看不懂'],
    ['/绑定 3-2-301 89.123', '最多两位小数'],
    ['/绑定 3-2-301 0', '看不懂'],
    ['/绑定 A-B-C 90', '房号看不懂'],
    ['/绑定 0-0-0 90', '单元号和室号是从 1 起的数字'],
    ['/绑定 3-2-302 99999', '面积应在 5 到 1000 平方米之间'],
    ['/绑定 3-2-302 2', '面积应在 5 到 1000 平方米之间'],
  ])('GIVEN %s THEN a clear refusal (%s) with the usage line and nothing stored', async (cmd, problem) => {
    const h = await createCommandHarness();
    const text = await h.reply(OWNER, cmd);
    expect(text).toContain(problem);
    expect(text).toContain('用法: /绑定 <楼-单元-室> <面积㎡>');
    expect(await h.handle.db.select().from(units).all()).toEqual([]);
  });

  it('GIVEN a pending claim THEN a committee member verifies it and the unit gets the area', async () => {
    const h = await createCommandHarness();
    await h.reply(OWNER, '/绑定 3-2-301 89.5');
    const text = await h.reply(COMMITTEE, '/认证 @张三', { mentions: [OWNER] });
    expect(text).toContain('已认证 张三 为 3-2-301 的业主, 面积 89.50㎡');
    expect((await h.handle.db.select().from(unitClaims).all())[0]).toMatchObject({
      status: 'verified',
      verifiedBy: COMMITTEE,
    });
    expect((await h.handle.db.select().from(units).all())[0]?.areaCenti).toBe(8950);
  });

  it('GIVEN two pending claims THEN /认证 without a unit asks which one, with the unit verifies that one', async () => {
    const h = await createCommandHarness();
    await h.reply(OWNER, '/绑定 3-2-301 89.5');
    await h.reply(OWNER, '/绑定 5-1-102 60');
    expect(await h.reply(COMMITTEE, '/认证 @张三', { mentions: [OWNER] })).toContain('3-2-301、5-1-102');
    expect(await h.reply(COMMITTEE, '/认证 @张三 5-1-102', { mentions: [OWNER] })).toContain('5-1-102');
    const statuses = (await h.handle.db.select().from(unitClaims).all()).map((c) => c.status);
    expect(statuses.sort()).toEqual(['pending', 'verified']);
  });

  it('GIVEN /认证 with a unit that is not a 楼-单元-室 address THEN it is refused and no unit is made', async () => {
    const h = await createCommandHarness();
    await h.reply(OWNER, '/绑定 3-2-301 89.5');
    expect(await h.reply(COMMITTEE, '/认证 @张三 0-0-0', { mentions: [OWNER] })).toContain(
      '房号「0-0-0」看不懂',
    );
    expect(await h.handle.db.select().from(units).all()).toHaveLength(1);
  });

  it('GIVEN A座2单元1201室 THEN the unit is A-2-1201', async () => {
    const h = await createCommandHarness();
    expect(await h.reply(OWNER, '/绑定 A座2单元1201室 120')).toContain('A-2-1201 (120.00㎡)');
  });

  it('GIVEN no claim THEN /认证 explains the owner must /绑定 first', async () => {
    const h = await createCommandHarness();
    expect(await h.reply(COMMITTEE, '/认证 @张三', { mentions: [OWNER] })).toContain('/绑定');
  });

  it('GIVEN an owner THEN /认证 is refused, saying committee and admins may', async () => {
    const h = await createCommandHarness();
    await h.reply(OWNER, '/绑定 3-2-301 89.5');
    expect(await h.reply('wxid_lisi', '/认证 @张三', { mentions: [OWNER] })).toBe(
      '只有业委会委员、管理员可以用 /认证。',
    );
  });

  it('GIVEN a verified unit THEN binding it again says it is verified already', async () => {
    const h = await createCommandHarness();
    await h.reply(OWNER, '/绑定 3-2-301 89.5');
    await h.reply(COMMITTEE, '/认证 @张三', { mentions: [OWNER] });
    expect(await h.reply(OWNER, '/绑定 3-2-301 95')).toContain('已经认证过了');
    expect((await h.handle.db.select().from(unitClaims).all())[0]?.areaCenti).toBe(8950);
  });
});

describe('/设置', () => {
  it('GIVEN no change THEN all settings are shown with the 5431 defaults', async () => {
    const h = await createCommandHarness();
    const text = await h.reply(COMMITTEE, '/设置');
    expect(text).toContain('响应时限: 5分钟');
    expect(text).toContain('一般 解决时限: 30分钟');
    expect(text).toContain('重大 解决时限: 4小时');
    expect(text).toContain('复杂 方案时限: 1天');
    expect(text).toContain('免打扰: 22:00-07:00');
    expect(text).toContain('公示 (三务公开): 0 9 1 * *');
    expect(text).toContain('周报: 0 9 * * 1');
    expect(text).toContain('提醒: 50% 80%');
    expect(text).toContain('附件 单个上限: 20MB');
    expect(text).toContain('附件 每单个数: 9');
    expect(text).toContain('附件 每单合计: 50MB');
  });

  it('GIVEN /设置 附件 个数 3 THEN /设置 shows it next to the default, and 默认 restores it', async () => {
    const h = await createCommandHarness();
    expect(await h.reply(COMMITTEE, '/设置 附件 个数 3')).toBe(
      '已把每个工单的附件个数上限从 9 个 改为 3 个。',
    );
    expect(await h.reply(COMMITTEE, '/设置')).toContain('附件 每单个数: 3 (默认 9)');
    expect(await h.reply(COMMITTEE, '/设置 附件 个数 默认')).toContain('改为 9 个');
  });

  it('GIVEN /设置 时限 一般 20秒 THEN the setting changes and /设置 shows it next to the default', async () => {
    const h = await createCommandHarness();
    expect(await h.reply(COMMITTEE, '/设置 时限 一般 20秒')).toContain('从 30分钟 改为 20秒');
    expect(await h.reply(COMMITTEE, '/设置')).toContain('一般 解决时限: 20秒 (默认 30分钟)');
    expect(await h.reply(COMMITTEE, '/设置 时限 一般 默认')).toContain('改为 30分钟');
  });

  it.each([
    ['/设置 免打扰 23:00-06:30', '改为 23:00-06:30'],
    ['/设置 免打扰 关', '改为 关'],
    ['/设置 公示 30 8 1 * *', '改为「30 8 1 * *」'],
    ['/设置 周报 0 9 * * 1', '改为「0 9 * * 1」'],
    ['/设置 提醒 30% 60% 90%', '改为 30% 60% 90%'],
    ['/设置 时限 响应 10分钟', '改为 10分钟'],
    ['/设置 附件 单个 10MB', '单个附件的大小上限从 20MB 改为 10MB'],
    ['/设置 附件 单个 512KB', '改为 512KB'],
    ['/设置 附件 单个 1.5M', '改为 1.5MB'],
    ['/设置 附件 合计 １００', '每个工单的附件合计上限从 50MB 改为 100MB'],
    ['/设置 附件 数量 12', '改为 12 个'],
  ])('GIVEN %s THEN %s', async (cmd, expected) => {
    const h = await createCommandHarness();
    expect(await h.reply(ADMIN, cmd)).toContain(expected);
  });

  it.each([
    ['/设置 公示 61 * * * *', '分钟「61」不对'],
    ['/设置 公示 * * * *', '需要 5 段'],
    ['/设置 时限 紧急 5分钟', '一般、重大、复杂 或 响应'],
    ['/设置 时限 一般 很快', ''],
    ['/设置 免打扰 晚上', '22:00-07:00'],
    ['/设置 提醒 120%', '1% 到 99%'],
    ['/设置 颜色 红', '没有「颜色」这个设置项'],
    ['/设置 附件 大小 10MB', '单个、个数 或 合计'],
    ['/设置 附件 单个', '例如 20MB'],
    ['/设置 附件 单个 0MB', '大小要在'],
    ['/设置 附件 单个 5GB', '大小要在'],
    ['/设置 附件 合计 很多', '看不懂'],
    ['/设置 附件 个数 0', '1 到 100'],
    ['/设置 附件 个数 2.5', '1 到 100'],
  ])(
    'GIVEN %s THEN a clear Chinese refusal with usage, and the setting is unchanged',
    async (cmd, problem) => {
      const h = await createCommandHarness();
      const before = await h.reply(COMMITTEE, '/设置');
      const text = await h.reply(COMMITTEE, cmd);
      expect(text).toContain(problem);
      expect(text).toContain('用法: /设置');
      expect(await h.reply(COMMITTEE, '/设置')).toBe(before);
    },
  );

  it('GIVEN an owner or a manager THEN /设置 is refused', async () => {
    const h = await createCommandHarness();
    expect(await h.reply(OWNER, '/设置')).toBe('只有管理员、业委会委员可以用 /设置。');
    expect(await h.reply('wxid_shifu_wang', '/设置 时限 一般 1天')).toBe(
      '只有管理员、业委会委员可以用 /设置。',
    );
  });
});

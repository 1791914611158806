import { describe, expect, it } from 'vitest';
import { groupByRoom } from '../../../db/compounds.js';
import { grantedRoles } from '../../../db/people.js';
import { unitClaims, units } from '../../../db/schema.js';
import { createCommandHarness } from '../../support/command-harness.js';

const newRoom = { id: 'new-group@chatroom', topic: '新小区业主群' };
const ADMIN = 'wxid_admin_liu';
const COMMITTEE = 'wxid_zhao_weiyuan';
const OWNER = 'wxid_zhangsan';

describe('/帮助', () => {
  it('GIVEN an owner THEN help lists owner commands and not admin-only ones', () => {
    const h = createCommandHarness();
    const text = h.reply(OWNER, '/帮助');
    expect(text).toContain('阳光花园');
    expect(text).toContain('/绑定 <楼-单元-室> <面积㎡>');
    expect(text).not.toContain('/角色');
    expect(text).not.toContain('/设置');
  });

  it('GIVEN an admin THEN help also lists /角色 and /设置', () => {
    const h = createCommandHarness();
    const text = h.reply(ADMIN, '/help');
    expect(text).toContain('/角色');
    expect(text).toContain('/设置');
  });

  it('GIVEN @bot 帮助 or the full-width slash THEN it is the same help', () => {
    const h = createCommandHarness();
    const slash = h.reply(OWNER, '/帮助');
    expect(h.reply(OWNER, '@红管家\u2005帮助')).toBe(slash);
    expect(h.reply(OWNER, '／帮助')).toBe(slash);
  });

  it('GIVEN /帮助 绑定 THEN it shows usage, aliases, who may use it and an example', () => {
    const h = createCommandHarness();
    const text = h.reply(OWNER, '/帮助 绑定');
    expect(text).toContain('用法: /绑定 <楼-单元-室> <面积㎡>');
    expect(text).toContain('/bind');
    expect(text).toContain('谁可以用: 所有人');
    expect(text).toContain('例: /绑定 3-2-301 89.5');
  });

  it('GIVEN /帮助 of an unknown command THEN it says so', () => {
    const h = createCommandHarness();
    expect(h.reply(OWNER, '/帮助 飞行')).toContain('没有 /飞行 这个命令');
  });
});

describe('echoing what a member typed', () => {
  it('GIVEN 10,000 characters pasted after a command word THEN the reply quotes 20 of them, not all', () => {
    const h = createCommandHarness();
    const paste = '灯'.repeat(10_000);
    for (const text of [`/帮助 ${paste}`, `/${paste}`, `/绑定 3-2-301 ${paste}`, `/设置 ${paste} 1`]) {
      const reply = h.reply(ADMIN, text);
      expect(reply.length, text.slice(0, 8)).toBeLessThan(300);
      expect(reply).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('GIVEN a short unknown word THEN it is quoted back whole', () => {
    const h = createCommandHarness();
    expect(h.reply(OWNER, '/帮助 报修单')).toContain('没有 /报修单 这个命令');
  });
});

describe('/绑定群', () => {
  it('GIVEN a configured admin in a new group THEN the group is bound to a new compound', () => {
    const h = createCommandHarness({ admins: ['wxid_boss'] });
    const text = h.reply('wxid_boss', '/绑定群 幸福里 工作群', { room: newRoom });
    expect(text).toContain('幸福里');
    expect(text).toContain('物业工作群');
    const bound = groupByRoom(h.handle.db, newRoom.id);
    expect(bound?.compound.name).toBe('幸福里');
    expect(bound?.group.kind).toBe('staff');
  });

  it('GIVEN an owner in a new group THEN binding is refused and nothing is stored', () => {
    const h = createCommandHarness();
    expect(h.reply(OWNER, '/绑定群 幸福里', { room: newRoom })).toBe('只有管理员可以用 /绑定群。');
    expect(groupByRoom(h.handle.db, newRoom.id)).toBeNull();
  });

  it("GIVEN a compound's own admin in a new group THEN they may bind it to their compound but not create another", () => {
    const h = createCommandHarness();
    expect(h.reply(ADMIN, '/绑定群 别的小区', { room: newRoom })).toContain('不是「别的小区」的管理员');
    expect(h.reply(ADMIN, '/绑定群 阳光花园 业委会群', { room: newRoom })).toContain('业委会群');
    expect(groupByRoom(h.handle.db, newRoom.id)?.compound.name).toBe('阳光花园');
  });

  it('GIVEN no compound name THEN the usage line is shown', () => {
    const h = createCommandHarness({ admins: ['wxid_boss'] });
    expect(h.reply('wxid_boss', '/绑定群', { room: newRoom })).toBe(
      '请写上小区名。\n用法: /绑定群 <小区名> [业主群|工作群|业委会群]',
    );
  });
});

describe('/角色', () => {
  it('GIVEN an admin grants 物业 THEN the person holds manager in this compound, by contact id', () => {
    const h = createCommandHarness();
    const text = h.reply(ADMIN, '/角色 @李四 物业', { mentions: ['wxid_lisi'] });
    expect(text).toBe('已授予 李四 物业角色。现在: 业主、物业。');
    expect(grantedRoles(h.handle.db, h.compoundId, 'wxid_lisi')).toEqual(['manager']);
  });

  it('GIVEN a role word like 师傅 or 居委会 THEN it maps to its role', () => {
    const h = createCommandHarness();
    h.reply(ADMIN, '/角色 @李四 师傅', { mentions: ['wxid_lisi'] });
    h.reply(ADMIN, '/角色 @李四 居委会', { mentions: ['wxid_lisi'] });
    expect(grantedRoles(h.handle.db, h.compoundId, 'wxid_lisi').sort()).toEqual(['community', 'manager']);
  });

  it('GIVEN -角色 THEN the role is removed; removing one not held says so', () => {
    const h = createCommandHarness();
    expect(h.reply(ADMIN, '/角色 @王师傅 -物业', { mentions: ['wxid_shifu_wang'] })).toContain('已去掉');
    expect(grantedRoles(h.handle.db, h.compoundId, 'wxid_shifu_wang')).toEqual([]);
    expect(h.reply(ADMIN, '/角色 @王师傅 -物业', { mentions: ['wxid_shifu_wang'] })).toContain(
      '本来就不是物业',
    );
  });

  it('GIVEN an unknown role word THEN the reply lists the accepted words and the usage', () => {
    const h = createCommandHarness();
    const text = h.reply(ADMIN, '/角色 @李四 保安', { mentions: ['wxid_lisi'] });
    expect(text).toContain('不认识角色「保安」');
    expect(text).toContain('用法: /角色');
  });

  it('GIVEN a name typed by hand instead of a real @mention THEN nobody is granted anything', () => {
    const h = createCommandHarness();
    const text = h.reply(ADMIN, '/角色 @李四 物业');
    expect(text).toContain('用 @ 从成员列表中选择');
    expect(grantedRoles(h.handle.db, h.compoundId, 'wxid_lisi')).toEqual([]);
  });

  it('GIVEN someone renamed to look like the admin THEN they still cannot grant roles', () => {
    const h = createCommandHarness();
    const { replies } = h.say('wxid_lisi', '/角色 @李四 管理员', { mentions: ['wxid_lisi'] });
    expect(replies[0]?.text).toBe('只有管理员可以用 /角色。');
    expect(grantedRoles(h.handle.db, h.compoundId, 'wxid_lisi')).toEqual([]);
  });

  it('GIVEN roles granted in one compound THEN they do not count in another', () => {
    const h = createCommandHarness({ admins: ['wxid_boss'] });
    h.reply('wxid_boss', '/绑定群 幸福里', { room: newRoom });
    expect(h.reply(ADMIN, '/角色 @李四 物业', { room: newRoom, mentions: ['wxid_lisi'] })).toBe(
      '只有管理员可以用 /角色。',
    );
  });
});

describe('/绑定 and /认证', () => {
  it('GIVEN an owner binds a unit THEN a pending claim with the exact area in 0.01㎡ is stored', () => {
    const h = createCommandHarness();
    const text = h.reply(OWNER, '/绑定 3-2-301 89.37');
    expect(text).toContain('3-2-301 (89.37㎡)');
    expect(text).toContain('等待业委会或管理员认证');
    const [claim] = h.handle.db.select().from(unitClaims).all();
    expect(claim).toMatchObject({ personId: OWNER, areaCenti: 8937, status: 'pending' });
  });

  it.each([
    ['/绑定 3号楼2单元301室 89.5平米', '3-2-301', 8950],
    ['/绑定 ３－２－３０１ １２０', '3-2-301', 12000],
    ['/绑定 12-1502 120㎡', '12-1502', 12000],
  ])('GIVEN %s THEN it reads unit %s and area %i', (cmd, label, centi) => {
    const h = createCommandHarness();
    expect(h.reply(OWNER, cmd)).toContain(label);
    expect(h.handle.db.select().from(unitClaims).all()[0]?.areaCenti).toBe(centi);
  });

  it.each([
    ['/绑定', '请写上房号和面积'],
    ['/绑定 3-2-301', '请写上房屋的建筑面积'],
    ['/绑定 我家 90', '房号看不懂'],
    ['/绑定 3-2-301 九十', '面积「九十」看不懂'],
    ['/绑定 3-2-301 89.123', '最多两位小数'],
    ['/绑定 3-2-301 0', '看不懂'],
  ])('GIVEN %s THEN a clear refusal (%s) with the usage line and nothing stored', (cmd, problem) => {
    const h = createCommandHarness();
    const text = h.reply(OWNER, cmd);
    expect(text).toContain(problem);
    expect(text).toContain('用法: /绑定 <楼-单元-室> <面积㎡>');
    expect(h.handle.db.select().from(units).all()).toEqual([]);
  });

  it('GIVEN a pending claim THEN a committee member verifies it and the unit gets the area', () => {
    const h = createCommandHarness();
    h.reply(OWNER, '/绑定 3-2-301 89.5');
    const text = h.reply(COMMITTEE, '/认证 @张三', { mentions: [OWNER] });
    expect(text).toContain('已认证 张三 为 3-2-301 的业主, 面积 89.50㎡');
    expect(h.handle.db.select().from(unitClaims).all()[0]).toMatchObject({
      status: 'verified',
      verifiedBy: COMMITTEE,
    });
    expect(h.handle.db.select().from(units).all()[0]?.areaCenti).toBe(8950);
  });

  it('GIVEN two pending claims THEN /认证 without a unit asks which one, with the unit verifies that one', () => {
    const h = createCommandHarness();
    h.reply(OWNER, '/绑定 3-2-301 89.5');
    h.reply(OWNER, '/绑定 5-1-102 60');
    expect(h.reply(COMMITTEE, '/认证 @张三', { mentions: [OWNER] })).toContain('3-2-301、5-1-102');
    expect(h.reply(COMMITTEE, '/认证 @张三 5-1-102', { mentions: [OWNER] })).toContain('5-1-102');
    const statuses = h.handle.db
      .select()
      .from(unitClaims)
      .all()
      .map((c) => c.status);
    expect(statuses.sort()).toEqual(['pending', 'verified']);
  });

  it('GIVEN no claim THEN /认证 explains the owner must /绑定 first', () => {
    const h = createCommandHarness();
    expect(h.reply(COMMITTEE, '/认证 @张三', { mentions: [OWNER] })).toContain('/绑定');
  });

  it('GIVEN an owner THEN /认证 is refused, saying committee and admins may', () => {
    const h = createCommandHarness();
    h.reply(OWNER, '/绑定 3-2-301 89.5');
    expect(h.reply('wxid_lisi', '/认证 @张三', { mentions: [OWNER] })).toBe(
      '只有业委会委员、管理员可以用 /认证。',
    );
  });

  it('GIVEN a verified unit THEN binding it again says it is verified already', () => {
    const h = createCommandHarness();
    h.reply(OWNER, '/绑定 3-2-301 89.5');
    h.reply(COMMITTEE, '/认证 @张三', { mentions: [OWNER] });
    expect(h.reply(OWNER, '/绑定 3-2-301 95')).toContain('已经认证过了');
    expect(h.handle.db.select().from(unitClaims).all()[0]?.areaCenti).toBe(8950);
  });
});

describe('/设置', () => {
  it('GIVEN no change THEN all settings are shown with the 5431 defaults', () => {
    const h = createCommandHarness();
    const text = h.reply(COMMITTEE, '/设置');
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

  it('GIVEN /设置 附件 个数 3 THEN /设置 shows it next to the default, and 默认 restores it', () => {
    const h = createCommandHarness();
    expect(h.reply(COMMITTEE, '/设置 附件 个数 3')).toBe('已把每个工单的附件个数上限从 9 个 改为 3 个。');
    expect(h.reply(COMMITTEE, '/设置')).toContain('附件 每单个数: 3 (默认 9)');
    expect(h.reply(COMMITTEE, '/设置 附件 个数 默认')).toContain('改为 9 个');
  });

  it('GIVEN /设置 时限 一般 20秒 THEN the setting changes and /设置 shows it next to the default', () => {
    const h = createCommandHarness();
    expect(h.reply(COMMITTEE, '/设置 时限 一般 20秒')).toContain('从 30分钟 改为 20秒');
    expect(h.reply(COMMITTEE, '/设置')).toContain('一般 解决时限: 20秒 (默认 30分钟)');
    expect(h.reply(COMMITTEE, '/设置 时限 一般 默认')).toContain('改为 30分钟');
  });

  it.each([
    ['/设置 免打扰 23:00-06:30', '改为 23:00-06:30'],
    ['/设置 免打扰 关', '改为 关'],
    ['/设置 公示 */1 * * * *', '改为「*/1 * * * *」'],
    ['/设置 周报 0 9 * * 1', '改为「0 9 * * 1」'],
    ['/设置 提醒 30% 60% 90%', '改为 30% 60% 90%'],
    ['/设置 时限 响应 10分钟', '改为 10分钟'],
    ['/设置 附件 单个 10MB', '单个附件的大小上限从 20MB 改为 10MB'],
    ['/设置 附件 单个 512KB', '改为 512KB'],
    ['/设置 附件 单个 1.5M', '改为 1.5MB'],
    ['/设置 附件 合计 １００', '每个工单的附件合计上限从 50MB 改为 100MB'],
    ['/设置 附件 数量 12', '改为 12 个'],
  ])('GIVEN %s THEN %s', (cmd, expected) => {
    const h = createCommandHarness();
    expect(h.reply(ADMIN, cmd)).toContain(expected);
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
  ])('GIVEN %s THEN a clear Chinese refusal with usage, and the setting is unchanged', (cmd, problem) => {
    const h = createCommandHarness();
    const before = h.reply(COMMITTEE, '/设置');
    const text = h.reply(COMMITTEE, cmd);
    expect(text).toContain(problem);
    expect(text).toContain('用法: /设置');
    expect(h.reply(COMMITTEE, '/设置')).toBe(before);
  });

  it('GIVEN an owner or a manager THEN /设置 is refused', () => {
    const h = createCommandHarness();
    expect(h.reply(OWNER, '/设置')).toBe('只有管理员、业委会委员可以用 /设置。');
    expect(h.reply('wxid_shifu_wang', '/设置 时限 一般 1天')).toBe('只有管理员、业委会委员可以用 /设置。');
  });
});

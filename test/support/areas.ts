/**
 * A street with one community and three compounds, set up as an admin would in the groups
 * (SPEC "Communities and streets"), for the tests of the levels above a compound:
 *
 * - 马栏街道 (street group `malan@chatroom`) ← 文苑社区 (community group `wenyuan@chatroom`)
 * - 文苑社区 ← 阳光花园 (the demo compound of the harness, 铁龙物业), 幸福小区 (铁龙物业),
 *   枫林小区 (万家物业); 幸福小区 and 枫林小区 each have an owners, a staff and a committee group.
 * - In the community group: 陈书记 (社区, granted there) and 孙网格长 (网格长, granted there), both
 *   members of it; 吴主任 (社区, granted in the street group) is a member of the street group only.
 *
 * The harness must be made with `admins: [AREA_ADMIN]`. Membership is written as the transport
 * writes it when a group is bound (its member list), so @mentions can be checked against it.
 */
import { syncMembers } from '../../db/people.js';
import type { CommandHarness } from './command-harness.js';

export const AREA_ADMIN = 'wxid_boss';

export const streetRoom = { id: 'malan@chatroom', topic: '马栏街道工作群' };
export const communityRoom = { id: 'wenyuan@chatroom', topic: '文苑社区工作群' };

export interface AreaCompound {
  name: string;
  company: string;
  owners: { id: string; topic: string };
  staff: { id: string; topic: string };
  committee: { id: string; topic: string };
  /** Member ids by role: a manager, a committee member and an owner of this compound. */
  manager: string;
  committeeMember: string;
  owner: string;
}

export const xingfu: AreaCompound = {
  name: '幸福小区',
  company: '铁龙物业',
  owners: { id: 'xingfu-owners@chatroom', topic: '幸福小区业主群' },
  staff: { id: 'xingfu-staff@chatroom', topic: '幸福小区物业群' },
  committee: { id: 'xingfu-committee@chatroom', topic: '幸福小区业委会' },
  manager: 'wxid_xf_manager',
  committeeMember: 'wxid_xf_committee',
  owner: 'wxid_xf_owner',
};

export const fenglin: AreaCompound = {
  name: '枫林小区',
  company: '万家物业',
  owners: { id: 'fenglin-owners@chatroom', topic: '枫林小区业主群' },
  staff: { id: 'fenglin-staff@chatroom', topic: '枫林小区物业群' },
  committee: { id: 'fenglin-committee@chatroom', topic: '枫林小区业委会' },
  manager: 'wxid_fl_manager',
  committeeMember: 'wxid_fl_committee',
  owner: 'wxid_fl_owner',
};

export const areaPeople = {
  secretary: { id: 'wxid_chen_shuji', name: '陈书记' },
  gridHead: { id: 'wxid_sun_wangge', name: '孙网格长' },
  streetOfficer: { id: 'wxid_wu_zhuren', name: '吴主任' },
  boss: { id: AREA_ADMIN, name: '街道管理员' },
};

const names: Record<string, string> = {
  [xingfu.manager]: '幸福物业小周',
  [xingfu.committeeMember]: '幸福业委会老钱',
  [xingfu.owner]: '幸福业主小林',
  [fenglin.manager]: '枫林物业老马',
  [fenglin.committeeMember]: '枫林业委会老何',
  [fenglin.owner]: '枫林业主小吴',
};

/** The display name the seeded people of this street go by. */
export function areaName(id: string): string {
  return names[id] ?? Object.values(areaPeople).find((p) => p.id === id)?.name ?? id;
}

async function must(
  h: CommandHarness,
  who: string,
  text: string,
  room: { id: string; topic: string },
  mention?: string,
) {
  const mentions = mention ? [{ id: mention, name: areaName(mention) }] : [];
  const { result, replies } = await h.say(who, text, { room, name: areaName(who), mentions });
  if (result.status !== 'ok') {
    throw new Error(
      `seeding "${text}" in ${room.topic}: ${result.status} ${JSON.stringify(replies.map((r) => r.text))}`,
    );
  }
}

/** Sets the street up through the commands, as an admin would. */
export async function seedStreet(h: CommandHarness): Promise<void> {
  const { secretary, gridHead, streetOfficer, boss } = areaPeople;
  await must(h, AREA_ADMIN, '/绑定群 马栏街道 街道群', streetRoom);
  await must(h, AREA_ADMIN, '/绑定群 文苑社区 社区群', communityRoom);
  await must(h, AREA_ADMIN, '/归属 马栏街道', communityRoom);
  await syncMembers(h.handle.db, communityRoom.id, [boss, secretary, gridHead], h.now);
  await syncMembers(h.handle.db, streetRoom.id, [boss, streetOfficer], h.now);
  await must(h, AREA_ADMIN, `/角色 @${secretary.name} 社区`, communityRoom, secretary.id);
  await must(h, AREA_ADMIN, `/角色 @${gridHead.name} 网格长`, communityRoom, gridHead.id);
  await must(h, AREA_ADMIN, `/角色 @${streetOfficer.name} 社区`, streetRoom, streetOfficer.id);

  // The demo compound joins the community (the harness seeded it with its own groups and roles).
  await must(h, AREA_ADMIN, '/归属 文苑社区', { id: 'sunshine-owners@chatroom', topic: '阳光花园业主群' });
  await must(h, AREA_ADMIN, '/物业公司 铁龙物业', {
    id: 'sunshine-owners@chatroom',
    topic: '阳光花园业主群',
  });
  for (const c of [xingfu, fenglin]) {
    await must(h, AREA_ADMIN, `/绑定群 ${c.name}`, c.owners);
    await must(h, AREA_ADMIN, `/绑定群 ${c.name} 工作群`, c.staff);
    await must(h, AREA_ADMIN, `/绑定群 ${c.name} 业委会群`, c.committee);
    await must(h, AREA_ADMIN, '/归属 文苑社区', c.owners);
    await must(h, AREA_ADMIN, `/物业公司 ${c.company}`, c.owners);
    const member = (id: string) => ({ id, name: areaName(id) });
    await syncMembers(
      h.handle.db,
      c.owners.id,
      [boss, member(c.manager), member(c.committeeMember), member(c.owner)],
      h.now,
    );
    await syncMembers(h.handle.db, c.staff.id, [boss, member(c.manager), member(c.committeeMember)], h.now);
    await syncMembers(h.handle.db, c.committee.id, [boss, member(c.committeeMember)], h.now);
    await must(h, AREA_ADMIN, `/角色 @${areaName(c.manager)} 物业`, c.owners, c.manager);
    await must(h, AREA_ADMIN, `/角色 @${areaName(c.committeeMember)} 业委会`, c.owners, c.committeeMember);
  }
}

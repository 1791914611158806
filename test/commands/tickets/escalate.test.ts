/**
 * 吹哨 reaches the community (SPEC "Communities and streets"): into the community group with the
 * timeline, @mentioning the community role holders who are members of it; without a community
 * group, into the compound's committee group (else staff, else owners), saying so. By hand
 * (`/吹哨`) and by the reminders schedule at twice the solve window.
 */
import { describe, expect, it } from 'vitest';
import { membersLeft, touchMember } from '../../../db/people.js';
import { runSchedule } from '../../../schedules/runner.js';
import { ticketReminderSchedule } from '../../../schedules/ticket-reminders.js';
import { AREA_ADMIN, areaName, areaPeople, communityRoom, seedStreet, xingfu } from '../../support/areas.js';
import { type CommandHarness, createCommandHarness, type Reply } from '../../support/command-harness.js';
import {
  ADMIN,
  bindCommitteeGroup,
  CHEN,
  COMMITTEE_ROOM,
  file,
  MINUTE,
  OWNERS,
  STAFF,
  SUN,
  ticket,
  to,
} from './ticket-kit.js';

const FILED = Date.UTC(2026, 10, 23, 2, 0); // Mon 2026-11-23 10:00 in Shanghai
const { secretary, gridHead, streetOfficer } = areaPeople;

const as = (id: string, room: { id: string; topic: string }) => ({ room, name: areaName(id) });

async function street(): Promise<CommandHarness> {
  const h = await createCommandHarness({ now: FILED, admins: [AREA_ADMIN] });
  await seedStreet(h);
  return h;
}

/** 幸福小区's owner files #1, a general ticket (30 minutes to solve). */
async function fileInXingfu(h: CommandHarness): Promise<void> {
  const { result } = await h.say(xingfu.owner, '/报修 3号楼楼道灯不亮', as(xingfu.owner, xingfu.owners));
  expect(result.status).toBe('ok');
}

const lines = (r: Reply) => r.text?.split('\n') ?? [];

describe('/吹哨 in a compound whose community has a group', () => {
  it('GIVEN 幸福小区 in 文苑社区 WHEN the grid head blows the whistle THEN the community group gets the timeline and @mentions the 社区 holder who is in it', async () => {
    const h = await street();
    await fileInXingfu(h);
    const { replies } = await h.say(gridHead.id, '/吹哨 #1 拖太久', as(gridHead.id, xingfu.owners));

    const community = to(replies, communityRoom.id);
    expect(lines(community).slice(0, 2)).toEqual([
      '【吹哨】幸福小区#1 维修·一般 已上报社区 (孙网格长 吹哨: 拖太久)。',
      '请社区处理: 定下办法后发 /方案 幸福小区#1 <决定> 交回小区执行, 或办结后发 /完成 幸福小区#1 <说明>; 查看发 /进度 幸福小区#1。',
    ]);
    expect(community.text).toContain('内容: 3号楼楼道灯不亮');
    expect(community.text).toContain('进展:\n10:00 幸福业主小林 报修\n10:00 孙网格长 吹哨: 拖太久');
    // 吴主任 holds 社区 too (granted in the street group) but is not in the community group: no @,
    // and no name either (he is not there to read it). The grid head reads it without an @.
    expect(community.mentionIds).toEqual([secretary.id]);
    expect(community.text).not.toContain(streetOfficer.name);

    expect(to(replies, xingfu.committee.id).text).toBe(
      '#1 维修·一般 (孙网格长 吹哨: 拖太久) 已上报「文苑社区」社区群。业委会跟进到结单: /进度 #1',
    );
    expect(to(replies, xingfu.staff.id).text).toBe(
      '#1 已吹哨, 已上报「文苑社区」社区群: 3号楼楼道灯不亮 (孙网格长 吹哨: 拖太久)。查看: /进度 #1',
    );
    expect(to(replies, xingfu.owners.id).text).toBe(
      '已吹哨 #1, 已上报「文苑社区」社区群, 已提醒 陈书记, 业委会跟进到结单。',
    );
    expect(replies).toHaveLength(4);
    expect(replies.filter((r) => r.mentionIds.length > 0)).toHaveLength(1);
  });

  it('GIVEN the secretary left the community group THEN the escalation still goes there and @mentions nobody', async () => {
    const h = await street();
    await membersLeft(h.handle.db, communityRoom.id, [secretary.id], h.now);
    await fileInXingfu(h);
    const { replies } = await h.say(
      xingfu.committeeMember,
      '/吹哨 #1',
      as(xingfu.committeeMember, xingfu.owners),
    );
    const community = to(replies, communityRoom.id);
    expect(community.text).toMatch(/^【吹哨】幸福小区#1 /);
    expect(community.mentionIds).toEqual([]);
    expect(to(replies, xingfu.owners.id).text).toBe(
      '已吹哨 #1, 已上报「文苑社区」社区群, 业委会跟进到结单。',
    );
  });

  it('GIVEN /吹哨 in the staff group THEN the staff line there is the answer and the owners group is told where it went', async () => {
    const h = await street();
    await fileInXingfu(h);
    await touchMember(h.handle.db, xingfu.staff.id, gridHead.id, h.now);
    const { replies } = await h.say(gridHead.id, '/吹哨 #1', as(gridHead.id, xingfu.staff));
    expect(to(replies, xingfu.staff.id).text).toBe(
      '#1 已吹哨, 已上报「文苑社区」社区群: 3号楼楼道灯不亮 (孙网格长 吹哨)。查看: /进度 #1',
    );
    expect(to(replies, xingfu.owners.id).text).toBe(
      '#1 已由 孙网格长 吹哨, 已上报「文苑社区」社区群, 业委会跟进到结单。',
    );
    expect(to(replies, communityRoom.id).mentionIds).toEqual([secretary.id]);
  });

  it('GIVEN twice the solve window passes unresolved THEN the schedule escalates into the community group, once, as the system', async () => {
    const h = await street();
    await fileInXingfu(h);
    const run = (at: number) =>
      runSchedule(h.handle.db, ticketReminderSchedule, at, { tz: h.tz, publicUrl: 'http://localhost:8080' });
    await run(FILED + 59 * MINUTE);
    const before = await h.lastOutboxId();
    await run(FILED + 60 * MINUTE);
    await run(FILED + 61 * MINUTE);
    const sent = await h.outboxSince(before);
    const community = to(sent, communityRoom.id);
    expect(lines(community)[0]).toBe(
      '【吹哨】幸福小区#1 维修·一般 已上报社区 (系统 吹哨: 超过 2 倍解决时限 (1小时) 仍未解决, 系统自动吹哨)。',
    );
    expect(community.mentionIds).toEqual([secretary.id]);
    expect(to(sent, xingfu.committee.id).text).toContain('已上报「文苑社区」社区群。业委会跟进到结单');
    expect(to(sent, xingfu.staff.id).text).toContain('#1 已吹哨, 已上报「文苑社区」社区群');
    expect(sent.map((r) => r.conversationId).sort()).toEqual(
      [communityRoom.id, xingfu.committee.id, xingfu.staff.id].sort(),
    );
  });
});

describe('/吹哨 in a compound with no community group yet', () => {
  it('GIVEN a compound of no community, with a committee group THEN the committee group gets the timeline and says to set the community', async () => {
    const h = await createCommandHarness({ now: FILED });
    await bindCommitteeGroup(h);
    await touchMember(h.handle.db, COMMITTEE_ROOM.id, CHEN, h.now);
    const no = await file(h);
    const { replies } = await h.say(SUN, `/吹哨 #${no} 物业不处理`);

    const committee = to(replies, COMMITTEE_ROOM.id);
    expect(lines(committee).slice(0, 2)).toEqual([
      '【吹哨】#1 维修·一般 (孙网格长 吹哨: 物业不处理), 业委会跟进到结单。本小区还没有归属社区, 先发到本群; 请管理员发送 /归属 <社区名>。',
      '请社区处理: 定下办法后发 /方案 #1 <决定> 交回小区执行, 或办结后发 /完成 #1 <说明>; 查看发 /进度 #1。',
    ]);
    expect(committee.text).toContain('进展:');
    expect(committee.mentionIds).toEqual([CHEN]);
    expect(to(replies, STAFF.id).text).toBe(
      '#1 已吹哨, 已发到本小区业委会群 (本小区还没有归属社区): 3号楼2单元楼道灯不亮 (孙网格长 吹哨: 物业不处理)。查看: /进度 #1',
    );
    expect(to(replies, OWNERS.id).text).toBe(
      '已吹哨 #1, 已发到本小区业委会群 (本小区还没有归属社区), 已提醒 陈书记, 业委会跟进到结单。请管理员发送 /归属 <社区名>。',
    );
    expect(replies).toHaveLength(3);
    expect((await ticket(h, no)).escalatedAt).toBe(FILED);
  });

  it('GIVEN a community with no group and no committee group THEN the staff group gets the timeline, @mentioning the 社区 holder who is in it', async () => {
    const h = await createCommandHarness({ now: FILED });
    expect((await h.say(ADMIN, '/归属 新桥社区')).result.status).toBe('ok');
    const no = await file(h);
    const { replies } = await h.say(SUN, `/吹哨 #${no}`);

    const staff = to(replies, STAFF.id);
    expect(lines(staff)[0]).toBe(
      '【吹哨】#1 维修·一般 (孙网格长 吹哨), 业委会跟进到结单。本小区所属的「新桥社区」还没有社区群, 先发到本群; 请管理员在社区的群里发送 /绑定群 新桥社区 社区群。',
    );
    expect(staff.mentionIds).toEqual([CHEN]);
    // No committee group: the committee's line goes to the owners group, where /吹哨 was sent, and
    // is the answer there.
    expect(to(replies, OWNERS.id).text).toBe(
      '#1 维修·一般 (孙网格长 吹哨) 已发到本小区物业工作群 (本小区所属的「新桥社区」还没有社区群)。业委会跟进到结单: /进度 #1\n请管理员在社区的群里发送 /绑定群 新桥社区 社区群。',
    );
    expect(replies).toHaveLength(2);
  });

  it('GIVEN nobody holds 社区 THEN the escalation still goes out and says who should be registered', async () => {
    const h = await createCommandHarness({ now: FILED });
    expect((await h.say(ADMIN, '/角色 @陈书记 -社区', { mentions: [CHEN] })).result.status).toBe('ok');
    await bindCommitteeGroup(h);
    const no = await file(h);
    const { replies } = await h.say(SUN, `/吹哨 #${no}`);
    expect(lines(to(replies, COMMITTEE_ROOM.id))[2]).toBe(
      '本小区还没有社区人员, 请管理员用 /角色 @某人 社区 登记。',
    );
    expect(to(replies, OWNERS.id).text).toBe(
      '已吹哨 #1, 已发到本小区业委会群 (本小区还没有归属社区), 业委会跟进到结单。请管理员发送 /归属 <社区名>。本小区还没有社区人员, 请管理员用 /角色 @某人 社区 登记。',
    );
    expect(replies.every((r) => r.mentionIds.length === 0)).toBe(true);
  });
});

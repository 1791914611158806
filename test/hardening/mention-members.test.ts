/**
 * "Nobody is ever @mentioned in a group they are not a member of" (SPEC "Communities and
 * streets"), checked on every message of a broad scenario on the street fixture: tickets filed,
 * taken and assigned (also to a manager in none of the groups), urged, reminded, escalated by hand
 * and automatically into the community group and into a compound's own group, resolved by the
 * community and confirmed, a poll with its reminders and result, the daily digest, members leaving.
 * After every step, each row queued for a group is checked against that group's roster as it was
 * then (group_members with no leftAt).
 */
import { and, eq, isNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { demoOwnersRoom, demoStaffRoom } from '../../bot/sandbox/demo-compound.js';
import { membersLeft, syncMembers } from '../../db/people.js';
import { groupMembers, outbox } from '../../db/schema.js';
import { allSchedules } from '../../schedules/index.js';
import { runSchedule } from '../../schedules/runner.js';
import { local } from '../schedules/fixtures.js';
import {
  AREA_ADMIN,
  areaName,
  areaPeople,
  communityRoom,
  fenglin,
  seedStreet,
  xingfu,
} from '../support/areas.js';
import { type CommandHarness, createCommandHarness, type Reply } from '../support/command-harness.js';

const START = local('2026-11-23 10:00');
const MINUTE = 60_000;
const ZHANGSAN = 'wxid_zhangsan';
const SHIFU = 'wxid_shifu_wang';
const CHEN = areaPeople.secretary.id;
/** A second manager of 幸福小区, granted by name and in none of its groups. */
const LAOZHAO = { id: 'wxid_xf_manager2', name: '幸福物业老赵' };

type Room = { id: string; topic: string };

const OTHER: Room = { id: 'other-owners@chatroom', topic: '别的小区业主群' };
const OTHER_OWNER = { id: 'wxid_other_owner', name: '别处业主' };

interface Checked {
  h: CommandHarness;
  /** Says `text` as `who` in `room`; the command must succeed. Returns the rows it queued. */
  say(who: string, text: string, room: Room, mentions?: { id: string; name: string }[]): Promise<Reply[]>;
  /** Runs every schedule at `at`. */
  tick(at: number): Promise<void>;
  /** Every row queued so far, each checked. */
  all: Reply[];
}

/** Fails when a row just queued for a group @mentions someone who is not a member of it now. */
async function checkSince(h: CommandHarness, afterId: number, all: Reply[]): Promise<Reply[]> {
  const rows = await h.handle.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.target, 'room')))
    .all();
  const fresh = rows.filter((r) => r.id > afterId);
  for (const row of fresh) {
    const mentioned: string[] = JSON.parse(row.mentionIds);
    for (const id of mentioned) {
      const member = await h.handle.db
        .select()
        .from(groupMembers)
        .where(
          and(
            eq(groupMembers.roomId, row.conversationId),
            eq(groupMembers.personId, id),
            isNull(groupMembers.leftAt),
          ),
        )
        .get();
      expect(member, `${id} @mentioned in ${row.conversationId}, not a member: ${row.text}`).toBeDefined();
    }
  }
  const replies = await h.outboxSince(afterId);
  all.push(...replies);
  return replies;
}

/** The street's people by their fixture names, the other compound's owner, the demo's by the harness. */
function nameOf(id: string): string | undefined {
  if (id === OTHER_OWNER.id) return OTHER_OWNER.name;
  return areaName(id) === id ? undefined : areaName(id);
}

async function scenario(): Promise<Checked> {
  const h = await createCommandHarness({ now: START, admins: [AREA_ADMIN] });
  await seedStreet(h);
  const all: Reply[] = [];
  return {
    h,
    all,
    async say(who, text, room, mentions = []) {
      const before = await h.lastOutboxId();
      const { result, replies } = await h.say(who, text, { room, name: nameOf(who), mentions });
      expect(result.status, `${text}: ${JSON.stringify(replies.map((r) => r.text))}`).toBe('ok');
      return checkSince(h, before, all);
    },
    async tick(at) {
      h.setNow(at);
      const before = await h.lastOutboxId();
      for (const s of allSchedules)
        await runSchedule(h.handle.db, s, at, { tz: h.tz, publicUrl: 'http://localhost:8080' });
      await checkSince(h, before, all);
    },
  };
}

describe('every @mention of a broad scenario is of a member of the group', () => {
  it('GIVEN tickets, reminders, escalations, a poll and members leaving on the street THEN each message @mentions only members of its group', async () => {
    const s = await scenario();
    const { h } = s;

    // 幸福小区: a second manager who is in none of its groups; two tickets; one taken, one assigned to him.
    await s.say(AREA_ADMIN, `/角色 @${LAOZHAO.name} 物业`, xingfu.owners, [LAOZHAO]);
    const filed = await s.say(xingfu.owner, '/报修 3号楼楼道灯不亮', xingfu.owners);
    // The new-ticket notice @mentions the manager in the staff group and names 老赵, who is not in it.
    const notice = filed.find((r) => r.conversationId === xingfu.staff.id);
    expect(notice?.mentionIds).toEqual([xingfu.manager]);
    expect(notice?.text).toMatch(/\n另请转告 \(不在本群\): 幸福物业老赵$/);
    await s.say(xingfu.owner, '/报修 小区门口垃圾没人清理', xingfu.owners);
    await s.say(xingfu.manager, '/接单 #1', xingfu.staff);
    await s.say(xingfu.committeeMember, `/派单 #2 @${LAOZHAO.name}`, xingfu.committee, [LAOZHAO]);
    // 枫林小区 and 阳光花园: a ticket each, left to run past twice their windows.
    await s.say(fenglin.owner, '/报修 5号楼单元门禁坏了', fenglin.owners);
    await s.say(ZHANGSAN, '/报修 2号楼楼道灯不亮', demoOwnersRoom);

    // A compound of no community: its one group gets its escalation; 陈书记 holds 社区 there but is
    // not in it.
    await s.say(AREA_ADMIN, '/绑定群 别的小区', OTHER);
    await syncMembers(h.handle.db, OTHER.id, [areaPeople.boss, OTHER_OWNER], h.now);
    await s.say(AREA_ADMIN, `/角色 @${areaPeople.secretary.name} 社区`, OTHER, [areaPeople.secretary]);
    await s.say(OTHER_OWNER.id, '/报修 8号楼楼道灯不亮', OTHER);

    // A poll in 幸福小区's owners group, deadline tomorrow 18:00; the owner votes.
    await s.say(xingfu.committeeMember, '/投票 门口加装道闸吗 | 加装 | 不装 截止 明天18点', xingfu.owners);
    await s.say(xingfu.owner, '/投 #1 1', xingfu.owners);

    // Reminders and a 催办 in the first half hour.
    for (let at = START; at <= START + 20 * MINUTE; at += 5 * MINUTE) await s.tick(at);
    h.setNow(START + 20 * MINUTE);
    await s.say(xingfu.owner, '/催办 #1', xingfu.owners);
    await s.say(xingfu.owner, '/催办 #2', xingfu.owners);

    // The grid head blows the whistle on 幸福小区#2 by hand, in its owners group.
    h.setNow(START + 25 * MINUTE);
    const escalated = await s.say(areaPeople.gridHead.id, '/吹哨 #2 垃圾堆了两天', xingfu.owners);
    expect(escalated.find((r) => r.conversationId === communityRoom.id)?.mentionIds).toEqual([CHEN]);

    // 阳光花园's manager leaves its staff group before the breach: he is named there, not @mentioned.
    await membersLeft(h.handle.db, demoStaffRoom.id, [SHIFU], START + 26 * MINUTE);

    // Breaches and the automatic escalations at twice the window.
    for (let at = START + 25 * MINUTE; at <= START + 3 * 60 * MINUTE; at += 5 * MINUTE) await s.tick(at);

    // The community settles 阳光花园#1 in its owners group; the reporter confirms.
    h.setNow(START + 3 * 60 * MINUTE + MINUTE);
    await s.say(CHEN, '/完成 #1 社区协调电工修好', demoOwnersRoom);
    await s.say(ZHANGSAN, '/确认 #1 4', demoOwnersRoom);

    // 枫林小区's manager leaves its staff group overnight; the morning digest and the poll follow.
    await membersLeft(h.handle.db, fenglin.staff.id, [fenglin.manager], local('2026-11-23 20:00'));
    for (const at of [
      '2026-11-24 07:00',
      '2026-11-24 08:30',
      '2026-11-24 17:00',
      '2026-11-24 18:00',
      '2026-11-24 18:01',
    ]) {
      await s.tick(local(at));
    }

    // The scenario did what it says: escalations into the community group, by hand and by the
    // schedule, each @mentioning its secretary; pings naming people outside the group; the poll.
    const community = s.all.filter((r) => r.conversationId === communityRoom.id);
    const bySystem = '(系统 吹哨: 超过 2 倍解决时限 (1小时) 仍未解决, 系统自动吹哨)。';
    expect(community.map((r) => r.text?.split('\n')[0])).toEqual([
      '【吹哨】幸福小区#2 环境卫生·一般 已上报社区 (孙网格长 吹哨: 垃圾堆了两天)。',
      `【吹哨】幸福小区#1 维修·一般 已上报社区 ${bySystem}`,
      `【吹哨】枫林小区#1 维修·一般 已上报社区 ${bySystem}`,
      `【吹哨】阳光花园#1 维修·一般 已上报社区 ${bySystem}`,
    ]);
    expect(community.every((r) => r.mentionIds.join() === CHEN)).toBe(true);
    const other = s.all.filter((r) => r.conversationId === OTHER.id && r.text?.startsWith('【吹哨】'));
    expect(other.map((r) => [r.text?.split('\n')[0], r.mentionIds])).toEqual([
      [
        `【吹哨】#1 维修·一般 (系统 吹哨: 超过 2 倍解决时限 (1小时) 仍未解决, 系统自动吹哨), 业委会跟进到结单。本小区还没有归属社区, 先发到本群; 请管理员发送 /归属 <社区名>。`,
        [],
      ],
    ]);
    const demoStaff = s.all.filter(
      (r) => r.conversationId === demoStaffRoom.id && r.dedupeKey?.startsWith('remind:'),
    );
    expect(
      demoStaff.some(
        (r) => r.text?.endsWith('\n另请转告 (不在本群): 王师傅') && !r.mentionIds.includes(SHIFU),
      ),
    ).toBe(true);
    expect(s.all.some((r) => r.conversationId === xingfu.owners.id && /还没投/.test(r.text ?? ''))).toBe(
      true,
    );
    expect(s.all.filter((r) => r.mentionIds.length > 0).length).toBeGreaterThan(10);
  });
});

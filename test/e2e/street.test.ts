/**
 * A street, driven as its people do, in mock WeChat groups (SPEC "Communities and streets"): three
 * compounds of two companies in one community of one street. The admin binds the groups and says
 * where each belongs; an owner's 吹哨 reaches the community group; the community hands it back
 * with a decision; the ranking is shown; the joint meeting's agenda reaches the right committee
 * groups. Every message the bot sends is checked: whoever it @mentions is in that group.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { demoOwnersRoom } from '../../bot/sandbox/demo-compound.js';
import type { SentMessage } from '../../bot/sandbox/recording-puppet.js';
import { type MockBot, startMockBot } from '../support/mock-bot.js';

const ADMIN = 'wxid_admin_liu';
const SECRETARY = 'wxid_chen_shuji';
const GRID = 'wxid_sun_wangge';

const STREET = { id: 'malan@chatroom', topic: '马栏街道工作群' };
const COMMUNITY = { id: 'wenyuan@chatroom', topic: '文苑社区工作群' };

interface Compound {
  name: string;
  company: string;
  owners: { id: string; topic: string };
  staff: { id: string; topic: string };
  committee: { id: string; topic: string };
  manager: { id: string; name: string };
  committeeMember: { id: string; name: string };
  owner: { id: string; name: string };
}

const compound = (
  key: string,
  name: string,
  company: string,
  people: [string, string, string],
): Compound => ({
  name,
  company,
  owners: { id: `${key}-owners@chatroom`, topic: `${name}业主群` },
  staff: { id: `${key}-staff@chatroom`, topic: `${name}物业群` },
  committee: { id: `${key}-committee@chatroom`, topic: `${name}业委会` },
  manager: { id: `wxid_${key}_manager`, name: people[0] },
  committeeMember: { id: `wxid_${key}_committee`, name: people[1] },
  owner: { id: `wxid_${key}_owner`, name: people[2] },
});

const XINGFU = compound('xingfu', '幸福小区', '铁龙物业', ['周经理', '钱委员', '林阿姨']);
const FENGLIN = compound('fenglin', '枫林小区', '万家物业', ['马经理', '何委员', '吴大爷']);

let running: MockBot | null = null;
afterEach(async () => {
  await running?.stop();
  running = null;
});

const has = (s: string) => (m: { text?: string }) => m.text?.includes(s) ?? false;

/** Every bot message to a group @mentions only members of that group. */
function expectMentionsAreMembers(t: MockBot, sent: readonly SentMessage[]): number {
  let checked = 0;
  for (const m of sent) {
    const room = t.world.rooms.get(m.conversationId);
    if (!room) continue;
    for (const id of m.mentionIds) {
      expect(room.payload.memberIdList, `${id} @mentioned in ${room.payload.topic}: ${m.text}`).toContain(id);
      checked++;
    }
  }
  return checked;
}

describe('a street of three compounds in mock WeChat groups', () => {
  it('GIVEN the groups bound by the admin THEN 吹哨 reaches the community, which hands it back; nobody is @mentioned outside their group', async () => {
    const t = await startMockBot();
    running = t;
    const w = t.world;
    const streetOfficer = { id: 'wxid_wu_zhuren', name: '吴主任' };
    w.addMember(streetOfficer, []);
    for (const c of [XINGFU, FENGLIN])
      for (const p of [c.manager, c.committeeMember, c.owner]) w.addMember(p, []);
    w.addRoom(STREET, [ADMIN, streetOfficer.id]);
    w.addRoom(COMMUNITY, [ADMIN, SECRETARY, GRID]);
    for (const c of [XINGFU, FENGLIN]) {
      w.addRoom(c.owners, [ADMIN, c.manager.id, c.committeeMember.id, c.owner.id]);
      w.addRoom(c.staff, [ADMIN, c.manager.id, c.committeeMember.id]);
      w.addRoom(c.committee, [ADMIN, c.committeeMember.id]);
    }

    const step = async (who: string, room: string, text: string, expected: string) => {
      w.say(who, room, text);
      return t.waitFor(room, has(expected), 8000);
    };
    await step(ADMIN, STREET.id, '/绑定群 马栏街道 街道群', '街道群');
    await step(ADMIN, COMMUNITY.id, '/绑定群 文苑社区 社区群', '社区群');
    await step(ADMIN, COMMUNITY.id, '/归属 马栏街道', '已归属街道');
    await step(ADMIN, COMMUNITY.id, '/角色 @陈书记 社区', '已授予');
    await step(ADMIN, COMMUNITY.id, '/角色 @孙网格长 网格长', '已授予');
    await step(ADMIN, demoOwnersRoom.id, '/归属 文苑社区', '已归属社区');
    await step(ADMIN, demoOwnersRoom.id, '/物业公司 铁龙物业', '已登记');
    for (const c of [XINGFU, FENGLIN]) {
      await step(ADMIN, c.owners.id, `/绑定群 ${c.name}`, '已绑定');
      await step(ADMIN, c.staff.id, `/绑定群 ${c.name} 工作群`, '已绑定');
      await step(ADMIN, c.committee.id, `/绑定群 ${c.name} 业委会群`, '已绑定');
      await step(ADMIN, c.owners.id, '/归属 文苑社区', '已归属社区');
      await step(ADMIN, c.owners.id, `/物业公司 ${c.company}`, '已登记');
      await step(ADMIN, c.owners.id, `/角色 @${c.manager.name} 物业`, '已授予');
      await step(ADMIN, c.owners.id, `/角色 @${c.committeeMember.name} 业委会`, '已授予');
    }

    // An owner of 幸福小区 files, nobody acts, the owner blows the whistle.
    await step(XINGFU.owner.id, XINGFU.owners.id, '/报修 3号楼楼道灯坏了一个星期', '已受理 #1');
    await step(FENGLIN.owner.id, FENGLIN.owners.id, '/报修 垃圾桶满了没人清', '已受理 #1');
    t.mark();
    w.say(XINGFU.owner.id, XINGFU.owners.id, '/吹哨 #1 一个星期没人管');
    const whistle = await t.waitFor(COMMUNITY.id, has('幸福小区#1'), 8000);
    expect(whistle.text).toContain('吹哨');
    expect(whistle.text).toContain('一个星期没人管');
    expect(whistle.mentionIds).toContain(SECRETARY);
    // 枫林小区's ticket is not the community's business yet, and nothing of 幸福小区 reaches 枫林小区.
    expect(t.sentTo(COMMUNITY.id).some((m) => m.text?.includes('枫林小区#1'))).toBe(false);
    for (const room of [FENGLIN.owners.id, FENGLIN.staff.id, FENGLIN.committee.id]) {
      expect(t.sentTo(room).filter((m) => m.text?.includes('幸福'))).toEqual([]);
    }

    // The community decides and hands it back: the compound's staff and owners groups hear it.
    w.say(SECRETARY, COMMUNITY.id, '/方案 幸福#1 物业三天内换灯, 业委会验收');
    await t.waitFor(XINGFU.staff.id, has('物业三天内换灯'), 8000);
    await t.waitFor(XINGFU.owners.id, has('物业三天内换灯'), 8000);
    w.say(XINGFU.owner.id, XINGFU.owners.id, '/进度 #1');
    const timeline = await t.waitFor(XINGFU.owners.id, has('进展:'), 8000);
    expect(timeline.text).toContain('交回小区');

    // A month of work in two compounds of the two companies: 铁龙物业 fixes fast and well, 万家物业
    // needs two goes and gets one star from its owner.
    await step(XINGFU.owner.id, XINGFU.owners.id, '/报修 2号楼门口垃圾桶坏了', '已受理 #2');
    for (const [who, room, text, expected] of [
      [XINGFU.manager.id, XINGFU.staff.id, '/接单 #2', '已接单'],
      [XINGFU.manager.id, XINGFU.staff.id, '/完成 #2 换了新的', '处理完成'],
      [XINGFU.owner.id, XINGFU.owners.id, '/确认 #2 5 很快', '已结单'],
      [FENGLIN.manager.id, FENGLIN.staff.id, '/接单 #1', '已接单'],
      [FENGLIN.manager.id, FENGLIN.staff.id, '/完成 #1 清了', '处理完成'],
      [FENGLIN.owner.id, FENGLIN.owners.id, '/退回 #1 没清干净', '返工'],
      [FENGLIN.manager.id, FENGLIN.staff.id, '/完成 #1 又清了一遍', '处理完成'],
      [FENGLIN.owner.id, FENGLIN.owners.id, '/确认 #1 1 太慢了', '已结单'],
    ] as const) {
      await step(who, room, text, expected);
    }
    // The street rates a company from its first judged ticket (default 5), so this month ranks now.
    await step(ADMIN, STREET.id, '/设置 星级 最少 1', '最少');
    w.say(GRID, COMMUNITY.id, '/排名');
    const ranking = await t.waitFor(COMMUNITY.id, has('物业公司排名'), 8000);
    const lines = ranking.text?.split('\n') ?? [];
    // 铁龙物业: solved on time, 5 points, no rework, one of two tickets escalated (the other
    // parts full): 35 + 25 + 15 + 15 + 5 = 95. 万家物业: on time but reworked once and rated 1:
    // 35 + 0 + 15 + 7.5 + 10 = 67.5 (core/areas/ranking.ts).
    expect(lines.slice(1, 3)).toEqual(['1. 铁龙物业 ★★★★★ 95.0 分', '2. 万家物业 ★★☆☆☆ 67.5 分']);
    const picture = await t.waitFor(COMMUNITY.id, (m) => m.file?.name.endsWith('.png') ?? false, 8000);
    expect(picture.file?.data.subarray(1, 4).toString('latin1')).toBe('PNG');

    // The joint meeting, called for three hours from now: its agenda goes out at once, each
    // compound's to its own committee and staff groups, with its own tickets only.
    const at = new Date(Date.now() + 3 * 3_600_000);
    const ymdhm = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    }).format(at);
    w.say(SECRETARY, COMMUNITY.id, `/联席会议 ${ymdhm} 社区会议室`);
    await t.waitFor(COMMUNITY.id, has('四方联席会议'), 8000);
    const xfAgenda = await t.waitFor(XINGFU.committee.id, has('议程'), 8000);
    expect(xfAgenda.text).toContain('幸福小区');
    expect(xfAgenda.text).toContain('吹哨, 社区已交回小区办理: 3号楼楼道灯坏了一个星期');
    expect(xfAgenda.text).not.toContain('枫林');
    await t.waitFor(XINGFU.staff.id, has('议程'), 8000);
    const flAgenda = await t.waitFor(FENGLIN.committee.id, has('议程'), 8000);
    expect(flAgenda.text).toContain('枫林小区');
    expect(flAgenda.text).toContain('#1 1分「太慢了」: 垃圾桶满了没人清');
    expect(flAgenda.text).not.toContain('幸福');

    expect(expectMentionsAreMembers(t, w.puppet.sent)).toBeGreaterThan(0);
  });
});

import { describe, expect, it } from 'vitest';
import { compoundByName } from '../../../db/compounds.js';
import { isMember } from '../../../db/people.js';
import type { Ticket } from '../../../db/schema.js';
import { ticketByNo, ticketEventsOf } from '../../../db/tickets.js';
import {
  AREA_ADMIN,
  areaName,
  areaPeople,
  communityRoom,
  fenglin,
  seedStreet,
  streetRoom,
  xingfu,
} from '../../support/areas.js';
import { type CommandHarness, createCommandHarness, type Reply } from '../../support/command-harness.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const { secretary, gridHead, streetOfficer } = areaPeople;
const as = (id: string, room: { id: string; topic: string }) => ({ room, name: areaName(id) });

/** A compound bound and with a ticket, but in no community: nothing of it may show above. */
const loner = { id: 'loner-owners@chatroom', topic: '别的小区业主群' };
/** A second street: 东城街道 ← 东风社区 ← 幸福里 (a name that starts like 幸福小区). */
const dongchengRoom = { id: 'dongcheng@chatroom', topic: '东城街道工作群' };
const dongfengRoom = { id: 'dongfeng@chatroom', topic: '东风社区工作群' };
const xingfuli = { id: 'xingfuli-owners@chatroom', topic: '幸福里业主群' };
const OUTSIDER = 'wxid_outsider';

async function ok(h: CommandHarness, who: string, text: string, room: { id: string; topic: string }) {
  const { result, replies } = await h.say(who, text, { room, name: areaName(who) });
  expect(result.status, `${text}: ${JSON.stringify(replies.map((r) => r.text))}`).toBe('ok');
  return replies;
}

/**
 * The street of test/support/areas.ts at Mon 2026-11-23 10:00 (Shanghai), then:
 * - 幸福小区 #1 楼道灯 (一般, 30 min), taken by its manager; #2 违建 (复杂, 1 day), escalated by
 *   the committee; 枫林小区 #1 车库漏水 (重大, 4 h).
 * - 别的小区 (bound, in no community) and 幸福里 (in 东风社区 of 东城街道): a ticket each, escalated.
 * - One hour later: 幸福小区 #1 is 30 minutes overdue, the others still in time.
 */
async function scene(): Promise<CommandHarness> {
  const h = await createCommandHarness({ admins: [AREA_ADMIN] });
  await seedStreet(h);
  await ok(h, xingfu.owner, '/报修 3号楼2单元楼道灯不亮', xingfu.owners);
  await ok(h, xingfu.manager, '/接单 #1', xingfu.staff);
  await ok(h, xingfu.owner, '/报修 5号楼楼顶有人搭违建', xingfu.owners);
  await ok(h, xingfu.committeeMember, '/吹哨 #2 物业管不了', xingfu.committee);
  await ok(h, fenglin.owner, '/报修 地下车库漏水', fenglin.owners);

  await ok(h, AREA_ADMIN, '/绑定群 别的小区', loner);
  await ok(h, OUTSIDER, '/报修 东门路灯坏了', loner);
  await ok(h, AREA_ADMIN, '/绑定群 东城街道 街道群', dongchengRoom);
  await ok(h, AREA_ADMIN, '/绑定群 东风社区 社区群', dongfengRoom);
  await ok(h, AREA_ADMIN, '/归属 东城街道', dongfengRoom);
  await ok(h, AREA_ADMIN, '/绑定群 幸福里', xingfuli);
  await ok(h, AREA_ADMIN, '/归属 东风社区', xingfuli);
  await ok(h, OUTSIDER, '/报修 2号楼门禁坏了', xingfuli);
  await ok(h, OUTSIDER, '/吹哨 #1 没人管', xingfuli);
  h.advance(HOUR);
  return h;
}

async function ticketOf(h: CommandHarness, compound: string, no: number): Promise<Ticket> {
  const c = await compoundByName(h.handle.db, compound);
  const t = c ? await ticketByNo(h.handle.db, c.id, no) : null;
  if (!t) throw new Error(`no ${compound}#${no}`);
  return t;
}

async function eventKinds(h: CommandHarness, compound: string, no: number): Promise<string[]> {
  return (await ticketEventsOf(h.handle.db, (await ticketOf(h, compound, no)).id)).map((e) => e.kind);
}

/** The single message to `roomId`. */
function to(replies: readonly Reply[], roomId: string): Reply {
  const found = replies.filter((r) => r.conversationId === roomId);
  expect(found, JSON.stringify(replies.map((r) => [r.conversationId, r.text]))).toHaveLength(1);
  return found[0] as Reply;
}

/** Nobody is @mentioned in a group they are not a member of. */
async function mentionsAreMembers(h: CommandHarness, replies: readonly Reply[]) {
  for (const r of replies) {
    for (const id of r.mentionIds) {
      expect(await isMember(h.handle.db, r.conversationId, id), `${id} in ${r.conversationId}`).toBe(true);
    }
  }
}

const LIST_NOW = [
  '文苑社区 · 吹哨和超时的工单 (共 2 单: 吹哨在社区 1, 超时 1):',
  '【幸福小区】',
  '#1 超时 30分钟 · 已接单 · 幸福物业小周: 3号楼2单元楼道灯不亮',
  '#2 吹哨 · 待接单: 5号楼楼顶有人搭违建',
  '查看一单: /进度 幸福小区#1',
].join('\n');

describe('/进度 in a community or street group', () => {
  it('GIVEN an escalated and an overdue ticket THEN the community group lists both under their compound, and nothing of a compound outside it', async () => {
    const h = await scene();
    expect(await h.reply(secretary.id, '/进度', as(secretary.id, communityRoom))).toBe(LIST_NOW);
    // The grid head sees the same; 别的小区 and 幸福里 have overdue, escalated tickets and never show.
    expect(await h.reply(gridHead.id, '/status', as(gridHead.id, communityRoom))).toBe(LIST_NOW);
  });

  it('GIVEN the street group THEN it lists the same under the community, and the other street lists only its own', async () => {
    const h = await scene();
    expect(await h.reply(streetOfficer.id, '/进度', as(streetOfficer.id, streetRoom))).toBe(
      [
        '马栏街道 · 吹哨和超时的工单 (共 2 单: 吹哨在社区 1, 超时 1):',
        '== 文苑社区 ==',
        '【幸福小区】',
        '#1 超时 30分钟 · 已接单 · 幸福物业小周: 3号楼2单元楼道灯不亮',
        '#2 吹哨 · 待接单: 5号楼楼顶有人搭违建',
        '查看一单: /进度 幸福小区#1',
      ].join('\n'),
    );
    const officer = { id: 'wxid_dongcheng', name: '东城干部' };
    const { result } = await h.say(AREA_ADMIN, `/角色 @${officer.name} 社区`, {
      ...as(AREA_ADMIN, dongchengRoom),
      mentions: [officer],
    });
    expect(result.status).toBe('ok');
    expect(await h.reply(officer.id, '/进度', { room: dongchengRoom, name: officer.name })).toBe(
      [
        '东城街道 · 吹哨和超时的工单 (共 1 单: 吹哨在社区 1, 超时 1):',
        '== 东风社区 ==',
        '【幸福里】',
        '#1 吹哨·超时 30分钟 · 待接单: 2号楼门禁坏了',
        '查看一单: /进度 幸福里#1',
      ].join('\n'),
    );
  });

  it('GIVEN 幸福#2 or 幸福小区＃２ THEN the timeline of that ticket, with what the community can do', async () => {
    const h = await scene();
    const timeline = [
      '【幸福小区】',
      '#2 安全·复杂 · 待接单 (已吹哨)',
      '报修: 幸福业主小林 · 负责: 未接单',
      '内容: 5号楼楼顶有人搭违建',
      '响应: 还没有响应, 已超时 55分钟 (时限 5分钟, 应于 10:05 前)',
      '方案: 已用 1小时 / 时限 1天, 截止 明天 10:00 (还剩 23小时)',
      '吹哨: 10:00 (物业管不了), 业委会跟进到结单',
      '进展:',
      '10:00 幸福业主小林 报修',
      '10:00 幸福业委会老钱 吹哨: 物业管不了 (+0秒)',
    ];
    const hint = '社区处理: /方案 幸福小区#2 <决定> 交回小区办理, 或社区办结后 /完成 幸福小区#2 <说明>';
    expect(await h.reply(secretary.id, '/进度 幸福#2', as(secretary.id, communityRoom))).toBe(
      [...timeline, hint].join('\n'),
    );
    expect(await h.reply(streetOfficer.id, '/进度 幸福小区＃２', as(streetOfficer.id, streetRoom))).toBe(
      [...timeline, hint].join('\n'),
    );
    // The grid head may look, not decide: no hint for him.
    expect(await h.reply(gridHead.id, '/进度 幸福 #2', as(gridHead.id, communityRoom))).toBe(
      timeline.join('\n'),
    );
  });

  it('GIVEN a phone number in the ticket THEN the community group sees it masked', async () => {
    const h = await scene();
    await ok(h, fenglin.owner, '/报修 3号楼楼道灯不亮 电话 13812345678', fenglin.owners);
    const reply = await h.reply(secretary.id, '/进度 枫林#2', as(secretary.id, communityRoom));
    expect(reply).toContain('内容: 3号楼楼道灯不亮 电话 138****5678');
    expect(reply).not.toContain('13812345678');
  });

  it('GIVEN more than 20 tickets to watch THEN 20 lines and the rest counted per compound', async () => {
    const h = await scene();
    for (let i = 0; i < 21; i++) await ok(h, fenglin.owner, `/报修 ${i + 1}号楼楼道灯不亮`, fenglin.owners);
    h.advance(4 * HOUR);
    const lines = (await h.reply(secretary.id, '/进度', as(secretary.id, communityRoom))).split('\n');
    expect(lines[0]).toBe('文苑社区 · 吹哨和超时的工单 (共 24 单: 吹哨在社区 1, 超时 23):');
    expect(lines[1]).toBe('【枫林小区】');
    expect(lines.filter((l) => l.startsWith('#'))).toHaveLength(20);
    expect(lines[2]).toBe('#1 超时 1小时 · 待接单: 地下车库漏水');
    expect(lines.slice(-2)).toEqual([
      '…还有 4 单没列出: 枫林小区 2, 幸福小区 2',
      '查看一单: /进度 枫林小区#1',
    ]);
    expect(lines).not.toContain('【幸福小区】');
  });

  it('GIVEN a community or street with no compound yet THEN it says how to add one', async () => {
    const h = await scene();
    const empty = { id: 'empty@chatroom', topic: '空白社区工作群' };
    await ok(h, AREA_ADMIN, '/绑定群 空白社区 社区群', empty);
    const boss = { id: AREA_ADMIN, name: areaName(AREA_ADMIN) };
    expect(
      (await h.say(AREA_ADMIN, `/角色 @${boss.name} 社区`, { ...as(AREA_ADMIN, empty), mentions: [boss] }))
        .result.status,
    ).toBe('ok');
    expect(await h.reply(AREA_ADMIN, '/进度', as(AREA_ADMIN, empty))).toBe(
      '社区「空白社区」还没有小区。请管理员在各小区的群里发送 /归属 空白社区。',
    );
    expect(await h.reply(AREA_ADMIN, '/统计', as(AREA_ADMIN, empty))).toBe(
      '社区「空白社区」还没有小区。请管理员在各小区的群里发送 /归属 空白社区。',
    );
  });
});

describe('naming a ticket <小区名>#n in a community or street group', () => {
  it("GIVEN a bare #2 THEN it asks for the compound and lists this community's compounds", async () => {
    const h = await scene();
    expect(await h.reply(secretary.id, '/进度 #2', as(secretary.id, communityRoom))).toBe(
      '请在 #2 前写上小区名, 例如 枫林小区#2: 各小区的工单是分开编号的。本社区的小区: 枫林小区、幸福小区、阳光花园。',
    );
  });

  it('GIVEN a compound outside the community or street THEN it is unknown there, and nothing of it changes', async () => {
    const h = await scene();
    expect(await h.reply(secretary.id, '/进度 别的小区#1', as(secretary.id, communityRoom))).toBe(
      '本社区没有叫「别的小区」的小区。本社区的小区: 枫林小区、幸福小区、阳光花园。',
    );
    expect(await h.reply(streetOfficer.id, '/进度 幸福里#1', as(streetOfficer.id, streetRoom))).toBe(
      '本街道没有叫「幸福里」的小区。本街道的小区: 枫林小区、幸福小区、阳光花园。',
    );
    expect(await h.reply(secretary.id, '/方案 幸福里#1 由物业处理', as(secretary.id, communityRoom))).toBe(
      '本社区没有叫「幸福里」的小区。本社区的小区: 枫林小区、幸福小区、阳光花园。',
    );
    expect(await h.reply(secretary.id, '/完成 别的#1 已修好', as(secretary.id, communityRoom))).toBe(
      '本社区没有叫「别的」的小区。本社区的小区: 枫林小区、幸福小区、阳光花园。',
    );
    expect(await eventKinds(h, '幸福里', 1)).toEqual(['filed', 'escalated']);
    expect((await ticketOf(h, '别的小区', 1)).status).toBe('new');
  });

  it('GIVEN a prefix two compounds of the community share THEN it names both', async () => {
    const h = await scene();
    const jiayuan = { id: 'jiayuan-owners@chatroom', topic: '幸福家园业主群' };
    await ok(h, AREA_ADMIN, '/绑定群 幸福家园', jiayuan);
    await ok(h, AREA_ADMIN, '/归属 文苑社区', jiayuan);
    expect(await h.reply(secretary.id, '/进度 幸福#1', as(secretary.id, communityRoom))).toBe(
      '「幸福」对应好几个小区: 幸福家园、幸福小区。请多写几个字, 例如 幸福家园#1。',
    );
    // The whole name still names one.
    expect(await h.reply(secretary.id, '/进度 幸福小区#2', as(secretary.id, communityRoom))).toContain(
      '#2 安全·复杂 · 待接单 (已吹哨)',
    );
  });

  it('GIVEN no such ticket, no number or a stray word THEN one clear line and the usage', async () => {
    const h = await scene();
    expect(await h.reply(secretary.id, '/进度 幸福#9', as(secretary.id, communityRoom))).toBe(
      '幸福小区没有 #9 号工单。发送 /进度 查看吹哨和超时的工单。',
    );
    expect(await h.reply(secretary.id, '/进度 幸福小区', as(secretary.id, communityRoom))).toBe(
      '「幸福小区」不是工单号, 请写成 幸福小区#12 这样 (小区名写开头几个字也行)。\n用法: /进度 [<小区名>#n]',
    );
    expect(await h.reply(secretary.id, '/方案', as(secretary.id, communityRoom))).toBe(
      '请写上小区名和工单号, 例如 幸福小区#12 (小区名写开头几个字也行)。\n用法: /方案 <小区名>#n <决定>',
    );
    expect(await h.reply(secretary.id, '/方案 幸福#2', as(secretary.id, communityRoom))).toBe(
      '请写上社区的决定, 例如 /方案 幸福小区#12 由物业拆除, 城管周五到场。\n用法: /方案 <小区名>#n <决定>',
    );
    expect(await h.reply(secretary.id, '/完成 幸福#2', as(secretary.id, communityRoom))).toBe(
      '请写上社区是怎么办结的, 例如 /完成 幸福小区#12 城管已拆除违建。\n用法: /完成 <小区名>#n <说明>',
    );
  });
});

describe('who may use the ticket commands of a community or street group', () => {
  it('GIVEN an owner, a grid head or a community member of another level THEN the dispatcher refuses', async () => {
    const h = await scene();
    expect(await h.reply(xingfu.owner, '/进度', as(xingfu.owner, communityRoom))).toBe(
      '只有社区、网格长可以用 /进度。',
    );
    expect(await h.reply(xingfu.owner, '/统计', as(xingfu.owner, streetRoom))).toBe(
      '只有社区、网格长可以用 /统计。',
    );
    expect(await h.reply(gridHead.id, '/方案 幸福#2 由物业拆除', as(gridHead.id, communityRoom))).toBe(
      '只有社区可以用 /方案。',
    );
    expect(await h.reply(gridHead.id, '/完成 幸福#2 已拆除', as(gridHead.id, communityRoom))).toBe(
      '只有社区可以用 /完成。',
    );
    // 社区 granted in the community group does not hold in the street group.
    expect(await h.reply(secretary.id, '/方案 幸福#2 由物业拆除', as(secretary.id, streetRoom))).toBe(
      '只有社区可以用 /方案。',
    );
    expect(await eventKinds(h, '幸福小区', 2)).toEqual(['filed', 'escalated']);
  });

  it('GIVEN /帮助 in the community group THEN the community sees the four ticket commands with their usage', async () => {
    const h = await scene();
    const help = await h.reply(secretary.id, '/帮助', as(secretary.id, communityRoom));
    expect(help).toContain('/进度 [<小区名>#n]  各小区吹哨和超时的工单; 写上 小区名#单号 查看一单');
    expect(help).toContain('/方案 <小区名>#n <决定>  社区对吹哨工单的决定, 交回小区办理');
    expect(help).toContain('/完成 <小区名>#n <说明>  社区办结吹哨工单, 请报修人确认');
    expect(help).toContain('/统计 [本月|上月]  各小区的工单统计并排比较: 按时率、返工、满意度、吹哨、超时');
  });
});

describe('/方案 <小区名>#n <决定>: the community hands a ticket back', () => {
  const decided = [
    '#2 社区 陈书记 交回小区处理, 决定: 由物业拆除, 城管周五到场',
    '请物业按此拿出书面方案: /方案 #2 <内容>; 业委会跟进到结单。',
  ].join('\n');

  it('GIVEN an escalated ticket with the community THEN the decision goes to the staff, committee and owners groups and into the timeline', async () => {
    const h = await scene();
    const { result, replies } = await h.say(
      secretary.id,
      '/方案 幸福#2 由物业拆除, 城管周五到场',
      as(secretary.id, communityRoom),
    );
    expect(result.status).toBe('ok');
    expect(replies).toHaveLength(4);
    expect(to(replies, communityRoom.id).text).toBe(
      '已把 幸福小区#2 交回小区处理, 决定: 由物业拆除, 城管周五到场\n已发到幸福小区的物业群、业委会群、业主群; 业委会跟进到结单。',
    );
    const staff = to(replies, xingfu.staff.id);
    expect(staff.text).toBe(decided);
    expect(staff.mentionIds).toEqual([xingfu.manager]);
    expect(to(replies, xingfu.committee.id).text).toBe(decided);
    expect(to(replies, xingfu.owners.id).text).toBe(decided);
    await mentionsAreMembers(h, replies);

    const events = await ticketEventsOf(h.handle.db, (await ticketOf(h, '幸福小区', 2)).id);
    expect(events.at(-1)).toMatchObject({
      kind: 'handed_back',
      actorId: secretary.id,
      note: '由物业拆除, 城管周五到场',
    });
    expect(await h.reply(secretary.id, '/进度 幸福#2', as(secretary.id, communityRoom))).toContain(
      '11:00 陈书记 交回小区: 由物业拆除, 城管周五到场 (+1小时)',
    );
    // The compound's committee reads the same line in its own /进度 #2.
    expect(
      await h.reply(xingfu.committeeMember, '/进度 #2', as(xingfu.committeeMember, xingfu.committee)),
    ).toContain('11:00 陈书记 交回小区: 由物业拆除, 城管周五到场 (+1小时)');
    // No longer the community's, and not overdue: off the list.
    expect(await h.reply(secretary.id, '/进度', as(secretary.id, communityRoom))).toBe(
      [
        '文苑社区 · 吹哨和超时的工单 (共 1 单: 吹哨在社区 0, 超时 1):',
        '【幸福小区】',
        '#1 超时 30分钟 · 已接单 · 幸福物业小周: 3号楼2单元楼道灯不亮',
        '查看一单: /进度 幸福小区#1',
      ].join('\n'),
    );
  });

  it("GIVEN the community decides in the compound's own group with /方案 #2 THEN the same hand-back, and the community group no longer lists it", async () => {
    const h = await scene();
    const { result, replies } = await h.say(
      secretary.id,
      '/方案 #2 由物业拆除, 城管周五到场',
      as(secretary.id, xingfu.committee),
    );
    expect(result.status).toBe('ok');
    expect(to(replies, xingfu.committee.id).text).toBe(decided);
    expect(to(replies, xingfu.staff.id)).toMatchObject({ text: decided, mentionIds: [xingfu.manager] });
    expect(to(replies, xingfu.owners.id).text).toBe(decided);
    expect(await h.reply(secretary.id, '/进度', as(secretary.id, communityRoom))).not.toContain('#2');
  });

  it('GIVEN a ticket handed back THEN a second /方案 is refused until the compound escalates it again', async () => {
    const h = await scene();
    await ok(h, secretary.id, '/方案 幸福#2 由物业拆除, 城管周五到场', communityRoom);
    h.advance(10 * MINUTE);
    expect(await h.reply(secretary.id, '/方案 幸福#2 改为社区出资', as(secretary.id, communityRoom))).toBe(
      '幸福小区#2 已于 11:00 由 陈书记 交回小区 (决定: 由物业拆除, 城管周五到场), 现在由小区办理。小区再次吹哨后, 社区才能再交回。',
    );
    await ok(h, xingfu.committeeMember, '/吹哨 #2 物业拆不动', xingfu.committee);
    expect(await h.reply(secretary.id, '/进度', as(secretary.id, communityRoom))).toContain(
      '#2 吹哨 · 待接单: 5号楼楼顶有人搭违建',
    );
    // 吴主任 holds 社区 in the street group: he decides from there.
    const { result, replies } = await h.say(
      streetOfficer.id,
      '/方案 幸福#2 街道协调城管周五拆除',
      as(streetOfficer.id, streetRoom),
    );
    expect(result.status).toBe('ok');
    expect(to(replies, streetRoom.id).text).toBe(
      '已把 幸福小区#2 交回小区处理, 决定: 街道协调城管周五拆除\n已发到幸福小区的物业群、业委会群、业主群; 业委会跟进到结单。',
    );
    expect(to(replies, xingfu.owners.id).text).toBe(
      '#2 社区 吴主任 交回小区处理, 决定: 街道协调城管周五拆除\n请物业按此拿出书面方案: /方案 #2 <内容>; 业委会跟进到结单。',
    );
    expect(await eventKinds(h, '幸福小区', 2)).toEqual([
      'filed',
      'escalated',
      'handed_back',
      'escalated',
      'handed_back',
    ]);
  });

  it('GIVEN a ticket never escalated, resolved or closed THEN /方案 is refused and nothing changes', async () => {
    const h = await scene();
    expect(await h.reply(secretary.id, '/方案 枫林#1 物业修', as(secretary.id, communityRoom))).toBe(
      '枫林小区#1 没有吹哨, 还在小区处理, 不用社区交回。需要社区介入, 请在小区的群里发 /吹哨 #1。',
    );
    await ok(h, xingfu.committeeMember, '/吹哨 #1 一小时没修好', xingfu.committee);
    await ok(h, xingfu.manager, '/完成 #1 换了灯泡', xingfu.staff);
    expect(await h.reply(secretary.id, '/方案 幸福#1 物业修', as(secretary.id, communityRoom))).toBe(
      '幸福小区#1 已完成, 正等报修人确认, 不能再交回小区。',
    );
    await ok(h, xingfu.owner, '/确认 #1 5', xingfu.owners);
    expect(await h.reply(secretary.id, '/方案 幸福#1 物业修', as(secretary.id, communityRoom))).toBe(
      '幸福小区#1 已经结单了, 不能再交回小区。',
    );
    expect(await eventKinds(h, '枫林小区', 1)).toEqual(['filed']);
    expect(await eventKinds(h, '幸福小区', 1)).not.toContain('handed_back');
  });
});

describe('/完成 <小区名>#n <说明>: the community solved it itself', () => {
  it('GIVEN an escalated overdue ticket THEN it is resolved, the reporter is asked to confirm in the owners group and the compound is told', async () => {
    const h = await scene();
    await ok(h, xingfu.committeeMember, '/吹哨 #1 一小时没修好', xingfu.committee);
    const { result, replies } = await h.say(
      secretary.id,
      '/完成 幸福#1 社区请电工换了灯泡',
      as(secretary.id, communityRoom),
    );
    expect(result.status).toBe('ok');
    const text = [
      '#1 社区 陈书记 处理完成: 社区请电工换了灯泡',
      '解决用时 1小时, 超出时限 30分钟。',
      '请报修人确认: /确认 #1 <1-5分> [评价]; 没解决好请发 /退回 #1 <原因>。',
    ].join('\n');
    expect(replies).toHaveLength(4);
    expect(to(replies, communityRoom.id).text).toBe(
      '幸福小区#1 社区办结: 社区请电工换了灯泡\n解决用时 1小时, 超出时限 30分钟。\n已发到幸福小区的业主群、物业群、业委会群, 请报修人确认。',
    );
    const owners = to(replies, xingfu.owners.id);
    expect(owners.text).toBe(text);
    expect(owners.mentionIds).toEqual([xingfu.owner]);
    expect(to(replies, xingfu.staff.id).text).toBe(text);
    expect(to(replies, xingfu.committee.id).text).toBe(text);
    await mentionsAreMembers(h, replies);
    expect(await ticketOf(h, '幸福小区', 1)).toMatchObject({ status: 'resolved', resolvedAt: h.now });
    expect(await h.reply(secretary.id, '/进度 幸福#1', as(secretary.id, communityRoom))).toContain(
      '11:00 陈书记 完成: 社区请电工换了灯泡 (+1小时)',
    );

    // Resolved: no longer overdue, still the community's until the reporter confirms.
    expect(await h.reply(secretary.id, '/进度', as(secretary.id, communityRoom))).toContain(
      '#1 吹哨 · 已完成, 待确认 · 幸福物业小周: 3号楼2单元楼道灯不亮',
    );
    await ok(h, xingfu.owner, '/确认 #1 5 谢谢社区', xingfu.owners);
    expect((await ticketOf(h, '幸福小区', 1)).status).toBe('closed');
    expect(await h.reply(secretary.id, '/完成 幸福#1 再说一遍', as(secretary.id, communityRoom))).toBe(
      '幸福小区#1 已经结单了, 不能再完成。',
    );
  });

  it('GIVEN a ticket never escalated or already resolved THEN /完成 is refused', async () => {
    const h = await scene();
    expect(await h.reply(secretary.id, '/完成 枫林#1 已修好', as(secretary.id, communityRoom))).toBe(
      '枫林小区#1 没有吹哨, 由小区的物业办理; 社区办结的是吹哨到社区的工单。需要社区介入, 请在小区的群里发 /吹哨 #1。',
    );
    await ok(h, streetOfficer.id, '/完成 幸福#2 街道协调城管拆除了违建', streetRoom);
    expect(await h.reply(secretary.id, '/完成 幸福#2 已拆除', as(secretary.id, communityRoom))).toBe(
      '幸福小区#2 已完成, 正等报修人确认, 不能再完成。',
    );
    expect((await ticketOf(h, '枫林小区', 1)).status).toBe('new');
  });
});

describe('/统计 in a community or street group', () => {
  async function withScore() {
    const h = await scene();
    await ok(h, fenglin.manager, '/完成 #1 已修好', fenglin.staff);
    await ok(h, fenglin.owner, '/确认 #1 4', fenglin.owners);
    return h;
  }

  it('GIVEN this month THEN the community group puts its compounds side by side with their total', async () => {
    const h = await withScore();
    expect(await h.reply(secretary.id, '/统计', as(secretary.id, communityRoom))).toBe(
      [
        '文苑社区 2026年11月工单统计 (本月, 截至 11月23日 11:00)',
        '枫林小区: 提交 1, 解决 1, 按时率 100.0%',
        '  返工 0, 满意度 4.0, 吹哨 0, 现超时 0',
        '幸福小区: 提交 2, 解决 0, 按时率 0.0%',
        '  返工 0, 满意度 暂无, 吹哨 1, 现超时 1',
        '阳光花园: 本月没有工单',
        '合计 3 个小区: 提交 3, 解决 1, 按时率 50.0%',
        '  返工 0, 满意度 4.0, 吹哨 1, 现超时 1',
      ].join('\n'),
    );
  });

  it('GIVEN the street group THEN each community with its total, then its compounds; the other street apart', async () => {
    const h = await withScore();
    expect(await h.reply(gridHead.id, '/统计', as(gridHead.id, communityRoom))).toContain('合计 3 个小区');
    expect(await h.reply(streetOfficer.id, '/统计 本月', as(streetOfficer.id, streetRoom))).toBe(
      [
        '马栏街道 2026年11月工单统计 (本月, 截至 11月23日 11:00)',
        '',
        '【文苑社区】3 个小区',
        '合计: 提交 3, 解决 1, 按时率 50.0%',
        '  返工 0, 满意度 4.0, 吹哨 1, 现超时 1',
        '枫林小区: 提交 1, 解决 1, 按时率 100.0%',
        '  返工 0, 满意度 4.0, 吹哨 0, 现超时 0',
        '幸福小区: 提交 2, 解决 0, 按时率 0.0%',
        '  返工 0, 满意度 暂无, 吹哨 1, 现超时 1',
        '阳光花园: 本月没有工单',
      ].join('\n'),
    );
  });

  it('GIVEN last month THEN the quiet compounds say so and what is overdue now still shows', async () => {
    const h = await withScore();
    expect(await h.reply(secretary.id, '/统计 上月', as(secretary.id, communityRoom))).toBe(
      [
        '文苑社区 2026年10月工单统计 (上月)',
        '枫林小区: 上月没有工单',
        '幸福小区: 上月没有工单, 现超时 1',
        '阳光花园: 上月没有工单',
        '合计 3 个小区: 上月没有工单, 现超时 1',
      ].join('\n'),
    );
    expect(await h.reply(secretary.id, '/统计 去年', as(secretary.id, communityRoom))).toBe(
      '只能统计本月或上月。\n用法: /统计 [本月|上月]',
    );
  });
});

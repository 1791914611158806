/**
 * The joint meeting's commands (SPEC "Communities and streets"): `/联席会议` in the community
 * group, `/议题` in a compound's groups, `/议定` back in the community group; what each says,
 * and what each refuses, word for word.
 */
import { describe, expect, it } from 'vitest';
import { communityOf } from '../../../db/areas.js';
import { compoundByName } from '../../../db/compounds.js';
import { affairItems } from '../../../db/schema-affairs.js';
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
import { type CommandHarness, createCommandHarness } from '../../support/command-harness.js';

const SECRETARY = areaPeople.secretary.id;
const GRID = areaPeople.gridHead.id;
const HOUR = 3_600_000;
const as = (id: string, room: { id: string; topic: string }) => ({ room, name: areaName(id) });

/** The street of test/support/areas.ts, on Monday 23 November 2026, 10:00 in Shanghai. */
async function street(): Promise<CommandHarness> {
  const h = await createCommandHarness({ admins: [AREA_ADMIN] });
  await seedStreet(h);
  return h;
}

/** What the secretary is told in the community group. */
const meeting = (h: CommandHarness, text: string, who = SECRETARY) =>
  h.reply(who, `/联席会议${text === '' ? '' : ` ${text}`}`, as(who, communityRoom));
const decide = (h: CommandHarness, text: string) =>
  h.say(SECRETARY, `/议定 ${text}`, as(SECRETARY, communityRoom));
const topic = (h: CommandHarness, text: string, who = xingfu.committeeMember, room = xingfu.committee) =>
  h.reply(who, `/议题${text === '' ? '' : ` ${text}`}`, as(who, room));

describe('/联席会议 (community group)', () => {
  it('GIVEN no meeting THEN /联席会议 says how to call one; WHEN called with a time and place THEN the reply says when the agendas go out, and /联席会议 shows it', async () => {
    const h = await street();
    expect(await meeting(h, '')).toBe(
      [
        '还没有安排下次四方联席会议。请发送 /联席会议 <时间> [地点], 例如 /联席会议 2026-12-15 15:00 社区会议室',
        '业委会已提的议题: 幸福小区 0 条、枫林小区 0 条、阳光花园 0 条。',
      ].join('\n'),
    );
    expect(await meeting(h, '2026-12-15 15:00 社区会议室')).toBe(
      [
        '已安排四方联席会议: 12月15日 (周二) 15:00, 地点: 社区会议室。',
        '议程将于 12月14日 (周一) 15:00 和会议开始时发到各小区的业委会群和物业群。',
        '各小区业委会可在本小区群里发 /议题 <内容> 提出议题。',
      ].join('\n'),
    );
    await topic(h, '地下车库渗水');
    expect(await meeting(h, '')).toBe(
      [
        '下次四方联席会议: 12月15日 (周二) 15:00, 地点: 社区会议室。',
        '议程将于 12月14日 (周一) 15:00 和会议开始时发到各小区的业委会群和物业群。',
        '业委会已提的议题: 幸福小区 1 条、枫林小区 0 条、阳光花园 0 条。',
        '改时间: /联席会议 <新时间> [地点] 确认; 取消: /联席会议 取消',
      ].join('\n'),
    );
  });

  it('GIVEN a meeting upcoming WHEN another time is typed THEN nothing moves and the reply asks for 确认; WITH 确认 it moves', async () => {
    const h = await street();
    await meeting(h, '2026-12-15 15:00 社区会议室');
    expect(await meeting(h, '明天15点')).toBe(
      [
        '本社区已安排了四方联席会议: 12月15日 (周二) 15:00, 地点: 社区会议室。一次只安排一场。',
        '要改到 11月24日 (周二) 15:00, 请发送: /联席会议 明天15点 确认',
        '要取消原来的会议, 请发送: /联席会议 取消',
      ].join('\n'),
    );
    expect((await meeting(h, '')).split('\n')[0]).toBe(
      '下次四方联席会议: 12月15日 (周二) 15:00, 地点: 社区会议室。',
    );
    expect(await meeting(h, '明天15点 确认')).toBe(
      [
        '已改期四方联席会议: 11月24日 (周二) 15:00, 地点待定。',
        '原定 12月15日 (周二) 15:00 的会议已取消。',
        '议程将于 11月23日 (周一) 15:00 和会议开始时发到各小区的业委会群和物业群。',
        '各小区业委会可在本小区群里发 /议题 <内容> 提出议题。',
      ].join('\n'),
    );
    // The same time again with a place sets the place, without 确认.
    expect(await meeting(h, '2026-11-24 15:00 社区二楼会议室')).toBe(
      '已把 11月24日 (周二) 15:00 的四方联席会议地点改为: 社区二楼会议室。',
    );
    expect(await meeting(h, '明天15点')).toBe(
      '11月24日 (周二) 15:00 的四方联席会议已经安排好了 (地点: 社区二楼会议室)。议程将于 11月23日 (周一) 15:00 和会议开始时发到各小区的业委会群和物业群。',
    );
  });

  it('GIVEN a meeting upcoming WHEN cancelled THEN it is gone and the items stay; with none, cancelling says so', async () => {
    const h = await street();
    expect(await meeting(h, '取消')).toBe('没有待召开的四方联席会议, 不用取消。');
    await meeting(h, '2026-12-15 15:00');
    expect(await meeting(h, '取消')).toBe(
      '已取消 12月15日 (周二) 15:00 的四方联席会议。各小区业委会的议题留到下次会议。',
    );
    expect((await meeting(h, '')).split('\n')[0]).toBe(
      '还没有安排下次四方联席会议。请发送 /联席会议 <时间> [地点], 例如 /联席会议 2026-12-15 15:00 社区会议室',
    );
  });

  it('GIVEN times that name no meeting THEN each is refused with what to write', async () => {
    const h = await street();
    expect(await meeting(h, '明天')).toBe('请写上几点开会, 例如 /联席会议 明天15点 社区会议室。');
    expect(await meeting(h, '2026-11-01 15:00 社区会议室')).toBe(
      '会议时间「2026-11-01 15:00」已经过去了, 请写将来的时间, 例如 明天15点。',
    );
    expect(await meeting(h, '明天15点社区会议室')).toBe(
      '看不懂会议时间「明天15点社区会议室」。时间请写成 2026-12-15 15:00 或 明天15点, 和地点之间空一格, 例如 /联席会议 2026-12-15 15:00 社区会议室。',
    );
    expect(await meeting(h, '2026-02-30 15:00')).toBe(
      '没有这一天: 2026-02-30 15:00, 请写真实的日期, 例如 11月30日',
    );
    expect(await meeting(h, '2027-09-01 15:00')).toBe(
      '会议时间太远了: 最多安排在 180天 以内, 请检查年份和月份。',
    );
    expect(await meeting(h, `明天15点 ${'很'.repeat(41)}`)).toBe(
      '地点太长了 (最多 40 个字), 请只写会议地点。',
    );
    expect(await meeting(h, '')).toContain('还没有安排下次四方联席会议。');
  });

  it('GIVEN someone who is not 社区 THEN /联席会议 is refused; in a street group or a compound group it says where it works', async () => {
    const h = await street();
    expect(await meeting(h, '明天15点', GRID)).toBe('只有社区可以用 /联席会议。');
    expect(await h.reply(xingfu.owner, '/联席会议 明天15点', as(xingfu.owner, communityRoom))).toBe(
      '只有社区可以用 /联席会议。',
    );
    expect(
      await h.reply(
        areaPeople.streetOfficer.id,
        '/联席会议 明天15点',
        as(areaPeople.streetOfficer.id, streetRoom),
      ),
    ).toBe('四方联席会议由社区召开: 请在社区群里发送 /联席会议。');
    expect(await h.reply(SECRETARY, '/联席会议 明天15点', as(SECRETARY, xingfu.owners))).toBe(
      '/联席会议 要在社区群或街道群里使用, 本群是小区「幸福小区」的群。',
    );
  });
});

describe('/议题 (a compound’s committee)', () => {
  it('GIVEN no meeting yet THEN an item is kept for the next one and listed; once a meeting is called, the reply names it', async () => {
    const h = await street();
    expect(await topic(h, '')).toBe(
      [
        '本小区还没有提出下次四方联席会议的议题。业委会可发 /议题 <内容> 提出。',
        '「文苑社区」还没有定下次四方联席会议的时间, 定了以后议题列入议程。',
      ].join('\n'),
    );
    expect(
      await topic(h, '地下车库渗水两个月未修好, 请社区协调', xingfu.committeeMember, xingfu.owners),
    ).toBe(
      [
        '已提交联席会议议题: 地下车库渗水两个月未修好, 请社区协调',
        '「文苑社区」还没有定下次四方联席会议的时间, 定了以后议题列入议程。',
        '本小区共有 1 条议题, 发送 /议题 查看。',
      ].join('\n'),
    );
    await meeting(h, '2026-12-15 15:00 社区会议室');
    expect(await topic(h, '电梯更换的招标')).toBe(
      [
        '已提交联席会议议题: 电梯更换的招标',
        '将列入下次四方联席会议: 12月15日 (周二) 15:00, 地点: 社区会议室 的议程。',
        '本小区共有 2 条议题, 发送 /议题 查看。',
      ].join('\n'),
    );
    expect(await topic(h, '')).toBe(
      [
        '本小区提给下次四方联席会议的议题 (2 条):',
        '1. 地下车库渗水两个月未修好, 请社区协调 (幸福业委会老钱)',
        '2. 电梯更换的招标 (幸福业委会老钱)',
        '下次四方联席会议: 12月15日 (周二) 15:00, 地点: 社区会议室。',
      ].join('\n'),
    );
    // Another compound's committee sees only its own items.
    expect((await topic(h, '', fenglin.committeeMember, fenglin.committee)).split('\n')[0]).toBe(
      '本小区还没有提出下次四方联席会议的议题。业委会可发 /议题 <内容> 提出。',
    );
  });

  it('GIVEN a compound of no community, an owner, a community group or a long item THEN /议题 is refused helpfully', async () => {
    const h = await street();
    const other = { id: 'other-owners@chatroom', topic: '别的小区业主群' };
    await h.say(AREA_ADMIN, '/绑定群 别的小区', as(AREA_ADMIN, other));
    await h.say(AREA_ADMIN, '/角色 @老郑 业委会', {
      ...as(AREA_ADMIN, other),
      mentions: [{ id: 'wxid_zheng', name: '老郑' }],
    });
    expect(await h.reply('wxid_zheng', '/议题 停车位不够', { room: other, name: '老郑' })).toBe(
      '本小区还没有归属社区, 联席会议由社区召开, 议题无处可送。请管理员先在本群发送 /归属 <社区名>, 例如 /归属 文苑社区。',
    );
    expect(await topic(h, '停车位不够', xingfu.owner, xingfu.owners)).toBe('只有业委会委员可以用 /议题。');
    expect(await topic(h, '停车位不够', SECRETARY, communityRoom)).toBe(
      '本群是社区「文苑社区」的群, /议题 要在小区的群里使用。发送 /帮助 查看本群可用的命令。',
    );
    expect(await topic(h, '长'.repeat(201))).toBe(
      '一条议题最多 200 字, 请精简, 或分成几条。\n用法: /议题 <内容>',
    );
  });
});

describe('/议定 (community group)', () => {
  /** A meeting that began at 15:00 today, with 幸福小区's #1 (filed by its owner) and 枫林小区's #1. */
  async function afterMeeting(): Promise<CommandHarness> {
    const h = await street();
    await h.say(xingfu.owner, '/报修 地下车库渗水 电话13812345678', as(xingfu.owner, xingfu.owners));
    await h.say(fenglin.owner, '/报修 枫林的路灯坏了', as(fenglin.owner, fenglin.owners));
    await h.say(SECRETARY, '/联席会议 今天15点 社区会议室', as(SECRETARY, communityRoom));
    h.setNow(h.now + 5.5 * HOUR);
    return h;
  }

  it('GIVEN a meeting under way THEN /议定 幸福#1 records the decision in the timeline, tells the committee and staff groups, and queues a 居务 item', async () => {
    const h = await afterMeeting();
    const { result, replies } = await decide(h, '幸福#1 由物业下周一前补做防水, 社区验收');
    expect(result.status).toBe('ok');
    const text = (room: string) => replies.find((r) => r.conversationId === room)?.text;
    expect(text(communityRoom.id)).toBe(
      [
        '已记录 幸福小区#1 的议定: 由物业下周一前补做防水, 社区验收',
        '已发到该小区的业委会群和物业群, 并列入下次三务公示 (居务)。',
      ].join('\n'),
    );
    const notice = [
      '【四方联席会议议定】【重大】#1: 地下车库渗水 电话138****5678',
      '决定: 由物业下周一前补做防水, 社区验收',
      '(11月23日四方联席会议, 社区 陈书记 记录; 已记入工单进展, 将在下次三务公示的居务中公开)',
    ].join('\n');
    expect(text(xingfu.committee.id)).toBe(notice);
    expect(text(xingfu.staff.id)).toBe(notice);
    expect(replies.map((r) => r.conversationId).sort()).toEqual(
      [communityRoom.id, xingfu.committee.id, xingfu.staff.id].sort(),
    );
    expect(replies.every((r) => r.conversationId === communityRoom.id || r.mentionIds.length === 0)).toBe(
      true,
    );

    const xf = await compoundByName(h.handle.db, xingfu.name);
    const t = xf && (await ticketByNo(h.handle.db, xf.id, 1));
    if (!t) throw new Error('no ticket');
    expect((await ticketEventsOf(h.handle.db, t.id)).map((e) => [e.kind, e.note])).toContainEqual([
      'decided',
      '由物业下周一前补做防水, 社区验收',
    ]);
    const timeline = await h.reply(xingfu.owner, '/进度 #1', as(xingfu.owner, xingfu.owners));
    expect(timeline).toContain('陈书记 联席会议议定: 由物业下周一前补做防水, 社区验收');
    const items = await h.handle.db.select().from(affairItems).all();
    expect(items.map((i) => [i.compoundId, i.kind, i.text])).toEqual([
      [
        xf?.id,
        'resident',
        '11月23日四方联席会议议定 #1「地下车库渗水 电话138****5678」: 由物业下周一前补做防水, 社区验收',
      ],
    ]);
  });

  it('GIVEN names and numbers that do not name a ticket of this community THEN each is refused with what there is', async () => {
    const h = await afterMeeting();
    // A second compound starting with 幸福 makes 幸福 ambiguous; its exact name still works.
    const erqi = { id: 'xingfu2-owners@chatroom', topic: '幸福二期业主群' };
    await h.say(AREA_ADMIN, '/绑定群 幸福二期', as(AREA_ADMIN, erqi));
    await h.say(AREA_ADMIN, '/归属 文苑社区', as(AREA_ADMIN, erqi));
    // A compound of no community, with a ticket #1: never reachable from this group.
    const other = { id: 'other-owners@chatroom', topic: '别的小区业主群' };
    await h.say(AREA_ADMIN, '/绑定群 别的小区', as(AREA_ADMIN, other));
    await h.say('wxid_other', '/报修 楼道灯不亮', { room: other, name: '别处业主' });

    const refusal = async (text: string) => {
      const { result, replies } = await decide(h, text);
      expect(result.status).not.toBe('ok');
      expect(replies).toHaveLength(1);
      return replies[0]?.text;
    };
    expect(await refusal('幸福#1 由物业补做防水')).toBe(
      '「幸福」对应好几个小区: 幸福二期、幸福小区。请多写几个字, 例如 幸福二期#1。',
    );
    expect(await refusal('别的小区#1 由物业补做防水')).toBe(
      '本社区没有叫「别的小区」的小区。本社区的小区: 枫林小区、幸福二期、幸福小区、阳光花园。',
    );
    expect(await refusal('#1 由物业补做防水')).toBe(
      '请在 #1 前写上小区名, 例如 枫林小区#1: 各小区的工单是分开编号的。本社区的小区: 枫林小区、幸福二期、幸福小区、阳光花园。',
    );
    expect(await refusal('幸福小区#9 由物业补做防水')).toBe(
      '幸福小区没有 #9 号工单。发送 /进度 查看吹哨和超时的工单。',
    );
    expect(await refusal('幸福小区 由物业补做防水')).toBe(
      '「幸福小区 由物业补做防水」不是工单号, 请写成 幸福小区#12 这样 (小区名写开头几个字也行)。\n用法: /议定 <小区名>#n <决定>',
    );
    expect(await refusal('幸福小区#1')).toBe(
      '请写上议定的内容, 例如 /议定 幸福小区#12 由物业本周内更换。\n用法: /议定 <小区名>#n <决定>',
    );
    expect(await refusal(`幸福小区#1 ${'长'.repeat(301)}`)).toBe(
      '内容太长了, 请控制在 300 字以内。\n用法: /议定 <小区名>#n <决定>',
    );
    const ok = await decide(h, '幸福小区 ＃1 由物业补做防水');
    expect(ok.result.status).toBe('ok');
    expect(await h.handle.db.select().from(affairItems).all()).toHaveLength(1);
  });

  it('GIVEN no meeting has begun THEN /议定 is refused and points to /方案; an owner or a compound group cannot use it', async () => {
    const h = await street();
    await h.say(xingfu.owner, '/报修 地下车库渗水', as(xingfu.owner, xingfu.owners));
    const first = await decide(h, '幸福小区#1 由物业补做防水');
    expect(first.replies[0]?.text).toBe(
      '还没有开过四方联席会议, 请先用 /联席会议 <时间> [地点] 安排。社区自己的决定请用 /方案 幸福小区#1 <决定>。',
    );
    await meeting(h, '2026-12-15 15:00');
    const early = await decide(h, '幸福小区#1 由物业补做防水');
    expect(early.replies[0]?.text).toBe(
      '四方联席会议 12月15日 (周二) 15:00 才开始, 会上议定后再记录。社区自己的决定请用 /方案 幸福小区#1 <决定>。',
    );
    expect(await h.reply(xingfu.owner, '/议定 幸福小区#1 好', as(xingfu.owner, communityRoom))).toBe(
      '只有社区可以用 /议定。',
    );
    expect(await h.reply(SECRETARY, '/议定 幸福小区#1 好', as(SECRETARY, xingfu.owners))).toBe(
      '/议定 要在社区群或街道群里使用, 本群是小区「幸福小区」的群。',
    );
    expect(await h.handle.db.select().from(affairItems).all()).toEqual([]);
    const xf = await compoundByName(h.handle.db, xingfu.name);
    expect((await communityOf(h.handle.db, xf?.id ?? 0))?.name).toBe('文苑社区');
  });
});

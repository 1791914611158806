import { describe, expect, it } from 'vitest';
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
import { boardLineOf } from '../../support/board.js';
import { createCommandHarness } from '../../support/command-harness.js';
import { seedNovember } from '../../support/ranking.js';

/** The street of test/support/areas.ts with the November of test/support/ranking.ts, on 23 November. */
async function street() {
  const h = await createCommandHarness({ admins: [AREA_ADMIN] });
  await seedStreet(h);
  await seedNovember(h);
  return h;
}

const as = (id: string, room: { id: string; topic: string }) => ({ room, name: areaName(id) });
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

describe('/排名 in community and street groups', () => {
  it('GIVEN the November THEN anyone in the community group gets the ranking as a text and one picture', async () => {
    const h = await street();
    const { result, replies } = await h.say(
      areaPeople.gridHead.id,
      '/排名',
      as(areaPeople.gridHead.id, communityRoom),
    );
    expect(result.status).toBe('ok');
    expect(replies).toHaveLength(2);
    expect(replies.every((r) => r.conversationId === communityRoom.id)).toBe(true);
    expect(replies[0]?.text).toBe(
      [
        '【文苑社区 物业公司排名】2026年11月 (截至 11月23日 10:00)',
        '1. 万家物业 ★★★★★ 100.0 分',
        '2. 铁龙物业 ★☆☆☆☆ 48.0 分 [黑榜]',
        '黑榜 (低于 50 分): 铁龙物业',
        '本月还没结束, 排名还会变; 每月的正式排名按 /设置 排名 的时间发布上月排名。',
        await boardLineOf(h.handle.db, { kind: 'community', name: '文苑社区' }, h.publicUrl),
      ].join('\n'),
    );
    expect(replies[1]?.file?.name).toBe('物业公司排名-2026年11月.png');
    expect(replies[1]?.file?.data.subarray(0, 4)).toEqual(PNG);
  });

  it('GIVEN the street group THEN /rank ranks the companies over all its compounds; 上月 (October) had none', async () => {
    const h = await street();
    const { replies } = await h.say(
      areaPeople.streetOfficer.id,
      '/rank',
      as(areaPeople.streetOfficer.id, streetRoom),
    );
    expect(replies[0]?.text?.split('\n').slice(0, 3)).toEqual([
      '【马栏街道 物业公司排名】2026年11月 (截至 11月23日 10:00)',
      '1. 万家物业 ★★★★★ 100.0 分',
      '2. 铁龙物业 ★☆☆☆☆ 48.0 分 [黑榜]',
    ]);
    const last = await h.say(
      areaPeople.streetOfficer.id,
      '/排名 上月',
      as(areaPeople.streetOfficer.id, streetRoom),
    );
    expect(last.replies[0]?.text).toBe(
      [
        '【马栏街道 物业公司排名】2026年10月',
        '本期没有物业公司达到评星所需的 5 件可评工单。',
        '样本不足, 本期不评星: 铁龙物业 (0 件)、万家物业 (0 件)',
        '完整排名见图。',
        await boardLineOf(h.handle.db, { kind: 'street', name: '马栏街道' }, h.publicUrl),
      ].join('\n'),
    );
  });

  it('GIVEN a word that is no month THEN it says which months there are', async () => {
    const h = await street();
    expect(
      await h.reply(areaPeople.gridHead.id, '/排名 去年', as(areaPeople.gridHead.id, communityRoom)),
    ).toBe('只能看本月或上月的排名, 例如 /排名 上月。\n用法: /排名 [本月|上月]');
  });

  it('GIVEN a community with no compounds THEN /排名 says how compounds join', async () => {
    const h = await createCommandHarness({ admins: [AREA_ADMIN] });
    const room = { id: 'empty@chatroom', topic: '空社区群' };
    await h.say(AREA_ADMIN, '/绑定群 空空社区 社区群', as(AREA_ADMIN, room));
    expect(await h.reply(AREA_ADMIN, '/排名', as(AREA_ADMIN, room))).toBe(
      '本社区还没有小区, 没有排名。请在各小区的群里由管理员发送 /归属 空空社区。',
    );
  });
});

describe('/排名 in a compound group: its own company line only', () => {
  it("GIVEN 幸福小区's owners group THEN an owner sees 铁龙物业's stars, score and rank, and no other company or compound", async () => {
    const h = await street();
    const reply = await h.reply(xingfu.owner, '/排名', as(xingfu.owner, xingfu.owners));
    expect(reply).toBe(
      [
        '幸福小区 · 物业公司 铁龙物业 · 2026年11月排名 (截至 11月23日 10:00)',
        '在「文苑社区」2 家评星的物业公司中排第 2: ★☆☆☆☆ 1星, 48.0 分, 列入黑榜',
        '本小区: 报修 5 件, 按时响应 5/5, 按时解决 2/5, 满意度 1.0 分, 返工 0, 吹哨 3',
        '星级标准: ★5 ≥90 · ★4 ≥80 · ★3 ≥70 · ★2 ≥60 · 黑榜 <50 · 至少 5 件可评工单',
      ].join('\n'),
    );
    expect(reply).not.toContain('万家');
    expect(reply).not.toContain('枫林');
  });

  it('GIVEN 枫林小区 THEN its line says first of two', async () => {
    const h = await street();
    const reply = await h.reply(fenglin.owner, '/rank', as(fenglin.owner, fenglin.owners));
    expect(reply.split('\n')[1]).toBe('在「文苑社区」2 家评星的物业公司中排第 1: ★★★★★ 5星, 100.0 分');
    expect(reply).not.toContain('铁龙');
  });

  it('GIVEN 阳光花园 (铁龙物业, no tickets of its own) THEN it shows the company standing and that it had no tickets', async () => {
    const h = await street();
    const reply = await h.reply('wxid_zhangsan', '/排名');
    expect(reply.split('\n').slice(1, 3)).toEqual([
      '在「文苑社区」2 家评星的物业公司中排第 2: ★☆☆☆☆ 1星, 48.0 分, 列入黑榜',
      '本小区: 本期没有工单。',
    ]);
    expect(reply).not.toContain('幸福');
  });

  it('GIVEN a compound of no community, or with no company named THEN it says what is missing', async () => {
    const h = await createCommandHarness({ admins: [AREA_ADMIN] });
    expect(await h.reply('wxid_zhangsan', '/排名')).toBe(
      '本小区还没有归属社区, 没有物业公司排名。请管理员发送 /归属 <社区名>。',
    );
    await h.say(AREA_ADMIN, '/归属 文苑社区', { name: areaName(AREA_ADMIN) });
    expect(await h.reply('wxid_zhangsan', '/排名')).toBe(
      '本小区还没有登记物业公司, 不参与排名。请业委会或管理员发送 /物业公司 <名称>。',
    );
  });
});

describe('/设置 in community and street groups', () => {
  it('GIVEN the street group THEN /设置 shows the ranking schedule and the star rules with their defaults', async () => {
    const h = await street();
    expect(
      await h.reply(areaPeople.streetOfficer.id, '/设置', as(areaPeople.streetOfficer.id, streetRoom)),
    ).toBe(
      [
        '街道「马栏街道」的设置:',
        '排名发布: 0 9 2 * * (每次发布上个月的物业公司排名)',
        '星级: ★5 ≥90 · ★4 ≥80 · ★3 ≥70 · ★2 ≥60, 其余 ★1',
        '黑榜: 低于 50 分',
        '评星最少可评工单: 5 件',
        '修改示例: /设置 星级 90 80 70 60, /设置 星级 黑榜 50, /设置 排名 0 9 2 * *',
      ].join('\n'),
    );
  });

  it("GIVEN new thresholds set in the street group THEN the community shows them as the street's and ranks by them", async () => {
    const h = await street();
    const officer = areaPeople.streetOfficer.id;
    expect(await h.reply(officer, '/设置 星级 黑榜 40', as(officer, streetRoom))).toBe(
      '已把黑榜线从低于 50 分改为低于 40 分。本街道各社区的排名都按新标准评星, 下次排名起生效。',
    );
    expect(await h.reply(officer, '/设置 星级 95 85 75 45', as(officer, streetRoom))).toBe(
      '已把星级分数线从 ★5 ≥90 · ★4 ≥80 · ★3 ≥70 · ★2 ≥60, 其余 ★1 改为 ★5 ≥95 · ★4 ≥85 · ★3 ≥75 · ★2 ≥45, 其余 ★1。本街道各社区的排名都按新标准评星, 下次排名起生效。',
    );
    const shown = await h.reply(areaPeople.secretary.id, '/设置', as(areaPeople.secretary.id, communityRoom));
    expect(shown.split('\n').slice(0, 4)).toEqual([
      '社区「文苑社区」的设置:',
      '排名发布: 0 9 2 * * (每次发布上个月的物业公司排名)',
      '星级 (按街道「马栏街道」的标准): ★5 ≥95 · ★4 ≥85 · ★3 ≥75 · ★2 ≥45, 其余 ★1 (默认 ★5 ≥90 · ★4 ≥80 · ★3 ≥70 · ★2 ≥60, 其余 ★1)',
      '黑榜: 低于 40 分 (默认 低于 50 分)',
    ]);
    // 48.0 is now ★2 and above the 黑榜 line.
    const { replies } = await h.say(
      areaPeople.gridHead.id,
      '/排名',
      as(areaPeople.gridHead.id, communityRoom),
    );
    expect(replies[0]?.text?.split('\n').slice(1, 3)).toEqual([
      '1. 万家物业 ★★★★★ 100.0 分',
      '2. 铁龙物业 ★★☆☆☆ 48.0 分',
    ]);
    expect(replies[0]?.text).not.toContain('黑榜');
  });

  it('GIVEN the community group THEN its own ranking schedule can change, its star rules cannot', async () => {
    const h = await street();
    const secretary = areaPeople.secretary.id;
    expect(await h.reply(secretary, '/设置 排名 0 9 3 * *', as(secretary, communityRoom))).toBe(
      '已把物业公司排名的发布时间从「0 9 2 * *」改为「0 9 3 * *」(按北京时间), 每次发布上个月的排名。',
    );
    expect(await h.reply(secretary, '/设置 星级 95 85 75 65', as(secretary, communityRoom))).toBe(
      '星级标准由街道统一设置, 各社区相同: 请在「马栏街道」的街道群里发送 /设置 星级 …。现在的标准: ★5 ≥90 · ★4 ≥80 · ★3 ≥70 · ★2 ≥60 · 黑榜 <50 · 至少 5 件可评工单。',
    );
    // The street's schedule is its own.
    const streetShown = await h.reply(AREA_ADMIN, '/设置', as(AREA_ADMIN, streetRoom));
    expect(streetShown.split('\n')[1]).toBe('排名发布: 0 9 2 * * (每次发布上个月的物业公司排名)');
  });

  it.each([
    [
      '/设置 星级 90 80',
      '要写四个分数 (5星、4星、3星、2星), 你写了 2 个。例如 /设置 星级 90 80 70 60 (5星、4星、3星、2星的最低分)。',
    ],
    [
      '/设置 星级 60 70 80 90',
      '分数要从高到低写, 一个比一个低, 例如 /设置 星级 90 80 70 60 (5星、4星、3星、2星的最低分)。',
    ],
    [
      '/设置 星级 九十 80 70 60',
      '看不懂「九十 80 70 60」。请写四个分数, 例如 /设置 星级 90 80 70 60 (5星、4星、3星、2星的最低分); 或 /设置 星级 黑榜 50、/设置 星级 最少 5。',
    ],
    ['/设置 星级 120 80 70 60', '分数要在 1 到 100 之间。'],
    ['/设置 星级 最少 0', '件数「0」不对, 请写 1 到 1000 之间的整数。'],
    [
      '/设置 排名 * * * * *',
      '「* * * * *」太频繁了: 定时发布 (公示、周报、排名) 每小时最多一次, 第一段 (分钟) 只能写一个数, 不能写 *、*/5 或 0,30; 例如 0 9 1 * * 表示每月1日 09:00。',
    ],
    [
      '/设置 时限 一般 30分钟',
      '「时限」是小区的设置, 请在小区的群里发送 /设置 时限 …。社区群、街道群可以设置: 排名、星级。',
    ],
    ['/设置 颜色 红', '没有「颜色」这个设置项。社区群、街道群可以设置: 排名、星级。'],
  ])('GIVEN %s in the street group THEN it is refused with the usage', async (text, why) => {
    const h = await street();
    expect(await h.reply(AREA_ADMIN, text, as(AREA_ADMIN, streetRoom))).toBe(
      `${why}\n用法: ${'/设置 [<项> <值>]  项: 排名 <cron>, 星级 <5星> <4星> <3星> <2星>, 星级 黑榜 <分>, 星级 最少 <件数> (星级只在街道群设置)'}`,
    );
  });

  it('GIVEN a 黑榜 line above the 2-star line, or thresholds under the 黑榜 line THEN both are refused and nothing changes', async () => {
    const h = await street();
    expect(await h.reply(AREA_ADMIN, '/设置 星级 黑榜 70', as(AREA_ADMIN, streetRoom))).toBe(
      '黑榜线不能高于 2 星线 (60 分): 黑榜上的公司都是 1 星。请写 0 到 60 之间的分数。',
    );
    expect(await h.reply(AREA_ADMIN, '/设置 星级 80 70 60 40', as(AREA_ADMIN, streetRoom))).toBe(
      '黑榜线 (低于 50 分) 不能高于 2 星线 (40 分), 否则 2 星的公司也会上黑榜。请先改黑榜线, 例如 /设置 星级 黑榜 40。',
    );
    expect((await h.reply(AREA_ADMIN, '/设置', as(AREA_ADMIN, streetRoom))).split('\n').slice(2, 4)).toEqual([
      '星级: ★5 ≥90 · ★4 ≥80 · ★3 ≥70 · ★2 ≥60, 其余 ★1',
      '黑榜: 低于 50 分',
    ]);
  });

  it('GIVEN a grid head in the community group THEN /设置 is not for him; a committee member still sets the compound in its own group', async () => {
    const h = await street();
    expect(await h.reply(areaPeople.gridHead.id, '/设置', as(areaPeople.gridHead.id, communityRoom))).toBe(
      '只有管理员、社区可以用 /设置。',
    );
    const own = await h.reply(xingfu.committeeMember, '/设置', as(xingfu.committeeMember, xingfu.owners));
    expect(own.split('\n')[0]).toBe('「幸福小区」的设置:');
  });

  it('GIVEN 黑榜 关 and 星级 默认 THEN the 黑榜 goes, then every star rule is back to its default', async () => {
    const h = await street();
    expect(await h.reply(AREA_ADMIN, '/设置 星级 黑榜 关', as(AREA_ADMIN, streetRoom))).toBe(
      '已关闭黑榜 (原来是低于 50 分)。本街道各社区的排名都按新标准评星, 下次排名起生效。',
    );
    const { replies } = await h.say(AREA_ADMIN, '/排名', as(AREA_ADMIN, streetRoom));
    expect(replies[0]?.text).not.toContain('黑榜');
    expect(await h.reply(AREA_ADMIN, '/设置 星级 默认', as(AREA_ADMIN, streetRoom))).toBe(
      '已恢复默认星级标准: ★5 ≥90 · ★4 ≥80 · ★3 ≥70 · ★2 ≥60 · 黑榜 <50 · 至少 5 件可评工单。本街道各社区的排名都按新标准评星, 下次排名起生效。',
    );
  });

  it('GIVEN a community of no street THEN /设置 shows the default star rules as such and says to join a street to change them', async () => {
    const h = await createCommandHarness({ admins: [AREA_ADMIN] });
    const room = { id: 'lone@chatroom', topic: '孤立社区群' };
    await h.say(AREA_ADMIN, '/绑定群 孤山社区 社区群', as(AREA_ADMIN, room));
    expect((await h.reply(AREA_ADMIN, '/设置', as(AREA_ADMIN, room))).split('\n')[2]).toBe(
      '星级 (默认标准; 本社区还没有归属街道): ★5 ≥90 · ★4 ≥80 · ★3 ≥70 · ★2 ≥60, 其余 ★1',
    );
    expect(await h.reply(AREA_ADMIN, '/设置 星级 黑榜 40', as(AREA_ADMIN, room))).toBe(
      '星级标准由街道统一设置。本社区还没有归属街道, 现在用默认标准 (★5 ≥90 · ★4 ≥80 · ★3 ≥70 · ★2 ≥60 · 黑榜 <50 · 至少 5 件可评工单)。请管理员先在本群发送 /归属 <街道名>, 再到街道群里设置。',
    );
  });

  it('GIVEN /帮助 in the street group THEN /排名 and /设置 are listed', async () => {
    const h = await street();
    const help = await h.reply(AREA_ADMIN, '/帮助', as(AREA_ADMIN, streetRoom));
    expect(help).toContain('/排名 [本月|上月]');
    expect(help).toContain('/设置 [<项> <值>]');
  });
});

import { describe, expect, it } from 'vitest';
import { areaByName, compoundsOfArea } from '../../../db/areas.js';
import { holdersOf } from '../../../db/people.js';
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
import { createCommandHarness } from '../../support/command-harness.js';

async function street() {
  const h = await createCommandHarness({ admins: [AREA_ADMIN] });
  await seedStreet(h);
  return h;
}

const as = (id: string, room: { id: string; topic: string }) => ({ room, name: areaName(id) });

describe('communities and streets: binding, belonging and roles', () => {
  it('GIVEN the street set up in its groups THEN the community holds the three compounds and the street sees them', async () => {
    const h = await street();
    const community = await areaByName(h.handle.db, 'community', '文苑社区');
    const streetArea = await areaByName(h.handle.db, 'street', '马栏街道');
    expect(community?.parentId).toBe(streetArea?.id);
    const names = async (a: typeof community) =>
      a ? (await compoundsOfArea(h.handle.db, a)).map((c) => c.name) : [];
    expect(await names(community)).toEqual(
      ['幸福小区', '枫林小区', '阳光花园'].sort((a, b) => a.localeCompare(b)),
    );
    expect((await names(streetArea)).length).toBe(3);
  });

  it('GIVEN a community group WHEN an admin binds it THEN the reply says what to do next', async () => {
    const h = await createCommandHarness({ admins: [AREA_ADMIN] });
    expect(await h.reply(AREA_ADMIN, '/绑定群 文苑社区 社区群', as(AREA_ADMIN, communityRoom))).toBe(
      '本群已绑定为社区「文苑社区」(新建)的社区群。请在各小区的群里由管理员发送 /归属 文苑社区, 把小区归到本社区。发送 /帮助 查看本群可用的命令。',
    );
  });

  it('GIVEN a compound group WHEN it is bound as a community group without 确认 THEN nothing moves and the reply asks', async () => {
    const h = await street();
    const reply = await h.reply(AREA_ADMIN, '/绑定群 文苑社区 社区群', as(AREA_ADMIN, xingfu.staff));
    expect(reply).toContain('本群现在是小区「幸福小区」的群');
    expect(reply).toContain('/绑定群 文苑社区 社区群 确认');
    // Still the compound's staff group: a manager's command works there.
    const { result } = await h.say(xingfu.manager, '/进度', as(xingfu.manager, xingfu.staff));
    expect(result.status).toBe('ok');
  });

  it('GIVEN a community group WHEN an owner command is typed there THEN it says where it works', async () => {
    const h = await street();
    expect(
      await h.reply(areaPeople.secretary.id, '/报修 路灯坏了', as(areaPeople.secretary.id, communityRoom)),
    ).toBe('本群是社区「文苑社区」的群, /报修 要在小区的群里使用。发送 /帮助 查看本群可用的命令。');
  });

  it('GIVEN /帮助 in the community group THEN its header names the community and lists what works there', async () => {
    const h = await street();
    const help = await h.reply(AREA_ADMIN, '/帮助', as(AREA_ADMIN, communityRoom));
    expect(help.split('\n')[0]).toBe('红管家 · 文苑社区 (社区) · 你可以用的命令:');
    expect(help).toContain('/归属 <街道名>');
    expect(help).toContain('/角色 @某人 <社区|网格长|管理员>');
    expect(help).not.toContain('/报修');
  });

  it('GIVEN a grid head granted in the community group THEN he may escalate a ticket of any of its compounds', async () => {
    const h = await street();
    await h.say(xingfu.owner, '/报修 3号楼电梯按钮坏了', as(xingfu.owner, xingfu.owners));
    const { result } = await h.say(
      areaPeople.gridHead.id,
      '/吹哨 #1 拖太久',
      as(areaPeople.gridHead.id, xingfu.owners),
    );
    expect(result.status).toBe('ok');
  });

  it('GIVEN 社区 granted in the street group THEN it holds for the compounds of its communities', async () => {
    const h = await street();
    const community = await areaByName(h.handle.db, 'community', '文苑社区');
    if (!community) throw new Error('no community');
    const fl = (await compoundsOfArea(h.handle.db, community)).find((c) => c.name === fenglin.name);
    if (!fl) throw new Error('no 枫林小区');
    const holders = await holdersOf(h.handle.db, fl.id, ['community']);
    expect(holders.map((x) => x.name).sort()).toEqual(['吴主任', '陈书记'].sort());
  });

  it('GIVEN a compound of no community THEN roles granted in the community group do not reach it', async () => {
    const h = await street();
    const other = { id: 'other-owners@chatroom', topic: '别的小区业主群' };
    await h.say(AREA_ADMIN, '/绑定群 别的小区', as(AREA_ADMIN, other));
    await h.say('wxid_other_owner', '/报修 楼道灯不亮', { room: other, name: '别处业主' });
    const reply = await h.reply(areaPeople.gridHead.id, '/吹哨 #1', as(areaPeople.gridHead.id, other));
    expect(reply).toContain('只有报修人');
  });

  it('GIVEN /角色 @某人 物业 in the community group THEN it is refused and says where to grant it', async () => {
    const h = await street();
    const reply = await h.reply(AREA_ADMIN, '/角色 @幸福物业小周 物业', {
      ...as(AREA_ADMIN, communityRoom),
      mentions: [{ id: xingfu.manager, name: areaName(xingfu.manager) }],
    });
    expect(reply).toBe('社区群里只能授予 社区、网格长、管理员; 物业请在小区的群里授予。');
  });

  it('GIVEN /归属 with a street name in a compound group THEN it is refused', async () => {
    const h = await street();
    expect(await h.reply(AREA_ADMIN, '/归属 马栏街道', as(AREA_ADMIN, xingfu.owners))).toBe(
      '「马栏街道」是街道。小区归属社区: /归属 <社区名>; 社区归属街道要在社区群里发。',
    );
  });

  it('GIVEN a typo in /归属 THEN the new community is named with the near one that was maybe meant', async () => {
    const h = await street();
    const reply = await h.reply(AREA_ADMIN, '/归属 文园社区', as(AREA_ADMIN, fenglin.owners));
    expect(reply).toContain('小区「枫林小区」已归属社区「文园社区」 (原来属于「文苑社区」)');
    expect(reply).toContain('已有名字相近的社区「文苑社区」: 如果写错了, 请再发送 /归属 文苑社区。');
  });

  it('GIVEN an owner THEN /物业公司 is not for them; a committee member sees the named company', async () => {
    const h = await street();
    expect(await h.reply(xingfu.owner, '/物业公司 乱写物业', as(xingfu.owner, xingfu.owners))).toBe(
      '只有管理员、业委会委员可以用 /物业公司。',
    );
    expect(
      await h.reply(xingfu.committeeMember, '/物业公司', as(xingfu.committeeMember, xingfu.owners)),
    ).toBe('本小区的物业公司: 铁龙物业。要改, 请发送 /物业公司 <名称>。');
  });

  it('GIVEN the street group THEN /归属 there says a street belongs nowhere', async () => {
    const h = await street();
    expect(await h.reply(AREA_ADMIN, '/归属 大连市', as(AREA_ADMIN, streetRoom))).toBe(
      '街道群不用归属: 街道是最上一级。',
    );
  });
});

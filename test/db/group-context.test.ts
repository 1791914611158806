import { describe, expect, it } from 'vitest';
import { ensureArea, grantAreaRole, setCommunity, setStreet } from '../../db/areas.js';
import type { Db } from '../../db/client.js';
import {
  bindGroup,
  ensureCompound,
  groupByRoom,
  groupContext,
  groupsOfCompound,
  pickStaffGroup,
  staffGroup,
} from '../../db/compounds.js';
import { grantedRoles, grantRole, upsertPerson } from '../../db/people.js';
import { putSetting, storedSettings } from '../../db/settings.js';
import { openTestDatabase } from '../support/store.js';

const t0 = Date.UTC(2026, 11, 2, 2, 0);

/**
 * Two compounds under one community and street; the first with three groups bound out of order,
 * settings, and roles granted in it, in the community and in the street; the second bare.
 */
async function world(): Promise<{ db: Db; sunny: number; bare: number }> {
  const { db } = await openTestDatabase();
  const sunny = (await ensureCompound(db, '阳光花园', t0)).compound.id;
  const bare = (await ensureCompound(db, '幸福小区', t0)).compound.id;
  const community = (await ensureArea(db, 'community', '东风社区', t0)).area.id;
  const street = (await ensureArea(db, 'street', '红旗街道', t0)).area.id;
  for (const [id, name] of [
    ['wxid_li', '李'],
    ['wxid_zhao', '赵'],
    ['a', '管理员'],
  ] as const)
    await upsertPerson(db, { id, name }, t0);
  await setCommunity(db, sunny, community);
  await setStreet(db, community, street);
  const bindings = [
    ['committee@r', sunny, 'committee', '业委会', t0 + 3],
    ['owners@r', sunny, 'owners', '业主群', t0 + 1],
    ['staff@r', sunny, 'staff', '物业群', t0 + 2],
    ['bare@r', bare, 'owners', '幸福', t0],
  ] as const;
  for (const [roomId, compoundId, kind, topic, at] of bindings)
    await bindGroup(db, { roomId, compoundId, kind, topic, boundBy: 'a' }, at);
  for (const role of ['manager', 'committee'] as const)
    await grantRole(db, { compoundId: sunny, personId: 'wxid_li', role, grantedBy: 'a' }, t0);
  await grantAreaRole(db, { areaId: community, personId: 'wxid_li', role: 'grid', grantedBy: 'a' }, t0);
  await grantAreaRole(db, { areaId: street, personId: 'wxid_zhao', role: 'community', grantedBy: 'a' }, t0);
  // Held in the community but not inherited by its compounds: not a role there.
  await grantAreaRole(db, { areaId: community, personId: 'wxid_zhao', role: 'admin', grantedBy: 'a' }, t0);
  await putSetting(db, { compoundId: sunny, key: 'sla.general', value: '45', updatedBy: 'a' }, t0);
  await putSetting(db, { compoundId: sunny, key: 'hint.ticket', value: 'on', updatedBy: 'a' }, t0);
  return { db, sunny, bare };
}

describe('the group context, in one statement (db/compounds.ts groupContext)', () => {
  it('GIVEN a compound with groups, settings and roles granted at three levels THEN it reads what the four separate reads do', async () => {
    const { db, sunny } = await world();
    for (const person of ['wxid_li', 'wxid_zhao', 'wxid_nobody'])
      for (const room of ['owners@r', 'staff@r', 'committee@r']) {
        const ctx = await groupContext(db, room, person);
        const alone = await groupByRoom(db, room);
        expect(ctx?.group).toEqual(alone?.group);
        expect(ctx?.compound).toEqual(alone?.compound);
        expect(new Set(ctx?.roles)).toEqual(new Set(await grantedRoles(db, sunny, person)));
        expect(ctx?.groups).toEqual(await groupsOfCompound(db, sunny));
        expect(ctx?.settings).toEqual(await storedSettings(db, sunny));
      }
    const li = await groupContext(db, 'owners@r', 'wxid_li');
    expect(new Set(li?.roles)).toEqual(new Set(['manager', 'committee', 'grid']));
    expect((await groupContext(db, 'owners@r', 'wxid_zhao'))?.roles).toEqual(['community']);
    expect(li?.groups.map((g) => g.roomId)).toEqual(['owners@r', 'staff@r', 'committee@r']);
    expect(pickStaffGroup(li?.groups ?? [])).toEqual(await staffGroup(db, sunny));
    expect(li?.settings).toEqual(
      new Map([
        ['sla.general', '45'],
        ['hint.ticket', 'on'],
      ]),
    );
  });

  it('GIVEN a compound with one group, no settings and nobody granted anything THEN the lists are empty, not missing', async () => {
    const { db, bare } = await world();
    const ctx = await groupContext(db, 'bare@r', 'wxid_li');
    expect(ctx?.compound.id).toBe(bare);
    expect(ctx?.roles).toEqual([]);
    expect(ctx?.settings).toEqual(new Map());
    expect(ctx?.groups.map((g) => [g.roomId, g.kind, g.topic, g.boundAt])).toEqual([
      ['bare@r', 'owners', '幸福', t0],
    ]);
  });

  it('GIVEN a room no compound has THEN there is no context', async () => {
    const { db } = await world();
    expect(await groupContext(db, 'stranger@r', 'wxid_li')).toBeNull();
  });
});

/**
 * Every compound command x every role x own compound / another compound / private chat (issue 7).
 * Who may do what is written here from SPEC.md's command table, not read from the commands'
 * `who`: a command whose definition drifts from the spec fails here.
 */
import { asc } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  compounds,
  groups,
  roleGrants,
  settings,
  ticketEvents,
  tickets,
  unitClaims,
  units,
} from '../../db/schema.js';
import { affairItems, ledgerLines } from '../../db/schema-affairs.js';
import { ballots, polls } from '../../db/schema-votes.js';
import { type CommandHarness, createCommandHarness } from '../support/command-harness.js';

const P = {
  reporter: 'wxid_zhangsan',
  owner: 'wxid_lisi',
  manager: 'wxid_shifu_wang',
  committee: 'wxid_zhao_weiyuan',
  community: 'wxid_chen_shuji',
  grid: 'wxid_sun_wangge',
  admin: 'wxid_admin_liu',
} as const;
type Persona = keyof typeof P;
const everyone = Object.keys(P) as Persona[];

type Setup = 'ticket' | 'escalated' | 'resolved' | 'poll' | 'claim';
interface Row {
  text: string;
  may: readonly Persona[];
  setup: Setup;
  mentions?: readonly string[];
}

/** From SPEC.md "Command grammar"; `owner` is every member, the reporter is 张三 who filed #1. */
const table: Row[] = [
  { text: '/报修 5号楼电梯异响', may: everyone, setup: 'ticket' },
  { text: '/进度 #1', may: everyone, setup: 'ticket' },
  { text: '/接单 #1', may: ['manager'], setup: 'ticket' },
  { text: '/派单 #1 @王师傅', may: ['manager', 'committee'], setup: 'ticket', mentions: [P.manager] },
  { text: '/到场 #1', may: ['manager'], setup: 'ticket' },
  { text: '/完成 #1 已修好', may: ['manager'], setup: 'ticket' },
  { text: '/方案 #1 年底前改造', may: ['manager'], setup: 'ticket' },
  // After 吹哨 the community may act on the ticket like a manager (SPEC "Escalation").
  { text: '/方案 #1 年底前改造', may: ['manager', 'community'], setup: 'escalated' },
  { text: '/完成 #1 社区协调修好', may: ['manager', 'community'], setup: 'escalated' },
  { text: '/改 #1 重大', may: ['manager', 'committee'], setup: 'ticket' },
  { text: '/暂停 #1 等配件', may: ['manager'], setup: 'ticket' },
  { text: '/确认 #1 5 很好', may: ['reporter'], setup: 'resolved' },
  { text: '/退回 #1 还是不亮', may: ['reporter', 'committee'], setup: 'resolved' },
  { text: '/催办 #1', may: ['reporter', 'committee', 'grid'], setup: 'ticket' },
  { text: '/吹哨 #1 拖太久', may: ['reporter', 'committee', 'grid', 'community'], setup: 'ticket' },
  { text: '/统计', may: everyone, setup: 'ticket' },
  { text: '/投票 装哪里? | 东门 | 北门', may: ['committee', 'community'], setup: 'ticket' },
  { text: '/表决 更换物业公司', may: ['committee'], setup: 'ticket' },
  { text: '/投 #1 1', may: everyone, setup: 'poll' },
  { text: '/结果 #1', may: everyone, setup: 'poll' },
  { text: '/公示 党务 志愿服务日', may: ['community'], setup: 'ticket' },
  { text: '/公示 财务 电梯年检已付', may: ['committee'], setup: 'ticket' },
  { text: '/收支 支出 100 换灯', may: ['committee'], setup: 'ticket' },
  { text: '/三务', may: everyone, setup: 'ticket' },
  { text: '/绑定 3-2-302 100', may: everyone, setup: 'ticket' },
  { text: '/认证 @张三', may: ['committee', 'admin'], setup: 'claim', mentions: [P.reporter] },
  { text: '/角色 @李四 物业', may: ['admin'], setup: 'ticket', mentions: [P.owner] },
  { text: '/设置 提醒 40% 90%', may: ['admin', 'committee'], setup: 'ticket' },
];

const OTHER = { id: 'other-owners@chatroom', topic: '幸福里业主群' };

async function prepare(setup: Setup): Promise<CommandHarness> {
  const h = await createCommandHarness({ admins: [P.admin] });
  const ok = async (who: string, text: string, mentions: string[] = []) =>
    expect((await h.say(who, text, { mentions })).result.status, text).toBe('ok');
  expect((await h.say(P.admin, '/绑定群 幸福里 业主群', { room: OTHER })).result.status).toBe('ok');
  await ok(P.reporter, '/报修 3号楼楼道灯不亮');
  if (setup === 'resolved') {
    await ok(P.manager, '/接单 #1');
    await ok(P.manager, '/完成 #1 换了灯泡');
  }
  if (setup === 'escalated') await ok(P.grid, '/吹哨 #1 拖太久');
  if (setup === 'poll') await ok(P.committee, '/投票 装哪里? | 东门 | 北门');
  if (setup === 'claim') await ok(P.reporter, '/绑定 3-2-301 89.5');
  return h;
}

/** Everything a command could change, as one string (rows in key order: PostgreSQL keeps no other). */
async function state(h: CommandHarness): Promise<string> {
  const db = h.handle.db;
  return JSON.stringify([
    await db.select().from(tickets).orderBy(asc(tickets.id)).all(),
    await db.select().from(ticketEvents).orderBy(asc(ticketEvents.id)).all(),
    await db.select().from(polls).orderBy(asc(polls.id)).all(),
    await db.select().from(ballots).orderBy(asc(ballots.pollId), asc(ballots.voterKey)).all(),
    await db
      .select()
      .from(roleGrants)
      .orderBy(asc(roleGrants.compoundId), asc(roleGrants.personId), asc(roleGrants.role))
      .all(),
    await db.select().from(units).orderBy(asc(units.id)).all(),
    await db.select().from(unitClaims).orderBy(asc(unitClaims.id)).all(),
    await db.select().from(settings).orderBy(asc(settings.compoundId), asc(settings.key)).all(),
    await db.select().from(groups).orderBy(asc(groups.roomId)).all(),
    await db.select().from(compounds).orderBy(asc(compounds.id)).all(),
    await db.select().from(affairItems).orderBy(asc(affairItems.id)).all(),
    await db.select().from(ledgerLines).orderBy(asc(ledgerLines.id)).all(),
  ]);
}

describe('permission table: every command x every role, in its own compound', () => {
  for (const row of table) {
    for (const persona of everyone) {
      const label = row.setup === 'escalated' ? ' (after 吹哨)' : '';
      const allowed = row.may.includes(persona);
      it(`${row.text}${label} by ${persona} → ${allowed ? 'allowed' : 'refused, saying who may'}`, async () => {
        const h = await prepare(row.setup);
        const before = await state(h);
        const { result, replies } = await h.say(P[persona], row.text, {
          mentions: [...(row.mentions ?? [])],
        });
        const said = replies.map((r) => r.text ?? '').join('\n');
        if (allowed) {
          expect(result.status, said).not.toBe('denied');
          expect(said).not.toMatch(/只有.*可以/);
        } else {
          expect(said, `${persona}: ${said}`).toMatch(/只有.*可以/);
          expect(await state(h)).toBe(before);
        }
      });
    }
  }
});

describe('the same commands from another compound and from a private chat change nothing here', () => {
  for (const row of table) {
    it(`${row.text} in 幸福里's group and in private, by every role → nothing of 阳光花园 changes or shows`, async () => {
      const h = await prepare(row.setup);
      const before = await state(h);
      for (const persona of everyone) {
        const inOther = await h.say(P[persona], row.text, {
          room: OTHER,
          mentions: [...(row.mentions ?? [])],
        });
        expect(inOther.replies.every((r) => r.conversationId === OTHER.id)).toBe(true);
        expect(inOther.replies.map((r) => r.text).join('\n')).not.toMatch(/楼道灯|阳光花园/);
        // /投 alone works privately (see the votes tests): it is checked with the votes below.
        if (row.text.startsWith('/投 ')) continue;
        const inPrivate = await h.say(P[persona], row.text, { room: null });
        expect(inPrivate.replies.every((r) => r.conversationId === P[persona])).toBe(true);
        expect(inPrivate.replies.map((r) => r.text).join('\n')).toMatch(/群里/);
      }
      // Only 幸福里's own rows may have appeared (a ticket, a poll, a claim filed there).
      const after = JSON.parse(await state(h)) as unknown[][];
      const was = JSON.parse(before) as unknown[][];
      for (const [i, rows] of was.entries()) {
        const sunshine = (list: unknown[]) =>
          JSON.stringify(list.filter((r) => JSON.stringify(r).match(/"compoundId":1\b|"roomId":"sunshine/)));
        expect(sunshine(after[i] ?? [])).toBe(sunshine(rows));
      }
    });
  }
});

describe('a private /投', () => {
  it("GIVEN a member of 幸福里 only THEN a private /投 #1 never reaches 阳光花园's poll #1", async () => {
    const h = await prepare('poll');
    await h.say('wxid_xingfu_owner', '/三务', { room: OTHER, name: '幸福里业主' });
    const before = await state(h);
    const { replies } = await h.say('wxid_xingfu_owner', '/投 #1 1', { room: null, name: '幸福里业主' });
    expect(replies.map((r) => r.text).join('\n')).toContain('没有找到 #1 投票');
    expect(await state(h)).toBe(before);
  });
});

describe('display-name spoofing', () => {
  it('GIVEN someone renamed to 王师傅 (another contact id) THEN they cannot take, resolve or pause a ticket', async () => {
    const h = await createCommandHarness();
    await h.say(P.reporter, '/报修 3号楼楼道灯不亮');
    const before = await state(h);
    for (const text of ['/接单 #1', '/完成 #1 好了', '/暂停 #1 x', '/角色 @李四 物业']) {
      const { replies } = await h.say('wxid_impostor', text, {
        name: '王师傅',
        mentions: text.includes('@') ? [P.owner] : [],
      });
      expect(replies.map((r) => r.text).join('\n')).toMatch(/只有.*可以/);
    }
    expect(await state(h)).toBe(before);
  });
});

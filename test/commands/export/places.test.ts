/**
 * `/导出` beyond a compound's own groups (SPEC "The desk", issue 18: "committee and community, in
 * their own group or privately"): in a community's group (every compound's tickets in one file,
 * a named compound's ledger or vote) and in a private chat (the file comes to the asker, from the
 * compounds, communities and streets where they hold a role, and nowhere else).
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { demoStaffRoom } from '../../../bot/sandbox/demo-compound.js';
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

const ZHAO = 'wxid_zhao_weiyuan';
const WANG = 'wxid_shifu_wang';
const ZHANGSAN = 'wxid_zhangsan';
const { secretary, gridHead, streetOfficer } = areaPeople;
/** Shanghai wall clock → epoch ms (UTC+8, no DST). */
const sh = (y: number, mo: number, d: number, h = 0, mi = 0) => Date.UTC(y, mo - 1, d, h - 8, mi);

async function sheetRows(file: Reply['file'], name: string): Promise<unknown[][]> {
  expect(file).not.toBeNull();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file?.data as unknown as ArrayBuffer);
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  const rows: unknown[][] = [];
  ws.eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1));
  });
  return rows;
}

async function run(h: CommandHarness, who: string, text: string, room: { id: string; topic: string } | null) {
  const { result, replies } = await h.say(who, text, { room, name: areaName(who) });
  return { status: result.status, replies, file: replies.find((r) => r.file)?.file ?? null };
}

/** A street of three compounds with tickets in November 2026, and a ledger line in 幸福小区. */
async function streetWithTickets(): Promise<CommandHarness> {
  const h = await createCommandHarness({ admins: [AREA_ADMIN], now: sh(2026, 11, 2, 9) });
  await seedStreet(h);
  await h.say(ZHANGSAN, '/报修 3号楼楼道灯不亮');
  h.setNow(sh(2026, 11, 3, 9));
  for (const [c, text] of [
    [xingfu, '/报修 5号楼门禁坏了'],
    [xingfu, '/报修 车库顶在滴水'],
    [fenglin, '/报修 草坪上有狗屎'],
  ] as const) {
    const { result } = await h.say(c.owner, text, { room: c.owners, name: areaName(c.owner) });
    expect(result.status).toBe('ok');
  }
  const { result } = await h.say(xingfu.committeeMember, '/收支 收入 800 广告费', {
    room: xingfu.owners,
    name: areaName(xingfu.committeeMember),
  });
  expect(result.status).toBe('ok');
  h.setNow(sh(2026, 12, 1, 9));
  return h;
}

describe('/导出 in a community group', () => {
  it('GIVEN tickets in three compounds THEN 上月 sends one file with every compound, a 小区 column on both sheets, to the community group', async () => {
    const h = await streetWithTickets();
    const { status, replies, file } = await run(h, secretary.id, '/导出 工单 上月', communityRoom);
    expect(status).toBe('ok');
    expect(new Set(replies.map((r) => r.conversationId))).toEqual(new Set([communityRoom.id]));
    expect(replies[0]?.text).toBe('文苑社区 3 个小区 2026年11月工单 4 件, 电话号码已隐去。');
    expect(file?.name).toBe('文苑社区-工单-2026-11.xlsx');
    const rows = await sheetRows(file, '工单');
    expect(rows[0]?.slice(0, 3)).toEqual(['小区', '编号', '报修时间']);
    // Compounds by name, each numbering its own tickets from #1.
    expect(rows.slice(1).map((r) => [r[0], r[1], r[5]])).toEqual([
      ['幸福小区', 1, '5号楼门禁坏了'],
      ['幸福小区', 2, '车库顶在滴水'],
      ['枫林小区', 1, '草坪上有狗屎'],
      ['阳光花园', 1, '3号楼楼道灯不亮'],
    ]);
    const timeline = await sheetRows(file, '时间线');
    expect(timeline[0]?.slice(0, 2)).toEqual(['小区', '编号']);
    expect(new Set(timeline.slice(1).map((r) => r[0]))).toEqual(
      new Set(['幸福小区', '枫林小区', '阳光花园']),
    );
  });

  it('GIVEN a compound named THEN its own file; the ledger asks for a compound; a compound of no other community is refused; the grid head is denied', async () => {
    const h = await streetWithTickets();
    const one = await run(h, secretary.id, '/导出 工单 上月 枫林小区', communityRoom);
    expect(one.file?.name).toBe('枫林小区-工单-2026-11.xlsx');
    const rows = await sheetRows(one.file, '工单');
    expect(rows[0]?.[0]).toBe('编号');
    expect(rows.length).toBe(2);

    const ask = await run(h, secretary.id, '/导出 账目', communityRoom);
    expect(ask.file).toBeNull();
    expect(ask.replies.map((r) => r.text)).toEqual([
      '账目是各小区分开记的, 请写上小区名, 例如 /导出 账目 幸福小区。',
    ]);
    const ledger = await run(h, secretary.id, '/导出 账目 2026 幸福小区', communityRoom);
    expect(ledger.replies[0]?.text).toBe('幸福小区 2026年账目 1 笔, 含各账户余额。');
    expect((await sheetRows(ledger.file, '账目'))[1]?.slice(1, 4)).toEqual(['公共收益', '广告费', 800]);

    const vote = await run(h, secretary.id, '/导出 表决 #2', communityRoom);
    expect(vote.replies.map((r) => r.text)).toEqual([
      '表决是各小区分开编号的, 请写上小区名, 例如 /导出 表决 幸福小区#2。',
    ]);
    const stranger = await run(h, secretary.id, '/导出 工单 红旗小区', communityRoom);
    expect(stranger.file).toBeNull();
    expect(stranger.replies.map((r) => r.text)).toEqual([
      '「红旗小区」不是文苑社区的小区。本社区的小区: 幸福小区、枫林小区、阳光花园。',
    ]);
    const grid = await run(h, gridHead.id, '/导出 工单', communityRoom);
    expect(grid.status).toBe('denied');
    expect(grid.file).toBeNull();
  });

  it('GIVEN the street group THEN its file holds the compounds of every community below it', async () => {
    const h = await streetWithTickets();
    const { file, replies } = await run(h, streetOfficer.id, '/导出 工单 2026-11', streetRoom);
    expect(replies[0]?.text).toBe('马栏街道 3 个小区 2026年11月工单 4 件, 电话号码已隐去。');
    expect((await sheetRows(file, '工单')).length).toBe(5);
  });
});

describe('/导出 in a private chat', () => {
  it('GIVEN a committee member of one compound THEN the file comes to them privately, and nothing goes to any group', async () => {
    const h = await streetWithTickets();
    const { status, replies, file } = await run(h, xingfu.committeeMember, '/导出 工单 上月', null);
    expect(status).toBe('ok');
    expect(new Set(replies.map((r) => r.conversationId))).toEqual(new Set([xingfu.committeeMember]));
    expect(replies[0]?.text).toBe('幸福小区 2026年11月工单 2 件, 电话号码已隐去。');
    expect(file?.name).toBe('幸福小区-工单-2026-11.xlsx');
    expect((await sheetRows(file, '工单')).length).toBe(3);

    const ledger = await run(h, xingfu.committeeMember, '/export ledger 2026 幸福小区', null);
    expect(ledger.file?.name).toBe('幸福小区-账目-2026.xlsx');
    expect(ledger.replies[0]?.text).toBe('幸福小区 2026年账目 1 笔, 含各账户余额。');
    const last = await run(h, xingfu.committeeMember, '/导出 账目 2025年', null);
    expect(last.file).toBeNull();
    expect(last.replies.map((r) => [r.conversationId, r.text])).toEqual([
      [xingfu.committeeMember, '2025年幸福小区没有记账, 没有可导出的。记账用 /收支。'],
    ]);
  });

  it('GIVEN someone with a role in several places THEN they are asked which, and the named one is sent; a place where they hold no role is refused', async () => {
    const h = await streetWithTickets();
    // 陈书记 holds 社区 in 阳光花园 (granted there) and in 文苑社区's group.
    const ask = await run(h, secretary.id, '/导出 工单 上月', null);
    expect(ask.file).toBeNull();
    expect(ask.replies.map((r) => r.text)).toEqual([
      '你可以导出 阳光花园、文苑社区 的记录, 请写上名字再发一次, 例如 /导出 工单 阳光花园。',
    ]);
    const area = await run(h, secretary.id, '/导出 工单 上月 文苑社区', null);
    expect(area.file?.name).toBe('文苑社区-工单-2026-11.xlsx');
    expect(new Set(area.replies.map((r) => r.conversationId))).toEqual(new Set([secretary.id]));
    // A compound of their community, though they hold no role in it directly.
    const below = await run(h, secretary.id, '/导出 工单 上月 枫林小区', null);
    expect(below.file?.name).toBe('枫林小区-工单-2026-11.xlsx');

    const refused = await run(h, xingfu.committeeMember, '/导出 工单 上月 枫林小区', null);
    expect(refused.file).toBeNull();
    expect(refused.replies.map((r) => r.text)).toEqual([
      '你不能导出「枫林小区」的记录: 只有它的业委会、社区和管理员可以。你可以导出: 幸福小区。',
    ]);
  });

  it('GIVEN an owner or a property manager THEN denied privately too; a configured admin names any compound', async () => {
    const h = await streetWithTickets();
    for (const who of [xingfu.owner, WANG]) {
      const { status, file, replies } = await run(h, who, '/导出 工单 上月', null);
      expect(status, who).toBe('denied');
      expect(file).toBeNull();
      expect(replies.map((r) => r.text)).toEqual(['只有业委会委员、社区、管理员可以用 /导出。']);
    }
    const unnamed = await run(h, AREA_ADMIN, '/导出 工单 上月', null);
    expect(unnamed.replies.map((r) => r.text)).toEqual(['请写上小区名, 例如 /导出 工单 阳光花园。']);
    const named = await run(h, AREA_ADMIN, '/导出 工单 上月 阳光花园', null);
    expect(named.file?.name).toBe('阳光花园-工单-2026-11.xlsx');
    const none = await run(h, AREA_ADMIN, '/导出 工单 上月 红旗小区', null);
    expect(none.replies.map((r) => r.text)).toEqual(['没有叫「红旗小区」的小区、社区或街道。']);
  });

  it('GIVEN /帮助 privately THEN a committee member sees /导出 once and an owner does not; in a staff group it is listed once', async () => {
    const h = await streetWithTickets();
    const mine = await h.reply(ZHAO, '/帮助', { room: null });
    expect(mine.split('\n').filter((l) => l.startsWith('/导出'))).toEqual([
      '/导出 <工单 [本月|上月|2026-11] | 账目 [2026] | 表决 #n> [小区名]  导出 Excel 文件到私聊: 你所在小区或社区的工单、账目、表决记录',
    ]);
    expect(await h.reply(ZHANGSAN, '/帮助', { room: null })).not.toContain('/导出');
    const staff = await h.reply(ZHAO, '/帮助', { room: demoStaffRoom });
    expect(staff.split('\n').filter((l) => l.startsWith('/导出')).length).toBe(1);
    expect(await h.reply(ZHAO, '/帮助 导出', { room: null })).toContain('导出 Excel 文件到私聊');
  });
});

describe('/导出 in an owners group', () => {
  it('GIVEN a malformed /导出 in the owners group THEN the refusal, not the usage: it is never for that group', async () => {
    const h = await createCommandHarness({ now: sh(2026, 11, 23, 10) });
    for (const text of ['/导出', '/导出 照片', '/导出 工单 2026-13']) {
      const { replies, file } = await run(h, ZHAO, text, {
        id: 'sunshine-owners@chatroom',
        topic: '阳光花园业主群',
      });
      expect(file).toBeNull();
      expect(replies.map((r) => r.text)).toEqual([
        '导出的文件是业委会的存档, 不在业主群里发。请在业委会群或物业工作群里发送 /导出, 或私聊我发送。',
      ]);
    }
    const other = await run(h, ZHAO, '/导出 工单 幸福小区', demoStaffRoom);
    expect(other.replies.map((r) => r.text)).toEqual([
      '本群是「阳光花园」的群, 只能导出本小区的记录。「幸福小区」的记录请私聊我发送 /导出。',
    ]);
  });
});

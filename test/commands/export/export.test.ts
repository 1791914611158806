import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { demoOwnersRoom, demoStaffRoom } from '../../../bot/sandbox/demo-compound.js';
import { type CommandHarness, createCommandHarness, type Reply } from '../../support/command-harness.js';

const ZHAO = 'wxid_zhao_weiyuan';
const CHEN = 'wxid_chen_shuji';
const ZHANGSAN = 'wxid_zhangsan';
const LISI = 'wxid_lisi';
const WANG = 'wxid_shifu_wang';
const ADMIN = 'wxid_admin_liu';
const MIN = 60_000;
const STAFF = demoStaffRoom;
const COMMITTEE = { id: 'sunshine-committee@chatroom', topic: '阳光花园业委会群' };

/** Shanghai wall clock → epoch ms (UTC+8, no DST). */
const sh = (y: number, mo: number, d: number, h = 0, mi = 0) => Date.UTC(y, mo - 1, d, h - 8, mi);
/** An Excel date as read back: its UTC fields are the wall clock shown. */
const wall = (y: number, mo: number, d: number, h = 0, mi = 0) => new Date(Date.UTC(y, mo - 1, d, h, mi));

async function open(file: Reply['file']): Promise<ExcelJS.Workbook> {
  expect(file).not.toBeNull();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file?.data as unknown as ArrayBuffer);
  return wb;
}

function sheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  return ws;
}

/** Row `r` as plain values (column 1 first). */
function rowValues(ws: ExcelJS.Worksheet, r: number): unknown[] {
  return (ws.getRow(r).values as unknown[]).slice(1);
}

/** The header's column number of `header`. */
function col(ws: ExcelJS.Worksheet, header: string): number {
  const i = rowValues(ws, 1).indexOf(header);
  if (i < 0) throw new Error(`no column ${header} in ${rowValues(ws, 1).join(',')}`);
  return i + 1;
}

function cell(ws: ExcelJS.Worksheet, r: number, header: string): ExcelJS.Cell {
  return ws.getRow(r).getCell(col(ws, header));
}

/** Frozen header row and an autofilter over header and rows. */
function expectDeskLayout(ws: ExcelJS.Worksheet, rows: number, columns: number): void {
  expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  const last = String.fromCharCode(64 + columns);
  expect(ws.autoFilter).toBe(`A1:${last}${rows + 1}`);
  for (let c = 1; c <= columns; c++) expect(ws.getColumn(c).width ?? 0).toBeGreaterThanOrEqual(6);
}

async function exportIn(h: CommandHarness, who: string, text: string, room = STAFF) {
  const { result, replies } = await h.say(who, text, { room });
  return { result, replies, file: replies.find((r) => r.file)?.file ?? null };
}

describe('/导出 工单', () => {
  it('GIVEN tickets around the end of November in Shanghai THEN 上月 holds the one filed 23:30 on the 30th, 本月 the one filed 00:10 on the 1st, with the timeline, deadlines and score', async () => {
    const h = await createCommandHarness({ now: sh(2026, 11, 30, 23, 30) });
    await h.say(ZHANGSAN, '/报修 3号楼2单元楼道灯不亮 电话 138 1234 5678');
    h.setNow(sh(2026, 11, 30, 23, 33));
    await h.say(WANG, '/接单 #1', { room: STAFF });
    h.setNow(sh(2026, 11, 30, 23, 38));
    await h.say(WANG, '/到场 #1', { room: STAFF });
    h.setNow(sh(2026, 11, 30, 23, 50));
    await h.say(WANG, '/完成 #1 换了灯泡', { room: STAFF });
    h.setNow(sh(2026, 12, 1, 0, 10));
    await h.say(ZHANGSAN, '/确认 #1 5 师傅很快');
    await h.say(LISI, '/报修 5号楼门禁坏了');

    h.setNow(sh(2026, 12, 1, 9, 0));
    const nov = await exportIn(h, ZHAO, '/导出 工单 上月');
    expect(nov.result.status).toBe('ok');
    expect(nov.replies.map((r) => r.text)).toEqual(['阳光花园 2026年11月工单 1 件, 电话号码已隐去。', null]);
    expect(nov.replies.every((r) => r.conversationId === STAFF.id)).toBe(true);
    expect(nov.file?.name).toBe('阳光花园-工单-2026-11.xlsx');
    const wb = await open(nov.file);
    const ws = sheet(wb, '工单');
    expect(ws.rowCount).toBe(2);
    expectDeskLayout(ws, 1, 24);
    expect(cell(ws, 2, '编号').value).toBe(1);
    expect(cell(ws, 2, '报修时间').value).toEqual(wall(2026, 11, 30, 23, 30));
    expect(cell(ws, 2, '报修时间').numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(cell(ws, 2, '类别').value).toBe('维修');
    expect(cell(ws, 2, '等级').value).toBe('一般');
    // Masked as the owners group sees it.
    expect(cell(ws, 2, '内容 (位置)').value).toBe('3号楼2单元楼道灯不亮 电话 138****5678');
    expect(cell(ws, 2, '状态').value).toBe('已结单');
    expect(cell(ws, 2, '处理人').value).toBe('王师傅');
    expect(cell(ws, 2, '派单/接单时间').value).toEqual(wall(2026, 11, 30, 23, 33));
    expect(cell(ws, 2, '到场时间').value).toEqual(wall(2026, 11, 30, 23, 38));
    expect(cell(ws, 2, '完成/方案时间').value).toEqual(wall(2026, 11, 30, 23, 50));
    expect(cell(ws, 2, '确认时间').value).toEqual(wall(2026, 12, 1, 0, 10));
    expect(cell(ws, 2, '吹哨时间').value).toBeNull();
    // Answered 3 minutes after filing against 5; solved in 20 against 30.
    expect(cell(ws, 2, '响应时限').value).toEqual(wall(2026, 11, 30, 23, 35));
    expect(cell(ws, 2, '响应').value).toBe('按时');
    expect(cell(ws, 2, '响应超时(分钟, 负为提前)').value).toBe(-2);
    expect(cell(ws, 2, '解决').value).toBe('按时');
    expect(cell(ws, 2, '解决超时(分钟, 负为提前)').value).toBe(-10);
    expect(cell(ws, 2, '满意度').value).toBe(5);
    expect(cell(ws, 2, '评价').value).toBe('师傅很快');

    const events = sheet(wb, '时间线');
    expectDeskLayout(events, events.rowCount - 1, 5);
    const kinds = Array.from(
      { length: events.rowCount - 1 },
      (_, i) => events.getRow(i + 2).getCell(3).value,
    );
    expect(kinds).toEqual(expect.arrayContaining(['报修', '接单', '到场', '完成', '确认']));
    expect(rowValues(events, 2).slice(0, 4)).toEqual([1, wall(2026, 11, 30, 23, 30), '报修', '张三']);
    expect(JSON.stringify([...wb.worksheets.map((w) => w.getSheetValues())])).not.toMatch(/1234|13812345678/);

    const dec = await exportIn(h, ZHAO, '/导出 工单');
    expect(dec.file?.name).toBe('阳光花园-工单-2026-12.xlsx');
    const decSheet = sheet(await open(dec.file), '工单');
    expect(decSheet.rowCount).toBe(2);
    expect(cell(decSheet, 2, '编号').value).toBe(2);
    // Filed at 00:10, nobody answered: 5 minutes allowed, 525 minutes late at 09:00.
    expect(cell(decSheet, 2, '响应').value).toBe('超时');
    expect(cell(decSheet, 2, '响应超时(分钟, 负为提前)').value).toBe(525);
    expect(cell(decSheet, 2, '状态').value).toBe('待接单');

    const same = await exportIn(h, ZHAO, '/导出 工单 2026-11');
    expect(same.file?.name).toBe('阳光花园-工单-2026-11.xlsx');
  });

  it('GIVEN a committee group THEN the community role exports there too; the owners group gets the refusal, an owner is denied', async () => {
    const h = await createCommandHarness({ now: sh(2026, 11, 23, 10) });
    await h.say(ZHANGSAN, '/报修 楼道灯不亮');
    await h.reply(ADMIN, '/绑定群 阳光花园 业委会群', { room: COMMITTEE });
    const there = await exportIn(h, CHEN, '/export tickets', COMMITTEE);
    expect(there.file?.name).toBe('阳光花园-工单-2026-11.xlsx');
    expect(there.replies.every((r) => r.conversationId === COMMITTEE.id)).toBe(true);

    const refused = await exportIn(h, ZHAO, '/导出 工单', demoOwnersRoom);
    expect(refused.file).toBeNull();
    expect(refused.replies.map((r) => r.text)).toEqual([
      '导出的文件是业委会的存档, 不在业主群里发。请在业委会群或物业工作群里发送 /导出, 或私聊我发送。',
    ]);
    const denied = await h.reply(ZHANGSAN, '/导出 工单', { room: STAFF });
    expect(denied).toBe('只有业委会委员、社区、管理员可以用 /导出。');
    expect(await h.reply(ZHAO, '/帮助', { room: STAFF })).toContain(
      '/导出 <工单 [本月|上月|2026-11] | 账目 [2026] | 表决 #n> [小区名]  导出 Excel 文件',
    );
    expect(await h.reply(ZHANGSAN, '/帮助')).not.toContain('/导出');
    expect(await h.reply(ZHANGSAN, '/帮助 export')).toContain('谁可以用: 业委会委员、社区、管理员');
  });

  it('GIVEN bad arguments THEN one Chinese line with the usage, and no file', async () => {
    const h = await createCommandHarness({ now: sh(2026, 11, 23, 10) });
    const usage = '用法: /导出 <工单 [本月|上月|2026-11] | 账目 [2026] | 表决 #n> [小区名]';
    const cases: [string, string][] = [
      ['/导出', '请写要导出什么: 工单、账目 或 表决 #n。'],
      ['/导出 照片', '「照片」不能导出, 可以导出 工单、账目 或 表决 #n。'],
      ['/导出 工单 2026-13', '「2026-13」不是月份, 请写 本月、上月 或 2026-11 这样的年月。'],
      ['/导出 工单 下月', '「下月」不是月份, 请写 本月、上月 或 2026-11 这样的年月。'],
      ['/导出 账目 26', '「26」不是年份, 请写 2026 这样的四位年份。'],
      ['/导出 表决', '请写上表决编号, 例如 /导出 表决 #3。'],
      ['/导出 表决 三', '「三」不是表决编号, 请写成 #3 这样。'],
      ['/导出 工单 本月 上月', '「上月」是多余的。'],
      ['/导出 表决 #3 #4', '「#4」是多余的。'],
    ];
    for (const [text, problem] of cases) {
      const { replies, file } = await exportIn(h, ZHAO, text);
      expect(file, text).toBeNull();
      expect(
        replies.map((r) => r.text),
        text,
      ).toEqual([`${problem}\n${usage}`]);
    }
    const none = await exportIn(h, ZHAO, '/导出 表决 #9');
    expect(none.replies.map((r) => r.text)).toEqual(['没有 #9 投票或表决。本小区还没有发起过投票。']);
    const empty = await exportIn(h, ZHAO, '/导出 工单 2026年10月');
    expect(empty.replies.map((r) => r.text)).toEqual(['2026年10月阳光花园没有新报修的工单, 没有可导出的。']);
  });
});

describe('/导出 账目', () => {
  it('GIVEN lines last year and this year in two accounts THEN each row has its account balance, starting from last year, with ¥ formats and the totals', async () => {
    const h = await createCommandHarness({ now: sh(2025, 12, 31, 23, 30) });
    await h.reply(ZHAO, '/收支 收入 1000 期初余额');
    h.setNow(sh(2026, 1, 1, 0, 30));
    await h.reply(ZHAO, '/收支 收入 5600.5 电梯广告');
    h.setNow(sh(2026, 3, 1, 10));
    await h.reply(ZHAO, '/收支 收入 维修资金 35000 专项维修资金划入');
    h.setNow(sh(2026, 5, 1, 10));
    await h.reply(ZHAO, '/收支 支出 1,280元 更换3号楼楼道灯');
    h.setNow(sh(2026, 6, 1, 10));
    await h.reply(ZHAO, '/收支 支出 维修资金 200 电梯检测');

    h.setNow(sh(2026, 11, 23, 10));
    const { file, replies } = await exportIn(h, ZHAO, '/导出 账目');
    expect(replies[0]?.text).toBe('阳光花园 2026年账目 4 笔, 含各账户余额。');
    expect(file?.name).toBe('阳光花园-账目-2026.xlsx');
    const ws = sheet(await open(file), '账目');
    expectDeskLayout(ws, 4, 7);
    expect(rowValues(ws, 1)).toEqual(['日期', '账户', '事由', '收入', '支出', '本账户余额', '记账人']);
    expect(rowValues(ws, 2)).toEqual([
      wall(2026, 1, 1, 0, 30),
      '公共收益',
      '电梯广告',
      5600.5,
      undefined,
      6600.5,
      '赵委员',
    ]);
    expect(rowValues(ws, 3)).toEqual([
      wall(2026, 3, 1, 10),
      '维修资金',
      '专项维修资金划入',
      35000,
      undefined,
      35000,
      '赵委员',
    ]);
    expect(rowValues(ws, 4).slice(3, 6)).toEqual([undefined, 1280, 5320.5]);
    expect(rowValues(ws, 5).slice(3, 6)).toEqual([undefined, 200, 34800]);
    for (const header of ['收入', '支出', '本账户余额'])
      expect(cell(ws, 2, header).numFmt).toContain('"¥"#,##0.00');
    // The totals after one blank row: label, then the amount as a ¥ number.
    expect(ws.getRow(6).values).toEqual([]);
    const totals = Array.from({ length: 8 }, (_, i) => rowValues(ws, 7 + i).slice(0, 2));
    expect(totals).toEqual([
      ['公共收益 2026年初余额', 1000],
      ['公共收益 2026年收入', 5600.5],
      ['公共收益 2026年支出', 1280],
      ['公共收益 余额', 5320.5],
      ['维修资金 2026年初余额', 0],
      ['维修资金 2026年收入', 35000],
      ['维修资金 2026年支出', 200],
      ['维修资金 余额', 34800],
    ]);
    expect(ws.getRow(10).getCell(2).numFmt).toContain('"¥"');

    const last = await exportIn(h, ZHAO, '/导出 账目 2025');
    const old = sheet(await open(last.file), '账目');
    expect(old.rowCount).toBe(2 + 1 + 8);
    expect(rowValues(old, 2)).toEqual([
      wall(2025, 12, 31, 23, 30),
      '公共收益',
      '期初余额',
      1000,
      undefined,
      1000,
      '赵委员',
    ]);
    expect((await exportIn(h, ZHAO, '/导出 账目 2024')).replies.map((r) => r.text)).toEqual([
      '2024年阳光花园没有记账, 没有可导出的。记账用 /收支。',
    ]);
  });
});

describe('/导出 表决', () => {
  it('GIVEN a formal vote THEN one row per verified unit with area, choice and time, then the art. 278 totals and thresholds as /结果 counts them', async () => {
    const h = await createCommandHarness({ now: sh(2026, 11, 23, 10) });
    await h.reply(ZHANGSAN, '/绑定 3-2-301 89.5');
    await h.reply(LISI, '/绑定 3-2-302 100');
    await h.reply(LISI, '/绑定 3-2-401 60');
    await h.reply(ZHAO, '/认证 @张三', { mentions: [ZHANGSAN] });
    await h.reply(ZHAO, '/认证 @李四 3-2-302', { mentions: [LISI] });
    await h.reply(ZHAO, '/认证 @李四 3-2-401', { mentions: [LISI] });
    await h.reply(ZHAO, '/表决 更换物业公司 截止 11月30日');
    h.advance(MIN);
    await h.say(LISI, '/投 #1 同意 3-2-302');
    h.advance(MIN);
    await h.say(ZHANGSAN, '/投 #1 弃权');
    const shown = await h.reply(ZHAO, '/结果 #1');

    const { file, replies } = await exportIn(h, ZHAO, '/导出 表决 #1');
    expect(replies[0]?.text).toBe('阳光花园 表决 #1: 3 户的投票记录, 以及按《民法典》第278条的统计。');
    expect(file?.name).toBe('阳光花园-表决-1.xlsx');
    const ws = sheet(await open(file), '表决');
    expectDeskLayout(ws, 3, 4);
    expect(rowValues(ws, 1)).toEqual(['房号', '面积(㎡)', '选择', '投票时间']);
    expect(rowValues(ws, 2)).toEqual(['3-2-301', 89.5, '弃权', wall(2026, 11, 23, 10, 2)]);
    expect(rowValues(ws, 3)).toEqual(['3-2-302', 100, '同意', wall(2026, 11, 23, 10, 1)]);
    expect(rowValues(ws, 4)).toEqual(['3-2-401', 60, '未投票']);
    expect(cell(ws, 2, '面积(㎡)').numFmt).toBe('#,##0.00');
    const footer = new Map(
      Array.from({ length: ws.rowCount - 5 }, (_, i) => rowValues(ws, 6 + i)).map((v) => [v[0], v[1]]),
    );
    expect(footer.get('总面积(㎡)')).toBe(249.5);
    expect(footer.get('总人数')).toBe(2);
    expect(footer.get('参与面积(㎡)')).toBe(189.5);
    expect(footer.get('参与人数')).toBe(2);
    expect(footer.get('同意面积(㎡)')).toBe(100);
    expect(footer.get('同意人数')).toBe(1);
    expect(footer.get('弃权人数')).toBe(1);
    expect(footer.get('参与面积 ≥ 总面积 2/3')).toBe('✔ 达到');
    expect(footer.get('同意面积 > 1/2 (占参与面积)')).toBe('✔ 达到');
    expect(footer.get('同意人数 > 1/2 (占参与人数)')).toBe('✘ 未达到');
    const verdict = String(footer.get('结论'));
    expect(verdict).toBe('目前: 已有效, 同意人数未过 1/2。');
    expect(shown).toContain(verdict);
  });

  it('GIVEN an anonymous quick poll THEN only the counts are exported', async () => {
    const h = await createCommandHarness({ now: sh(2026, 11, 23, 10) });
    await h.reply(ZHAO, '/投票 快递柜放哪里? | 东门 | 北门 匿名 截止 3天');
    await h.say(ZHANGSAN, '/投 #1 2');
    await h.say(LISI, '/投 #1 2');
    await h.say(WANG, '/投 #1 1');
    const { file, replies } = await exportIn(h, ZHAO, '/导出 表决 #1');
    expect(replies[0]?.text).toBe('阳光花园 投票 #1 的票数 (快速投票只有票数, 不含谁投了什么)。');
    const ws = sheet(await open(file), '投票');
    expect(rowValues(ws, 2)).toEqual(['1. 东门', 1, '33.3%']);
    expect(rowValues(ws, 3)).toEqual(['2. 北门', 2, '66.7%']);
    expect(JSON.stringify(ws.getSheetValues())).not.toMatch(/张三|李四|王师傅/);
  });
});

/**
 * `/导出` on the real wiring (issue 18): the .xlsx goes out through the outbox and the sender as
 * a file message in the committee group, and opens with the same library.
 */
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { demoOwnersRoom } from '../../bot/sandbox/demo-compound.js';
import { type MockBot, startMockBot } from '../support/mock-bot.js';

const OWNERS = demoOwnersRoom.id;
const COMMITTEE = { id: 'sunshine-committee@chatroom', topic: '阳光花园业委会群' };
const ZHAO = 'wxid_zhao_weiyuan';
const ADMIN = 'wxid_admin_liu';
let running: MockBot | null = null;

afterEach(async () => {
  await running?.stop();
  running = null;
});

describe('/导出 in a mock WeChat committee group', () => {
  it('GIVEN a ticket filed in the owners group WHEN a committee member types /导出 工单 in the committee group THEN a caption and an .xlsx file arrive there, with the ticket in it', async () => {
    const t = await startMockBot();
    running = t;
    t.world.addRoom(COMMITTEE, [ADMIN, ZHAO]);
    t.world.say('wxid_zhangsan', OWNERS, '/报修 3号楼楼道灯不亮 电话13812345678');
    await t.waitFor(OWNERS, (m) => m.text?.includes('#1') ?? false);
    t.world.say(ADMIN, COMMITTEE.id, '/绑定群 阳光花园 业委会群');
    await t.waitFor(COMMITTEE.id, (m) => m.text?.includes('业委会群') ?? false);

    t.world.say(ZHAO, COMMITTEE.id, '/导出 工单');
    const caption = await t.waitFor(COMMITTEE.id, (m) => m.text?.includes('工单 1 件') ?? false);
    expect(caption.text).toMatch(/^阳光花园 \d{4}年\d{1,2}月工单 1 件, 电话号码已隐去。$/);
    const sent = await t.waitFor(COMMITTEE.id, (m) => m.file?.name.endsWith('.xlsx') ?? false);
    expect(sent.file?.name).toMatch(/^阳光花园-工单-\d{4}-\d{2}\.xlsx$/);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(sent.file?.data as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('工单');
    expect(ws?.getRow(2).getCell(1).value).toBe(1);
    expect(ws?.getRow(2).getCell(5).value).toBe('3号楼楼道灯不亮 电话138****5678');
    expect(ws?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    // Nothing of it went to the owners group.
    expect(t.sentTo(OWNERS).some((m) => m.file !== undefined && m.file !== null)).toBe(false);
  });

  it('GIVEN a committee member writing to the bot privately THEN the caption and the .xlsx arrive in that private chat and in no group; an owner asking privately is told who may', async () => {
    const t = await startMockBot();
    running = t;
    t.world.say('wxid_zhangsan', OWNERS, '/报修 5号楼门禁坏了');
    await t.waitFor(OWNERS, (m) => m.text?.includes('#1') ?? false);

    t.world.sayPrivately(ZHAO, '/导出 工单');
    const caption = await t.waitFor(ZHAO, (m) => m.text?.includes('工单 1 件') ?? false);
    expect(caption.text).toMatch(/^阳光花园 \d{4}年\d{1,2}月工单 1 件, 电话号码已隐去。$/);
    const sent = await t.waitFor(ZHAO, (m) => m.file?.name.endsWith('.xlsx') ?? false);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(sent.file?.data as unknown as ArrayBuffer);
    expect(wb.getWorksheet('工单')?.getRow(2).getCell(5).value).toBe('5号楼门禁坏了');

    t.world.sayPrivately('wxid_zhangsan', '/导出 工单');
    const denied = await t.waitFor('wxid_zhangsan', (m) => m.text?.includes('/导出') ?? false);
    expect(denied.text).toBe('只有业委会委员、社区、管理员可以用 /导出。');
    expect(t.sentTo(OWNERS).some((m) => m.file !== undefined && m.file !== null)).toBe(false);
  });
});

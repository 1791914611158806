import { describe, expect, it } from 'vitest';
import { classifyTicket } from '../../../core/classify/index.js';
import { createCommandHarness } from '../../support/command-harness.js';
import {
  events,
  file,
  HOUR,
  MINUTE,
  OWNERS,
  SHIFU,
  STAFF,
  ticket,
  to,
  ZHANGSAN,
  ZHAO,
} from './ticket-kit.js';

const FILED = Date.UTC(2026, 10, 23, 2, 0); // Mon 2026-11-23 10:00 in Shanghai

// The model reads a fee question; the gas rule reads an emergency: they disagree, so the class
// is major but provisional (SPEC "Owners' own words").
const UNSURE = '请问物业费可以微信交吗 楼道有点燃气味';
const SURE = '3号楼2单元楼道灯不亮';

describe('/报修 when the classifier is unsure (待确认)', () => {
  it('has texts that are unsure and sure for the shipped model (else pick others after a retrain)', () => {
    expect(classifyTicket(UNSURE)).toMatchObject({
      provisional: true,
      ticketClass: 'major',
      candidates: ['major', 'general'],
    });
    expect(classifyTicket(SURE)).toMatchObject({ provisional: false, ticketClass: 'general' });
  });

  it('GIVEN an unsure text THEN the owners reply says the class is provisional and the stricter clock applies', async () => {
    const h = await createCommandHarness({ now: FILED });
    const { replies } = await h.say(ZHANGSAN, `/报修 ${UNSURE}`);
    const reply = to(replies, OWNERS.id);
    expect(reply.text).toContain('已受理 #1 安全·重大(待确认)');
    expect(reply.text).toContain('请于 10:05 前响应, 10:30 前解决');
    expect(reply.text).toContain('等级待物业确认, 确认前按较严的时限处理');
    expect(await ticket(h, 1)).toMatchObject({
      ticketClass: 'major',
      classProvisional: true,
      responseDueAt: FILED + 5 * MINUTE,
      // The earlier of major (4 h) and general (30 min).
      solveDueAt: FILED + 30 * MINUTE,
    });
    expect((await events(h, 1))[0]?.note).toBe('等级待确认 (重大或一般)');
  });

  it('GIVEN an unsure text THEN the staff group is asked to confirm with /改 #n <类别或等级>', async () => {
    const h = await createCommandHarness({ now: FILED });
    const { replies } = await h.say(ZHANGSAN, `/报修 ${UNSURE}`);
    const notice = to(replies, STAFF.id);
    expect(notice.mentionIds).toEqual([SHIFU]);
    expect(notice.text).toContain('新工单 #1 安全·重大(待确认)');
    expect(notice.text).toContain('等级待确认 (重大或一般): 请物业或业委会发 /改 #1 <类别或等级> 确认或更正');
    expect(notice.text).toContain('/改 #1 重大');
  });

  it('GIVEN a sure text THEN nothing is provisional and nobody is asked', async () => {
    const h = await createCommandHarness({ now: FILED });
    const { replies } = await h.say(ZHANGSAN, `/报修 ${SURE}`);
    expect(replies.map((r) => r.text).join('\n')).not.toContain('待确认');
    expect((await ticket(h, 1)).classProvisional).toBe(false);
    expect(await h.reply(SHIFU, '/改 #1 一般')).toBe('#1 已经是 维修·一般 了。');
  });
});

describe('/改 on a provisional ticket', () => {
  it('GIVEN a provisional major ticket WHEN a manager names the same class THEN it is confirmed and runs on the major clock from filing', async () => {
    const h = await createCommandHarness({ now: FILED });
    const no = await file(h, UNSURE);
    h.advance(10 * MINUTE);
    const { replies } = await h.say(SHIFU, `/改 #${no} 重大`);
    expect(to(replies, OWNERS.id).text).toMatch(
      /^#1 已由 王师傅 确认为 安全·重大。时限从报修时 10:00 起算: .*14:00 前解决/,
    );
    expect(await ticket(h, no)).toMatchObject({
      ticketClass: 'major',
      classProvisional: false,
      solveDueAt: FILED + 4 * HOUR,
    });
    expect((await events(h, no)).at(-1)).toMatchObject({
      kind: 'reclassified',
      actorId: SHIFU,
      note: '确认 安全·重大',
    });
  });

  it('GIVEN a provisional major ticket WHEN a committee member says /改 #n 一般 THEN it is general, confirmed, on the general clock', async () => {
    const h = await createCommandHarness({ now: FILED });
    const no = await file(h, UNSURE);
    const { replies } = await h.say(ZHAO, `/改 #${no} 收费 一般`);
    expect(to(replies, OWNERS.id).text).toContain('#1 已由 赵委员 改为 收费·一般。');
    expect(await ticket(h, no)).toMatchObject({
      ticketClass: 'general',
      category: '收费',
      classProvisional: false,
      solveDueAt: FILED + 30 * MINUTE,
    });
    expect((await events(h, no)).at(-1)?.note).toBe('安全·重大(待确认) → 收费·一般');
    // Confirmed now: the same words again are no change.
    expect(await h.reply(ZHAO, `/改 #${no} 一般`)).toBe('#1 已经是 收费·一般 了。');
  });

  it('GIVEN a provisional ticket THEN /进度 shows the class as 待确认 until someone confirms', async () => {
    const h = await createCommandHarness({ now: FILED });
    const no = await file(h, UNSURE);
    const header = async () => (await h.reply(ZHANGSAN, `/进度 #${no}`)).split('\n')[0];
    expect(await header()).toBe('#1 安全·重大(待确认) · 待接单');
    await h.say(SHIFU, `/改 #${no} 重大`);
    expect(await header()).toBe('#1 安全·重大 · 待接单');
  });

  it('GIVEN a provisional ticket WHEN an owner tries to confirm it THEN they are refused and it stays provisional', async () => {
    const h = await createCommandHarness({ now: FILED });
    const no = await file(h, UNSURE);
    expect(await h.reply(ZHANGSAN, `/改 #${no} 重大`)).toMatch(/只有/);
    expect((await ticket(h, no)).classProvisional).toBe(true);
  });
});

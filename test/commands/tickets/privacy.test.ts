import { describe, expect, it } from 'vitest';
import { createCommandHarness } from '../../support/command-harness.js';
import { LISI, OWNERS, SHIFU, STAFF, to, ZHANGSAN } from './ticket-kit.js';

describe('a phone number in ticket text, however it is written (issue 13)', () => {
  it.each([
    ['电话 １３８１２３４５６７８', '１３８１２３４５６７８'],
    ['电话 138 1234 5678', '138 1234 5678'],
    ['电话 1381 234 5678', '1381 234 5678'],
    ['电话 +86 138-1234-5678', '+86 138-1234-5678'],
    ['电话 一三八一二三四五六七八', '一三八一二三四五六七八'],
  ])(
    'GIVEN a ticket "楼道灯不亮 %s" THEN the owners group sees 138****5678 and the staff group the number as typed',
    async (phone, typed) => {
      const h = await createCommandHarness();
      const { replies } = await h.say(ZHANGSAN, `/报修 楼道灯不亮 ${phone}`);
      expect(to(replies, OWNERS.id).text).toContain('138****5678');
      expect(to(replies, OWNERS.id).text).not.toContain(typed);
      expect(to(replies, STAFF.id).text).toContain(typed);
      const timeline = await h.reply(LISI, '/进度 #1');
      expect(timeline).toContain('138****5678');
      expect(timeline).not.toContain(typed);
      expect(await h.reply(SHIFU, '/进度 #1', { room: STAFF })).toContain(typed);
    },
  );
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PAST_DEADLINE, parseDeadline, readsAsTime } from '../../../core/time/index.js';

const NOW = Date.UTC(2026, 10, 23, 2, 0);
const TZ = 'Asia/Shanghai';

describe('readsAsTime: where a time typed before more words ends', () => {
  it('GIVEN times, real or not, ahead or past THEN they read as times; a place does not', () => {
    for (const t of [
      '明天15点',
      '2026-12-15 15:00',
      '周五 下午3点',
      '3天',
      '2026-02-30',
      '明天25点',
      '2026-11-01',
    ])
      expect(readsAsTime(t), t).toBe(true);
    for (const t of ['社区会议室', '明天15点 社区会议室', '', '15点半吃饭'])
      expect(readsAsTime(t), t).toBe(false);
  });

  it('GIVEN a past moment THEN parseDeadline refuses it with the exported sentence', () => {
    expect(parseDeadline('2026-11-01 15:00', NOW, TZ)).toEqual({ ok: false, error: PAST_DEADLINE });
  });

  it('GIVEN any text THEN it agrees with parseDeadline: what parses reads, what does not read is called unreadable', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 20 }),
          fc.constantFrom('明天', '15点', '周五', '2026-12-15', ' ', '下午', '3天', '会议室', ':', '30'),
        ),
        fc.string({ maxLength: 6 }),
        (a, b) => {
          const text = `${a}${b}`;
          const parsed = parseDeadline(text, NOW, TZ);
          if (parsed.ok) expect(readsAsTime(text)).toBe(true);
          if (!readsAsTime(text) && text.trim() !== '' && !parsed.ok)
            expect(parsed.error.startsWith('看不懂这个时间')).toBe(true);
        },
      ),
    );
  });
});

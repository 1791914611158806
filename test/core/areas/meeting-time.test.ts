import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMeetingTime, MAX_MEETING_AHEAD_MS, parseMeetingTime } from '../../../core/areas/meeting.js';
import { fromZoned } from '../../../core/time/index.js';

const TZ = 'Asia/Shanghai';
const at = (y: number, mo: number, d: number, h: number, mi = 0) =>
  fromZoned({ year: y, month: mo, day: d, hour: h, minute: mi }, TZ);
const NOW = at(2026, 11, 23, 10); // Monday

describe('the time and place of /联席会议 (core/areas/meeting.ts)', () => {
  it('GIVEN a time written like a deadline, with or without a place THEN both are read', () => {
    expect(parseMeetingTime('2026-12-15 15:00 社区会议室', NOW, TZ)).toEqual({
      ok: true,
      startsAt: at(2026, 12, 15, 15),
      place: '社区会议室',
    });
    expect(parseMeetingTime('明天15点', NOW, TZ)).toEqual({
      ok: true,
      startsAt: at(2026, 11, 24, 15),
      place: null,
    });
    expect(parseMeetingTime('周五 下午3点 3楼 会议室', NOW, TZ)).toEqual({
      ok: true,
      startsAt: at(2026, 11, 27, 15),
      place: '3楼 会议室',
    });
    expect(parseMeetingTime('12月15日 15:30 社区', NOW, TZ)).toEqual({
      ok: true,
      startsAt: at(2026, 12, 15, 15, 30),
      place: '社区',
    });
  });

  it('GIVEN a day without an hour, a past time, nonsense or a year too far THEN the refusal says what to write', () => {
    const error = (text: string) => {
      const r = parseMeetingTime(text, NOW, TZ);
      return r.ok ? null : r.error;
    };
    expect(error('周五 社区会议室')).toBe('请写上几点开会, 例如 /联席会议 周五15点 社区会议室。');
    expect(error('3天')).toBe('请写上几点开会, 例如 /联席会议 明天15点 社区会议室。');
    expect(error('今天9点')).toBe('会议时间「今天9点」已经过去了, 请写将来的时间, 例如 明天15点。');
    expect(error('会议室')).toBe(
      '看不懂会议时间「会议室」。时间请写成 2026-12-15 15:00 或 明天15点, 和地点之间空一格, 例如 /联席会议 2026-12-15 15:00 社区会议室。',
    );
    expect(error('明天25点')).toBe('没有这个时刻: 明天25点, 请写 0 到 23 点, 例如 18:00');
    expect(error('2027-12-15 15:00')).toBe('会议时间太远了: 最多安排在 180天 以内, 请检查年份和月份。');
    expect(error('')).toBe('请写上开会的时间, 例如 /联席会议 2026-12-15 15:00 社区会议室。');
  });

  it('GIVEN a meeting time THEN it is shown with its date and weekday, and the year when not this one', () => {
    expect(formatMeetingTime(at(2026, 12, 15, 15), TZ, NOW)).toBe('12月15日 (周二) 15:00');
    expect(formatMeetingTime(at(2027, 1, 5, 9, 30), TZ, NOW)).toBe('2027年1月5日 (周二) 09:30');
  });

  it('GIVEN any text THEN it never throws, and a time read is ahead, within the limit, with a short place', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        const r = parseMeetingTime(text, NOW, TZ);
        if (!r.ok) {
          expect(r.error.length).toBeGreaterThan(0);
          return;
        }
        expect(r.startsAt).toBeGreaterThan(NOW);
        expect(r.startsAt - NOW).toBeLessThanOrEqual(MAX_MEETING_AHEAD_MS);
        expect([...(r.place ?? '')].length).toBeLessThanOrEqual(40);
      }),
    );
  });
});

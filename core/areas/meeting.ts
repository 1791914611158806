/**
 * The rules of the four-party joint meeting (四方联席会议, SPEC "Communities and streets") that the
 * `/联席会议` command and the agenda schedule share: how its time and place are read, when its
 * agenda goes out, and how its time is shown.
 */
import { oneLine, quote } from '../display.js';
import { formatDuration, PAST_DEADLINE, parseDeadline, readsAsTime, toZoned } from '../time/index.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** SPEC: the agenda goes out one day before the meeting, and again at its start. */
export const AGENDA_LEAD_MS = DAY;

/**
 * How long a meeting is taken to last. The agenda of its start is still sent while it lasts (the
 * bot was down at the start and came back during the meeting), never after; and `/联席会议`
 * shows it as under way until then. Two hours: a monthly meeting of four parties on a handful of
 * tickets and items is an afternoon's session, and an agenda arriving later than that helps
 * nobody at the table.
 */
export const MEETING_LENGTH_MS = 2 * HOUR;

/**
 * A meeting further ahead than this is a slip of the year or month, not a plan: the meeting is
 * monthly, and half a year covers a community that plans the next one or two in advance.
 */
export const MAX_MEETING_AHEAD_MS = 180 * DAY;

/** A place is a room or an address, not a paragraph. */
export const MAX_PLACE_CHARS = 40;

/** The time is one to three words: `明天15点`, `2026-12-15 15:00`, `12月15日 下午 3点`. */
const MAX_TIME_WORDS = 3;

/**
 * A time of day was written (`15:00`, `15点`, `下午3时`, `2小时后`): `明天` alone would read as
 * 23:59, and a meeting at the end of a day is a time nobody meant.
 */
const CLOCK_WRITTEN = /\d\s*[:：]\s*\d|[点時时]/u;

const EXAMPLE = '例如 /联席会议 2026-12-15 15:00 社区会议室';

export type MeetingTime = { ok: true; startsAt: number; place: string | null } | { ok: false; error: string };

/**
 * Reads `<时间> [地点]` as typed after `/联席会议`: the time is written like a deadline (SPEC:
 * `2026-12-15 15:00` or `明天15点`) with a time of day, in the future and at most
 * {@link MAX_MEETING_AHEAD_MS} ahead; the words after it are the place. Every refusal is one
 * Chinese sentence that says what to write instead.
 */
export function parseMeetingTime(text: string, now: number, tz: string): MeetingTime {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { ok: false, error: `请写上开会的时间, ${EXAMPLE}。` };
  let timeWords = 0;
  for (let k = Math.min(MAX_TIME_WORDS, words.length); k >= 1; k--) {
    if (readsAsTime(words.slice(0, k).join(' '))) {
      timeWords = k;
      break;
    }
  }
  if (timeWords === 0) {
    return {
      ok: false,
      error: `看不懂会议时间「${quote(words[0] ?? '')}」。时间请写成 2026-12-15 15:00 或 明天15点, 和地点之间空一格, ${EXAMPLE}。`,
    };
  }
  const timeText = words.slice(0, timeWords).join(' ');
  const parsed = parseDeadline(timeText, now, tz);
  if (!parsed.ok) {
    return {
      ok: false,
      error:
        parsed.error === PAST_DEADLINE
          ? `会议时间「${quote(timeText)}」已经过去了, 请写将来的时间, 例如 明天15点。`
          : parsed.error,
    };
  }
  if (!CLOCK_WRITTEN.test(timeText)) {
    // The day typed with an hour, when that reads ("周五" → "周五15点"); else a plain example.
    const withHour = `${timeText}15点`;
    const example = parseDeadline(withHour, now, tz).ok ? quote(withHour) : '明天15点';
    return { ok: false, error: `请写上几点开会, 例如 /联席会议 ${example} 社区会议室。` };
  }
  if (parsed.value - now > MAX_MEETING_AHEAD_MS) {
    return {
      ok: false,
      error: `会议时间太远了: 最多安排在 ${formatDuration(MAX_MEETING_AHEAD_MS)} 以内, 请检查年份和月份。`,
    };
  }
  const place = oneLine(words.slice(timeWords).join(' '));
  if ([...place].length > MAX_PLACE_CHARS) {
    return { ok: false, error: `地点太长了 (最多 ${MAX_PLACE_CHARS} 个字), 请只写会议地点。` };
  }
  return { ok: true, startsAt: parsed.value, place: place === '' ? null : place };
}

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * "12月15日 (周二) 15:00", with the year when it is not this year's: a meeting is named by its
 * date in every message, so people read the same day in the reply, the agenda and the reminder.
 */
export function formatMeetingTime(at: number, tz: string, now: number): string {
  const p = toZoned(at, tz);
  const year = p.year === toZoned(now, tz).year ? '' : `${p.year}年`;
  return `${year}${p.month}月${p.day}日 (${WEEKDAYS[p.weekday] ?? ''}) ${pad2(p.hour)}:${pad2(p.minute)}`;
}

/** "12月15日 (周二) 15:00, 社区会议室" / "…, 地点待定". */
export function meetingWhenWhere(
  meeting: { startsAt: number; place: string | null },
  tz: string,
  now: number,
): string {
  return `${formatMeetingTime(meeting.startsAt, tz, now)}, ${meeting.place === null ? '地点待定' : `地点: ${meeting.place}`}`;
}

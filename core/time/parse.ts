/**
 * Durations and deadlines as owners type them (SPEC "Time expressions"). Total: every string
 * gets an ok or a Chinese error, none throws; every moment is computed in the given zone.
 */
import { daysInMonth, formatDate, formatDateTime, fromZoned, toZoned } from './zoned.js';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MAX_DURATION = 365 * DAY;
// Nobody types a time longer than this; the cap also bounds the regex work per message.
const MAX_INPUT = 64;

const ok = <T>(value: T): ParseResult<T> => ({ ok: true, value });
const err = <T>(error: string): ParseResult<T> => ({ ok: false, error });

/** Echo of the user's text inside an error, short enough for one chat line. */
function shown(text: string): string {
  const t = text.trim();
  return t.length > 20 ? `${t.slice(0, 20)}…` : t;
}

/**
 * NFKC turns full-width digits, colons and spaces into ASCII. Spaces are dropped except
 * between two digits, where they still separate "2026-11-30 18:00" or "11/30 18:00".
 */
function normalize(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u200B-\u200F\u2060\uFEFF]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/(?<!\d) | (?!\d)/g, '');
}

const CN_DIGITS: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const digit = (ch: string | undefined): number => (ch === undefined ? 0 : (CN_DIGITS[ch] ?? 0));

const CN_SINGLE = /^[零〇一二两三四五六七八九]$/;
const CN_ZERO_LED = /^[零〇]([一二三四五六七八九])$/;
const CN_TENS = /^([一二三四五六七八九])?十([一二三四五六七八九])?$/;
const CN_HUNDREDS =
  /^([一二两三四五六七八九])百(?:([一二三四五六七八九])十([一二三四五六七八九])?|[零〇]([一二三四五六七八九]))?$/;

/**
 * An integer written in Arabic digits or in Chinese numerals up to 999 ("十八", "三十一",
 * "零五" for minutes, "三百六十五"); null for anything malformed such as "十十".
 */
function parseInteger(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  if (CN_SINGLE.test(s)) return digit(s);
  let m = CN_ZERO_LED.exec(s);
  if (m) return digit(m[1]);
  m = CN_TENS.exec(s);
  if (m) return (m[1] === undefined ? 1 : digit(m[1])) * 10 + digit(m[2]);
  m = CN_HUNDREDS.exec(s);
  if (m) return digit(m[1]) * 100 + digit(m[2]) * 10 + digit(m[3]) + digit(m[4]);
  return null;
}

function parseNumber(s: string): number | null {
  return /^\d+\.\d+$/.test(s) ? Number(s) : parseInteger(s);
}

// ---------------------------------------------------------------------------------------------
// Durations

const UNITS: readonly { pattern: RegExp; ms: number }[] = [
  { pattern: /^(?:周|星期|礼拜|w)$/, ms: 7 * DAY },
  { pattern: /^(?:天|日|d)$/, ms: DAY },
  { pattern: /^(?:小时|钟头|hr|h)$/, ms: HOUR },
  { pattern: /^(?:分钟|分|min|m)$/, ms: MINUTE },
  { pattern: /^(?:秒钟|秒|sec|s)$/, ms: SECOND },
];

// One "number + unit" piece: "1.5小时", "两个小时", "一个半小时", "半小时", "3天半".
const DURATION_PIECE =
  /(?:(\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百]+)(个)?(半)?|(半)(个)?)(周|星期|礼拜|天|日|小时|钟头|分钟|分|秒钟|秒|hr|min|sec|w|d|h|m|s)(半)?/y;

type DurationRead = { kind: 'ok'; ms: number } | { kind: 'unreadable' };

function readDuration(s: string): DurationRead {
  let pos = 0;
  let total = 0;
  let lastUnit = Number.POSITIVE_INFINITY;
  while (pos < s.length) {
    DURATION_PIECE.lastIndex = pos;
    const m = DURATION_PIECE.exec(s);
    if (!m) return { kind: 'unreadable' };
    const [, numText, , midHalf, loneHalf, , unitText, endHalf] = m;
    if (midHalf !== undefined && endHalf !== undefined) return { kind: 'unreadable' };
    let count: number;
    if (loneHalf !== undefined) {
      count = 0.5;
    } else {
      const n = parseNumber(numText ?? '');
      if (n === null) return { kind: 'unreadable' };
      count = n + (midHalf !== undefined || endHalf !== undefined ? 0.5 : 0);
    }
    const unit = UNITS.find((u) => u.pattern.test(unitText ?? ''));
    // Larger units first, each once: "1小时30分钟", never "30分钟1小时" or "1天2天".
    if (unit === undefined || unit.ms >= lastUnit) return { kind: 'unreadable' };
    lastUnit = unit.ms;
    total += count * unit.ms;
    pos = DURATION_PIECE.lastIndex;
  }
  if (pos === 0) return { kind: 'unreadable' };
  return { kind: 'ok', ms: Math.round(total) };
}

const DURATION_HELP = '可以写 20秒、5分钟、半小时、4小时 或 1天';
const DURATION_NOT_POSITIVE = '时长要大于0, 例如 5分钟';
const DURATION_TOO_LONG = '时长不能超过365天, 例如 30天';

function checkDuration(read: DurationRead, original: string): ParseResult<number> {
  if (read.kind === 'unreadable') return err(`看不懂这个时长: ${shown(original)}。${DURATION_HELP}`);
  if (read.ms <= 0) return err(DURATION_NOT_POSITIVE);
  if (read.ms > MAX_DURATION) return err(DURATION_TOO_LONG);
  return ok(read.ms);
}

/**
 * A length of time in ms: "20秒", "5分钟", "5分", "半小时", "1.5小时", "一个半小时", "1天",
 * "2周", "1小时30分钟", "三天", "两小时". Must be above zero and at most 365 days (settings).
 */
export function parseDuration(text: string): ParseResult<number> {
  const s = normalize(text);
  if (s === '') return err(`请写时长, 例如 5分钟`);
  if (/^[-负]/.test(s)) return err(DURATION_NOT_POSITIVE);
  if (s.length > MAX_INPUT) return checkDuration({ kind: 'unreadable' }, text);
  return checkDuration(readDuration(s), text);
}

// ---------------------------------------------------------------------------------------------
// Deadlines

type Period = 'dawn' | 'morning' | 'forenoon' | 'noon' | 'afternoon' | 'dusk' | 'evening';

type DayTarget =
  | { kind: 'none' }
  | { kind: 'relative'; days: number }
  | { kind: 'weekday'; weekday: number; week: 'coming' | 'this' | 'next' | 'afterNext' }
  | { kind: 'monthDay'; month: number; day: number }
  | { kind: 'date'; year: number; month: number; day: number }
  | { kind: 'dayOfMonth'; day: number };

interface Clock {
  hour: number;
  minute: number;
  second: number;
}

const PERIODS: Readonly<Record<string, Period>> = {
  凌晨: 'dawn',
  早上: 'morning',
  早晨: 'morning',
  清晨: 'morning',
  早: 'morning',
  上午: 'forenoon',
  中午: 'noon',
  正午: 'noon',
  下午: 'afternoon',
  傍晚: 'dusk',
  晚上: 'evening',
  晚间: 'evening',
  夜里: 'evening',
  夜间: 'evening',
  半夜: 'evening',
  晚: 'evening',
};

const RELATIVE_DAYS: Readonly<Record<string, number>> = {
  今天: 0,
  今日: 0,
  今儿: 0,
  明天: 1,
  明日: 1,
  明儿: 1,
  后天: 2,
  大后天: 3,
};

const RELATIVE_WITH_PERIOD: Readonly<Record<string, [number, Period]>> = {
  今早: [0, 'morning'],
  今晚: [0, 'evening'],
  今夜: [0, 'evening'],
  明早: [1, 'morning'],
  明晚: [1, 'evening'],
  明夜: [1, 'evening'],
};

const WEEKDAYS: Readonly<Record<string, number>> = {
  日: 0,
  天: 0,
  '7': 0,
  一: 1,
  '1': 1,
  二: 2,
  '2': 2,
  三: 3,
  '3': 3,
  四: 4,
  '4': 4,
  五: 5,
  '5': 5,
  六: 6,
  '6': 6,
};

// Without a time, a period means "by the end of it" (明天上午 = by noon, 今晚 = by midnight).
const PERIOD_DEFAULT: Readonly<Record<Period, Clock>> = {
  dawn: { hour: 6, minute: 0, second: 0 },
  morning: { hour: 9, minute: 0, second: 0 },
  forenoon: { hour: 12, minute: 0, second: 0 },
  noon: { hour: 12, minute: 0, second: 0 },
  afternoon: { hour: 18, minute: 0, second: 0 },
  dusk: { hour: 19, minute: 0, second: 0 },
  evening: { hour: 23, minute: 59, second: 0 },
};

/** SPEC: a day without a time means the end of that day. */
const END_OF_DAY: Clock = { hour: 23, minute: 59, second: 0 };

const INT = '(\\d{1,2}|[零〇一二两三四五六七八九十]{1,4})';
const PREFIX = /^(?:截止到|截止|截至|到|在|于)/;
const RELATIVE = /(大后天|后天|明天|明日|明儿|今天|今日|今儿)/y;
const RELATIVE_PERIOD = /(今早|今晚|今夜|明早|明晚|明夜)/y;
const WEEKDAY = /(下下个?|下个?|这个?|本)?(?:周|星期|礼拜)([一二三四五六日天1-7])/y;
const YMD_SEPARATED = /(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:日|号)?/y;
const YMD_CHINESE = new RegExp(`(\\d{4})年${INT}月${INT}(?:日|号)?`, 'y');
const MONTH_DAY = new RegExp(`${INT}月${INT}(?:日|号)?`, 'y');
const MONTH_DAY_SLASH = /(\d{1,2})[-/](\d{1,2})(?![\d:])/y;
const DAY_OF_MONTH = new RegExp(`${INT}(?:号|日)`, 'y');
const DATE_TIME_SEPARATOR = /[ t]/y;
const PERIOD = /(凌晨|早上|早晨|清晨|上午|中午|正午|下午|傍晚|晚上|晚间|夜里|夜间|半夜|早|晚)/y;
const CLOCK_COLON = /(\d{1,2}):(\d{2})(?::(\d{2}))?/y;
const CLOCK_CHINESE = new RegExp(`${INT}(?:点钟?|时)(?:(半)|(一刻)|(三刻)|整|${INT}分?)?`, 'y');
const DEADLINE_SUFFIX = /(?:之前|以前|前|为止|截止)/y;
const DURATION_SUFFIX = /(?:以后|之后|后|以内|之内|内)$/;

const DEADLINE_HELP = '可以写 3天、48小时、明天18点、周五、11月30日 或 2026-11-30 18:00';
/** The refusal of a moment already past; exported so a caller can say it in its own words. */
export const PAST_DEADLINE = '截止时间已经过去了, 请写将来的时间, 例如 明天18点';
const PAST = PAST_DEADLINE;

/** A sticky-regex reader over the normalized text. */
class Cursor {
  pos = 0;
  constructor(readonly s: string) {}
  take(re: RegExp): RegExpExecArray | null {
    re.lastIndex = this.pos;
    const m = re.exec(this.s);
    if (m) this.pos = re.lastIndex;
    return m;
  }
  get done(): boolean {
    return this.pos >= this.s.length;
  }
}

interface Reading {
  day: DayTarget;
  period: Period | null;
  clock: { hour: number; minute: number; second: number } | null;
  /** Set when the text is well-formed but names no real day or time. */
  invalid: 'date' | 'time' | null;
  /** Set when a token matched but its numeral is malformed ("十十点"). */
  garbled: boolean;
}

function readDay(c: Cursor, r: Reading): void {
  let m = c.take(RELATIVE_PERIOD);
  if (m) {
    const [days, period] = RELATIVE_WITH_PERIOD[m[1] ?? ''] ?? [0, 'evening'];
    r.day = { kind: 'relative', days };
    r.period = period;
    return;
  }
  m = c.take(RELATIVE);
  if (m) {
    r.day = { kind: 'relative', days: RELATIVE_DAYS[m[1] ?? ''] ?? 0 };
    return;
  }
  m = c.take(WEEKDAY);
  if (m) {
    const prefix = m[1] ?? '';
    const week = prefix.startsWith('下下')
      ? 'afterNext'
      : prefix.startsWith('下')
        ? 'next'
        : prefix === ''
          ? 'coming'
          : 'this';
    r.day = { kind: 'weekday', weekday: WEEKDAYS[m[2] ?? ''] ?? 0, week };
    return;
  }
  m = c.take(YMD_SEPARATED);
  if (m) {
    r.day = { kind: 'date', year: Number(m[1]), month: Number(m[3]), day: Number(m[4]) };
    c.take(DATE_TIME_SEPARATOR);
    return;
  }
  m = c.take(YMD_CHINESE) ?? c.take(MONTH_DAY);
  if (m) {
    const hasYear = m.length === 4;
    const year = hasYear ? Number(m[1]) : 0;
    const month = parseInteger(m[hasYear ? 2 : 1] ?? '');
    const day = parseInteger(m[hasYear ? 3 : 2] ?? '');
    if (month === null || day === null) {
      r.garbled = true;
      return;
    }
    r.day = hasYear ? { kind: 'date', year, month, day } : { kind: 'monthDay', month, day };
    c.take(DATE_TIME_SEPARATOR);
    return;
  }
  m = c.take(MONTH_DAY_SLASH);
  if (m) {
    r.day = { kind: 'monthDay', month: Number(m[1]), day: Number(m[2]) };
    c.take(DATE_TIME_SEPARATOR);
    return;
  }
  m = c.take(DAY_OF_MONTH);
  if (m) {
    const day = parseInteger(m[1] ?? '');
    if (day === null) r.garbled = true;
    else r.day = { kind: 'dayOfMonth', day };
  }
}

function readClock(c: Cursor, r: Reading): void {
  let m = c.take(CLOCK_COLON);
  if (m) {
    r.clock = { hour: Number(m[1]), minute: Number(m[2]), second: m[3] === undefined ? 0 : Number(m[3]) };
    return;
  }
  m = c.take(CLOCK_CHINESE);
  if (!m) return;
  const [, hourText, half, quarter, threeQuarters, minuteText] = m;
  const hour = parseInteger(hourText ?? '');
  let minute: number | null = 0;
  if (half !== undefined) minute = 30;
  else if (quarter !== undefined) minute = 15;
  else if (threeQuarters !== undefined) minute = 45;
  else if (minuteText !== undefined) minute = parseInteger(minuteText);
  if (hour === null || minute === null) {
    r.garbled = true;
    return;
  }
  r.clock = { hour, minute, second: 0 };
}

function read(s: string): Reading | null {
  const c = new Cursor(s.replace(PREFIX, ''));
  const r: Reading = { day: { kind: 'none' }, period: null, clock: null, invalid: null, garbled: false };
  readDay(c, r);
  const periodMatch = c.take(PERIOD);
  if (periodMatch) r.period = PERIODS[periodMatch[1] ?? ''] ?? null;
  readClock(c, r);
  c.take(DEADLINE_SUFFIX);
  const readSomething = r.day.kind !== 'none' || r.period !== null || r.clock !== null || r.invalid !== null;
  return readSomething && c.done && !r.garbled ? r : null;
}

/**
 * The wall-clock time of the reading, with the period applied (下午3点 = 15:00, 晚上8点 =
 * 20:00, 晚上12点 = 24:00, i.e. midnight ending the day). Hours of 24 and more roll into the
 * next day through fromZoned. Null when no real time is named (25点, 上午15点, 18:60).
 */
function resolveClock(r: Reading): Clock | null {
  if (r.clock === null) return r.period === null ? END_OF_DAY : PERIOD_DEFAULT[r.period];
  const { minute, second } = r.clock;
  let { hour } = r.clock;
  if (minute > 59 || second > 59 || hour > 24 || (hour === 24 && (minute > 0 || second > 0))) return null;
  switch (r.period) {
    case null:
      break;
    case 'dawn':
    case 'morning':
    case 'forenoon':
      if (hour > 12) return null;
      if (hour === 12 && r.period === 'dawn') hour = 0;
      break;
    case 'noon':
      if (hour >= 1 && hour <= 5) hour += 12;
      else if (hour < 10 || hour > 15) return null;
      break;
    case 'afternoon':
    case 'dusk':
      if (hour === 0 || hour === 24) return null;
      if (hour < 12) hour += 12;
      break;
    case 'evening':
      // 晚上12点 and 今晚1点 are the midnight and small hours that end this evening.
      if (hour <= 5) hour += 24;
      else if (hour <= 11) hour += 12;
      else if (hour === 12) hour = 24;
      break;
  }
  return { hour, minute, second };
}

interface LocalDay {
  year: number;
  month: number;
  day: number;
}

function at(day: LocalDay, offsetDays: number, clock: Clock, tz: string): number {
  return fromZoned({ ...day, day: day.day + offsetDays, ...clock }, tz);
}

const mondayIndex = (weekday: number): number => (weekday + 6) % 7;

/**
 * A month-day without a year further ahead than this many months is asked about, not guessed:
 * "11月30日" typed on 1 December is far more likely a slip (or yesterday) than a deadline a year
 * away, and a poll or meeting set a year off by mistake runs silently. Ten months still lets
 * a committee in December name a day in next autumn.
 */
const MONTH_DAY_MAX_MONTHS_AHEAD = 10;

/** Whether `to` is later than `from` moved on by MONTH_DAY_MAX_MONTHS_AHEAD months. */
function tooFarForMonthDay(from: LocalDay, to: LocalDay): boolean {
  const months = (to.year - from.year) * 12 + (to.month - from.month);
  return months > MONTH_DAY_MAX_MONTHS_AHEAD || (months === MONTH_DAY_MAX_MONTHS_AHEAD && to.day > from.day);
}

/** The moment a month-day names, when it is too far ahead to take without its year. */
interface AskYear {
  kind: 'askYear';
  at: number;
  clockTyped: boolean;
}

function resolve(
  r: Reading,
  now: number,
  tz: string,
): ParseResult<number> | 'invalidDate' | 'invalidTime' | AskYear {
  if (r.invalid === 'date') return 'invalidDate';
  if (r.invalid === 'time') return 'invalidTime';
  const clock = resolveClock(r);
  if (clock === null) return 'invalidTime';
  const n = toZoned(now, tz);
  const today: LocalDay = { year: n.year, month: n.month, day: n.day };
  const future = (t: number): ParseResult<number> => (t > now ? ok(t) : err(PAST));
  const day = r.day;
  switch (day.kind) {
    case 'none': {
      // SPEC: a bare time already past today means tomorrow.
      const t = at(today, 0, clock, tz);
      return ok(t > now ? t : at(today, 1, clock, tz));
    }
    case 'relative':
      return future(at(today, day.days, clock, tz));
    case 'weekday': {
      const thisWeek = mondayIndex(day.weekday) - mondayIndex(n.weekday);
      if (day.week === 'coming') {
        // The next such day whose moment is still ahead: today counts until the time passes.
        const diff = (day.weekday - n.weekday + 7) % 7;
        const t = at(today, diff, clock, tz);
        return ok(t > now ? t : at(today, diff + 7, clock, tz));
      }
      if (day.week === 'this') return future(at(today, thisWeek, clock, tz));
      return future(at(today, thisWeek + (day.week === 'next' ? 7 : 14), clock, tz));
    }
    case 'monthDay': {
      // 2月29日 is a real day, only not every year; 2月30日 never is.
      if (day.month < 1 || day.month > 12 || day.day < 1 || day.day > daysInMonth(2000, day.month)) {
        return 'invalidDate';
      }
      // SPEC: a day already past this year means next year; leap days wait for a leap year. But
      // not more than ten months ahead: then the year is asked for.
      for (let year = n.year; year <= n.year + 8; year++) {
        if (day.day > daysInMonth(year, day.month)) continue;
        const target = { year, month: day.month, day: day.day };
        const t = at(target, 0, clock, tz);
        if (t <= now) continue;
        if (!tooFarForMonthDay(today, target)) return ok(t);
        return { kind: 'askYear', at: t, clockTyped: r.clock !== null || r.period !== null };
      }
      return 'invalidDate';
    }
    case 'date':
      if (day.month < 1 || day.month > 12 || day.day < 1 || day.day > daysInMonth(day.year, day.month)) {
        return 'invalidDate';
      }
      return future(at(day, 0, clock, tz));
    case 'dayOfMonth': {
      if (day.day < 1 || day.day > 31) return 'invalidDate';
      // The next month that has this day and where it is still ahead ("30号" in February).
      for (let k = 0; k <= 12; k++) {
        const year = n.year + Math.floor((n.month - 1 + k) / 12);
        const month = ((n.month - 1 + k) % 12) + 1;
        if (day.day > daysInMonth(year, month)) continue;
        const t = at({ year, month, day: day.day }, 0, clock, tz);
        if (t > now) return ok(t);
      }
      return 'invalidDate';
    }
  }
}

/** Asks for the year of a month-day too far ahead, with the full form to copy. */
function askYear(text: string, ask: AskYear, tz: string): string {
  const p = toZoned(ask.at, tz);
  const date = formatDate(ask.at, tz);
  const example = ask.clockTyped ? formatDateTime(ask.at, tz) : `${date} 或 ${date} 18:00`;
  return `「${shown(text)}」最近的一天是 ${p.year}年${p.month}月${p.day}日, 离现在超过十个月, 请写上年份, 例如 ${example}`;
}

/**
 * A deadline (SPEC "Time expressions"): an instant strictly after `now`, read in `tz`.
 * Accepts a duration from now ("3天", "48小时后"), a day ("明天", "后天", "周五", "下周一",
 * "本周日", "11月30日", "30号", "2026-11-30", "2026年11月30日"), a time ("18:00", "18点半",
 * "下午3点", "晚上8点"), or a day then a time ("明天18点", "周五 18:00", "今晚8点",
 * "2026/11/30 18:00"). A day alone means 23:59 of it; a weekday alone the next one still ahead;
 * a month-day already past, next year, unless that is more than ten months ahead: then the year
 * is asked for (issue 13); a bare time already past, tomorrow. A past explicit
 * date, a date that does not exist (2月30日) or an hour that does not (25点) is an error,
 * never a silently shifted moment. `tz` must be a valid zone (checked at config load).
 */
export function parseDeadline(text: string, now: number, tz: string): ParseResult<number> {
  const s = normalize(text);
  if (s === '') return err('请写截止时间, 例如 明天18点');
  const unreadable = err<number>(`看不懂这个时间: ${shown(text)}。${DEADLINE_HELP}`);
  if (s.length > MAX_INPUT) return unreadable;
  const reading = read(s);
  if (reading !== null) {
    const result = resolve(reading, now, tz);
    if (result === 'invalidDate') return err(`没有这一天: ${shown(text)}, 请写真实的日期, 例如 11月30日`);
    if (result === 'invalidTime') return err(`没有这个时刻: ${shown(text)}, 请写 0 到 23 点, 例如 18:00`);
    if ('kind' in result) return err(askYear(text, result, tz));
    return result;
  }
  const duration = readDuration(s.replace(DURATION_SUFFIX, ''));
  if (duration.kind === 'unreadable') return unreadable;
  const checked = checkDuration(duration, text);
  return checked.ok ? ok(now + checked.value) : checked;
}

/**
 * Whether the text is written as a time (a day, a clock time, a duration), whatever moment it
 * names and whether that moment is real or ahead: lets a command whose time is followed by more
 * words (`/联席会议 明天15点 社区会议室`) find where the time ends. Agrees with
 * {@link parseDeadline}: what it reads, this accepts, and what it calls unreadable, this refuses.
 */
export function readsAsTime(text: string): boolean {
  const s = normalize(text);
  if (s === '' || s.length > MAX_INPUT) return false;
  if (read(s) !== null) return true;
  return readDuration(s.replace(DURATION_SUFFIX, '')).kind === 'ok';
}

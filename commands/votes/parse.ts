/**
 * What committee members and owners type after /投票, /表决 and /投: the question and options,
 * the flags (匿名, 多选, 重大 …), the `截止 <时间>` part and the choice. Pure; the deadline text
 * is read later with the clock of the command (`parseDeadline`).
 */

import { halfWidthDigits } from '../../core/text.js';
import { parseUnitAddress, type UnitAddress } from '../../core/units/address.js';
import { parseTicketRef } from '../tickets/common.js';

export const MAX_QUESTION = 200;
export const MAX_OPTION = 40;
export const MAX_OPTIONS = 12;

/** `截止` and the common slip `截至`, optionally with a colon, glued to the time or not. */
const DEADLINE_WORD = /^截[止至][:：]?/;

function splitTokens(text: string): string[] {
  return text.split(/\s+/).filter((t) => t.length > 0);
}

/** Takes flag words off both ends of a token list; unknown words stay. */
function peelFlags(tokens: string[], flagWords: ReadonlySet<string>, found: Set<string>): string[] {
  const out = [...tokens];
  while (out.length > 0 && flagWords.has(out[0] ?? '')) found.add(out.shift() ?? '');
  while (out.length > 0 && flagWords.has(out.at(-1) ?? '')) found.add(out.pop() ?? '');
  return out;
}

/** Splits "… 截止 周五 18:00 …" into the part before and the deadline text (flags peeled). */
function splitDeadline(
  tokens: string[],
  flagWords: ReadonlySet<string>,
  found: Set<string>,
): { before: string[]; deadline: string | null } {
  const at = tokens.findIndex((t) => DEADLINE_WORD.test(t));
  if (at < 0) return { before: tokens, deadline: null };
  const glued = (tokens[at] ?? '').replace(DEADLINE_WORD, '');
  const after = peelFlags([...(glued ? [glued] : []), ...tokens.slice(at + 1)], flagWords, found);
  return { before: tokens.slice(0, at), deadline: after.join(' ') };
}

export type ParsedPoll =
  | {
      ok: true;
      question: string;
      options: string[];
      deadline: string | null;
      multi: boolean;
      anonymous: boolean;
      verifiedOnly: boolean;
    }
  | { ok: false; error: string };

const POLL_FLAGS = new Set(['匿名', '实名', '多选', '单选', '认证业主']);

/**
 * `<问题> | <选项1> | <选项2> … [截止 <时间>] [匿名] [多选] [认证业主]`. `|` or `｜` separate;
 * with no bar, one option per line works too. Flags and the deadline may trail the last option
 * or stand in a segment of their own; flags may also open or close the question.
 */
export function parsePollText(text: string): ParsedPoll {
  const raw = text.trim();
  if (raw === '') return { ok: false, error: '请写上问题和选项。' };
  const segments = (/[|｜]/.test(raw) ? raw.split(/[|｜]/) : raw.split('\n')).map((s) => s.trim());
  if (segments.length < 2) return { ok: false, error: '请用 | 把问题和各个选项分开。' };
  const flags = new Set<string>();
  let deadline: string | null = null;

  const readSegment = (segment: string): string => {
    const split = splitDeadline(splitTokens(segment), POLL_FLAGS, flags);
    if (split.deadline !== null) {
      if (deadline !== null) throw new PollTextError('截止时间只能写一次。');
      deadline = split.deadline;
      if (deadline === '') throw new PollTextError('「截止」后面请写时间, 例如 截止 周五18点。');
    }
    return peelFlags(split.before, POLL_FLAGS, flags).join(' ');
  };

  try {
    const [first, ...rest] = segments;
    const question = readSegment(first ?? '');
    // Empty segments in the middle are typos (`a || b`); a trailing flags-only segment is fine.
    const options: string[] = [];
    rest.forEach((segment, i) => {
      const option = readSegment(segment);
      if (option !== '') options.push(option);
      else if (segment === '' && i < rest.length - 1) throw new PollTextError('有一个选项是空的。');
    });
    if (question === '') return { ok: false, error: '请写上投票的问题。' };
    if (question.length > MAX_QUESTION)
      return { ok: false, error: `问题太长了, 请控制在 ${MAX_QUESTION} 字以内。` };
    if (options.length < 2) return { ok: false, error: '至少要有两个选项。' };
    if (options.length > MAX_OPTIONS) return { ok: false, error: `选项最多 ${MAX_OPTIONS} 个。` };
    const long = options.find((o) => o.length > MAX_OPTION);
    if (long)
      return {
        ok: false,
        error: `选项「${long.slice(0, 10)}…」太长了, 每个选项请控制在 ${MAX_OPTION} 字以内。`,
      };
    const dup = options.find((o, i) => options.indexOf(o) !== i);
    if (dup) return { ok: false, error: `选项「${dup}」写了两次。` };
    if (flags.has('匿名') && flags.has('实名')) return { ok: false, error: '不能既匿名又实名, 请选一个。' };
    if (flags.has('多选') && flags.has('单选')) return { ok: false, error: '不能既单选又多选, 请选一个。' };
    return {
      ok: true,
      question,
      options,
      deadline,
      multi: flags.has('多选'),
      anonymous: flags.has('匿名'),
      verifiedOnly: flags.has('认证业主'),
    };
  } catch (error) {
    if (error instanceof PollTextError) return { ok: false, error: error.message };
    throw error;
  }
}

class PollTextError extends Error {}

export type ParsedMotion =
  | { ok: true; subject: string; deadline: string | null; major: boolean; ordinary: boolean }
  | { ok: false; error: string };

const MOTION_FLAGS = new Set(['重大', '普通', '一般', '匿名']);

/** `<事项> [重大|普通] [截止 <时间>]`. */
export function parseMotionText(text: string): ParsedMotion {
  const flags = new Set<string>();
  const split = splitDeadline(splitTokens(text.replace(/\n/g, ' ')), MOTION_FLAGS, flags);
  const subject = peelFlags(split.before, MOTION_FLAGS, flags).join(' ');
  if (flags.has('匿名')) {
    return {
      ok: false,
      error: '业主表决按户实名计票 (民法典第278条), 不能匿名; 匿名意见请用 /投票 … 匿名。',
    };
  }
  if (subject === '') return { ok: false, error: '请写上表决的事项。' };
  if (subject.length > MAX_QUESTION)
    return { ok: false, error: `事项太长了, 请控制在 ${MAX_QUESTION} 字以内。` };
  if (split.deadline === '') return { ok: false, error: '「截止」后面请写时间, 例如 截止 11月30日。' };
  const major = flags.has('重大');
  const ordinary = flags.has('普通') || flags.has('一般');
  if (major && ordinary) return { ok: false, error: '不能既是重大事项又是普通事项, 请选一个。' };
  return { ok: true, subject, deadline: split.deadline, major, ordinary };
}

/**
 * Matters that Civil Code art. 278 (6)–(8) puts under the 3/4 rule and SPEC "Polls and formal
 * votes" calls 重大: raising or using the maintenance funds, rebuilding, changing the use of
 * common parts (or running a business on them).
 */
const MAJOR_HINTS: readonly RegExp[] = [
  /维修(资金|基金)/,
  /(改建|重建|翻建|扩建)/,
  /(改变|变更|改作|改为|改成).{0,12}(用途|车位|停车|商铺|经营)/,
  /共有部分.{0,12}(用途|经营|出租)/,
  /公共(部位|区域|场地|空间).{0,12}(出租|经营|改)/,
];

/** True when a motion's wording looks like a 重大 matter. */
export function looksMajor(subject: string): boolean {
  return MAJOR_HINTS.some((re) => re.test(subject));
}

const FORMAL_WORDS: readonly (readonly [RegExp, number])[] = [
  [/^(不同意|不赞成|不支持|反对|否|no)/i, 2],
  [/^(同意|赞成|赞同|支持|是|yes)/i, 1],
  [/^(弃权|abstain)/i, 3],
  [/^[1１]/, 1],
  [/^[2２]/, 2],
  [/^[3３]/, 3],
];

export type ParsedFormalChoice =
  | { ok: true; choice: number; unit: UnitAddress | null }
  | { ok: false; error: string };

/** `同意` / `反对` / `弃权` (or 1 / 2 / 3), optionally followed by the unit: `同意 3-2-301`. */
export function parseFormalChoice(text: string): ParsedFormalChoice {
  const s = text.trim();
  const usage = '表决请写 同意、反对 或 弃权 (也可写 1、2、3)。';
  if (s === '') return { ok: false, error: usage };
  for (const [re, choice] of FORMAL_WORDS) {
    const m = re.exec(s);
    if (!m) continue;
    const rest = s.slice(m[0].length).trim();
    if (rest === '') return { ok: true, choice, unit: null };
    const unit = parseUnitAddress(rest);
    if (unit === null) {
      // "1号" or "12" after a digit was a longer number, not a choice and an address.
      if (/^[0-9０-９]/.test(rest) && /^[1-3１-３]$/.test(m[0]) && parseUnitAddress(s) === null) break;
      return { ok: false, error: `房号「${rest}」看不懂, 请写成 楼-单元-室, 例如 同意 3-2-301。` };
    }
    return { ok: true, choice, unit };
  }
  return { ok: false, error: usage };
}

export type ParsedQuickChoice = { ok: true; choices: number[] } | { ok: false; error: string };

/**
 * Option numbers ("2", "1 3", "1,3", "1、3") or one option's exact text ("北门"), checked
 * against the poll's options and its single/multiple choice.
 */
export function parseQuickChoice(
  text: string,
  poll: { no: number; options: readonly string[]; multi: boolean },
): ParsedQuickChoice {
  const s = text.trim();
  const example = poll.multi ? `/投 #${poll.no} 1 3` : `/投 #${poll.no} 2`;
  if (s === '') return { ok: false, error: `请写选项号, 例如 ${example}。` };
  const byText = poll.options.indexOf(s);
  if (byText >= 0) return { ok: true, choices: [byText + 1] };
  const parts = halfWidthDigits(s)
    .split(/[\s,，、;；+和]+/)
    .filter((p) => p.length > 0)
    .map((p) => p.replace(/^(第|选项|选)/, '').replace(/(号|项)$/, ''));
  if (!parts.every((p) => /^\d{1,3}$/.test(p))) {
    return {
      ok: false,
      error: `「${s}」不是 #${poll.no} 的选项号, 请写 1 到 ${poll.options.length} 的数字, 例如 ${example}。`,
    };
  }
  const choices = [...new Set(parts.map(Number))].sort((a, b) => a - b);
  const bad = choices.find((n) => n < 1 || n > poll.options.length);
  if (bad !== undefined)
    return { ok: false, error: `#${poll.no} 只有 1 到 ${poll.options.length} 号选项, 没有 ${bad} 号。` };
  if (!poll.multi && choices.length > 1)
    return { ok: false, error: `#${poll.no} 是单选, 请只写一个选项号, 例如 ${example}。` };
  return { ok: true, choices };
}

/**
 * `阳光花园#3 2`, `阳光花园 ＃3 2`: a poll named with its compound, so that a member of several
 * compounds can vote privately without saying it in a group (issue 13). Compound names never
 * hold `#` (see /绑定群), so the name is what comes before the first one.
 */
export function parseCompoundPollRef(text: string): { compound: string; no: number; rest: string } | null {
  const m = /^([^#＃]+?)\s*([#＃][\s\S]*)$/.exec(text.trim());
  const compound = m?.[1];
  const ref = m?.[2] === undefined ? null : parseTicketRef(m[2]);
  if (compound === undefined || !ref) return null;
  return { compound, ...ref };
}

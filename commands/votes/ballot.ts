import { formatUnitAddress } from '../../core/units/address.js';
import { formatDeadline, isOver, pollTitle } from '../../core/votes/poll-text.js';
import { compoundsOfMember, isMember } from '../../db/people.js';
import type { Compound } from '../../db/schema.js';
import type { Poll } from '../../db/schema-votes.js';
import { claimsOfPerson } from '../../db/units.js';
import { castBallot, pollByNo, pollOptions, unitKey, voterKeyOf } from '../../db/votes.js';
import { argSchema, fail, quote, stripMentions } from '../args.js';
import { type CommandContext, defineCommand, UserError } from '../define.js';
import { parseTicketRef } from '../tickets/common.js';
import { findPoll } from './common.js';
import { parseCompoundPollRef, parseFormalChoice, parseQuickChoice } from './parse.js';

async function castQuick(ctx: CommandContext, poll: Poll, text: string): Promise<void> {
  const options = pollOptions(poll);
  const parsed = parseQuickChoice(text, { no: poll.no, options, multi: poll.multi });
  if (!parsed.ok)
    throw new UserError(
      `${parsed.error}\n${pollTitle(poll)}: ${options.map((o, i) => `${i + 1}.${o}`).join(' ')}`,
    );
  if (poll.voters === 'members' && !(await isMember(ctx.db, poll.roomId, ctx.speaker.id))) {
    throw new UserError(`${pollTitle(poll)} 只有业主群成员可以投。`);
  }
  if (poll.voters === 'verified' && (await verifiedUnits(ctx, poll.compoundId)).length === 0) {
    throw new UserError(
      `${pollTitle(poll)} 只有已认证的业主可以投。请先 /绑定 <楼-单元-室> <面积>, 再请业委会 /认证。`,
    );
  }
  const voterKey = voterKeyOf(poll, ctx.speaker.id);
  if (voterKey === null) throw new UserError(`${pollTitle(poll)} 已经截止了。`);
  // An anonymous ballot keeps neither the person nor the time (see db/schema-votes.ts).
  await castBallot(ctx.db, {
    pollId: poll.id,
    voterKey,
    personId: poll.anonymous ? null : ctx.speaker.id,
    unitId: null,
    choices: parsed.choices,
    castAt: poll.anonymous ? null : ctx.now,
  });
}

async function verifiedUnits(ctx: CommandContext, compoundId: number) {
  return (await claimsOfPerson(ctx.db, compoundId, ctx.speaker.id)).filter(
    (c) => c.claim.status === 'verified',
  );
}

async function castFormal(ctx: CommandContext, poll: Poll, text: string): Promise<void> {
  const parsed = parseFormalChoice(text);
  if (!parsed.ok) throw new UserError(parsed.error);
  const mine = await verifiedUnits(ctx, poll.compoundId);
  if (mine.length === 0) {
    const pending = (await claimsOfPerson(ctx.db, poll.compoundId, ctx.speaker.id)).length > 0;
    throw new UserError(
      pending
        ? '你登记的房屋还没有认证, 认证后才能参加业主表决。请联系业委会 /认证。'
        : '只有已认证的业主可以参加业主表决 (每户一票)。请先 /绑定 <楼-单元-室> <面积>, 再请业委会 /认证。',
    );
  }
  const { unit } = parsed;
  const chosen = unit
    ? mine.filter(
        (c) =>
          c.unit.building === unit.building && c.unit.entrance === unit.entrance && c.unit.room === unit.room,
      )
    : mine;
  if (chosen.length === 0 && unit) {
    throw new UserError(
      `${formatUnitAddress(unit)} 不是你已认证的房屋。你可以为 ${mine.map((c) => formatUnitAddress(c.unit)).join('、')} 投票。`,
    );
  }
  for (const c of chosen) {
    await castBallot(ctx.db, {
      pollId: poll.id,
      voterKey: unitKey(c.unit.id),
      personId: ctx.speaker.id,
      unitId: c.unit.id,
      choices: [parsed.choice],
      castAt: ctx.now,
    });
  }
}

/** The poll a vote is for, and the compound to name in the private answer (when not obvious). */
interface Target {
  poll: Poll;
  named: Compound | null;
}

const notFound = (no: number) =>
  new UserError(`没有找到 #${no} 投票。请看小区群里的投票编号, 再私聊我 /投 #编号 选项号。`);

/**
 * The poll `#no` a member means when voting in a private chat: the one with that number in the
 * compounds whose groups they are in. When several compounds have one, the answer lists them with
 * the command that names each: telling them to vote in the group would make an anonymous vote
 * public (issue 13). In a group that is not bound there is nothing to vote on.
 */
async function privatePoll(ctx: CommandContext, no: number, choice: string): Promise<Target> {
  if (ctx.chat.kind === 'group') throw new UserError('本群还没有绑定小区, 这里没有投票。');
  const mine = await compoundsOfMember(ctx.db, ctx.speaker.id);
  const found: { poll: Poll; compound: Compound }[] = [];
  for (const compound of mine) {
    const poll = await pollByNo(ctx.db, compound.id, no);
    if (poll) found.push({ poll, compound });
  }
  const open = found.filter((f) => !isOver(f.poll, ctx.now));
  const named = (f: { compound: Compound }) => (mine.length > 1 ? f.compound : null);
  const [only] = open.length === 1 ? open : found.length === 1 ? found : [];
  if (only) return { poll: only.poll, named: named(only) };
  if (found.length === 0) throw notFound(no);
  const title = (f: { poll: Poll; compound: Compound }) =>
    `${f.compound.name}#${no}「${quote(f.poll.question)}」`;
  if (open.length === 0) {
    throw new UserError(`你所在的几个小区的 #${no} 都已截止, 不能再投了:\n${found.map(title).join('\n')}`);
  }
  const listed = open.map((f) => `${title(f)}: /投 ${f.compound.name}#${no} ${quote(choice)}`);
  throw new UserError(
    `你所在的 ${open.length} 个小区都有 #${no} 投票, 请写上小区名, 再私聊我发一次:\n${listed.join('\n')}`,
  );
}

/** `阳光花园#3`: in a group, only its own compound; privately, a compound whose group they are in. */
async function namedPoll(ctx: CommandContext, name: string, no: number): Promise<Target> {
  if (ctx.chat.kind === 'group') {
    if (!ctx.compound) throw new UserError('本群还没有绑定小区, 这里没有投票。');
    if (ctx.compound.name !== name) {
      throw new UserError(`本群只能投「${ctx.compound.name}」的投票, 例如 /投 #${no} 选项号。`);
    }
    return { poll: await findPoll(ctx.db, ctx.compound.id, no), named: null };
  }
  const mine = await compoundsOfMember(ctx.db, ctx.speaker.id);
  const compound = mine.find((c) => c.name === name);
  if (!compound) {
    if (mine.length === 0) throw notFound(no);
    throw new UserError(
      `你不在「${quote(name)}」的小区群里, 不能投它的投票。你所在的小区: ${mine.map((c) => c.name).join('、')}。`,
    );
  }
  return { poll: await findPoll(ctx.db, compound.id, no), named: mine.length > 1 ? compound : null };
}

/**
 * `/投 #n <选项号>` or `/投 #n 同意|反对|弃权 [楼-单元-室]` (SPEC "Polls and formal votes"): casts
 * or replaces the speaker's vote. A vote gets no reply of its own: the votes schedule
 * acknowledges them in one line every few seconds; refusals are answered at once.
 */
export const ballotCommand = defineCommand({
  name: '投',
  aliases: ['vote'],
  usage: '/投 #n <选项号> (表决: /投 #n 同意|反对|弃权)',
  summary: '投票或改票, 截止前以最后一次为准',
  examples: [
    '/投 #3 2',
    '/投 #3 1 3 (多选)',
    '/投 #4 同意',
    '/投 #4 反对 3-2-301',
    '/投 阳光花园#3 2 (私聊时写上小区名)',
  ],
  who: 'anyone',
  // Also privately: an anonymous vote typed in the group would show everyone the choice.
  scope: 'anywhere',
  args: argSchema((input) => {
    const text = stripMentions(input.text, input.mentions);
    const plain = parseTicketRef(text);
    const ref: { compound: string | null; no: number; rest: string } | null = plain
      ? { compound: null, ...plain }
      : parseCompoundPollRef(text);
    if (!ref) {
      fail(
        text.trim() === ''
          ? '请写上投票编号和选项, 例如 /投 #3 2。'
          : `「${quote(text.trim(), 12)}」前面要写投票编号, 例如 /投 #3 2。`,
      );
    }
    if (ref.rest === '') fail(`请写上你的选择, 例如 /投 #${ref.no} 2 或 /投 #${ref.no} 同意。`);
    return { compound: ref.compound, no: ref.no, choice: ref.rest };
  }),
  async run(ctx, { compound, no, choice }) {
    const { poll, named } =
      compound !== null
        ? await namedPoll(ctx, compound, no)
        : ctx.compound
          ? { poll: await findPoll(ctx.db, ctx.compound.id, no), named: null }
          : await privatePoll(ctx, no, choice);
    if (isOver(poll, ctx.now)) {
      throw new UserError(
        `${pollTitle(poll)} 已于 ${formatDeadline(poll.deadline, ctx.tz, ctx.now)} 截止, 不能再投了。查看结果: /结果 #${poll.no}`,
      );
    }
    if (poll.kind === 'quick') await castQuick(ctx, poll, choice);
    else await castFormal(ctx, poll, choice);
    // In the group the vote is acknowledged with the others; privately the voter hears at once.
    if (ctx.chat.kind === 'group') return undefined;
    const which = named ? `${named.name}#${poll.no}` : `#${poll.no}`;
    return `已收到你对${named?.name ?? ''}${pollTitle(poll)}的投票${poll.anonymous ? ' (匿名, 只计票数)' : ''}。截止前可以再发 /投 ${which} 改票。`;
  },
});

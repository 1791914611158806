import { classifyTicket, ticketClassNames } from '../../core/classify/index.js';
import { displayName, oneLine } from '../../core/display.js';
import type { Quote } from '../../core/quote.js';
import { ticketTextFor } from '../../core/tickets/privacy.js';
import { deadlinesFor, strictestDeadlines } from '../../core/tickets/sla.js';
import { classLabel } from '../../core/tickets/wording.js';
import { pickStaffGroup } from '../../db/compounds.js';
import { membersNamed, notePerson } from '../../db/people.js';
import type { Role } from '../../db/schema.js';
import { addTicketEvent, insertNextTicket } from '../../db/tickets.js';
import { argSchema, quote as cut, fail, hasUnresolvedMention, stripMentions } from '../args.js';
import { type CompoundContext, defineCommand, type Person, UserError } from '../define.js';
import { announce, deadlinePhrase, managersOf } from './common.js';

const MAX_DESCRIPTION = 500;

/** Who may file for someone else, by @mention or by quoting them (SPEC "Owners' own words"). */
const FILE_FOR_OTHERS: readonly Role[] = ['grid', 'committee', 'manager'];

function uniqueById(people: readonly Person[]): Person[] {
  const seen = new Map<string, Person>();
  for (const p of people) if (!seen.has(p.id)) seen.set(p.id, p);
  return [...seen.values()];
}

/**
 * The reporter of a quoted message: its author, found among the group's members by the id the
 * puppet gave, or else by the name WeChat showed: in the store's roster and among the members the
 * transport found by that name (it knows group nicknames). Staff, committee and grid heads may quote
 * anyone; everyone else only themselves. A name two members share is asked about, not guessed.
 */
async function quotedAuthor(ctx: CompoundContext, quote: Quote, mayFileForOthers: boolean): Promise<Person> {
  const { authorName } = quote;
  if (!quote.isText)
    throw new UserError(
      '引用的是图片、视频或表情, 没法登记成工单。请引用文字消息, 或发 /报修 @某人 <描述>。',
    );
  if (authorName === ctx.botName) throw new UserError('这是我自己的消息, 不能登记成工单。');
  const candidates = quote.authorId
    ? [{ id: quote.authorId, name: authorName }]
    : uniqueById([...(await membersNamed(ctx.db, ctx.chat.roomId, authorName)), ...(quote.members ?? [])]);
  if (!mayFileForOthers) {
    if (candidates.some((c) => c.id === ctx.speaker.id)) return ctx.speaker;
    throw new UserError(
      '只有物业、业委会委员、网格长或原发言人可以引用别人的消息报修。你自己的事请直接发 /报修 <描述>。',
    );
  }
  const [only, ...more] = candidates;
  if (!only)
    throw new UserError(
      `群里没找到「${cut(authorName)}」, 不知道是谁说的。请发 /报修 @某人 <描述> 代报, 用 @ 从成员列表里选人。`,
    );
  if (more.length > 0) {
    // Members who show under different nicknames are told apart by them; the same name twice is not.
    const shown = [...new Set(candidates.map((c) => cut(c.name)))];
    const list = shown.length > 1 ? `(${shown.join('、')})` : '';
    const who = shown.length > 1 ? '某人' : cut(authorName);
    throw new UserError(
      `群里有 ${candidates.length} 位成员叫「${cut(authorName)}」${list}, 是哪一位? 请发 /报修 @${who} <描述>, 用 @ 从成员列表里选人。`,
    );
  }
  return only;
}

/**
 * `/报修 <描述>` (`/诉求`, `/ticket`): files a ticket, numbered per compound, classified from its
 * words, with both clocks started now (SPEC "Tickets and the 5431 rule"). A grid head, committee
 * member or manager may file for a member: `/报修 @张三 …`, or by quoting 张三's message (引用)
 * and sending `/报修`; the member is the reporter and is @mentioned. Anyone else's @mentions are
 * just part of the text.
 */
export const fileTicketCommand = defineCommand({
  name: '报修',
  words: ['诉求'],
  aliases: ['ticket'],
  usage: '/报修 <描述>',
  summary: '报修或提诉求, 物业按时限处理',
  examples: [
    '/报修 3号楼2单元楼道灯不亮',
    '/诉求 小区车位太少, 希望重新做停车规划',
    '/报修 @张三 5号楼电梯困人 (网格长、业委会、物业代报)',
    '引用业主的消息, 再发 /报修 (网格长、业委会、物业代报)',
  ],
  who: ['owner', 'grid'],
  scope: 'compound',
  args: argSchema((input) => {
    const typed = stripMentions(input.text, input.mentions);
    const quote = input.quote ?? null;
    // Under a quote the quoted text is the report; words typed after /报修 add to it.
    const description = quote ? (typed === '' ? quote.text : `${quote.text} (补充: ${typed})`) : typed;
    if (description === '') fail('请写上要报修的事, 例如 /报修 3号楼2单元楼道灯不亮。');
    if ([...description].length > MAX_DESCRIPTION) fail(`描述太长了, 请控制在 ${MAX_DESCRIPTION} 字以内。`);
    return {
      description,
      quote,
      mentions: quote ? [] : input.mentions,
      unresolvedAtStart:
        !quote && /^[@＠]\S/.test(input.text.trim()) && hasUnresolvedMention(input.text, input.mentions),
    };
  }),
  async run(ctx, { description, quote, mentions, unresolvedAtStart }) {
    const { db, now, tz, compound } = ctx;
    const mayFileForOthers = FILE_FOR_OTHERS.some((r) => ctx.roles.has(r));
    let reporter: Person = ctx.speaker;
    if (quote) {
      reporter = await quotedAuthor(ctx, quote, mayFileForOthers);
    } else if (mayFileForOthers && mentions.length > 1) {
      throw new UserError('一次只能代一位业主报修, 请只 @ 一个人。');
    } else if (mayFileForOthers && mentions[0]) {
      reporter = mentions[0];
    } else if (mayFileForOthers && unresolvedAtStart) {
      throw new UserError('没认出你 @ 的人: 请在输入框里用 @ 从成员列表中选择, 不要手动输入名字。');
    }
    if (reporter.id !== ctx.speaker.id) {
      // A quote's author is found in the group's member list, a mention is picked from it: either
      // way a member of this group, which the roster may not have heard of yet (the reply
      // @mentions them, and only members are @mentioned, db/outbox.ts).
      await notePerson(db, reporter, ctx.chat.roomId, now);
    }
    const onBehalf = reporter.id !== ctx.speaker.id;
    const reporterName = displayName(reporter.name);

    const guess = classifyTicket(description);
    const { category, ticketClass, provisional } = guess;
    const { settings } = ctx;
    // Unsure: the stricter clock until a manager or committee member confirms with /改.
    const deadlines = provisional
      ? strictestDeadlines(now, guess.candidates, settings)
      : deadlinesFor(now, ticketClass, settings);
    const ticket = await insertNextTicket(db, {
      compoundId: compound.id,
      roomId: ctx.chat.roomId,
      reporterId: reporter.id,
      filedBy: ctx.speaker.id,
      description,
      category,
      ticketClass,
      classProvisional: provisional,
      status: 'new',
      filedAt: now,
      ...deadlines,
      updatedAt: now,
    });
    await addTicketEvent(db, {
      ticketId: ticket.id,
      kind: 'filed',
      actorId: ctx.speaker.id,
      at: now,
      note:
        [
          quote
            ? `引用 ${reporterName} 的消息${onBehalf ? '代报' : '报修'}`
            : onBehalf
              ? `代 ${reporterName} 报修`
              : null,
          provisional ? `等级待确认 (${guess.candidates.map((c) => ticketClassNames[c]).join('或')})` : null,
        ]
          .filter((n) => n !== null)
          .join('; ') || null,
    });

    const managers = await managersOf(db, compound.id);
    const who = onBehalf ? ` (${ctx.speaker.name} 代 ${reporterName} 报修)` : '';
    const sentTo =
      managers.length > 0
        ? `已通知物业: ${managers.map((m) => m.name).join('、')}。`
        : '本小区还没有物业人员, 请管理员用 /角色 @某人 物业 登记。';
    const phrase = deadlinePhrase(ticket, now, tz);
    const staff = pickStaffGroup(ctx.compoundGroups);
    const unsureOwners = provisional ? '\n等级待物业确认, 确认前按较严的时限处理。' : '';
    const unsureStaff = provisional
      ? `\n等级待确认 (${guess.candidates.map((c) => ticketClassNames[c]).join('或')}): 请物业或业委会发 /改 #${ticket.no} <类别或等级> 确认或更正, 例如 /改 #${ticket.no} ${ticketClassNames[ticketClass]}; 确认前按较严的时限。`
      : '';
    return announce(
      ctx,
      {
        text: `已受理 #${ticket.no} ${classLabel(ticket)}${who}: ${oneLine(ticketTextFor(ctx.group.kind, description), 40)}\n${phrase}。${sentTo}\n查看进度: /进度 #${ticket.no}${unsureOwners}`,
        // The member filed for is told; so is an author who quoted themself, in a busy group.
        mentionIds: onBehalf || quote ? [reporter.id] : [],
      },
      managers.length > 0
        ? [
            {
              roomId: staff?.roomId ?? null,
              text: `新工单 #${ticket.no} ${classLabel(ticket)} (${reporterName}${onBehalf ? `, ${ctx.speaker.name} 代报` : ''}): ${oneLine(ticketTextFor(staff?.kind ?? null, description))}\n${phrase}。接单请发 /接单 #${ticket.no}${unsureStaff}`,
              mentionIds: managers.map((m) => m.id),
            },
          ]
        : [],
    );
  },
});

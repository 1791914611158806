import { classifyTicket, ticketClassNames } from '../../core/classify/index.js';
import { staffGroup } from '../../db/compounds.js';
import { upsertPerson } from '../../db/people.js';
import { addTicketEvent, insertTicket, nextTicketNo } from '../../db/tickets.js';
import { argSchema, fail, hasUnresolvedMention, stripMentions } from '../args.js';
import { defineCommand, type Person, UserError } from '../define.js';
import { compoundSettings } from '../settings/catalog.js';
import { announce, classLabel, deadlinePhrase, managersOf, shortText } from './common.js';
import { ticketTextFor } from './privacy.js';
import { deadlinesFor, strictestDeadlines } from './sla.js';

const MAX_DESCRIPTION = 500;

/**
 * `/报修 <描述>` (`/诉求`, `/ticket`): files a ticket, numbered per compound, classified from its
 * words, with both clocks started now (SPEC "Tickets and the 5431 rule"). A grid head may file
 * for an owner: `/报修 @张三 …`; anyone else's @mentions are just part of the text.
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
    '/报修 @张三 5号楼电梯困人 (网格长代报)',
  ],
  who: ['owner', 'grid'],
  scope: 'compound',
  args: argSchema((input) => {
    const description = stripMentions(input.text, input.mentions);
    if (description === '') fail('请写上要报修的事, 例如 /报修 3号楼2单元楼道灯不亮。');
    if ([...description].length > MAX_DESCRIPTION) fail(`描述太长了, 请控制在 ${MAX_DESCRIPTION} 字以内。`);
    return {
      description,
      mentions: input.mentions,
      unresolvedAtStart:
        /^[@＠]\S/.test(input.text.trim()) && hasUnresolvedMention(input.text, input.mentions),
    };
  }),
  run(ctx, { description, mentions, unresolvedAtStart }) {
    const { db, now, tz, compound } = ctx;
    const isGrid = ctx.roles.has('grid');
    let reporter: Person = ctx.speaker;
    if (isGrid && mentions.length > 1) throw new UserError('一次只能代一位业主报修, 请只 @ 一个人。');
    if (isGrid && mentions[0]) {
      reporter = mentions[0];
      upsertPerson(db, reporter, now);
    } else if (isGrid && unresolvedAtStart) {
      throw new UserError('没认出你 @ 的人: 请在输入框里用 @ 从成员列表中选择, 不要手动输入名字。');
    }
    const onBehalf = reporter.id !== ctx.speaker.id;

    const guess = classifyTicket(description);
    const { category, ticketClass, provisional } = guess;
    const settings = compoundSettings(db, compound.id);
    // Unsure: the stricter clock until a manager or committee member confirms with /改.
    const deadlines = provisional
      ? strictestDeadlines(now, guess.candidates, settings)
      : deadlinesFor(now, ticketClass, settings);
    const ticket = insertTicket(db, {
      compoundId: compound.id,
      no: nextTicketNo(db, compound.id),
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
    addTicketEvent(db, {
      ticketId: ticket.id,
      kind: 'filed',
      actorId: ctx.speaker.id,
      at: now,
      note:
        [
          onBehalf ? `代 ${reporter.name} 报修` : null,
          provisional ? `等级待确认 (${guess.candidates.map((c) => ticketClassNames[c]).join('或')})` : null,
        ]
          .filter((n) => n !== null)
          .join('; ') || null,
    });

    const managers = managersOf(db, compound.id);
    const who = onBehalf ? ` (${ctx.speaker.name} 代 ${reporter.name} 报修)` : '';
    const sentTo =
      managers.length > 0
        ? `已通知物业: ${managers.map((m) => m.name).join('、')}。`
        : '本小区还没有物业人员, 请管理员用 /角色 @某人 物业 登记。';
    const phrase = deadlinePhrase(ticket, now, tz);
    const staff = staffGroup(db, compound.id);
    const unsureOwners = provisional ? '\n等级待物业确认, 确认前按较严的时限处理。' : '';
    const unsureStaff = provisional
      ? `\n等级待确认 (${guess.candidates.map((c) => ticketClassNames[c]).join('或')}): 请物业或业委会发 /改 #${ticket.no} <类别或等级> 确认或更正, 例如 /改 #${ticket.no} ${ticketClassNames[ticketClass]}; 确认前按较严的时限。`
      : '';
    return announce(
      ctx,
      {
        text: `已受理 #${ticket.no} ${classLabel(ticket)}${who}: ${shortText(ticketTextFor(ctx.group.kind, description), 40)}\n${phrase}。${sentTo}\n查看进度: /进度 #${ticket.no}${unsureOwners}`,
        mentionIds: onBehalf ? [reporter.id] : [],
      },
      managers.length > 0
        ? [
            {
              roomId: staff?.roomId ?? null,
              text: `新工单 #${ticket.no} ${classLabel(ticket)} (${reporter.name}${onBehalf ? `, ${ctx.speaker.name} 代报` : ''}): ${ticketTextFor(staff?.kind ?? null, description)}\n${phrase}。接单请发 /接单 #${ticket.no}${unsureStaff}`,
              mentionIds: managers.map((m) => m.id),
            },
          ]
        : [],
    );
  },
});

import { displayName } from '../../core/display.js';
import { grantedRoles, upsertPerson } from '../../db/people.js';
import { addTicketEvent, updateTicket } from '../../db/tickets.js';
import { argSchema, oneMention, stripMentions } from '../args.js';
import { defineCommand, UserError } from '../define.js';
import { announce, loadTicket, requireOpen, requireTicketRef, staffRoomHere, ticketRoom } from './common.js';
import { nextStepHint } from './take.js';

/**
 * `/派单 #n @师傅`: a manager or committee member gives the ticket to a named manager. A
 * manager's 派单 is the response; a committee member's is not (rules on the `tickets` table).
 * The assignee must arrive again, so the status goes back to assigned.
 */
export const assignCommand = defineCommand({
  name: '派单',
  aliases: ['assign'],
  usage: '/派单 #n @某人',
  summary: '把工单派给一位物业人员',
  examples: ['/派单 #3 @王师傅'],
  who: ['manager', 'committee'],
  scope: 'compound',
  args: argSchema((input) => {
    const { no } = requireTicketRef(stripMentions(input.text, input.mentions));
    return { no, person: oneMention(input) };
  }),
  async run(ctx, { no, person }) {
    const { db, now, speaker, compound } = ctx;
    const t = await loadTicket(ctx, no);
    requireOpen(t, '派单');
    await upsertPerson(db, person, now);
    const who = displayName(person.name);
    if (!(await grantedRoles(db, compound.id, person.id)).includes('manager')) {
      throw new UserError(
        `不能派给 ${who}: TA 不是本小区的物业人员, 只能派给物业。管理员可用 /角色 @${who} 物业 登记。`,
      );
    }
    if (t.assigneeId === person.id) throw new UserError(`#${no} 已经由 ${who} 负责了。`);
    const responds = ctx.roles.has('manager') && t.respondedAt === null;
    const updated = await updateTicket(
      db,
      t.id,
      {
        status: 'assigned',
        assigneeId: person.id,
        assignedAt: now,
        respondedAt: responds ? now : t.respondedAt,
      },
      now,
    );
    await addTicketEvent(db, {
      ticketId: t.id,
      kind: 'assigned',
      actorId: speaker.id,
      at: now,
      note: `派给 ${who}`,
    });
    const text = `#${no} 已派给 ${who} (${speaker.name} 派单)。${nextStepHint(updated)}。`;
    return announce(ctx, { text, mentionIds: [person.id] }, [
      { roomId: staffRoomHere(ctx), text, mentionIds: [person.id] },
      { roomId: await ticketRoom(db, t), text: `#${no} 已派给 ${who} 处理。` },
    ]);
  },
});

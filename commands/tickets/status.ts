import { oneLine } from '../../core/display.js';
import { ticketTextFor } from '../../core/tickets/privacy.js';
import { effectiveSolveDueAt } from '../../core/tickets/sla.js';
import { formatTicketTimeline } from '../../core/tickets/timeline.js';
import { actorName, classLabel, solveWord, statusText, took } from '../../core/tickets/wording.js';
import { formatClock } from '../../core/time/index.js';
import type { DbOrTx } from '../../db/client.js';
import type { GroupKind, Ticket } from '../../db/schema.js';
import {
  followUpTickets,
  openEscalatedTickets,
  openTicketsOfAssignee,
  openTicketsOfReporter,
  openUnassignedTickets,
} from '../../db/tickets.js';
import { argSchema, stripMentions } from '../args.js';
import { defineCommand } from '../define.js';
import { loadTicket, requireTicketRef, SHORT_TEXT } from './common.js';

/** How far back the committee's follow-up (回访) list reaches. */
export const FOLLOW_UP_DAYS = 30;
const DAY = 86_400_000;
/** Lines per section: a list longer than a phone screen is not read. */
const MAX_LINES = 15;

async function listLine(
  db: DbOrTx,
  t: Ticket,
  now: number,
  tz: string,
  kind: GroupKind | null,
): Promise<string> {
  const who = t.assigneeId === null ? '' : ` · ${await actorName(db, t.assigneeId)}`;
  let clock = '';
  if (t.status !== 'resolved' && t.status !== 'closed') {
    const due = effectiveSolveDueAt(t, now);
    clock = now > due ? ` · 已超时 ${took(now - due)}` : ` · ${formatClock(due, tz, now)} 前${solveWord(t)}`;
  }
  return `#${t.no} ${classLabel(t)} ${statusText(t)}${who}${clock}: ${oneLine(ticketTextFor(kind, t.description), SHORT_TEXT)}`;
}

async function section(
  db: DbOrTx,
  title: string,
  list: readonly Ticket[],
  now: number,
  tz: string,
  kind: GroupKind | null,
): Promise<string[]> {
  if (list.length === 0) return [];
  const lines: string[] = [];
  for (const t of list.slice(0, MAX_LINES)) lines.push(await listLine(db, t, now, tz, kind));
  if (list.length > MAX_LINES) lines.push(`…还有 ${list.length - MAX_LINES} 单`);
  return [`${title} (${list.length}):`, ...lines];
}

/**
 * `/进度 #n` shows a ticket's timeline; `/进度` alone lists what concerns the asker: the tickets
 * they filed, what a manager holds and what waits to be taken, the escalated tickets for the
 * committee and the community (they see them until closed), and the committee's follow-up
 * (回访) list of low scores (SPEC "Tickets and the 5431 rule", "Escalation").
 */
export const statusCommand = defineCommand({
  name: '进度',
  aliases: ['status'],
  usage: '/进度 [#n]',
  summary: '查看工单进度; 不写单号则列出与你有关的工单',
  examples: ['/进度 #3', '/进度'],
  who: 'anyone',
  scope: 'compound',
  args: argSchema((input) => {
    const text = stripMentions(input.text, input.mentions);
    return { no: text === '' ? null : requireTicketRef(text).no };
  }),
  async run(ctx, { no }) {
    const { db, now, tz, compound, speaker, roles } = ctx;
    if (no !== null)
      return await formatTicketTimeline(db, await loadTicket(ctx, no), now, tz, ctx.group.kind);

    const lines: string[] = [];
    const push = async (title: string, list: readonly Ticket[]) => {
      const part = await section(db, title, list, now, tz, ctx.group.kind);
      if (part.length > 0 && lines.length > 0) lines.push('');
      lines.push(...part);
    };
    await push('你报的未结工单', await openTicketsOfReporter(db, compound.id, speaker.id));
    if (roles.has('manager')) {
      await push('你负责的', await openTicketsOfAssignee(db, compound.id, speaker.id));
      await push('待接单', await openUnassignedTickets(db, compound.id));
    }
    if (roles.has('committee') || roles.has('community')) {
      await push('吹哨中 (跟进到结单)', await openEscalatedTickets(db, compound.id));
    }
    if (roles.has('committee')) {
      await push(
        `待回访 (近${FOLLOW_UP_DAYS}天评 1-2 分)`,
        await followUpTickets(db, compound.id, now - FOLLOW_UP_DAYS * DAY),
      );
    }
    if (lines.length === 0) {
      return roles.has('manager')
        ? '你手上没有工单, 也没有待接的单。查看某一单请发 /进度 #n。'
        : '你没有未结的工单。报修请发 /报修 <描述>, 查看某一单请发 /进度 #n。';
    }
    lines.push('查看详情: /进度 #n');
    return lines.join('\n');
  },
});

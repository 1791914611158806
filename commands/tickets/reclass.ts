import {
  parseTicketCategory,
  parseTicketClass,
  type TicketCategory,
  type TicketClass,
  ticketCategories,
} from '../../core/classify/index.js';
import { deadlinesFor, effectiveSolveDueAt } from '../../core/tickets/sla.js';
import { classLabel, took } from '../../core/tickets/wording.js';
import { formatClock } from '../../core/time/index.js';
import { addTicketEvent, updateTicket } from '../../db/tickets.js';
import { argSchema, fail, quote, stripMentions, tokens } from '../args.js';
import { defineCommand, UserError } from '../define.js';
import {
  announce,
  deadlinePhrase,
  handlersOf,
  loadTicket,
  requireTicketRef,
  staffRoomHere,
  ticketRoom,
} from './common.js';

type Word = { cls: TicketClass } | { cat: TicketCategory };

function readWord(w: string): Word[] | null {
  const cls = parseTicketClass(w);
  if (cls) return [{ cls }];
  const cat = parseTicketCategory(w);
  if (cat) return [{ cat }];
  // "安全重大" typed without a blank.
  const chars = [...w];
  for (let i = 1; i < chars.length; i++) {
    const a = chars.slice(0, i).join('');
    const b = chars.slice(i).join('');
    const [x, y] = [readWord1(a), readWord1(b)];
    if (x && y) return [x, y];
  }
  return null;
}

function readWord1(w: string): Word | null {
  const cls = parseTicketClass(w);
  if (cls) return { cls };
  const cat = parseTicketCategory(w);
  return cat ? { cat } : null;
}

/**
 * `/改 #n <类别或等级>`: a manager or committee member corrects the guess, or confirms it when
 * the classifier marked it provisional (待确认; SPEC "Owners' own words"): naming the same class
 * and category confirms, anything else changes it, and either way the ticket leaves the
 * stricter provisional clock for the clock of its class. The clocks are
 * recomputed from the filing time with the new class and the compound's current windows, the
 * pauses kept (SPEC "Tickets": the clock restarts from filing time). Not after the ticket is
 * solved: the class must not be changed to make a late fix look on time.
 */
export const reclassCommand = defineCommand({
  name: '改',
  aliases: ['reclass'],
  usage: '/改 #n <类别或等级>',
  summary: '更正工单的类别或等级, 时限从报修时重新算',
  examples: ['/改 #3 重大', '/改 #3 安全', '/改 #3 停车 复杂'],
  who: ['manager', 'committee'],
  scope: 'compound',
  args: argSchema((input) => {
    const { no, rest } = requireTicketRef(stripMentions(input.text, input.mentions));
    if (rest === '') fail('请写上新的类别或等级, 例如 /改 #3 重大。');
    let cls: TicketClass | null = null;
    let cat: TicketCategory | null = null;
    for (const w of tokens(rest.replace(/[,，、·/]/g, ' '))) {
      const words = readWord(w);
      if (!words) {
        fail(`「${quote(w)}」不是类别或等级。等级: 一般、重大、复杂; 类别: ${ticketCategories.join('、')}。`);
      }
      for (const word of words) {
        if ('cls' in word) {
          if (cls !== null && cls !== word.cls) fail('只能写一个等级。');
          cls = word.cls;
        } else {
          if (cat !== null && cat !== word.cat) fail('只能写一个类别。');
          cat = word.cat;
        }
      }
    }
    return { no, cls, cat };
  }),
  async run(ctx, { no, cls, cat }) {
    const { db, now, tz, speaker } = ctx;
    const t = await loadTicket(ctx, no);
    if (t.status === 'closed') throw new UserError(`#${no} 已经结单了, 不能再改。`);
    if (t.status === 'resolved') {
      throw new UserError(`#${no} 已经处理完成, 不能再改类别或等级。没解决好请先 /退回 #${no} <原因>。`);
    }
    const ticketClass = cls ?? (t.ticketClass as TicketClass);
    const category = cat ?? t.category;
    const same = ticketClass === t.ticketClass && category === t.category;
    if (same && !t.classProvisional) throw new UserError(`#${no} 已经是 ${classLabel(t)} 了。`);
    const deadlines = deadlinesFor(t.filedAt, ticketClass, ctx.settings, t.pausedMs);
    const updated = await updateTicket(
      db,
      t.id,
      { ticketClass, category, classProvisional: false, ...deadlines },
      now,
    );
    await addTicketEvent(db, {
      ticketId: t.id,
      kind: 'reclassified',
      actorId: speaker.id,
      at: now,
      note: same ? `确认 ${classLabel(updated)}` : `${classLabel(t)} → ${classLabel(updated)}`,
    });
    const due = effectiveSolveDueAt(updated, now);
    const overdue = now > due ? `, 已超时 ${took(now - due)}` : '';
    const text =
      `#${no} 已由 ${speaker.name} ${same ? '确认为' : '改为'} ${classLabel(updated)}。` +
      `时限从报修时 ${formatClock(t.filedAt, tz, now)} 起算: ${deadlinePhrase(updated, now, tz)}${overdue}。`;
    return announce(ctx, { text }, [
      { roomId: staffRoomHere(ctx), text, mentionIds: await handlersOf(db, updated) },
      { roomId: await ticketRoom(db, t), text },
    ]);
  },
});

import { oneLine } from '../../core/display.js';
import { isWithCommunity } from '../../core/tickets/handback.js';
import { ticketTextFor } from '../../core/tickets/privacy.js';
import { formatTicketTimeline } from '../../core/tickets/timeline.js';
import { type WatchedTicket, watchedTickets } from '../../core/tickets/watch.js';
import { actorName, formatOver, statusNames } from '../../core/tickets/wording.js';
import type { Compound } from '../../db/schema.js';
import { argSchema, stripMentions } from '../args.js';
import { type AreaContext, defineCommand } from '../define.js';
import { areaSections, areaTicketName, loadAreaTicket, noCompounds, requireAreaTicketRef } from './common.js';

/** Ticket lines in one list: more than a phone screen is not read; the rest are counted. */
const MAX_LINES = 20;
/** How much of a ticket's text a line shows. */
const SHORT_TEXT = 20;

/** "#3 吹哨·超时 2小时 · 已接单 · 王师傅: 3号楼电梯按钮坏了". */
async function watchLine(ctx: AreaContext, w: WatchedTicket): Promise<string> {
  const t = w.ticket;
  const overdue = w.overdueMs === null ? null : `超时 ${formatOver(w.overdueMs)}`;
  const tags = w.withCommunity
    ? overdue === null
      ? '吹哨'
      : `吹哨·${overdue}`
    : `${overdue}${w.handedBack ? ' (已交回小区)' : ''}`;
  const state = `${statusNames[t.status]}${t.pausedAt !== null ? ' (暂停中)' : ''}`;
  const who = t.assigneeId === null ? '' : ` · ${await actorName(ctx.db, t.assigneeId)}`;
  return `#${t.no} ${tags} · ${state}${who}: ${oneLine(ticketTextFor(null, t.description), SHORT_TEXT)}`;
}

/**
 * `/进度` alone in a community or street group: the escalated tickets still with the community
 * and the overdue ones of all its compounds, grouped by compound (in a street group by community,
 * then compound), at most {@link MAX_LINES} lines and a count of the rest per compound.
 */
async function watchList(ctx: AreaContext): Promise<string> {
  const sections = await areaSections(ctx);
  const compounds = sections.flatMap((s) => s.compounds);
  if (compounds.length === 0) return noCompounds(ctx.area);
  const watched = await watchedTickets(
    ctx.db,
    compounds.map((c) => c.id),
    ctx.now,
  );
  if (watched.length === 0) {
    return `${ctx.area.name}的 ${compounds.length} 个小区现在没有吹哨或超时的工单。`;
  }
  const ofCompound = (c: Compound) => watched.filter((w) => w.ticket.compoundId === c.id);
  const withCommunity = watched.filter((w) => w.withCommunity).length;
  const overdue = watched.filter((w) => w.overdueMs !== null).length;
  const lines = [
    `${ctx.area.name} · 吹哨和超时的工单 (共 ${watched.length} 单: 吹哨在社区 ${withCommunity}, 超时 ${overdue}):`,
  ];
  let shown = 0;
  const notShown: string[] = [];
  let first: string | null = null;
  for (const { community, compounds: mine } of sections) {
    const busy = mine.filter((c) => ofCompound(c).length > 0);
    if (busy.length === 0) continue;
    if (ctx.area.kind === 'street' && shown < MAX_LINES) lines.push(`== ${community.name} ==`);
    for (const c of busy) {
      const list = ofCompound(c);
      const room = Math.max(0, MAX_LINES - shown);
      if (room > 0) {
        lines.push(`【${c.name}】`);
        for (const w of list.slice(0, room)) lines.push(await watchLine(ctx, w));
        first ??= areaTicketName(c, (list[0] as WatchedTicket).ticket.no);
      }
      shown += Math.min(room, list.length);
      if (list.length > room) notShown.push(`${c.name} ${list.length - room}`);
    }
  }
  if (notShown.length > 0) {
    const rest = watched.length - shown;
    lines.push(`…还有 ${rest} 单没列出: ${notShown.join(', ')}`);
  }
  lines.push(`查看一单: /进度 ${first}`);
  return lines.join('\n');
}

/**
 * `/进度 [<小区名>#n]` in a community's or street's group (SPEC "Communities and streets"):
 * with a ticket, its timeline; alone, what waits for the community across its compounds.
 */
export const areaStatusCommand = defineCommand({
  name: '进度',
  aliases: ['status'],
  usage: '/进度 [<小区名>#n]',
  summary: '各小区吹哨和超时的工单; 写上 小区名#单号 查看一单',
  examples: ['/进度', '/进度 幸福小区#12', '/进度 幸福#12'],
  who: ['community', 'grid'],
  scope: 'area',
  args: argSchema((input) => {
    const text = stripMentions(input.text, input.mentions);
    return { ref: text === '' ? null : requireAreaTicketRef(text) };
  }),
  async run(ctx, { ref }) {
    if (ref === null) return await watchList(ctx);
    const { compound, ticket } = await loadAreaTicket(ctx, ref);
    const lines = [`【${compound.name}】`, await formatTicketTimeline(ctx.db, ticket, ctx.now, ctx.tz, null)];
    if (ctx.roles.has('community') && (await isWithCommunity(ctx.db, ticket))) {
      const name = areaTicketName(compound, ticket.no);
      lines.push(`社区处理: /方案 ${name} <决定> 交回小区办理, 或社区办结后 /完成 ${name} <说明>`);
    }
    return lines.join('\n');
  },
});

/**
 * What the ticket commands of a community's or street's group share (SPEC "Communities and
 * streets"): its compounds in the order shown, how `<小区名>#12` is read and found, and how news
 * reaches a compound's groups. Only compounds of the group's own community or street are ever
 * looked at, so nothing of another compound can show here.
 */

import { oneLine } from '../../core/display.js';
import { sortByName } from '../../core/text.js';
import { type AreaTicketRef, matchCompoundName, parseAreaTicketRef } from '../../core/tickets/area-ref.js';
import type { TicketNotice } from '../../core/tickets/rooms.js';
import { communitiesOf, compoundsOfArea } from '../../db/areas.js';
import { groupByRoom } from '../../db/compounds.js';
import type { Area, Compound, GroupKind, Ticket } from '../../db/schema.js';
import { ticketByNo } from '../../db/tickets.js';
import { argSchema, fail, quote, stripMentions } from '../args.js';
import { type AreaContext, UserError } from '../define.js';
import { areaKindNames } from '../roles.js';

/** The compounds of the group's community or street, by name. */
export async function areaCompounds(ctx: AreaContext): Promise<Compound[]> {
  return sortByName(await compoundsOfArea(ctx.db, ctx.area));
}

/**
 * The communities of a street group with their compounds (communities without any included), or
 * for a community group the community itself with its compounds; by name.
 */
export async function areaSections(ctx: AreaContext): Promise<{ community: Area; compounds: Compound[] }[]> {
  const compounds = await areaCompounds(ctx);
  if (ctx.area.kind === 'community') return [{ community: ctx.area, compounds }];
  return sortByName(await communitiesOf(ctx.db, ctx.area.id)).map((community) => ({
    community,
    compounds: compounds.filter((c) => c.communityId === community.id),
  }));
}

/** "本社区" or "本街道". */
export function here(area: Area): string {
  return `本${areaKindNames[area.kind]}`;
}

/** What a community or street group with no compound yet is told, and how to add one. */
export function noCompounds(area: Area): string {
  return area.kind === 'community'
    ? `社区「${area.name}」还没有小区。请管理员在各小区的群里发送 /归属 ${area.name}。`
    : `街道「${area.name}」还没有小区。请管理员在各社区的群里发送 /归属 ${area.name}, 在各小区的群里发送 /归属 <社区名>。`;
}

/** How many compound names a refusal lists before it says how many more there are. */
const LISTED_NAMES = 20;

/** "本社区的小区: 枫林小区、幸福小区、阳光花园。" */
function compoundList(area: Area, compounds: readonly Compound[]): string {
  const names = compounds.slice(0, LISTED_NAMES).map((c) => c.name);
  const more = compounds.length > LISTED_NAMES ? ` 等 ${compounds.length} 个` : '';
  return `${here(area)}的小区: ${names.join('、')}${more}。`;
}

/** `幸福小区#12`: how a ticket is named in a community or street group. */
export function areaTicketName(compound: Pick<Compound, 'name'>, no: number): string {
  return `${compound.name}#${no}`;
}

/** The ticket named in the text, or the refusal; `rest` is what follows it. */
export function requireAreaTicketRef(text: string): AreaTicketRef {
  const ref = parseAreaTicketRef(text);
  if (ref === null) {
    fail(
      text.trim() === ''
        ? '请写上小区名和工单号, 例如 幸福小区#12 (小区名写开头几个字也行)。'
        : `「${oneLine(text, 12)}」不是工单号, 请写成 幸福小区#12 这样 (小区名写开头几个字也行)。`,
    );
  }
  return ref;
}

/** Longest note a step may carry, as in a compound's groups. */
export const MAX_NOTE = 300;

/**
 * Argument schema of `<小区名>#n <text>`; `missing` is the refusal when the text is absent. The
 * text is kept on one line: it is quoted inside the bot's lines and in the timeline.
 */
export function areaRefWithTextArgs(missing: string) {
  return argSchema((input) => {
    const ref = requireAreaTicketRef(stripMentions(input.text, input.mentions));
    const text = oneLine(ref.rest);
    if (text === '') fail(missing);
    if ([...text].length > MAX_NOTE) fail(`内容太长了, 请控制在 ${MAX_NOTE} 字以内。`);
    return { ref, text };
  });
}

/**
 * The compound and ticket a `<小区名>#n` names among this group's compounds, or one clear
 * sentence: no compound yet, the name left out, a name that fits none or several, no such ticket.
 */
export async function loadAreaTicket(
  ctx: AreaContext,
  ref: AreaTicketRef,
): Promise<{ compound: Compound; ticket: Ticket }> {
  const compounds = await areaCompounds(ctx);
  if (compounds.length === 0) throw new UserError(noCompounds(ctx.area));
  const example = compounds[0] as Compound;
  if (ref.name === '') {
    throw new UserError(
      `请在 #${ref.no} 前写上小区名, 例如 ${areaTicketName(example, ref.no)}: 各小区的工单是分开编号的。${compoundList(ctx.area, compounds)}`,
    );
  }
  const match = matchCompoundName(ref.name, compounds);
  if (match.kind === 'unknown') {
    throw new UserError(
      `${here(ctx.area)}没有叫「${quote(ref.name)}」的小区。${compoundList(ctx.area, compounds)}`,
    );
  }
  if (match.kind === 'ambiguous') {
    const names = match.matches.map((c) => c.name);
    throw new UserError(
      `「${quote(ref.name)}」对应好几个小区: ${names.join('、')}。请多写几个字, 例如 ${areaTicketName(match.matches[0] as Compound, ref.no)}。`,
    );
  }
  const ticket = await ticketByNo(ctx.db, match.compound.id, ref.no);
  if (!ticket) {
    throw new UserError(`${match.compound.name}没有 #${ref.no} 号工单。发送 /进度 查看吹哨和超时的工单。`);
  }
  return { compound: match.compound, ticket };
}

const groupWords: Record<GroupKind, string> = {
  owners: '业主群',
  staff: '物业群',
  committee: '业委会群',
};

/**
 * Posts each notice to its compound group, once per group, and says which groups were told:
 * "物业群、业委会群、业主群" (empty when the compound has no group left).
 */
export async function postToCompound(ctx: AreaContext, notices: readonly TicketNotice[]): Promise<string> {
  const told: string[] = [];
  const done = new Set<string>();
  for (const n of notices) {
    if (n.roomId === null || done.has(n.roomId)) continue;
    done.add(n.roomId);
    ctx.post({ conversationId: n.roomId, text: n.text, mentionIds: n.mentionIds });
    const kind = (await groupByRoom(ctx.db, n.roomId))?.group.kind;
    if (kind && !told.includes(groupWords[kind])) told.push(groupWords[kind]);
  }
  return told.join('、');
}

/**
 * Refuses a step on a ticket already closed, or resolved and waiting for the reporter (by its
 * plan, or by /完成: the community may resolve a complex ticket without one).
 */
export function requireStillOpen(t: Ticket, name: string, action: string): void {
  if (t.status === 'closed') throw new UserError(`${name} 已经结单了, 不能再${action}。`);
  if (t.status === 'resolved') {
    throw new UserError(
      `${name} 已${t.plan !== null ? '出方案' : '完成'}, 正等报修人确认, 不能再${action}。`,
    );
  }
}

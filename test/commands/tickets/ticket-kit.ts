/**
 * Shared people, rooms and look-ups for the ticket command tests: the demo compound of the
 * command harness, read back from the real database.
 */
import { expect } from 'vitest';
import { demoOwnersRoom, demoStaffRoom } from '../../../bot/sandbox/demo-compound.js';
import type { Ticket, TicketEvent } from '../../../db/schema.js';
import { ticketByNo, ticketEventsOf } from '../../../db/tickets.js';
import type { CommandHarness, Reply } from '../../support/command-harness.js';

export const ZHANGSAN = 'wxid_zhangsan';
export const LISI = 'wxid_lisi';
export const WANGFANG = 'wxid_wangfang';
export const SHIFU = 'wxid_shifu_wang';
export const ZHAO = 'wxid_zhao_weiyuan';
export const CHEN = 'wxid_chen_shuji';
export const SUN = 'wxid_sun_wangge';
export const ADMIN = 'wxid_admin_liu';

export const OWNERS = demoOwnersRoom;
export const STAFF = demoStaffRoom;
export const COMMITTEE_ROOM = { id: 'sunshine-committee@chatroom', topic: '阳光花园业委会群' };

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

export async function ticket(h: CommandHarness, no: number): Promise<Ticket> {
  const t = await ticketByNo(h.handle.db, h.compoundId, no);
  if (!t) throw new Error(`no ticket #${no}`);
  return t;
}

export async function events(h: CommandHarness, no: number): Promise<TicketEvent[]> {
  return ticketEventsOf(h.handle.db, (await ticket(h, no)).id);
}

/** The single message queued to `roomId` among `replies`. */
export function to(replies: readonly Reply[], roomId: string): Reply {
  const found = replies.filter((r) => r.conversationId === roomId);
  expect(
    found,
    `messages to ${roomId}: ${JSON.stringify(replies.map((r) => [r.conversationId, r.text]))}`,
  ).toHaveLength(1);
  return found[0] as Reply;
}

/** Files a ticket as 张三 in the owners group and returns its number. */
export async function file(
  h: CommandHarness,
  text = '3号楼2单元楼道灯不亮',
  who = ZHANGSAN,
): Promise<number> {
  const { result, replies } = await h.say(who, `/报修 ${text}`);
  expect(result.status).toBe('ok');
  const m = /#(\d+)/.exec(replies[0]?.text ?? '');
  return Number(m?.[1]);
}

/** 李四 becomes a second manager (by the admin's /角色), for hand-over cases. */
export async function secondManager(h: CommandHarness): Promise<void> {
  expect((await h.say(ADMIN, '/角色 @李四 物业', { mentions: [LISI] })).result.status).toBe('ok');
}

/** Binds a committee group (业委会群) to the demo compound, by its admin. */
export async function bindCommitteeGroup(h: CommandHarness): Promise<void> {
  expect((await h.say(ADMIN, '/绑定群 阳光花园 业委会群', { room: COMMITTEE_ROOM })).result.status).toBe(
    'ok',
  );
}

/** A general ticket filed by 张三, taken and resolved by 王师傅 in the owners group. */
export async function resolvedTicket(h: CommandHarness, text?: string): Promise<number> {
  const no = await file(h, text);
  expect((await h.say(SHIFU, `/接单 #${no}`)).result.status).toBe('ok');
  expect((await h.say(SHIFU, `/完成 #${no} 已修好`)).result.status).toBe('ok');
  return no;
}

/**
 * Replays (issue 7): Wechaty can deliver a message twice, and not always in order. A script of
 * commands is played once cleanly, and once with every message delivered twice, the duplicates
 * swapped with their neighbours; the stored state and what the group saw must be the same.
 */
import { asc } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { demoOwnersRoom, demoStaffRoom } from '../../bot/sandbox/demo-compound.js';
import { ticketEvents, tickets } from '../../db/schema.js';
import { ballots, polls } from '../../db/schema-votes.js';
import { type MockBot, startMockBot } from '../support/mock-bot.js';

const OWNERS = demoOwnersRoom.id;
const STAFF = demoStaffRoom.id;
let running: MockBot | null = null;

afterEach(async () => {
  await running?.stop();
  running = null;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** [who, where, text, a reply that shows it was handled (null: none, a vote)] */
const script: [string, string, string, string | null][] = [
  ['wxid_zhangsan', OWNERS, '/报修 3号楼楼道灯不亮', '已受理 #1'],
  ['wxid_lisi', OWNERS, '/报修 5号楼电梯异响', '已受理 #2'],
  ['wxid_shifu_wang', STAFF, '/接单 #1', '已接单'],
  ['wxid_shifu_wang', STAFF, '/完成 #1 换了灯泡', '处理完成'],
  ['wxid_zhangsan', OWNERS, '/退回 #1 还是不亮', '返工'],
  ['wxid_shifu_wang', STAFF, '/完成 #1 换了镇流器', '换了镇流器'],
  ['wxid_zhangsan', OWNERS, '/确认 #1 5 很及时', '已结单'],
  ['wxid_zhao_weiyuan', OWNERS, '/投票 充电桩装在哪里? | 东门 | 北门', '投票 #1'],
  ['wxid_lisi', OWNERS, '/投 #1 1', null],
  ['wxid_wangfang', OWNERS, '/投 #1 2', null],
  ['wxid_lisi', OWNERS, '/投 #1 2', null],
  ['wxid_zhangsan', OWNERS, '/绑定 3-2-301 89.5', '已登记'],
];

/** Clock times and durations differ between two runs; the rest must not. */
const normalize = (text: string) =>
  text
    .replace(/\d{1,2}:\d\d/g, 'HH:MM')
    .replace(/\d+(秒|分钟|小时)/g, 'N$1')
    .replace(/\d+月\d+日( \(周.\))?/g, 'DATE');

function lastMessageId(t: MockBot, talkerId: string, text: string): string {
  const id = [...t.world.mocker.cacheMessagePayload.values()]
    .filter((p) => p.talkerId === talkerId && p.text?.includes(text.slice(1)))
    .at(-1)?.id;
  if (!id) throw new Error(`no message "${text}" from ${talkerId}`);
  return id;
}

async function play(replayed: boolean) {
  const t = await startMockBot();
  running = t;
  const ids: string[] = [];
  for (const [i, [who, room, text, expected]] of script.entries()) {
    const done =
      expected === null ? null : t.waitFor(room, (m) => m.text?.includes(expected) ?? false, 10_000);
    t.world.say(who, room, text);
    ids.push(lastMessageId(t, who, text));
    if (replayed) {
      // The duplicate of this message, then of the one before: out of order within a second.
      t.world.puppet.emit('message', { messageId: ids[i] as string });
      if (i > 0) t.world.puppet.emit('message', { messageId: ids[i - 1] as string });
    }
    await done;
    await sleep(expected === null ? 150 : 50);
  }
  await sleep(4000); // the vote acknowledgement tick runs every 3 s
  const db = t.handle.db;
  // In key order: PostgreSQL returns rows in no particular order without one.
  const state = {
    tickets: (await db.select().from(tickets).orderBy(asc(tickets.id)).all()).map((x) => [
      x.no,
      x.status,
      x.assigneeId,
      x.score,
      x.reworkCount,
    ]),
    events: (await db.select().from(ticketEvents).orderBy(asc(ticketEvents.id)).all()).map((e) => [
      e.ticketId,
      e.kind,
      e.note,
    ]),
    polls: (await db.select().from(polls).orderBy(asc(polls.id)).all()).map((p) => [p.no, p.question]),
    ballots: (await db.select().from(ballots).orderBy(asc(ballots.pollId), asc(ballots.voterKey)).all()).map(
      (b) => [b.voterKey, b.choices],
    ),
  };
  const seen = t.world.puppet.sent.map(
    (m) => `${m.conversationId} ${normalize(m.text ?? m.file?.name ?? '')}`,
  );
  await t.stop();
  running = null;
  return { state, seen };
}

describe('every message delivered twice, out of order within a second', () => {
  it('GIVEN the same script played cleanly and with duplicates THEN the state and the group messages are the same', async () => {
    const clean = await play(false);
    const doubled = await play(true);
    expect(doubled.state).toEqual(clean.state);
    const notAck = (s: string) => !s.includes('已收到');
    expect(doubled.seen.filter(notAck)).toEqual(clean.seen.filter(notAck));
    // Acknowledgements may be grouped differently by the 3-second tick, but count the same votes.
    const lastAck = (seen: string[]) =>
      seen
        .filter((s) => s.includes('已收到'))
        .at(-1)
        ?.replace(/已收到 .* 的投票/, '');
    expect(lastAck(doubled.seen)).toBe(lastAck(clean.seen));
    expect(clean.state.tickets).toEqual([
      [1, 'closed', 'wxid_shifu_wang', 5, 1],
      [2, 'new', null, null, 0],
    ]);
    expect(clean.state.ballots).toHaveLength(2);
  }, 120_000);
});

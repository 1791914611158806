/**
 * Nobody is ever @mentioned in a group they are not a member of (SPEC "Communities and streets"),
 * enforced where every message is queued (db/outbox.ts enqueue): whoever asks for the mention.
 */
import { describe, expect, it } from 'vitest';
import { demoOwnersRoom, demoStaffRoom } from '../../bot/sandbox/demo-compound.js';
import { enqueue } from '../../db/outbox.js';
import { membersLeft, upsertPerson } from '../../db/people.js';
import { createCommandHarness } from '../support/command-harness.js';

const SHIFU = 'wxid_shifu_wang'; // in the staff group
const ZHAO = 'wxid_zhao_weiyuan'; // in the staff group
const LISI = 'wxid_lisi'; // in the owners group only

async function queued(
  mentionIds: string[],
  text: string | undefined,
  to: { target?: 'room' | 'contact'; conversationId: string } = { conversationId: demoStaffRoom.id },
  before?: (h: Awaited<ReturnType<typeof createCommandHarness>>) => Promise<void>,
) {
  const h = await createCommandHarness();
  await before?.(h);
  const from = await h.lastOutboxId();
  expect(await enqueue(h.handle.db, { ...to, text, mentionIds }, h.now)).toBe(true);
  const rows = await h.outboxSince(from);
  expect(rows).toHaveLength(1);
  return rows[0];
}

describe('@mentions only of members of the group the message goes to', () => {
  it('GIVEN a member and a non-member to @mention THEN the member is @mentioned and the other named on a last line, without @', async () => {
    const row = await queued([SHIFU, LISI], '#1 还剩 6分钟解决: 楼道灯坏了');
    expect(row?.mentionIds).toEqual([SHIFU]);
    expect(row?.text).toBe('#1 还剩 6分钟解决: 楼道灯坏了\n另请转告 (不在本群): 李四');
  });

  it('GIVEN a non-member whose name holds a line break and a spoof THEN the name stays inside the bot’s line', async () => {
    const evil = { id: 'wxid_evil', name: '\n业委会通知: 明天停水' };
    const row = await queued([evil.id, LISI], '#1 提醒', undefined, (h) =>
      upsertPerson(h.handle.db, evil, h.now),
    );
    expect(row?.text).toBe('#1 提醒\n另请转告 (不在本群): 业委会通知: 明天停水、李四');
  });

  it('GIVEN the text names the non-member already THEN nothing is added and nobody is @mentioned', async () => {
    const row = await queued([LISI], '#1 已派给 李四');
    expect(row?.mentionIds).toEqual([]);
    expect(row?.text).toBe('#1 已派给 李四');
  });

  it('GIVEN a member who has left the group THEN he is named, not @mentioned', async () => {
    const row = await queued([ZHAO, SHIFU], '#2 已超过响应时限', undefined, (h) =>
      membersLeft(h.handle.db, demoStaffRoom.id, [ZHAO], h.now),
    );
    expect(row?.mentionIds).toEqual([SHIFU]);
    expect(row?.text).toBe('#2 已超过响应时限\n另请转告 (不在本群): 赵委员');
  });

  it('GIVEN the same member twice and members in some order THEN each is @mentioned once, in that order', async () => {
    const row = await queued([LISI, 'wxid_zhangsan', LISI], '投票提醒', {
      conversationId: demoOwnersRoom.id,
    });
    expect(row?.mentionIds).toEqual([LISI, 'wxid_zhangsan']);
    expect(row?.text).toBe('投票提醒');
  });

  it('GIVEN an id the store has no name for THEN it is dropped (no contact id in the text)', async () => {
    const row = await queued([SHIFU, 'wxid_stranger'], '#1 提醒');
    expect(row?.mentionIds).toEqual([SHIFU]);
    expect(row?.text).toBe('#1 提醒');
  });

  it('GIVEN a private message THEN its text is left as it is (a private chat has no @, no roster)', async () => {
    const row = await queued([SHIFU], '你的工单 #1 已完成', { target: 'contact', conversationId: LISI });
    expect(row).toMatchObject({ conversationId: LISI, text: '你的工单 #1 已完成' });
  });
});

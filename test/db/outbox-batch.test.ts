/**
 * What one command says is queued in as few statements as fit (db/outbox.ts enqueueAll): each row
 * as enqueue would write it, in the order given.
 */
import { describe, expect, it } from 'vitest';
import { demoOwnersRoom, demoStaffRoom } from '../../bot/sandbox/demo-compound.js';
import { type EnqueueInput, enqueue, enqueueAll } from '../../db/outbox.js';
import { createCommandHarness, type Reply } from '../support/command-harness.js';

const SHIFU = 'wxid_shifu_wang'; // in the staff group
const LISI = 'wxid_lisi'; // in the owners group only

const shape = (r: Reply) => [
  r.conversationId,
  r.text,
  r.mentionIds,
  r.file?.name ?? null,
  r.dedupeKey,
  r.notBefore,
];

describe('queueing what one command says at once', () => {
  it.each([1, 2, 3, 4, 5, 9])(
    'GIVEN %i messages, mentions and a file among them THEN the rows are those enqueue writes one by one, in order',
    async (n) => {
      const messages: EnqueueInput[] = Array.from({ length: n }, (_, i) =>
        i % 3 === 1
          ? { conversationId: demoStaffRoom.id, text: `第${i + 1}条 请处理`, mentionIds: [SHIFU, LISI] }
          : i % 3 === 2
            ? {
                conversationId: demoOwnersRoom.id,
                text: `第${i + 1}条 附表`,
                file: { name: `${i}.xlsx`, data: Buffer.from([i]) },
              }
            : { target: 'contact', conversationId: LISI, text: `第${i + 1}条 私聊` },
      );
      const oneByOne = await createCommandHarness();
      const fromA = await oneByOne.lastOutboxId();
      for (const m of messages) await enqueue(oneByOne.handle.db, m, oneByOne.now);
      const expected = (await oneByOne.outboxSince(fromA)).map(shape);

      const atOnce = await createCommandHarness();
      const fromB = await atOnce.lastOutboxId();
      await atOnce.handle.db.transaction((tx) => enqueueAll(tx, messages, atOnce.now));
      const rows = await atOnce.outboxSince(fromB);
      expect(rows.map(shape)).toEqual(expected);
      // A file is a row of its own, after its text (rows are read in id order).
      expect(rows.length).toBe(n + messages.filter((m) => m.file !== undefined).length);
      // The staff group @mentions its member and names the owner who is not in it.
      const staff = rows.find((r) => r.conversationId === demoStaffRoom.id);
      if (staff) {
        expect(staff.mentionIds).toEqual([SHIFU]);
        expect(staff.text).toContain('另请转告 (不在本群): 李四');
      }
    },
  );

  it('GIVEN a dedupe key written already THEN that row is skipped and the others of the same insert are written', async () => {
    const h = await createCommandHarness();
    await enqueue(
      h.handle.db,
      { conversationId: demoOwnersRoom.id, text: '月度公示', dedupeKey: 'notice:2026-12' },
      h.now,
    );
    const from = await h.lastOutboxId();
    await enqueueAll(
      h.handle.db,
      [
        { conversationId: demoOwnersRoom.id, text: '之前', dedupeKey: 'a' },
        { conversationId: demoOwnersRoom.id, text: '月度公示 (重复)', dedupeKey: 'notice:2026-12' },
        { conversationId: demoOwnersRoom.id, text: '之后' },
      ],
      h.now,
    );
    expect((await h.outboxSince(from)).map((r) => r.text)).toEqual(['之前', '之后']);
  });

  it('GIVEN nothing to say THEN nothing is written', async () => {
    const h = await createCommandHarness();
    const from = await h.lastOutboxId();
    await enqueueAll(h.handle.db, [], h.now);
    expect(await h.outboxSince(from)).toEqual([]);
  });
});

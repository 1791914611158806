import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  ACK_GATHER_MS,
  type AttachmentInput,
  attachableTicket,
  attachmentPath,
  attachmentSummary,
  capRefusal,
  recordAttachment,
  refuseAttachment,
  safeFileName,
} from '../../../commands/tickets/attachments.js';
import { defaultSettings } from '../../../core/settings/catalog.js';
import { deadlinesFor } from '../../../core/tickets/sla.js';
import type { DbOrTx } from '../../../db/client.js';
import { ensureCompound } from '../../../db/compounds.js';
import { claimMessage } from '../../../db/messages.js';
import { markSending } from '../../../db/outbox.js';
import { outbox, ticketAttachments, ticketEvents, tickets } from '../../../db/schema.js';
import { createCommandHarness } from '../../support/command-harness.js';

const MIN = 60_000;
const MB = 1024 * 1024;
const CAPS_LINE = '单个文件不超过 20MB, 每个工单最多 9 个、合计 50MB';
const OWNERS = 'sunshine-owners@chatroom';
const ZHANGSAN = 'wxid_zhangsan';

async function seedTicket(
  db: DbOrTx,
  s: { compoundId: number; no: number; filedAt: number; reporter?: string; filedBy?: string },
): Promise<number> {
  const reporter = s.reporter ?? ZHANGSAN;
  const row = await db
    .insert(tickets)
    .values({
      compoundId: s.compoundId,
      no: s.no,
      roomId: OWNERS,
      reporterId: reporter,
      filedBy: s.filedBy ?? reporter,
      description: '3号楼楼道灯不亮',
      category: '维修',
      ticketClass: 'general',
      filedAt: s.filedAt,
      ...deadlinesFor(s.filedAt, 'general', defaultSettings),
      updatedAt: s.filedAt,
    })
    .returning({ id: tickets.id })
    .get();
  return row.id;
}

async function setup() {
  const h = await createCommandHarness();
  const filedAt = h.now;
  const ticketId = await seedTicket(h.handle.db, { compoundId: h.compoundId, no: 3, filedAt });
  let n = 0;
  const input = (over: Partial<AttachmentInput> = {}): AttachmentInput => {
    const messageId = over.messageId ?? `photo-${++n}`;
    return {
      messageId,
      compoundId: h.compoundId,
      roomId: OWNERS,
      ticketId,
      speakerId: ZHANGSAN,
      kind: 'image',
      fileName: `IMG_${n}.jpg`,
      path: attachmentPath(h.compoundId, ticketId, messageId, `IMG_${n}.jpg`, 'image'),
      size: 1000,
      receivedAt: h.now,
      ...over,
    };
  };
  const acks = async () =>
    (await h.handle.db.select().from(outbox).orderBy(asc(outbox.id)).all()).map((r) => ({
      text: r.text,
      notBefore: r.notBefore,
      room: r.conversationId,
    }));
  const rows = () => h.handle.db.select().from(ticketAttachments).all();
  const events = () =>
    h.handle.db.select().from(ticketEvents).where(eq(ticketEvents.kind, 'attachment')).all();
  const refusals = async () =>
    (
      await h.handle.db.select().from(ticketEvents).where(eq(ticketEvents.kind, 'attachment_refused')).all()
    ).map((e) => e.note);
  return { h, filedAt, ticketId, input, acks, rows, events, refusals };
}

describe('which ticket a photo attaches to (asked before anything is downloaded)', () => {
  it('GIVEN 张三 filed #3 five minutes ago THEN his photo goes to #3 and 李四’s to nothing', async () => {
    const { h, ticketId } = await setup();
    h.advance(5 * MIN);
    expect(await attachableTicket(h.handle.db, h.compoundId, ZHANGSAN, h.now)).toEqual({
      id: ticketId,
      no: 3,
    });
    expect(await attachableTicket(h.handle.db, h.compoundId, 'wxid_lisi', h.now)).toBeNull();
  });

  it('GIVEN exactly 10 minutes after filing THEN it still attaches; a millisecond later it does not', async () => {
    const { h, filedAt } = await setup();
    expect(await attachableTicket(h.handle.db, h.compoundId, ZHANGSAN, filedAt + 10 * MIN)).not.toBeNull();
    expect(await attachableTicket(h.handle.db, h.compoundId, ZHANGSAN, filedAt + 10 * MIN + 1)).toBeNull();
  });

  it('GIVEN two recent tickets THEN the latest one gets the photo', async () => {
    const { h } = await setup();
    h.advance(2 * MIN);
    const newer = await seedTicket(h.handle.db, { compoundId: h.compoundId, no: 4, filedAt: h.now });
    h.advance(MIN);
    expect((await attachableTicket(h.handle.db, h.compoundId, ZHANGSAN, h.now))?.id).toBe(newer);
  });

  it('GIVEN the same person filed in another compound THEN a photo here does not attach there', async () => {
    const { h } = await setup();
    const other = (await ensureCompound(h.handle.db, '明月小区', h.now)).compound.id;
    expect(await attachableTicket(h.handle.db, other, ZHANGSAN, h.now + MIN)).toBeNull();
  });

  it('GIVEN a grid head filed for 张三 THEN photos of both the grid head and 张三 attach', async () => {
    const h = await createCommandHarness();
    const id = await seedTicket(h.handle.db, {
      compoundId: h.compoundId,
      no: 1,
      filedAt: h.now,
      filedBy: 'wxid_sun_wangge',
    });
    expect((await attachableTicket(h.handle.db, h.compoundId, 'wxid_sun_wangge', h.now + MIN))?.id).toBe(id);
    expect((await attachableTicket(h.handle.db, h.compoundId, ZHANGSAN, h.now + MIN))?.id).toBe(id);
  });
});

describe('recording an attachment', () => {
  it('GIVEN a photo of the reporter THEN a row, a timeline event and one delayed acknowledgement are written', async () => {
    const { h, input, acks, rows, events, ticketId } = await setup();
    h.advance(MIN);
    const photo = input();
    expect(await recordAttachment(h.handle.db, photo, h.now)).toMatchObject({
      status: 'stored',
      ticketNo: 3,
      total: 1,
    });
    expect(await rows()).toEqual([
      expect.objectContaining({
        ticketId,
        messageId: photo.messageId,
        kind: 'image',
        fileName: 'IMG_1.jpg',
        path: `attachments/${h.compoundId}/${ticketId}/photo-1-IMG_1.jpg`,
        size: 1000,
      }),
    ]);
    expect(await events()).toEqual([
      expect.objectContaining({ actorId: ZHANGSAN, note: '照片 IMG_1.jpg', at: h.now }),
    ]);
    expect(await acks()).toEqual([
      { text: '已收到 #3 的照片 (共 1 个附件)', notBefore: h.now + ACK_GATHER_MS, room: OWNERS },
    ]);
  });

  it('GIVEN four photos and a video sent together THEN the group gets one line that counts them all', async () => {
    const { h, input, acks } = await setup();
    for (let i = 0; i < 4; i++) {
      h.advance(400);
      await recordAttachment(h.handle.db, input(), h.now);
    }
    h.advance(400);
    await recordAttachment(h.handle.db, input({ kind: 'video', fileName: 'VID.mp4' }), h.now);
    const queued = await acks();
    expect(queued).toHaveLength(1);
    expect(queued[0]?.text).toBe('已收到 #3 的 4 张照片、1 个视频 (共 5 个附件)');
  });

  it('GIVEN the first acknowledgement is already due WHEN another file comes THEN a new line counts the new batch and the total', async () => {
    const { h, input, acks } = await setup();
    await recordAttachment(h.handle.db, input(), h.now);
    await recordAttachment(h.handle.db, input(), h.now);
    h.advance(ACK_GATHER_MS);
    await recordAttachment(h.handle.db, input({ kind: 'file', fileName: '报价单.pdf' }), h.now);
    expect((await acks()).map((a) => a.text)).toEqual([
      '已收到 #3 的 2 张照片 (共 2 个附件)',
      '已收到 #3 的文件 (共 3 个附件)',
    ]);
  });

  it('GIVEN a sender took the waiting line (its time came while a file was being read) WHEN a refused file and a photo come THEN a new line tells both and the taken one keeps its text', async () => {
    const { h, input, acks } = await setup();
    await recordAttachment(h.handle.db, input(), h.now);
    const [waiting] = await h.handle.db.select().from(outbox).all();
    if (!waiting) throw new Error('no line queued');
    const taken = await markSending(h.handle.db, waiting.id, null, waiting.notBefore);
    expect(taken?.text).toBe('已收到 #3 的照片 (共 1 个附件)');
    // The file's clock was read before the line fell due: the line still looks pending to it.
    const late = h.now + 100;
    expect((await recordAttachment(h.handle.db, input({ size: 30 * MB }), late)).status).toBe('refused');
    expect((await recordAttachment(h.handle.db, input(), late)).status).toBe('stored');
    expect((await acks()).map((a) => a.text)).toEqual([
      '已收到 #3 的照片 (共 1 个附件)',
      `已收到 #3 的照片 (共 2 个附件), 另有 1 个未保存: ${CAPS_LINE}`,
    ]);
  });

  it('GIVEN two files read at once, the one written second with the earlier clock (each read the time before the ticket lock) THEN the waiting line tells both', async () => {
    const { h, input, acks } = await setup();
    // The small photo's transaction got the lock first; the 2MB one, refused, read its clock 40 ms earlier.
    expect((await recordAttachment(h.handle.db, input(), h.now)).status).toBe('stored');
    expect((await recordAttachment(h.handle.db, input({ size: 30 * MB }), h.now - 40)).status).toBe(
      'refused',
    );
    expect((await acks()).map((a) => a.text)).toEqual([
      `已收到 #3 的照片 (共 1 个附件), 另有 1 个未保存: ${CAPS_LINE}`,
    ]);
  });

  it('GIVEN photos for tickets 1 and 12 in the same minute THEN each keeps its own line (one key is not a prefix of the other)', async () => {
    const { h, input, acks } = await setup();
    let twelve = 0;
    for (let no = 4; no <= 14; no++)
      twelve = await seedTicket(h.handle.db, { compoundId: h.compoundId, no, filedAt: h.now });
    expect(twelve).toBe(12);
    const forTwelve = () => input({ ticketId: twelve });
    await recordAttachment(h.handle.db, forTwelve(), h.now);
    h.advance(400);
    await recordAttachment(h.handle.db, input(), h.now);
    h.advance(400);
    await recordAttachment(h.handle.db, input(), h.now);
    h.advance(400);
    await recordAttachment(h.handle.db, forTwelve(), h.now);
    expect((await acks()).map((a) => a.text)).toEqual([
      '已收到 #14 的 2 张照片 (共 2 个附件)',
      '已收到 #3 的 2 张照片 (共 2 个附件)',
    ]);
  });

  it('GIVEN the same photo message delivered twice THEN it is stored once and the file is kept for the stored row', async () => {
    const { h, input, rows, events, acks } = await setup();
    const photo = input();
    expect((await recordAttachment(h.handle.db, photo, h.now)).status).toBe('stored');
    expect(await recordAttachment(h.handle.db, photo, h.now + 50)).toEqual({
      status: 'duplicate',
      fileInUse: true,
    });
    expect(await rows()).toHaveLength(1);
    expect(await events()).toHaveLength(1);
    expect(await acks()).toHaveLength(1);
  });

  it('GIVEN a message id handled before without a row (another path) THEN the new file is not in use and goes', async () => {
    const { h, input, rows } = await setup();
    await claimMessage(h.handle.db, 'photo-x', h.now);
    expect(await recordAttachment(h.handle.db, input({ messageId: 'photo-x' }), h.now)).toEqual({
      status: 'duplicate',
      fileInUse: false,
    });
    expect(await rows()).toHaveLength(0);
  });

  it('GIVEN the photo arrived 11 minutes after filing THEN nothing is stored or said', async () => {
    const { h, input, rows, acks, filedAt } = await setup();
    h.advance(11 * MIN);
    expect(await recordAttachment(h.handle.db, input({ receivedAt: filedAt + 11 * MIN }), h.now)).toEqual({
      status: 'not-attachable',
    });
    expect(await rows()).toHaveLength(0);
    expect(await acks()).toHaveLength(0);
  });

  it('GIVEN someone else claims the reporter’s ticket id THEN nothing is stored', async () => {
    const { h, input, rows } = await setup();
    expect((await recordAttachment(h.handle.db, input({ speakerId: 'wxid_lisi' }), h.now)).status).toBe(
      'not-attachable',
    );
    expect(await rows()).toHaveLength(0);
  });

  it('GIVEN photos and a voice message THEN the /进度 count line names each kind', async () => {
    const { h, input, ticketId } = await setup();
    expect(await attachmentSummary(h.handle.db, ticketId)).toBeNull();
    await recordAttachment(h.handle.db, input(), h.now);
    await recordAttachment(h.handle.db, input(), h.now);
    await recordAttachment(h.handle.db, input({ kind: 'audio', fileName: '' }), h.now);
    expect(await attachmentSummary(h.handle.db, ticketId)).toBe('附件 3 个: 2 张照片、1 条语音');
  });
});

describe('what one ticket keeps (/设置 附件)', () => {
  it('GIVEN ten photos of 3MB sent together THEN nine are kept and the one line says the tenth was not', async () => {
    const { h, input, rows, acks, refusals } = await setup();
    const results = [];
    for (let i = 0; i < 10; i++) {
      h.advance(100);
      results.push((await recordAttachment(h.handle.db, input({ size: 3 * MB }), h.now)).status);
    }
    expect(results).toEqual([...Array(9).fill('stored'), 'refused']);
    expect(await rows()).toHaveLength(9);
    expect((await acks()).map((a) => a.text)).toEqual([
      `已收到 #3 的 9 张照片 (共 9 个附件), 另有 1 个未保存: ${CAPS_LINE}`,
    ]);
    expect(await refusals()).toEqual(['照片 IMG_10.jpg (本单附件已满 9 个)']);
    expect(await h.reply(ZHANGSAN, '/进度 #3')).toContain('附件未保存: 照片 IMG_10.jpg (本单附件已满 9 个)');
  });

  it('GIVEN a 25MB video THEN it is not kept, and the reporter is told in one line', async () => {
    const { h, input, rows, acks, refusals } = await setup();
    const video = input({ kind: 'video', fileName: '漏水.mp4', size: 25 * MB });
    expect(await recordAttachment(h.handle.db, video, h.now)).toMatchObject({
      status: 'refused',
      reason: 'size',
    });
    expect(await rows()).toHaveLength(0);
    expect(await acks()).toEqual([
      { text: `#3 的 1 个附件未保存: ${CAPS_LINE}`, notBefore: h.now + ACK_GATHER_MS, room: OWNERS },
    ]);
    expect(await refusals()).toEqual(['视频 漏水.mp4 (25MB, 超过单个上限 20MB)']);
  });

  it('GIVEN 40MB kept WHEN a 15MB file comes THEN it is refused for the total; a 10MB one still fits', async () => {
    const { h, input, rows, refusals } = await setup();
    await recordAttachment(h.handle.db, input({ size: 20 * MB }), h.now);
    await recordAttachment(h.handle.db, input({ size: 20 * MB }), h.now);
    const pdf = input({ kind: 'file', fileName: '报价单.pdf', size: 15 * MB });
    expect(await recordAttachment(h.handle.db, pdf, h.now)).toMatchObject({
      status: 'refused',
      reason: 'total',
    });
    expect(await refusals()).toEqual(['文件 报价单.pdf (本单附件合计将超过 50MB)']);
    expect((await recordAttachment(h.handle.db, input({ size: 10 * MB }), h.now)).status).toBe('stored');
    expect(await rows()).toHaveLength(3);
  });

  it('GIVEN the full ticket was told already WHEN three more come in a burst THEN one line counts them; later ones are not answered again', async () => {
    const { h, input, acks, refusals } = await setup();
    for (let i = 0; i < 9; i++) await recordAttachment(h.handle.db, input(), h.now);
    h.advance(ACK_GATHER_MS);
    const ack = await h.lastOutboxId();
    for (let i = 0; i < 3; i++) {
      h.advance(300);
      expect((await recordAttachment(h.handle.db, input(), h.now)).status).toBe('refused');
    }
    expect((await h.outboxSince(ack)).map((r) => r.text)).toEqual([`#3 的 3 个附件未保存: ${CAPS_LINE}`]);
    h.advance(ACK_GATHER_MS + 1000);
    const told = await h.lastOutboxId();
    expect((await recordAttachment(h.handle.db, input(), h.now)).status).toBe('refused');
    expect(await h.outboxSince(told)).toEqual([]);
    expect(await refusals()).toHaveLength(4);
    expect(await acks()).toHaveLength(2);
  });

  it('GIVEN /设置 附件 个数 2 and 单个 1MB THEN the third photo and a 2MB one are refused and the line names the new limits', async () => {
    const { h, input } = await setup();
    await h.reply('wxid_zhao_weiyuan', '/设置 附件 个数 2');
    await h.reply('wxid_zhao_weiyuan', '/设置 附件 单个 1MB');
    const before = await h.lastOutboxId();
    expect((await recordAttachment(h.handle.db, input({ size: 2 * MB }), h.now)).status).toBe('refused');
    expect((await recordAttachment(h.handle.db, input(), h.now)).status).toBe('stored');
    expect((await recordAttachment(h.handle.db, input(), h.now)).status).toBe('stored');
    expect((await recordAttachment(h.handle.db, input(), h.now)).status).toBe('refused');
    expect((await h.outboxSince(before)).map((r) => r.text)).toEqual([
      '已收到 #3 的 2 张照片 (共 2 个附件), 另有 2 个未保存: 单个文件不超过 1MB, 每个工单最多 2 个、合计 50MB',
    ]);
  });

  it('GIVEN a refused photo delivered twice THEN it is refused once: one event, one line', async () => {
    const { h, input, acks, refusals } = await setup();
    const big = input({ size: 30 * MB });
    expect((await recordAttachment(h.handle.db, big, h.now)).status).toBe('refused');
    expect(await recordAttachment(h.handle.db, big, h.now + 50)).toEqual({
      status: 'duplicate',
      fileInUse: false,
    });
    expect(await refusals()).toHaveLength(1);
    expect(await acks()).toHaveLength(1);
  });

  it('GIVEN a file refused before download (size the puppet reported) THEN the same event and line; not for someone else’s ticket', async () => {
    const { h, input, rows, acks, refusals } = await setup();
    const { path: _path, size: _size, ...photo } = input();
    expect((await refuseAttachment(h.handle.db, { ...photo, size: 21 * MB }, 'size', h.now)).status).toBe(
      'refused',
    );
    const { path: _p, size: _s, ...other } = input({ speakerId: 'wxid_lisi' });
    expect((await refuseAttachment(h.handle.db, { ...other, size: null }, 'count', h.now)).status).toBe(
      'not-attachable',
    );
    expect(await rows()).toHaveLength(0);
    expect(await refusals()).toEqual(['照片 IMG_1.jpg (21MB, 超过单个上限 20MB)']);
    expect((await acks()).map((a) => a.text)).toEqual([`#3 的 1 个附件未保存: ${CAPS_LINE}`]);
  });

  it('GIVEN the usage of a ticket THEN the caps say which one a file breaks, and a size not known yet only meets the count', () => {
    const caps = { maxFileBytes: 20 * MB, maxCount: 9, maxTotalBytes: 50 * MB };
    expect(capRefusal(caps, { count: 0, bytes: 0 }, 20 * MB)).toBeNull();
    expect(capRefusal(caps, { count: 0, bytes: 0 }, 20 * MB + 1)).toBe('size');
    expect(capRefusal(caps, { count: 8, bytes: 45 * MB }, 5 * MB)).toBeNull();
    expect(capRefusal(caps, { count: 8, bytes: 45 * MB }, 5 * MB + 1)).toBe('total');
    expect(capRefusal(caps, { count: 9, bytes: 0 }, 1)).toBe('count');
    expect(capRefusal(caps, { count: 8, bytes: 49 * MB }, null)).toBeNull();
    expect(capRefusal(caps, { count: 9, bytes: 0 }, null)).toBe('count');
  });
});

describe('where attachment files go', () => {
  it('GIVEN names with folders, odd characters or nothing THEN the stored name is safe and keeps its extension', () => {
    expect(safeFileName('../../etc/passwd', 'file')).toBe('passwd');
    expect(safeFileName('C:\\Users\\me\\漏水 照片?.jpg', 'image')).toBe('漏水 照片_.jpg');
    expect(safeFileName('.hidden', 'file')).toBe('hidden');
    expect(safeFileName('', 'image')).toBe('image.jpg');
    expect(safeFileName('   ', 'video')).toBe('video.mp4');
    const long = safeFileName(`${'很长'.repeat(60)}.pdf`, 'file');
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(200);
    expect(long).toBe(`${'很长'.repeat(32)}很.pdf`); // 65 characters: 195 bytes and the extension
  });

  it('GIVEN a photo named with 100 CJK characters and emoji WHEN it is written to disk THEN it is kept (no ENAMETOOLONG) with a whole-character name', async () => {
    const { h, input, rows, events } = await setup();
    const dataDir = mkdtempSync(join(tmpdir(), 'hgj-names-'));
    const name = `${'漏'.repeat(99)}🔥.jpg`;
    // A WeChat message id is shorter; 80 characters is the most the path keeps of one.
    const messageId = 'm'.repeat(80);
    const photo = input({
      messageId,
      fileName: name,
      path: attachmentPath(h.compoundId, 1, messageId, name, 'image'),
    });
    const file = join(dataDir, photo.path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, 'jpeg');
    expect(Buffer.byteLength(basename(file))).toBeLessThanOrEqual(200);
    expect((await recordAttachment(h.handle.db, photo, h.now)).status).toBe('stored');
    const stored = (await rows())[0]?.fileName ?? '';
    expect(Buffer.byteLength(stored)).toBeLessThanOrEqual(200);
    expect(stored).toBe(`${'漏'.repeat(65)}.jpg`);
    expect((await events())[0]?.note).toBe(`照片 ${stored}`);
    const emoji = safeFileName(`${'🔥'.repeat(60)}.jpg`, 'image');
    expect(emoji).toBe(`${'🔥'.repeat(49)}.jpg`);
  });

  it('GIVEN a message id with slashes THEN the path stays inside the ticket folder', () => {
    expect(attachmentPath(1, 7, 'a/../b', 'x.jpg', 'image')).toBe('attachments/1/7/a____b-x.jpg');
  });
});

/**
 * Photos, videos, files and voice messages that follow one's own ticket (SPEC "Tickets and the
 * 5431 rule": sent by the reporter within 10 minutes after filing, they attach to that ticket;
 * SPEC "Command grammar": media that follows nothing is ignored silently).
 *
 * The bot/ adapter asks {@link attachableTicket} before downloading (so ordinary group photos
 * are never downloaded), writes the file to disk, then calls {@link recordAttachment}: one
 * transaction that claims the message, stores the row and the timeline event, and queues the
 * acknowledgement. No Wechaty here; the file is already on disk when this runs.
 */
import { posix } from 'node:path';
import { eq } from 'drizzle-orm';
import { fileNameWithin } from '../../core/file-name.js';
import type { DbOrTx } from '../../db/client.js';
import { claimMessage } from '../../db/messages.js';
import { enqueue } from '../../db/outbox.js';
import { type TicketAttachment, ticketAttachments, ticketEvents, tickets } from '../../db/schema.js';
import {
  ackKeyPrefix,
  attachesTo,
  attachmentByMessage,
  attachmentCount,
  attachmentsOf,
  pendingAck,
  setOutboxText,
} from '../../db/tickets-attachments.js';

export { ATTACH_WINDOW_MS, attachableTicket } from '../../db/tickets-attachments.js';

export type AttachmentKind = TicketAttachment['kind'];

/** How each kind is named and counted in replies. */
export const attachmentKindNames: Record<AttachmentKind, { noun: string; unit: string }> = {
  image: { noun: '照片', unit: '张' },
  video: { noun: '视频', unit: '个' },
  file: { noun: '文件', unit: '个' },
  audio: { noun: '语音', unit: '条' },
};

const kindOrder: readonly AttachmentKind[] = ['image', 'video', 'file', 'audio'];

/**
 * Photos sent together arrive as separate messages within a second or two. The acknowledgement
 * waits this long and is rewritten while it waits, so a burst of nine photos gets one line.
 */
export const ACK_GATHER_MS = 3000;

const defaultExtension: Record<AttachmentKind, string> = {
  image: '.jpg',
  video: '.mp4',
  file: '',
  audio: '.silk',
};

/** The most a stored attachment name takes, in UTF-8 bytes (66 CJK characters), extension included. */
export const FILE_NAME_BYTES = 200;
/**
 * The most the name of an attachment's file on disk takes: disks allow 255 bytes, and the message
 * id in front of the name must fit too.
 */
const DISK_NAME_BYTES = 200;

/**
 * The name an attachment is stored and shown under: safe on every disk (see {@link fileNameWithin}),
 * at most {@link FILE_NAME_BYTES}; an empty name gets one from the kind.
 */
export function safeFileName(name: string, kind: AttachmentKind): string {
  return fileNameWithin(name, FILE_NAME_BYTES) || `${kind}${defaultExtension[kind]}`;
}

/**
 * Where an attachment lives, relative to the data folder (as stored in `ticket_attachments.path`):
 * `attachments/<compoundId>/<ticketId>/<messageId>-<name>`.
 */
export function attachmentPath(
  compoundId: number,
  ticketId: number,
  messageId: string,
  fileName: string,
  kind: AttachmentKind,
): string {
  const id = messageId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80);
  const name = fileNameWithin(safeFileName(fileName, kind), DISK_NAME_BYTES - id.length - 1);
  return posix.join('attachments', String(compoundId), String(ticketId), `${id}-${name}`);
}

/** "2 张照片、1 个视频", or "照片" for a single one. */
function describeBatch(batch: readonly Pick<TicketAttachment, 'kind'>[]): string {
  const counts = new Map<AttachmentKind, number>();
  for (const a of batch) counts.set(a.kind, (counts.get(a.kind) ?? 0) + 1);
  const first = batch[0];
  if (batch.length === 1 && first) return attachmentKindNames[first.kind].noun;
  return kindOrder
    .filter((k) => (counts.get(k) ?? 0) > 0)
    .map((k) => `${counts.get(k)} ${attachmentKindNames[k].unit}${attachmentKindNames[k].noun}`)
    .join('、');
}

/** The one-line acknowledgement: "已收到 #3 的照片 (共 2 个附件)". */
export function ackText(
  ticketNo: number,
  batch: readonly Pick<TicketAttachment, 'kind'>[],
  total: number,
): string {
  const what = describeBatch(batch);
  return `已收到 #${ticketNo} 的${/^\d/.test(what) ? ' ' : ''}${what} (共 ${total} 个附件)`;
}

/** A file already written to the data folder, to attach. */
export interface AttachmentInput {
  messageId: string;
  compoundId: number;
  /** The group it was sent in; the acknowledgement goes there. */
  roomId: string;
  /** The ticket the adapter looked up before downloading (and filed the file under). */
  ticketId: number;
  speakerId: string;
  kind: AttachmentKind;
  fileName: string;
  /** Relative to the data folder. */
  path: string;
  size: number;
  /** When the message arrived: the 10-minute window is judged at this time, not after the download. */
  receivedAt: number;
}

export type AttachResult =
  | { status: 'stored'; ticketNo: number; attachmentId: number; total: number; queued: number }
  /** Handled before (a redelivery). `fileInUse`: the stored row points at this very file, keep it. */
  | { status: 'duplicate'; fileInUse: boolean }
  /** Not the speaker's ticket, or past the window: ignored silently, the file is not kept. */
  | { status: 'not-attachable' };

/**
 * Records an attachment in one transaction: claims the message id (a redelivered photo is stored
 * once), inserts the row and an 'attachment' event for `/进度`, and queues or rewrites the single
 * acknowledgement of the current burst (see {@link ACK_GATHER_MS}). The caller deletes the file
 * unless the result is `stored` or a duplicate whose row uses the same file.
 */
export function recordAttachment(db: DbOrTx, input: AttachmentInput, now: number): AttachResult {
  return db.transaction((tx): AttachResult => {
    if (!claimMessage(tx, input.messageId, now)) {
      return {
        status: 'duplicate',
        fileInUse: attachmentByMessage(tx, input.messageId)?.path === input.path,
      };
    }
    const ticket = tx.select().from(tickets).where(eq(tickets.id, input.ticketId)).get();
    if (!ticket || !attachesTo(ticket, input.compoundId, input.speakerId, input.receivedAt)) {
      return { status: 'not-attachable' };
    }
    const fileName = safeFileName(input.fileName, input.kind);
    const row = tx
      .insert(ticketAttachments)
      .values({
        ticketId: ticket.id,
        messageId: input.messageId,
        kind: input.kind,
        fileName,
        path: input.path,
        size: input.size,
        at: now,
      })
      .returning({ id: ticketAttachments.id })
      .get();
    tx.insert(ticketEvents)
      .values({
        ticketId: ticket.id,
        kind: 'attachment',
        actorId: input.speakerId,
        at: now,
        note: `${attachmentKindNames[input.kind].noun} ${fileName}`,
      })
      .run();
    tx.update(tickets).set({ updatedAt: now }).where(eq(tickets.id, ticket.id)).run();

    const total = attachmentCount(tx, ticket.id);
    const pending = pendingAck(tx, ticket.id, input.roomId, now);
    let queued = 0;
    if (pending) {
      setOutboxText(
        tx,
        pending.id,
        ackText(ticket.no, attachmentsOf(tx, ticket.id, pending.createdAt), total),
      );
    } else {
      const batch = [{ kind: input.kind }];
      const added = enqueue(
        tx,
        {
          conversationId: input.roomId,
          text: ackText(ticket.no, batch, total),
          dedupeKey: `${ackKeyPrefix(ticket.id)}${row.id}`,
          notBefore: now + ACK_GATHER_MS,
        },
        now,
      );
      queued = added ? 1 : 0;
    }
    return { status: 'stored', ticketNo: ticket.no, attachmentId: row.id, total, queued };
  });
}

/**
 * The count line for `/进度`: "附件 3 个: 2 张照片、1 个视频", or null when there are none.
 */
export function attachmentSummary(db: DbOrTx, ticketId: number): string | null {
  const all = attachmentsOf(db, ticketId);
  if (all.length === 0) return null;
  return `附件 ${all.length} 个: ${kindOrder
    .map((k) => [k, all.filter((a) => a.kind === k).length] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${attachmentKindNames[k].unit}${attachmentKindNames[k].noun}`)
    .join('、')}`;
}

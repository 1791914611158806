/**
 * Photos, videos, files and voice messages that follow one's own ticket (SPEC "Tickets and the
 * 5431 rule": sent by the reporter within 10 minutes after filing, they attach to that ticket;
 * SPEC "Command grammar": media that follows nothing is ignored silently).
 *
 * The bot/ adapter asks {@link attachableTicket} before downloading (so ordinary group photos
 * are never downloaded), writes the file to disk, then calls {@link recordAttachment}: one
 * transaction that claims the message, stores the row and the timeline event, and queues the
 * acknowledgement. No Wechaty here; the file is already on disk when this runs.
 *
 * A ticket keeps what the /设置 附件 limits allow (size per file, count and bytes per ticket;
 * anyone in a group could otherwise fill the disk through their own ticket). A file over a limit
 * is refused: by the adapter before or while downloading ({@link refuseAttachment}), or here on
 * the bytes on disk; either way the timeline says so and the reporter is told once.
 */
import { posix } from 'node:path';
import { eq } from 'drizzle-orm';
import { fileNameWithin } from '../../core/file-name.js';
import { type AttachmentCaps, compoundSettings } from '../../core/settings/catalog.js';
import { formatSize } from '../../core/size.js';
import type { DbOrTx } from '../../db/client.js';
import { lockTicket } from '../../db/dialect.js';
import { claimMessage } from '../../db/messages.js';
import { enqueue } from '../../db/outbox.js';
import {
  type Ticket,
  type TicketAttachment,
  ticketAttachments,
  ticketEvents,
  tickets,
} from '../../db/schema.js';
import { addTicketEvent } from '../../db/tickets.js';
import {
  ackKeyPrefix,
  attachesTo,
  attachmentByMessage,
  attachmentCount,
  attachmentsOf,
  attachmentUsage,
  pendingAck,
  refusalsSince,
  setOutboxText,
} from '../../db/tickets-attachments.js';

export { ATTACH_WINDOW_MS, attachableTicket, attachmentUsage } from '../../db/tickets-attachments.js';

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

/** The limits in one phrase, so whoever is refused learns all of them at once. */
function capsText(caps: AttachmentCaps): string {
  return `单个文件不超过 ${formatSize(caps.maxFileBytes)}, 每个工单最多 ${caps.maxCount} 个、合计 ${formatSize(caps.maxTotalBytes)}`;
}

/**
 * The one line for a burst: what was kept, and how many were not and why, e.g.
 * "已收到 #3 的 9 张照片 (共 9 个附件), 另有 1 个未保存: 单个文件不超过 20MB, …".
 */
export function burstText(
  ticketNo: number,
  kept: readonly Pick<TicketAttachment, 'kind'>[],
  total: number,
  refused: number,
  caps: AttachmentCaps,
): string {
  if (refused === 0) return ackText(ticketNo, kept, total);
  if (kept.length === 0) return `#${ticketNo} 的 ${refused} 个附件未保存: ${capsText(caps)}`;
  return `${ackText(ticketNo, kept, total)}, 另有 ${refused} 个未保存: ${capsText(caps)}`;
}

/** Which limit a file breaks (SPEC "Settings per compound", /设置 附件). */
export type CapRefusal = 'size' | 'count' | 'total';

/** What a ticket holds already (files and their bytes), in-flight downloads included by the caller. */
export interface AttachmentUsage {
  count: number;
  bytes: number;
}

/**
 * The limit a file of `size` bytes (null: not known yet, only the count can be judged) would
 * break on a ticket that holds `usage`, or null when it may be kept.
 */
export function capRefusal(
  caps: AttachmentCaps,
  usage: AttachmentUsage,
  size: number | null,
): CapRefusal | null {
  if (usage.count >= caps.maxCount) return 'count';
  if (size === null) return null;
  if (size > caps.maxFileBytes) return 'size';
  if (usage.bytes + size > caps.maxTotalBytes) return 'total';
  return null;
}

function refusalNote(
  kind: AttachmentKind,
  fileName: string,
  reason: CapRefusal,
  size: number | null,
  caps: AttachmentCaps,
): string {
  const why =
    reason === 'size'
      ? `${size === null ? '' : `${formatSize(size)}, `}超过单个上限 ${formatSize(caps.maxFileBytes)}`
      : reason === 'count'
        ? `本单附件已满 ${caps.maxCount} 个`
        : `本单附件合计将超过 ${formatSize(caps.maxTotalBytes)}`;
  return `${attachmentKindNames[kind].noun} ${fileName} (${why})`;
}

/** A photo or file from a group, about to be attached to a ticket or refused. */
export interface MediaInput {
  messageId: string;
  compoundId: number;
  /** The group it was sent in; the acknowledgement goes there. */
  roomId: string;
  /** The ticket the adapter looked up before downloading (and filed the file under). */
  ticketId: number;
  speakerId: string;
  kind: AttachmentKind;
  fileName: string;
  /** When the message arrived: the 10-minute window is judged at this time, not after the download. */
  receivedAt: number;
  /** The file as each of our accounts sees it (db/messages.ts `crossAccountKey`): attached once. */
  crossKey?: string | null;
}

/** A file already written to the data folder, to attach. */
export interface AttachmentInput extends MediaInput {
  /** Relative to the data folder. */
  path: string;
  /** The bytes on disk (not what the puppet said). */
  size: number;
}

export type AttachResult =
  | { status: 'stored'; ticketNo: number; attachmentId: number; total: number; queued: number }
  /** Over a /设置 附件 limit: not kept; the timeline says so, and the burst's one line. */
  | { status: 'refused'; reason: CapRefusal; ticketNo: number; queued: number }
  /** Handled before (a redelivery). `fileInUse`: the stored row points at this very file, keep it. */
  | { status: 'duplicate'; fileInUse: boolean }
  /** Not the speaker's ticket, or past the window: ignored silently, the file is not kept. */
  | { status: 'not-attachable' };

type TicketRow = Pick<Ticket, 'id' | 'no'>;

/** Claims the message and finds its ticket, or says why not (a redelivery, not attachable). */
async function claimFor(
  tx: DbOrTx,
  input: MediaInput,
  path: string | null,
  now: number,
): Promise<
  { ticket: TicketRow } | { skip: Extract<AttachResult, { status: 'duplicate' | 'not-attachable' }> }
> {
  if (!(await claimMessage(tx, input.messageId, now, input.crossKey))) {
    const stored = await attachmentByMessage(tx, input.messageId);
    return { skip: { status: 'duplicate', fileInUse: path !== null && stored?.path === path } };
  }
  await lockTicket(tx, input.ticketId);
  const ticket = await tx.select().from(tickets).where(eq(tickets.id, input.ticketId)).get();
  if (!ticket || !attachesTo(ticket, input.compoundId, input.speakerId, input.receivedAt)) {
    return { skip: { status: 'not-attachable' } };
  }
  return { ticket };
}

/**
 * Queues the burst's one line, or rewrites it while it waits (see {@link ACK_GATHER_MS}). A new
 * line is written only when `mayStart`: a refusal after the reporter was told once starts none.
 */
async function tellBurst(
  tx: DbOrTx,
  ticket: TicketRow,
  roomId: string,
  keySuffix: string,
  caps: AttachmentCaps,
  now: number,
  mayStart: boolean,
): Promise<number> {
  const lineSince = async (since: number) =>
    burstText(
      ticket.no,
      await attachmentsOf(tx, ticket.id, since),
      await attachmentCount(tx, ticket.id),
      await refusalsSince(tx, ticket.id, since),
      caps,
    );
  const pending = await pendingAck(tx, ticket.id, roomId, now);
  // A line a sender took meanwhile goes out as it was: this file starts a line of its own. The
  // line counts from this file too when its clock is the earlier one: two files read at once each
  // read the clock before waiting for the ticket's lock, so the one written second may carry the
  // earlier time (a refused 2MB photo and a small one, on a busy machine), and must not be left
  // out of the line it joins.
  const since = pending === null ? now : Math.min(pending.createdAt, now);
  if (pending && (await setOutboxText(tx, pending.id, await lineSince(since)))) return 0;
  if (!mayStart) return 0;
  const added = await enqueue(
    tx,
    {
      conversationId: roomId,
      text: await lineSince(now),
      dedupeKey: `${ackKeyPrefix(ticket.id)}${keySuffix}`,
      notBefore: now + ACK_GATHER_MS,
    },
    now,
  );
  return added ? 1 : 0;
}

/**
 * Writes down a file not kept: a timeline event that says why, and the burst's line. The
 * reporter is told once per ticket: the first refusal starts a line, later ones join a line
 * still waiting and otherwise only show in `/进度` (a hostile sender cannot make the bot talk).
 */
async function writeRefusal(
  tx: DbOrTx,
  ticket: TicketRow,
  input: MediaInput,
  reason: CapRefusal,
  size: number | null,
  caps: AttachmentCaps,
  now: number,
): Promise<AttachResult> {
  const toldBefore = (await refusalsSince(tx, ticket.id, 0)) > 0;
  const event = await addTicketEvent(tx, {
    ticketId: ticket.id,
    kind: 'attachment_refused',
    actorId: input.speakerId,
    at: now,
    note: refusalNote(input.kind, safeFileName(input.fileName, input.kind), reason, size, caps),
  });
  const queued = await tellBurst(tx, ticket, input.roomId, `r${event.id}`, caps, now, !toldBefore);
  return { status: 'refused', reason, ticketNo: ticket.no, queued };
}

/**
 * Records a file that is not kept because the adapter saw it break a limit before downloading it
 * (the size the puppet reported, or a ticket already full): the same claim, event and line as a
 * refusal after the download.
 */
export async function refuseAttachment(
  db: DbOrTx,
  input: MediaInput & { size: number | null },
  reason: CapRefusal,
  now: number,
): Promise<AttachResult> {
  return db.transaction(async (tx): Promise<AttachResult> => {
    const claim = await claimFor(tx, input, null, now);
    if ('skip' in claim) return claim.skip;
    const { ticket } = claim;
    const caps = (await compoundSettings(tx, input.compoundId)).attachments;
    return await writeRefusal(tx, ticket, input, reason, input.size, caps, now);
  });
}

/**
 * Records an attachment in one transaction: claims the message id (a redelivered photo is stored
 * once), checks the /设置 附件 limits against the bytes on disk, inserts the row and an
 * 'attachment' event for `/进度`, and queues or rewrites the single line of the current burst
 * (see {@link ACK_GATHER_MS}). A file over a limit is refused instead (see {@link writeRefusal}).
 * The caller deletes the file unless the result is `stored` or a duplicate whose row uses the
 * same file.
 */
export async function recordAttachment(
  db: DbOrTx,
  input: AttachmentInput,
  now: number,
): Promise<AttachResult> {
  return db.transaction(async (tx): Promise<AttachResult> => {
    const claim = await claimFor(tx, input, input.path, now);
    if ('skip' in claim) return claim.skip;
    const { ticket } = claim;
    const caps = (await compoundSettings(tx, input.compoundId)).attachments;
    const reason = capRefusal(caps, await attachmentUsage(tx, ticket.id), input.size);
    if (reason !== null) return await writeRefusal(tx, ticket, input, reason, input.size, caps, now);
    const fileName = safeFileName(input.fileName, input.kind);
    const row = await tx
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
    await tx
      .insert(ticketEvents)
      .values({
        ticketId: ticket.id,
        kind: 'attachment',
        actorId: input.speakerId,
        at: now,
        note: `${attachmentKindNames[input.kind].noun} ${fileName}`,
      })
      .run();
    await tx.update(tickets).set({ updatedAt: now }).where(eq(tickets.id, ticket.id)).run();
    const queued = await tellBurst(tx, ticket, input.roomId, String(row.id), caps, now, true);
    return {
      status: 'stored',
      ticketNo: ticket.no,
      attachmentId: row.id,
      total: await attachmentCount(tx, ticket.id),
      queued,
    };
  });
}

/**
 * The count line for `/进度`: "附件 3 个: 2 张照片、1 个视频", or null when there are none.
 */
export async function attachmentSummary(db: DbOrTx, ticketId: number): Promise<string | null> {
  const all = await attachmentsOf(db, ticketId);
  if (all.length === 0) return null;
  return `附件 ${all.length} 个: ${kindOrder
    .map((k) => [k, all.filter((a) => a.kind === k).length] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${attachmentKindNames[k].unit}${attachmentKindNames[k].noun}`)
    .join('、')}`;
}

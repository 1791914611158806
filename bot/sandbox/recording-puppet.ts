/**
 * A mock puppet that remembers what the bot sends. The plain PuppetMock drops the mention list
 * and returns no message id (WECHATY-NOTES.md), so tests, the sandbox and the local puppet
 * server use this one to read the bot's replies back from the group.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { FileBox, type FileBoxInterface } from 'file-box';
import * as PUPPET from 'wechaty-puppet';
import { PuppetMock } from 'wechaty-puppet-mock';

export interface SentMessage {
  id: string;
  conversationId: string;
  text?: string;
  mentionIds: string[];
  file?: { name: string; data: Buffer };
  at: number;
}

export class RecordingPuppet extends PuppetMock {
  readonly sent: SentMessage[] = [];
  /**
   * Message ids whose payload was handed out, and when: through a puppet server, what a bot
   * process has received (Wechaty reads the payload before it emits `message`).
   */
  readonly payloadsServed = new Map<string, number>();
  /** While set, room member look-ups (a group nickname) wait for it: a slow puppet service. */
  holdMemberLookups: Promise<void> | null = null;
  /** Emits `sent` with each SentMessage. */
  readonly outgoing = new EventEmitter();

  private emitOwn(conversationId: string, payload: Partial<PUPPET.payloads.Message>): string {
    const id = randomUUID();
    const isRoom = conversationId.includes('@');
    this.mocker.MessageMock.create({
      id,
      talkerId: this.currentUserId,
      timestamp: Date.now(),
      type: PUPPET.types.Message.Text,
      ...(isRoom ? { roomId: conversationId } : { listenerId: conversationId }),
      ...payload,
    } as PUPPET.payloads.Message);
    // A real puppet reports the bot's own messages back as message events; keep that trait.
    this.emit('message', { messageId: id });
    return id;
  }

  private record(message: SentMessage): void {
    this.sent.push(message);
    this.outgoing.emit('sent', message);
  }

  override async messageSendText(
    conversationId: string,
    text: string,
    mentionIdList?: string[],
  ): Promise<void> {
    if (!this.isLoggedIn) throw new Error('not logged in');
    const mentionIds = mentionIdList ?? [];
    const id = this.emitOwn(conversationId, { text, mentionIdList: mentionIds });
    this.record({ id, conversationId, text, mentionIds, at: Date.now() });
    return id as unknown as undefined;
  }

  override async messageSendFile(conversationId: string, file: FileBoxInterface): Promise<void> {
    if (!this.isLoggedIn) throw new Error('not logged in');
    const data = await file.toBuffer();
    const id = this.emitOwn(conversationId, { type: PUPPET.types.Message.Image });
    this.mocker.cacheFileBoxPayload.set(id, FileBox.fromBase64(data.toString('base64'), file.name).toJSON());
    this.record({ id, conversationId, mentionIds: [], file: { name: file.name, data }, at: Date.now() });
    return id as unknown as undefined;
  }

  override async messagePayload(messageId: string): Promise<PUPPET.payloads.Message> {
    const payload = await super.messagePayload(messageId);
    if (!this.payloadsServed.has(messageId)) this.payloadsServed.set(messageId, Date.now());
    return payload;
  }

  override async roomMemberPayload(roomId: string, memberId: string): Promise<PUPPET.payloads.RoomMember> {
    if (this.holdMemberLookups !== null) await this.holdMemberLookups;
    return super.roomMemberPayload(roomId, memberId);
  }

  /** Real puppets say `ready` once the account's contacts and rooms are loaded; the mock never does. */
  override async login(userId: string): Promise<void> {
    await super.login(userId);
    setTimeout(() => this.emit('ready', { data: 'recording puppet ready' }), 0);
  }

  /** The plain mock answers every image with a placeholder; return the file that was attached. */
  override async messageImage(messageId: string, _imageType: PUPPET.types.Image): Promise<FileBoxInterface> {
    return this.messageFile(messageId);
  }

  /** What the bot sent to one conversation. */
  sentTo(conversationId: string): SentMessage[] {
    return this.sent.filter((m) => m.conversationId === conversationId);
  }
}

/**
 * A scripted compound on a mock puppet: the bot account, the demo members and their groups.
 * Members speak with `say()`; the bot's replies are read from `puppet.sent`. Used by the
 * sandbox, the end-to-end tests and the local puppet server, so all three see the same world.
 */
import { FileBox } from 'file-box';
import { mock } from 'wechaty-puppet-mock';
import type { Db } from '../../db/client.js';
import { bindGroup, ensureCompound } from '../../db/compounds.js';
import { grantRole, syncMembers, upsertPerson } from '../../db/people.js';
import {
  type DemoMember,
  demoBot,
  demoCompoundName,
  demoMembers,
  demoOwnersRoom,
  demoStaffRoom,
} from './demo-compound.js';
import { RecordingPuppet } from './recording-puppet.js';

type ContactMock = ReturnType<mock.Mocker['createContact']>;
type RoomMock = ReturnType<mock.Mocker['createRoom']>;

export interface MockWorld {
  puppet: RecordingPuppet;
  mocker: mock.Mocker;
  botContact: ContactMock;
  contacts: Map<string, ContactMock>;
  rooms: Map<string, RoomMock>;
  /** Logs the bot account in (after the puppet has started). */
  login(): void;
  /**
   * A member says `text` in a room. `@名字 ` in the text becomes a real mention (as when a
   * user picks a member from WeChat's @ list), followed by the U+2005 mention space.
   */
  say(memberId: string, roomId: string, text: string): void;
  /** A member sends a file (photo, video, document) into a room. */
  sendFile(memberId: string, roomId: string, name: string, data: Buffer): void;
  /** A member writes to the bot privately. */
  sayPrivately(memberId: string, text: string): void;
  /** Adds a member to the world (and to rooms), e.g. 30 voters for a test. */
  addMember(member: { id: string; name: string }, roomIds: readonly string[]): ContactMock;
  /** A new group with the bot and these members in it, e.g. one an admin binds while the bot runs. */
  addRoom(room: { id: string; topic: string }, memberIds: readonly string[]): RoomMock;
  /** `inviterId` brings a member into a room: the puppet reports a room-join. */
  join(memberId: string, roomId: string, inviterId: string): void;
  /** `removerId` takes a member out of a room: the puppet reports a room-leave. */
  leave(memberId: string, roomId: string, removerId: string): void;
}

/**
 * Several of our accounts in the same groups (SPEC "Many accounts, one store"): each account's
 * puppet is a world of its own, `bot` the account it logs in as and `otherBots` our other
 * accounts, members of every group beside it.
 */
export interface WorldAccounts {
  bot?: { id: string; name: string };
  otherBots?: readonly { id: string; name: string }[];
}

export function createMockWorld(
  members: readonly DemoMember[] = demoMembers,
  puppet: RecordingPuppet = new RecordingPuppet({ mocker: new mock.Mocker() }),
  accounts: WorldAccounts = {},
): MockWorld {
  const mocker = puppet.mocker;
  const me = accounts.bot ?? demoBot;
  const botContact = mocker.createContact({ id: me.id, name: me.name });
  const contacts = new Map<string, ContactMock>();
  for (const m of members) contacts.set(m.id, mocker.createContact({ id: m.id, name: m.name }));
  const others = (accounts.otherBots ?? []).map((b) => mocker.createContact({ id: b.id, name: b.name }).id);
  const owners = mocker.createRoom({
    id: demoOwnersRoom.id,
    topic: demoOwnersRoom.topic,
    memberIdList: [botContact.id, ...others, ...members.map((m) => m.id)],
  });
  const staff = mocker.createRoom({
    id: demoStaffRoom.id,
    topic: demoStaffRoom.topic,
    memberIdList: [botContact.id, ...others, ...members.filter((m) => m.staffGroup).map((m) => m.id)],
  });
  const rooms = new Map<string, RoomMock>([
    [owners.id, owners],
    [staff.id, staff],
  ]);

  function contact(id: string): ContactMock {
    const c = contacts.get(id);
    if (!c) throw new Error(`no member ${id} in the mock world`);
    return c;
  }

  function room(id: string): RoomMock {
    const r = rooms.get(id);
    if (!r) throw new Error(`no room ${id} in the mock world`);
    return r;
  }

  function withMentions(text: string): { text: string; mentioned: ContactMock[] } {
    const mentioned: ContactMock[] = [];
    const names = [...contacts.values(), botContact].sort(
      (a, b) => b.payload.name.length - a.payload.name.length,
    );
    let out = text;
    for (const c of names) {
      const token = `@${c.payload.name}`;
      if (!out.includes(token)) continue;
      mentioned.push(c);
      // WeChat puts U+2005 after a picked mention; a space typed after it is swallowed.
      out = out.split(`${token} `).join(`${token}\u2005`);
      if (out.endsWith(token)) out = `${out}\u2005`;
    }
    return {
      text: out,
      mentioned: mentioned.sort((a, b) => text.indexOf(a.payload.name) - text.indexOf(b.payload.name)),
    };
  }

  return {
    puppet,
    mocker,
    botContact,
    contacts,
    rooms,
    login: () => mocker.login(botContact),
    say(memberId, roomId, text) {
      const { text: withMarks, mentioned } = withMentions(text);
      contact(memberId).say(withMarks, mentioned).to(room(roomId));
    },
    sendFile(memberId, roomId, name, data) {
      contact(memberId)
        .say(FileBox.fromBase64(data.toString('base64'), name))
        .to(room(roomId));
    },
    sayPrivately(memberId, text) {
      contact(memberId).say(text).to(botContact);
    },
    addMember(member, roomIds) {
      const c = mocker.createContact({ id: member.id, name: member.name });
      contacts.set(member.id, c);
      for (const id of roomIds) {
        const r = room(id);
        r.payload.memberIdList = [...r.payload.memberIdList, c.id];
        mocker.roomPayload(r.id, r.payload);
      }
      return c;
    },
    addRoom(spec, memberIds) {
      for (const id of memberIds) contact(id);
      const r = mocker.createRoom({ ...spec, memberIdList: [botContact.id, ...memberIds] });
      rooms.set(r.id, r);
      return r;
    },
    join(memberId, roomId, inviterId) {
      room(roomId).add(contact(memberId)).by(contact(inviterId));
    },
    leave(memberId, roomId, removerId) {
      room(roomId).remove(contact(memberId)).by(contact(removerId));
    },
  };
}

/**
 * Puts the demo compound into a database, as an admin would with /绑定群 and /角色.
 * Idempotent, so the sandbox can run it at every start.
 */
export async function seedDemoCompound(
  db: Db,
  now: number,
  members: readonly DemoMember[] = demoMembers,
): Promise<number> {
  return await db.transaction(async (tx) => {
    const { compound } = await ensureCompound(tx, demoCompoundName, now);
    const admin = members.find((m) => m.roles.includes('admin'))?.id ?? 'seed';
    await bindGroup(
      tx,
      {
        roomId: demoOwnersRoom.id,
        compoundId: compound.id,
        kind: 'owners',
        topic: demoOwnersRoom.topic,
        boundBy: admin,
      },
      now,
    );
    await bindGroup(
      tx,
      {
        roomId: demoStaffRoom.id,
        compoundId: compound.id,
        kind: 'staff',
        topic: demoStaffRoom.topic,
        boundBy: admin,
      },
      now,
    );
    for (const m of members) {
      await upsertPerson(tx, m, now);
      for (const role of m.roles)
        await grantRole(tx, { compoundId: compound.id, personId: m.id, role, grantedBy: admin }, now);
    }
    await syncMembers(tx, demoOwnersRoom.id, members, now);
    await syncMembers(
      tx,
      demoStaffRoom.id,
      members.filter((m) => m.staffGroup),
      now,
    );
    return compound.id;
  });
}

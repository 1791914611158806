import { describe, expect, it } from 'vitest';
import type { Contact, Room } from 'wechaty';
import { GroupNicknames } from '../../bot/wechaty-adapter.js';

/** A room whose `alias()` answers from a table and counts the calls (each one a puppet call). */
function fakeRoom(id: string, aliases: Map<string, string | undefined>) {
  const calls: string[] = [];
  let failing = false;
  const room = {
    id,
    async alias(contact: Contact) {
      calls.push(contact.id);
      if (failing) throw new Error('link down');
      return aliases.get(contact.id);
    },
  } as unknown as Room;
  return {
    room,
    calls,
    fail: (on: boolean) => {
      failing = on;
    },
  };
}
const contact = (id: string) => ({ id }) as unknown as Contact;

describe('group nicknames', () => {
  it('GIVEN a nickname looked up once THEN the next lookups within the minute make no puppet call', async () => {
    let now = 0;
    const nicknames = new GroupNicknames(60_000, () => now);
    const g = fakeRoom('g@chatroom', new Map([['wxid_zhangsan', '3号楼张三']]));
    expect(await nicknames.of(g.room, contact('wxid_zhangsan'))).toBe('3号楼张三');
    now = 59_999;
    expect(await nicknames.of(g.room, contact('wxid_zhangsan'))).toBe('3号楼张三');
    expect(g.calls).toEqual(['wxid_zhangsan']);
    now = 60_000;
    expect(await nicknames.of(g.room, contact('wxid_zhangsan'))).toBe('3号楼张三');
    expect(g.calls).toHaveLength(2);
  });

  it('GIVEN no nickname THEN it is "" and that is remembered too', async () => {
    const nicknames = new GroupNicknames();
    const g = fakeRoom('g@chatroom', new Map());
    expect(await nicknames.of(g.room, contact('wxid_lisi'))).toBe('');
    expect(await nicknames.of(g.room, contact('wxid_lisi'))).toBe('');
    expect(g.calls).toHaveLength(1);
  });

  it('GIVEN the same member in two groups THEN each group has its own nickname', async () => {
    const nicknames = new GroupNicknames();
    const a = fakeRoom('a@chatroom', new Map([['wxid_zhangsan', '张三(业主群)']]));
    const b = fakeRoom('b@chatroom', new Map([['wxid_zhangsan', '张三(楼长群)']]));
    expect(await nicknames.of(a.room, contact('wxid_zhangsan'))).toBe('张三(业主群)');
    expect(await nicknames.of(b.room, contact('wxid_zhangsan'))).toBe('张三(楼长群)');
  });

  it('GIVEN a room or a contact forgotten (join, leave, dirty) THEN the next lookup asks the puppet again', async () => {
    const aliases = new Map([['wxid_zhangsan', '张三']]);
    const nicknames = new GroupNicknames();
    const g = fakeRoom('g@chatroom', aliases);
    await nicknames.of(g.room, contact('wxid_zhangsan'));
    aliases.set('wxid_zhangsan', '物业经理');
    nicknames.forgetRoom('g@chatroom');
    expect(await nicknames.of(g.room, contact('wxid_zhangsan'))).toBe('物业经理');
    aliases.set('wxid_zhangsan', '张三');
    nicknames.forgetContact('wxid_zhangsan');
    expect(await nicknames.of(g.room, contact('wxid_zhangsan'))).toBe('张三');
    expect(g.calls).toHaveLength(3);
  });

  it('GIVEN a failed lookup THEN it answers "" and is not remembered', async () => {
    const nicknames = new GroupNicknames();
    const g = fakeRoom('g@chatroom', new Map([['wxid_zhangsan', '张三']]));
    g.fail(true);
    expect(await nicknames.of(g.room, contact('wxid_zhangsan'))).toBe('');
    g.fail(false);
    expect(await nicknames.of(g.room, contact('wxid_zhangsan'))).toBe('张三');
  });
});

/**
 * The exact floor of bench part 1 (bench/command-floor.ts): one `/报修` recorded at the store's
 * executor and replayed raw. On both stores (the `all` project is SQLite, `postgres` runs this
 * file again on a fresh PostgreSQL database): the replay is what the benchmark times, so a replay
 * that wrote less than the bot (a duplicate message id, a ticket number taken, an event on the
 * wrong ticket) would make the floor too low, and fails here.
 */
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type ExactFloor,
  insertShapes,
  pgExactFloor,
  planFloor,
  StatementRecorder,
  type Step,
  sqliteExactFloor,
} from '../../bench/command-floor.js';
import { benchDispatcher } from '../../bench/stats.js';
import { demoBot, demoOwnersRoom } from '../../bot/sandbox/demo-compound.js';
import { seedDemoCompound } from '../../bot/sandbox/mock-world.js';
import { type DatabaseHandle, type Db, openDatabase } from '../../db/client.js';
import { freshPostgres } from '../support/pg.js';
import { testStore } from '../support/store.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A new database of the test's store opened with a recorder, as the bench opens its own. */
async function recordedStore(): Promise<{
  handle: DatabaseHandle;
  recorder: StatementRecorder;
  url: string;
}> {
  const fresh = testStore === 'postgres' ? await freshPostgres() : { url: ':memory:', drop: async () => {} };
  const recorder = new StatementRecorder();
  const handle = await openDatabase(fresh.url, { wrapExecutor: recorder.wrap });
  cleanups.push(async () => {
    await handle.close();
    await fresh.drop();
  });
  return { handle, recorder, url: fresh.url };
}

async function floorOf(handle: DatabaseHandle, url: string, steps: Step[]): Promise<ExactFloor> {
  if (handle.sqlite !== null) return sqliteExactFloor(handle.sqlite, steps);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  cleanups.push(() => client.end());
  return pgExactFloor(client, steps);
}

const count = async (db: Db, table: string) =>
  Number((await db.get<[number]>(sql.raw(`select count(*) from "${table}"`)))[0]);

async function counts(db: Db) {
  return {
    tickets: await count(db, 'tickets'),
    events: await count(db, 'ticket_events'),
    outbox: await count(db, 'outbox'),
    inbox: await count(db, 'inbox'),
    claims: await count(db, 'message_claims'),
  };
}

/** The demo compound, three /报修 already filed (warm caches, as after the bench's timed ones), and one recorded. */
async function captureOne(crossKey?: string) {
  const { handle, recorder, url } = await recordedStore();
  const now = 1_800_000_000_000;
  await seedDemoCompound(handle.db, now);
  const dispatcher = benchDispatcher(handle.db);
  const filing = (i: number) => ({
    id: `msg-${i}`,
    text: '/报修 3号楼2单元楼道灯不亮',
    speaker: { id: 'wxid_zhangsan', name: '张三' },
    room: demoOwnersRoom,
    mentions: [],
    self: { id: demoBot.id, names: [demoBot.name] },
    ...(crossKey === undefined ? {} : { crossKey: `${crossKey}-${i}` }),
  });
  for (let i = 0; i < 3; i++) expect((await dispatcher.dispatch(filing(i), now + i)).status).toBe('ok');
  const before = await counts(handle.db);
  const { result, steps } = await recorder.record(() => dispatcher.dispatch(filing(3), now + 3));
  expect(result.status).toBe('ok');
  const after = await counts(handle.db);
  return { handle, url, steps, before, after };
}

const statements = (steps: Step[]) => steps.filter((s) => s.kind === 'statement');
const inserts = (steps: Step[], table: string) =>
  statements(steps).filter((s) => s.text.startsWith(`insert into "${table}" `));

describe('the exact floor of one /报修 (bench part 1)', () => {
  it('GIVEN one /报修 recorded THEN its ticket, event and outbox inserts are inside its one transaction', async () => {
    const { steps, before, after } = await captureOne();
    const begin = steps.findIndex((s) => s.kind === 'begin');
    const commit = steps.findIndex((s) => s.kind === 'commit');
    expect(steps.filter((s) => s.kind === 'begin')).toHaveLength(1);
    expect(begin).toBe(0);
    expect(commit).toBe(steps.length - 1);
    expect(steps.some((s) => s.kind === 'rollback')).toBe(false);
    for (const table of ['tickets', 'ticket_events', 'outbox']) {
      const found = inserts(steps, table);
      expect(found.length, table).toBeGreaterThan(0);
      for (const s of found) {
        expect(s.inTransaction).toBe(true);
        expect(steps.indexOf(s)).toBeGreaterThan(begin);
        expect(steps.indexOf(s)).toBeLessThan(commit);
      }
    }
    expect(inserts(steps, 'tickets')).toHaveLength(1);
    expect(inserts(steps, 'ticket_events')).toHaveLength(1);
    // The reply and the staff notice, two rows in one insert (db/outbox.ts enqueueAll).
    expect(after.outbox - before.outbox).toBe(2);
    expect(inserts(steps, 'outbox')).toHaveLength(1);
    // The reads are recorded too: the group, with the speaker's roles, the compound's groups and
    // its settings in the same statement (db/compounds.ts groupContext); the next number is read
    // by the insert.
    const groupRead = statements(steps).filter((s) => s.text.startsWith('select "groups"."room_id"'));
    expect(groupRead).toHaveLength(1);
    for (const table of ['"role_grants"', '"groups" "compound_group"', '"settings"'])
      expect(groupRead[0]?.text).toContain(`from ${table}`);
    expect(statements(steps).some((s) => s.text.includes('from "settings" where'))).toBe(true);
    expect(inserts(steps, 'tickets')[0]?.text).toContain('(select coalesce(max("tickets"."no"), 0) + 1');
    expect(statements(steps).length).toBeGreaterThan(6);
  });

  it('GIVEN the recorded /报修 replayed twice THEN two more tickets with new numbers, their events and as many outbox rows as the bot wrote', async () => {
    const { handle, url, steps, before, after } = await captureOne();
    const outboxPerFiling = after.outbox - before.outbox;
    expect(outboxPerFiling).toBe(2);
    expect(after.tickets - before.tickets).toBe(1);
    const floor = await floorOf(handle, url, steps);
    expect(floor.statements).toBe(statements(steps).length);
    const nos = [await floor.once(), await floor.once()];
    const replayed = await counts(handle.db);
    expect(replayed.tickets - after.tickets).toBe(2);
    expect(replayed.events - after.events).toBe(2);
    expect(replayed.outbox - after.outbox).toBe(2 * outboxPerFiling);
    expect(replayed.inbox - after.inbox).toBe(2);

    const last = await handle.db.all<[number, number]>(
      sql`select "id", "no" from "tickets" order by "id" desc limit 3`,
    );
    const [second, first, captured] = last.map(([id, no]) => ({ id: Number(id), no: Number(no) }));
    // Numbered on from the captured ticket, each its own.
    expect(nos).toEqual([(captured?.no ?? 0) + 1, (captured?.no ?? 0) + 2]);
    expect([first?.no, second?.no]).toEqual(nos);
    // Each replay's event is on the ticket that replay inserted.
    const events = await handle.db.all<[number]>(
      sql`select "ticket_id" from "ticket_events" order by "id" desc limit 2`,
    );
    expect(events.map(([t]) => Number(t))).toEqual([second?.id, first?.id]);
  });

  it('GIVEN a /报修 claimed with a cross-account key THEN each replay claims a key of its own', async () => {
    const { handle, url, steps, before, after } = await captureOne('cross');
    expect(after.claims - before.claims).toBe(1);
    const floor = await floorOf(handle, url, steps);
    await floor.once();
    await floor.once();
    const replayed = await counts(handle.db);
    expect(replayed.claims - after.claims).toBe(2);
    expect(replayed.tickets - after.tickets).toBe(2);
  });
});

describe('insertShapes', () => {
  it('gives each inserted column the parameter behind it, in values tuples and select lists', () => {
    const shape = (text: string) => insertShapes(text).map((s) => [s.table, Object.fromEntries(s.columns)]);
    expect(
      shape(
        `insert into "outbox" ("id", "text", "conversation_id", "dedupe_key") values (null, 'a?,b', ?, coalesce(?, '')), (null, ?, ?, ?) on conflict do nothing`,
      ),
    ).toEqual([['outbox', { id: [], text: [2], conversation_id: [0, 3], dedupe_key: [4] }]]);
    expect(
      shape(`with claimed as (
        insert into "inbox" ("message_id", "received_at", "handled_at") values (?, ?, ?)
        on conflict ("message_id") do update set "handled_at" = excluded."handled_at" returning 1),
      keyed as (insert into "message_claims" ("key", "claimed_at") select ?, ? where exists (select 1 from claimed)
        on conflict do nothing returning 1)
      select (select count(*) from claimed), (select count(*) from keyed)`),
    ).toEqual([
      ['inbox', { message_id: [0], received_at: [1], handled_at: [2] }],
      ['message_claims', { key: [3], claimed_at: [4] }],
    ]);
  });

  it('GIVEN a renewed value passed again where no rule renews it THEN the plan is refused', () => {
    const statement = (text: string, params: unknown[]): Step => ({
      kind: 'statement',
      text,
      params,
      method: 'run',
      inTransaction: true,
      count: 1,
    });
    const steps: Step[] = [
      { kind: 'begin' },
      statement('insert into "inbox" ("message_id", "received_at") values (?, ?)', ['m-1', 5]),
      statement('insert into "tickets" ("compound_id", "no") values (?, ?)', [1, 7]),
      { kind: 'commit' },
    ];
    expect(planFloor(steps).statements).toBe(2);
    steps.splice(
      3,
      0,
      statement('update "inbox" set "text" = ? where "inbox"."message_id" = ?', ['x', 'm-1']),
    );
    expect(() => planFloor(steps)).toThrow(/repeats a value the replay renews/);
  });
});

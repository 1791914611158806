/**
 * Where SQLite and PostgreSQL need different SQL, one function each (the store issue: "queries
 * differ only where SQL truly differs, in one named place each"). Everything else is built once by
 * drizzle's SQLite builder and runs on both (db/client.ts).
 */
import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { DbOrTx } from './client.js';
import { areas, compounds, tickets } from './schema.js';

/**
 * Serialises numbering within a compound (tickets `#n`, polls `#n`) until the transaction ends,
 * so two commands filed at once, from two processes, never take the same number and leave no gap.
 * SQLite: nothing to do, a transaction begins IMMEDIATE and holds the file's one write lock.
 * PostgreSQL: the compound's row, locked FOR UPDATE (READ COMMITTED would let both read one max).
 */
export async function lockCompoundNumbering(db: DbOrTx, compoundId: number): Promise<void> {
  if (db.store === 'sqlite') return;
  await db.run(
    sql`select ${compounds.id} from ${compounds} where ${compounds.id} = ${compoundId} for update`,
  );
}

/**
 * Serialises the writers of one ticket's files until the transaction ends: two photos recorded at
 * once must find each other's line of acknowledgement, not each start one. SQLite: nothing to do
 * (one writer at a time). PostgreSQL: the ticket's row, locked FOR UPDATE; statements after it
 * see what the other writer committed.
 */
export async function lockTicket(db: DbOrTx, ticketId: number): Promise<void> {
  if (db.store === 'sqlite') return;
  await db.run(sql`select ${tickets.id} from ${tickets} where ${tickets.id} = ${ticketId} for update`);
}

/**
 * Serialises the writers of one community's meetings until the transaction ends: two
 * `/联席会议` typed at once (two accounts in the group, two processes) must not both find no
 * meeting upcoming and each call one. SQLite: nothing to do (one writer at a time). PostgreSQL:
 * the community's row, locked FOR UPDATE.
 */
export async function lockArea(db: DbOrTx, areaId: number): Promise<void> {
  if (db.store === 'sqlite') return;
  await db.run(sql`select ${areas.id} from ${areas} where ${areas.id} = ${areaId} for update`);
}

/**
 * Makes one schedule's run the only one across every process on the store until the transaction
 * ends; a second process that ticked at the same moment then runs after it, sees what it wrote,
 * and finds nothing due. SQLite: nothing to do (one writer at a time). PostgreSQL: a
 * transaction-level advisory lock keyed by the schedule's name.
 */
export async function lockSchedule(db: DbOrTx, name: string): Promise<void> {
  if (db.store === 'sqlite') return;
  await db.run(sql`select pg_advisory_xact_lock(${SCHEDULE_LOCKS}, hashtext(${name}))`);
}

/** The first key of the schedules' advisory locks (the second is the schedule's name hashed). */
const SCHEDULE_LOCKS = 0x4847_4a32; // "HGJ2"

/**
 * Serialises the recording of one member's private messages until the transaction ends, so their
 * inbox ids follow the order they commit in (db/messages.ts `privateArrivals` counts by id). Two
 * accounts recording at once otherwise take ids 10 and 11 and may commit 11 first: the message
 * with id 11 is then counted without the 10th, both count 10 or fewer, and a member writing to two
 * accounts gets one answer more than the flood limit. SQLite: nothing to do (one writer at a
 * time). PostgreSQL: a transaction-level advisory lock keyed by the member's id.
 */
export async function lockPrivateArrivals(db: DbOrTx, speakerId: string): Promise<void> {
  if (db.store === 'sqlite') return;
  await db.run(sql`select pg_advisory_xact_lock(${PRIVATE_ARRIVAL_LOCKS}, hashtext(${speakerId}))`);
}

/** The first key of the private arrivals' advisory locks (the second is the member's id hashed). */
const PRIVATE_ARRIVAL_LOCKS = 0x4847_4a33; // "HGJ3"

/**
 * PostgreSQL's form of claiming a message with its cross-account key (db/messages.ts
 * `claimMessage`): one statement instead of two on every message's path, as SQLite has no
 * data-modifying `with`. The key is inserted only when the message id was claimed, as the two
 * statements do one after the other; null on SQLite, which runs those two.
 */
export async function claimMessageAndKeyAtOnce(
  db: DbOrTx,
  messageId: string,
  now: number,
  key: string,
): Promise<{ claimed: boolean; keyed: boolean } | null> {
  if (db.store === 'sqlite') return null;
  const row = await db.get<[number, number]>(sql`
    with claimed as (
      insert into "inbox" ("message_id", "received_at", "handled_at") values (${messageId}, ${now}, ${now})
      on conflict ("message_id") do update set "handled_at" = excluded."handled_at"
      where "inbox"."handled_at" is null
      returning 1),
    keyed as (
      insert into "message_claims" ("key", "claimed_at") select ${key}, ${now} where exists (select 1 from claimed)
      on conflict do nothing
      returning 1)
    select (select count(*) from claimed), (select count(*) from keyed)`);
  return { claimed: Number(row[0]) > 0, keyed: Number(row[1]) > 0 };
}

/**
 * JSON aggregates, for reading a row with its few dependants in one statement (db/compounds.ts
 * `groupContext`): an array of `value` over the rows of the subquery it is used in, an object of
 * `key` to `value`, and an object of named values. SQLite: json_group_array, json_group_object and
 * json_object, read back as text; PostgreSQL: json_agg, json_object_agg and json_build_object,
 * read back parsed by node-postgres (see {@link fromJson}). Over no rows both give an empty array
 * or object (PostgreSQL's aggregates give null: coalesced).
 */
export function jsonArrayAgg(db: DbOrTx, value: SQLWrapper): SQL {
  return db.store === 'sqlite'
    ? sql`json_group_array(${value})`
    : sql`coalesce(json_agg(${value}), '[]'::json)`;
}

/** See {@link jsonArrayAgg}. */
export function jsonObjectAgg(db: DbOrTx, key: SQLWrapper, value: SQLWrapper): SQL {
  return db.store === 'sqlite'
    ? sql`json_group_object(${key}, ${value})`
    : sql`coalesce(json_object_agg(${key}, ${value}), '{}'::json)`;
}

/** See {@link jsonArrayAgg}. */
export function jsonObject(db: DbOrTx, fields: Record<string, SQLWrapper>): SQL {
  const pairs = sql.join(
    // The names are the code's own (checked), written as literals: PostgreSQL cannot type a bound one.
    Object.entries(fields).map(([name, value]) => {
      if (!/^\w+$/.test(name)) throw new Error(`jsonObject: bad field name ${name}`);
      return sql`${sql.raw(`'${name}'`)}, ${value}`;
    }),
    sql`, `,
  );
  return db.store === 'sqlite' ? sql`json_object(${pairs})` : sql`json_build_object(${pairs})`;
}

/** The SQL type of a column of {@link jsonRows}: text, or a whole number (times in ms, ids). */
export type JsonColumnType = 'text' | 'bigint';

/**
 * Rows as a table `elements`, one column per entry of `columns` (named and typed as given, in
 * order), from one bound parameter: the rows as JSON text. A batch of any size is then one SQL
 * text, one prepared statement, and no drizzle chunk per value. Written as a multi-row VALUES
 * list through drizzle, 200 speaker leases (renewed every 5 s) allocated about 1.6 MB a time and
 * each batch size was a statement of its own. SQLite: json_each and json_extract; PostgreSQL:
 * json_array_elements and `->>` with a cast.
 */
export function jsonRows(
  db: DbOrTx,
  columns: Record<string, JsonColumnType>,
  rows: readonly (readonly (string | number | null)[])[],
): SQL {
  const json = JSON.stringify(rows);
  const fields = Object.entries(columns).map(([name, type], i) => {
    // The names are the code's own (checked), written as identifiers.
    if (!/^\w+$/.test(name)) throw new Error(`jsonRows: bad column name ${name}`);
    return db.store === 'sqlite'
      ? `json_extract(value, '$[${i}]') as ${name}`
      : `cast(value->>${i} as ${type}) as ${name}`;
  });
  const from =
    db.store === 'sqlite' ? sql`json_each(${json})` : sql`json_array_elements(cast(${json} as json))`;
  return sql`(select ${sql.raw(fields.join(', '))} from ${from}) as elements`;
}

/** A value of {@link jsonArrayAgg} and its kin as read back: text on SQLite, parsed on PostgreSQL. */
export function fromJson(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

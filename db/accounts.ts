/**
 * Our WeChat accounts and who speaks for which conversation (SPEC "Many accounts, one store"):
 * the queries behind bot/leases.ts and the `/帮助` line naming the speaking account.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { changedRows, type DbOrTx } from './client.js';
import { jsonRows } from './dialect.js';
import { accountRooms, type BotAccount, botAccounts, speakerLeases } from './schema.js';

/** Records (or refreshes) one of our accounts at its login. */
export async function recordAccount(
  db: DbOrTx,
  account: { id: string; name: string },
  now: number,
): Promise<void> {
  await db
    .insert(botAccounts)
    .values({ id: account.id, name: account.name, firstSeenAt: now, lastSeenAt: now })
    .onConflictDoUpdate({ target: botAccounts.id, set: { name: account.name, lastSeenAt: now } })
    .run();
}

/** Every account of ours the store knows, oldest first. */
export async function allAccounts(db: DbOrTx): Promise<BotAccount[]> {
  return db.select().from(botAccounts).orderBy(asc(botAccounts.firstSeenAt), asc(botAccounts.id)).all();
}

/** The ids of all our accounts: none of them is ever a member of a group. */
export async function accountIds(db: DbOrTx): Promise<Set<string>> {
  return new Set((await db.select({ id: botAccounts.id }).from(botAccounts).all()).map((a) => a.id));
}

/** Notes that `accountId` sits in these groups (its room list after login, a room-join). */
export async function recordAccountRooms(
  db: DbOrTx,
  accountId: string,
  roomIds: readonly string[],
  now: number,
): Promise<void> {
  if (roomIds.length === 0) return;
  // Each room once: PostgreSQL refuses an upsert that touches a row twice.
  const rooms = jsonRows(
    db,
    { room_id: 'text' },
    [...new Set(roomIds)].map((id) => [id]),
  );
  await db.run(sql`
    insert into ${accountRooms} (room_id, account_id, seen_at)
    select room_id, cast(${accountId} as text), cast(${now} as bigint) from ${rooms} where true
    on conflict (room_id, account_id) do update set seen_at = excluded.seen_at`);
}

/** Forgets that `accountId` sits in a group (it left or was removed). */
export async function forgetAccountRoom(db: DbOrTx, accountId: string, roomId: string): Promise<void> {
  await db
    .delete(accountRooms)
    .where(and(eq(accountRooms.accountId, accountId), eq(accountRooms.roomId, roomId)))
    .run();
}

/**
 * Takes or renews the leases of these conversations for `accountId`, until `expiresAt`: a
 * compare-and-set per row, so of several accounts asking at once one gets each conversation. A
 * lease is taken when there is none, when it expired (its holder was killed or cut off), or when
 * it is this account's already (a renewal); one another account holds stays theirs. On
 * PostgreSQL the conflicting row is locked for the update, so two processes cannot both win it;
 * SQLite has one process. Returns the conversations this account holds now.
 */
export async function takeLeases(
  db: DbOrTx,
  accountId: string,
  conversationIds: readonly string[],
  now: number,
  expiresAt: number,
): Promise<string[]> {
  if (conversationIds.length === 0) return [];
  // Each conversation once: PostgreSQL refuses an upsert that touches a row twice. Always in one
  // order (`order by`): two processes locking the same rows in opposite orders would deadlock.
  // `where true`: SQLite would read the upsert's `on conflict` after a bare select as a join's `on`.
  const ids = [...new Set(conversationIds)].map((id) => [id]);
  const conversations = jsonRows(db, { conversation_id: 'text' }, ids);
  const rows = await db.values<[string]>(sql`
    insert into ${speakerLeases} (conversation_id, account_id, expires_at)
    select conversation_id, cast(${accountId} as text), cast(${expiresAt} as bigint) from ${conversations}
    where true order by conversation_id
    on conflict (conversation_id) do update set account_id = excluded.account_id, expires_at = excluded.expires_at
    where ${speakerLeases.accountId} = ${accountId} or ${speakerLeases.expiresAt} <= ${now}
    returning conversation_id`);
  return rows.map(([id]) => id);
}

/**
 * Takes a conversation's lease whoever holds it: a member's private chat is answered by the
 * account they last wrote to (the other account's renewal then finds it gone).
 */
export async function takeLeaseOver(
  db: DbOrTx,
  accountId: string,
  conversationId: string,
  expiresAt: number,
): Promise<void> {
  await db
    .insert(speakerLeases)
    .values({ conversationId, accountId, expiresAt })
    .onConflictDoUpdate({ target: speakerLeases.conversationId, set: { accountId, expiresAt } })
    .run();
}

/** Gives up this account's leases (all, or these conversations'): another account takes them at once. */
export async function releaseLeases(
  db: DbOrTx,
  accountId: string,
  conversationIds?: readonly string[],
): Promise<number> {
  const mine = eq(speakerLeases.accountId, accountId);
  const where =
    conversationIds === undefined
      ? mine
      : and(mine, inArray(speakerLeases.conversationId, [...conversationIds]));
  return changedRows(await db.delete(speakerLeases).where(where).run());
}

/** Who speaks for a group now and which of our other accounts sit in it, for `/帮助`. */
export async function groupSpeakers(
  db: DbOrTx,
  roomId: string,
  now: number,
): Promise<{ speaker: BotAccount | null; standby: BotAccount[] }> {
  const lease = await db.select().from(speakerLeases).where(eq(speakerLeases.conversationId, roomId)).get();
  const holder = lease && lease.expiresAt > now ? lease.accountId : null;
  const present = await db
    .select({ account: botAccounts })
    .from(accountRooms)
    .innerJoin(botAccounts, eq(botAccounts.id, accountRooms.accountId))
    .where(eq(accountRooms.roomId, roomId))
    .orderBy(asc(botAccounts.firstSeenAt), asc(botAccounts.id))
    .all();
  const accounts = present.map((p) => p.account);
  const speaker =
    holder === null
      ? null
      : (accounts.find((a) => a.id === holder) ??
        (await db.select().from(botAccounts).where(eq(botAccounts.id, holder)).get()) ??
        null);
  return { speaker, standby: accounts.filter((a) => a.id !== holder) };
}

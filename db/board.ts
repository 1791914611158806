/**
 * The tokens of the board pages (SPEC "The desk"), table `board_tokens` in schema.ts: one per
 * compound, community or street, made on first use, replaced by `/公示页 重置`.
 */
import { randomBytes } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { DbOrTx } from './client.js';
import { type BoardOwnerKind, type BoardToken, boardTokens, unitClaims, units } from './schema.js';
import { affairNotices, type LedgerLine, ledgerLines } from './schema-affairs.js';
import { type Poll, polls } from './schema-votes.js';

export interface BoardOwner {
  kind: BoardOwnerKind;
  id: number;
}

/** 128 random bits as base64url: 22 characters that need no escaping in a URL. */
export function newBoardToken(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * The owner's token, made now if it has none. Two writers making the first one at once agree:
 * the second insert does nothing and both read the row that won.
 */
export async function boardTokenOf(db: DbOrTx, owner: BoardOwner, now: number): Promise<string> {
  const where = and(eq(boardTokens.ownerKind, owner.kind), eq(boardTokens.ownerId, owner.id));
  const found = await db.select({ token: boardTokens.token }).from(boardTokens).where(where).get();
  if (found) return found.token;
  await db
    .insert(boardTokens)
    .values({ ownerKind: owner.kind, ownerId: owner.id, token: newBoardToken(), createdAt: now })
    .onConflictDoNothing()
    .run();
  const made = await db.select({ token: boardTokens.token }).from(boardTokens).where(where).get();
  if (!made) throw new Error(`board token of ${owner.kind} ${owner.id} not stored`);
  return made.token;
}

/** Gives the owner a new token; the old one finds nothing from now on. */
export async function rotateBoardToken(db: DbOrTx, owner: BoardOwner, now: number): Promise<string> {
  const token = newBoardToken();
  await db
    .insert(boardTokens)
    .values({ ownerKind: owner.kind, ownerId: owner.id, token, createdAt: now })
    .onConflictDoUpdate({
      target: [boardTokens.ownerKind, boardTokens.ownerId],
      set: { token, createdAt: now },
    })
    .run();
  return token;
}

/** Whose page a token opens, or null for a token never made or replaced since. */
export async function boardOwnerOf(db: DbOrTx, token: string): Promise<BoardToken | null> {
  return (await db.select().from(boardTokens).where(eq(boardTokens.token, token)).get()) ?? null;
}

/** What a board page lists of a notice: everything but its picture, which is fetched on its own. */
export interface BoardNotice {
  id: number;
  title: string;
  summary: string;
  createdAt: number;
}

/** A compound's latest notices, latest first. */
export async function boardNotices(db: DbOrTx, compoundId: number, limit: number): Promise<BoardNotice[]> {
  return await db
    .select({
      id: affairNotices.id,
      title: affairNotices.title,
      summary: affairNotices.summary,
      createdAt: affairNotices.createdAt,
    })
    .from(affairNotices)
    .where(eq(affairNotices.compoundId, compoundId))
    .orderBy(desc(affairNotices.createdAt), desc(affairNotices.id))
    .limit(limit)
    .all();
}

/** The picture of a notice of this compound, or null (another compound's notice is not found). */
export async function boardNoticeImage(
  db: DbOrTx,
  compoundId: number,
  noticeId: number,
): Promise<{ image: Buffer; createdAt: number } | null> {
  const row = await db
    .select({ image: affairNotices.image, createdAt: affairNotices.createdAt })
    .from(affairNotices)
    .where(and(eq(affairNotices.compoundId, compoundId), eq(affairNotices.id, noticeId)))
    .get();
  return row ? { image: Buffer.from(row.image), createdAt: row.createdAt } : null;
}

/** Every line of a compound's ledger, oldest first (the balance over time is summed from them). */
export async function allLedgerLines(db: DbOrTx, compoundId: number): Promise<LedgerLine[]> {
  return await db
    .select()
    .from(ledgerLines)
    .where(eq(ledgerLines.compoundId, compoundId))
    .orderBy(asc(ledgerLines.at), asc(ledgerLines.id))
    .all();
}

/**
 * The building of each person's verified unit in a compound (the first verified, if several):
 * what a board page says instead of a reporter's name ("3号楼住户").
 */
export async function buildingsOf(
  db: DbOrTx,
  compoundId: number,
  personIds: readonly string[],
): Promise<Map<string, string>> {
  if (personIds.length === 0) return new Map();
  const rows = await db
    .select({ personId: unitClaims.personId, building: units.building })
    .from(unitClaims)
    .innerJoin(units, eq(units.id, unitClaims.unitId))
    .where(
      and(
        eq(unitClaims.compoundId, compoundId),
        eq(unitClaims.status, 'verified'),
        inArray(unitClaims.personId, [...new Set(personIds)]),
      ),
    )
    .orderBy(asc(unitClaims.verifiedAt), asc(unitClaims.id))
    .all();
  const found = new Map<string, string>();
  for (const r of rows) if (!found.has(r.personId)) found.set(r.personId, r.building);
  return found;
}

/** A compound's closed polls and formal votes, latest first. */
export async function closedPollsOf(db: DbOrTx, compoundId: number, limit: number): Promise<Poll[]> {
  return await db
    .select()
    .from(polls)
    .where(and(eq(polls.compoundId, compoundId), isNotNull(polls.closedAt)))
    .orderBy(desc(polls.closedAt), desc(polls.id))
    .limit(limit)
    .all();
}

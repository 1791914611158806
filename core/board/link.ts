/**
 * The link to a board page (SPEC "The desk"), and the line that ends every three-affairs notice,
 * vote result and ranking the bot posts: one wording, one place.
 */
import { type BoardOwner, boardTokenOf } from '../../db/board.js';
import type { DbOrTx } from '../../db/client.js';

/** The port of the web side when `HGJ_HTTP_PORT` is not set. */
export const DEFAULT_HTTP_PORT = 8080;

/** The address members open when `HGJ_PUBLIC_URL` is not set. */
export function defaultPublicUrl(port: number): string {
  return `http://localhost:${port}`;
}

/** The path of a board page: short, and the token is all it carries. */
export function boardPath(token: string): string {
  return `/b/${token}`;
}

/** The full link of a token under the public address (a trailing slash there is dropped). */
export function boardUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${boardPath(token)}`;
}

/** "公示页: http://…/b/…", the last line of what the bot posts about a compound or area. */
export function boardLine(url: string): string {
  return `公示页: ${url}`;
}

/** The board link of a compound, community or street; its token is made on first use. */
export async function boardLinkOf(
  db: DbOrTx,
  owner: BoardOwner,
  publicUrl: string,
  now: number,
): Promise<string> {
  return boardUrl(publicUrl, await boardTokenOf(db, owner, now));
}

/** `text` with the board line of its compound or area as its last line. */
export async function withBoardLine(
  db: DbOrTx,
  text: string,
  owner: BoardOwner,
  publicUrl: string,
  now: number,
): Promise<string> {
  return `${text}\n${boardLine(await boardLinkOf(db, owner, publicUrl, now))}`;
}

/** The board link line a post ends with, as a test expects it (core/board/link.ts). */
import { areaByName } from '../../db/areas.js';
import { boardTokenOf } from '../../db/board.js';
import type { Db } from '../../db/client.js';
import type { AreaKind } from '../../db/schema.js';

/** "公示页: <publicUrl>/b/<token>" of a compound or area (its token is made if it has none). */
export async function boardLineOf(
  db: Db,
  owner: { kind: 'compound'; id: number } | { kind: AreaKind; name: string },
  publicUrl: string,
): Promise<string> {
  let id: number;
  if (owner.kind === 'compound') id = owner.id;
  else {
    const area = await areaByName(db, owner.kind, owner.name);
    if (area === null) throw new Error(`no ${owner.kind} named ${owner.name}`);
    id = area.id;
  }
  const token = await boardTokenOf(db, { kind: owner.kind === 'compound' ? 'compound' : 'area', id }, 0);
  return `公示页: ${publicUrl}/b/${token}`;
}

/**
 * The ranking a compound's community (or its street) posted, as it was posted, for the compound's
 * next three-affairs notice (SPEC: "Each compound's own line appears in its next three-affairs
 * notice"). Read back from `company_rankings`, never computed again: the notice quotes what the
 * community group saw.
 */
import { areaById, communityOf } from '../../db/areas.js';
import type { DbOrTx } from '../../db/client.js';
import { rankingPostsBetween } from '../../db/rankings.js';
import type { CompanyRankingPost } from '../../db/schema-rankings.js';
import type { Ranking } from './ranking.js';
import { compoundRankLine } from './ranking-text.js';

/** The stored ranking of a post; null for a row that does not read as one (a hand edit). */
export function postedRanking(post: Pick<CompanyRankingPost, 'result'>): Ranking | null {
  try {
    const value = JSON.parse(post.result) as Ranking;
    return Array.isArray(value.rated) && Array.isArray(value.unrated) && Array.isArray(value.unregistered)
      ? value
      : null;
  } catch {
    return null;
  }
}

/**
 * The compound's line from the ranking posted in `[from, to)` (the period of the notice, so the
 * line appears in the first notice after the ranking was posted, and only in that one): the
 * community's ranking (rank among the companies of the community) when it posted one, else its
 * street's. Null when neither posted one, or the compound is in none.
 */
export async function postedRankLine(
  db: DbOrTx,
  compoundId: number,
  period: { from: number; to: number },
): Promise<string | null> {
  const community = await communityOf(db, compoundId);
  if (community === null) return null;
  const street = community.parentId === null ? null : await areaById(db, community.parentId);
  const posts = await rankingPostsBetween(
    db,
    street === null ? [community.id] : [community.id, street.id],
    period.from,
    period.to,
  );
  for (const area of street === null ? [community] : [community, street]) {
    const post = posts.filter((p) => p.areaId === area.id).at(-1);
    const ranking = post ? postedRanking(post) : null;
    if (!post || ranking === null) continue;
    const line = compoundRankLine({ ranking, areaName: area.name, label: post.label }, compoundId);
    if (line !== null) return line;
  }
  return null;
}

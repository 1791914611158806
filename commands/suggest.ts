/** Finds the known command nearest to a mistyped word ("你是不是想用 /报修 ?"). */

/** Levenshtein distance over code points (Chinese words are short, so O(n·m) is nothing). */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return prev[y.length] ?? 0;
}

function commonPrefixLength(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  return i;
}

/**
 * The candidate closest to `word`, or null when nothing is close enough to be a useful guess.
 * A candidate that contains the word or is contained in it counts as one edit away, so "/修"
 * and "/报修单" both find 报修.
 */
export function nearestWord(word: string, candidates: readonly string[]): string | null {
  const w = word.toLowerCase();
  if (w === '') return null;
  let best: string | null = null;
  let bestScore = Number.POSITIVE_INFINITY;
  let bestPrefix = -1;
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    let score = editDistance(w, c);
    if (c.includes(w) || w.includes(c)) score = Math.min(score, 1);
    // Ties go to the word that starts the same way: people mistype the end more than the start.
    const prefix = commonPrefixLength(w, c);
    if (score < bestScore || (score === bestScore && prefix > bestPrefix)) {
      best = candidate;
      bestScore = score;
      bestPrefix = prefix;
    }
  }
  const length = Math.max([...w].length, 1);
  const allowed = Math.max(1, Math.floor(length / 2));
  return bestScore <= allowed ? best : null;
}

/**
 * Adds up rows of counts field by field: the 合计 line of a community's /统计 and the totals a
 * company's ranking score is computed from. `zero` names the fields (all 0); a field of the rows
 * not in it is left out.
 */
export function sumCounts<T extends { [K in keyof T]: number }>(
  zero: T,
  rows: readonly { [K in keyof T]: number }[],
): T {
  const total = { ...zero };
  const keys = Object.keys(zero) as (keyof T)[];
  for (const row of rows) for (const key of keys) total[key] = (total[key] + row[key]) as T[keyof T];
  return total;
}

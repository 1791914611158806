/**
 * A cheap first test for the keyword rules' regular expressions (core/classify/rules.ts): the
 * characters a text must hold, one of them at least, for a pattern to have any chance of
 * matching it. Most of the 241 patterns start with a lookbehind that the regex engine tries at
 * every position of the text, so running them all costs about 29 µs per ticket text (measured on
 * `3号楼2单元楼道灯不亮`), the largest part of classifying one; a text that holds none of a
 * pattern's needed characters skips it.
 *
 * The gates are read from the patterns' syntax trees by ./keyword-gate-analysis.ts, when the
 * model is trained (`npm run classify:train`), and stored in ./keyword-gates.json beside each
 * pattern's own text. The bot only looks them up: parsing the 241 patterns on the first /报修 took
 * about 38 ms and grew the process's RSS by 11 MB (the parser's code and its trees), for gates
 * that hold 671 characters in all. A pattern the file does not list (edited since, or new) has
 * no gate and always runs, so a stale file costs time, never a match;
 * test/core/classify/keyword-gate.test.ts fails until the file is written again.
 */
import { readFileSync } from 'node:fs';

/** UTF-16 code units, as a pattern without the `u` flag sees text. */
export type Units = ReadonlySet<number>;

/** The code units of a text, to test gates against. */
export function unitsOf(text: string): Units {
  const units = new Set<number>();
  for (let i = 0; i < text.length; i++) units.add(text.charCodeAt(i));
  return units;
}

/** A pattern's gate as a list, tested against a text's units: true when it may match. */
export type Gate = readonly number[] | null;

export function mayMatch(gate: Gate, text: Units): boolean {
  if (gate === null) return true;
  for (const u of gate) if (text.has(u)) return true;
  return false;
}

/**
 * What ./keyword-gates.json holds: for each gated pattern, written as `String(pattern)` (its
 * source and flags), the code units it needs, as a string of them.
 */
export interface KeywordGatesFile {
  about: string;
  gates: Record<string, string>;
}

export const KEYWORD_GATES_URL = new URL('./keyword-gates.json', import.meta.url);

let stored: ReadonlyMap<string, Gate> | null = null;

/** The stored gate of a pattern; null (always run) for one the file does not list. */
export function storedGate(pattern: RegExp): Gate {
  stored ??= readGates(JSON.parse(readFileSync(KEYWORD_GATES_URL, 'utf8')) as KeywordGatesFile);
  return stored.get(String(pattern)) ?? null;
}

/** The gates of a file, as the rules test them. */
export function readGates(file: KeywordGatesFile): ReadonlyMap<string, Gate> {
  const gates = new Map<string, Gate>();
  for (const [pattern, units] of Object.entries(file.gates)) {
    const gate: number[] = [];
    for (let i = 0; i < units.length; i++) gate.push(units.charCodeAt(i));
    gates.set(pattern, gate);
  }
  return gates;
}

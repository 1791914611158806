/**
 * A cheap first test for the keyword rules' regular expressions (core/classify/rules.ts): the
 * characters a text must hold, one of them at least, for a pattern to have any chance of
 * matching it. Most of the 241 patterns start with a lookbehind that the regex engine tries at
 * every position of the text, so running them all costs about 29 µs per ticket text (measured on
 * `3号楼2单元楼道灯不亮`), the largest part of classifying one; a text that holds none of a
 * pattern's needed characters skips it.
 *
 * The needed characters are read from the pattern's syntax tree (@eslint-community/regexpp),
 * never written by hand, and only where the tree proves them: every match of a sequence holds a
 * match of each of its parts that must occur (a character, a class, a group, a repeat of at
 * least one), so one such part's characters will do; every match of an alternation holds the
 * characters of one of its branches, so the union of theirs. Assertions (lookbehinds,
 * lookaheads) add nothing a match holds; anything optional, negated, `.`, a backreference or a
 * wide range gives up. Where it gives up, the pattern simply always runs. A pattern with flags
 * is never gated (case folding and Unicode mode would change what a character is).
 */
import { type AST, RegExpParser } from '@eslint-community/regexpp';

/** UTF-16 code units, as a pattern without the `u` flag sees text. */
type Units = ReadonlySet<number>;

/** Ranges in a class wider than this are not spelled out (a gate of thousands helps nothing). */
const WIDEST_RANGE = 64;

const parser = new RegExpParser({ ecmaVersion: 2025 });

/**
 * The code units a text must hold, one at least, for `pattern` to match anywhere in it; null
 * when the pattern's tree does not tell (then it must always run).
 */
export function neededUnits(pattern: RegExp): Units | null {
  if (pattern.flags !== '') return null;
  return ofAlternatives(
    parser.parsePattern(pattern.source, undefined, undefined, { unicode: false }).alternatives,
  );
}

function ofAlternatives(alternatives: readonly AST.Alternative[]): Units | null {
  const all = new Set<number>();
  for (const alternative of alternatives) {
    const units = ofSequence(alternative.elements);
    if (units === null) return null;
    for (const u of units) all.add(u);
  }
  return all;
}

/** A sequence needs what any one of its parts that must occur needs: the narrowest is kept. */
function ofSequence(elements: readonly AST.Element[]): Units | null {
  let best: Units | null = null;
  for (const element of elements) {
    const units = ofElement(element);
    if (units !== null && (best === null || units.size < best.size)) best = units;
  }
  return best;
}

function ofElement(element: AST.Element): Units | null {
  switch (element.type) {
    case 'Character':
      return element.value <= 0xffff ? new Set([element.value]) : null;
    case 'CharacterClass':
      return element.negate ? null : ofClass(element.elements);
    case 'CharacterSet':
      return element.kind === 'digit' && !element.negate ? digits() : null;
    case 'Group':
    case 'CapturingGroup':
      return ofAlternatives(element.alternatives);
    case 'Quantifier':
      return element.min >= 1 ? ofElement(element.element) : null;
    default:
      // Assertions match no character; backreferences and anything else: cannot tell.
      return null;
  }
}

function ofClass(elements: readonly AST.CharacterClassElement[]): Units | null {
  const units = new Set<number>();
  for (const e of elements) {
    if (e.type === 'Character') {
      if (e.value > 0xffff) return null;
      units.add(e.value);
    } else if (e.type === 'CharacterClassRange') {
      if (e.max.value > 0xffff || e.max.value - e.min.value > WIDEST_RANGE) return null;
      for (let u = e.min.value; u <= e.max.value; u++) units.add(u);
    } else if (e.type === 'CharacterSet' && e.kind === 'digit' && !e.negate) {
      for (const u of digits()) units.add(u);
    } else return null;
  }
  return units;
}

const digits = (): Set<number> => new Set(Array.from({ length: 10 }, (_, i) => 0x30 + i));

/** The code units of a text, to test gates against. */
export function unitsOf(text: string): Units {
  const units = new Set<number>();
  for (let i = 0; i < text.length; i++) units.add(text.charCodeAt(i));
  return units;
}

/** A pattern's gate as a list, tested against a text's units: true when it may match. */
export type Gate = readonly number[] | null;

export function gateOf(pattern: RegExp): Gate {
  const units = neededUnits(pattern);
  return units === null ? null : [...units];
}

export function mayMatch(gate: Gate, text: Units): boolean {
  if (gate === null) return true;
  for (const u of gate) if (text.has(u)) return true;
  return false;
}

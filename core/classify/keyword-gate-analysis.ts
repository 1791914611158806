/**
 * The characters a keyword pattern needs (see ./keyword-gate.ts for what a gate is and why), read
 * from the pattern's syntax tree (@eslint-community/regexpp), never written by hand, and only
 * where the tree proves them: every match of a sequence holds a match of each of its parts that
 * must occur (a character, a class, a group, a repeat of at least one), so one such part's
 * characters will do; every match of an alternation holds the characters of one of its branches,
 * so the union of theirs. Assertions (lookbehinds, lookaheads) add nothing a match holds;
 * anything optional, negated, `.`, a backreference or a wide range gives up. Where it gives up,
 * the pattern simply always runs. A pattern with flags is never gated (case folding and Unicode
 * mode would change what a character is).
 *
 * Run when the model is trained (scripts/classify-train.ts writes ./keyword-gates.json) and by the
 * tests; the bot never loads this module or the parser.
 */
import { type AST, RegExpParser } from '@eslint-community/regexpp';
import type { Gate, KeywordGatesFile, Units } from './keyword-gate.js';
import type { TicketRule } from './rules.js';

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

export function gateOf(pattern: RegExp): Gate {
  const units = neededUnits(pattern);
  return units === null ? null : [...units];
}

/** ./keyword-gates.json for these rules: every pattern that has a gate, in rule order. */
export function keywordGatesFile(rules: readonly TicketRule[]): KeywordGatesFile {
  const gates: Record<string, string> = {};
  for (const rule of rules) {
    for (const keyword of rule.keywords) {
      if (typeof keyword === 'string') continue;
      const gate = gateOf(keyword);
      if (gate !== null) gates[String(keyword)] = String.fromCharCode(...gate);
    }
  }
  return {
    about:
      'Written by npm run classify:train (core/classify/keyword-gate-analysis.ts): the characters each keyword pattern of core/classify/rules.ts needs, one at least, to match. Do not edit.',
    gates,
  };
}

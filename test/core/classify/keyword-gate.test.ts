import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readBlindSet, readCorpus } from '../../../core/classify/corpus.js';
import { firedRules, normalizeTicketText, rulesVerdict, ticketRules } from '../../../core/classify/index.js';
import {
  KEYWORD_GATES_URL,
  type KeywordGatesFile,
  mayMatch,
  readGates,
  storedGate,
  unitsOf,
} from '../../../core/classify/keyword-gate.js';
import { keywordGatesFile, neededUnits } from '../../../core/classify/keyword-gate-analysis.js';

const chars = (units: ReadonlySet<number> | null) =>
  units === null ? null : [...units].map((u) => String.fromCharCode(u)).sort();

describe('the characters a pattern needs', () => {
  it('takes the narrowest part of a sequence that must occur', () => {
    expect(chars(neededUnits(/[0-9]+楼/))).toEqual(['楼']);
    expect(chars(neededUnits(/(a|b?)c/))).toEqual(['c']);
    expect(chars(neededUnits(/x{1,3}yz/))).toEqual(['x']);
  });

  it('unites the branches of an alternation, and gives up when one branch needs nothing', () => {
    expect(chars(neededUnits(/(漏水|渗水)|冒烟/))).toEqual(['冒', '渗', '漏'].sort());
    expect(chars(neededUnits(/煤气|燃气/))).toEqual(['煤', '燃'].sort());
    expect(neededUnits(/漏水|x?/)).toBeNull();
  });

  it('never counts what an assertion looks at, nor anything optional, negated or unknown', () => {
    // The lookbehind's words are not in the match: only 着火 may gate.
    expect(chars(neededUnits(/(?<!万一)着火/))).toEqual(['着']);
    expect(neededUnits(/(?<!万一)/)).toBeNull();
    expect(neededUnits(/(漏水)?/)).toBeNull();
    expect(neededUnits(/x{0,3}/)).toBeNull();
    expect(neededUnits(/[^漏]/)).toBeNull();
    expect(neededUnits(/./)).toBeNull();
    expect(neededUnits(/\D/)).toBeNull();
    expect(neededUnits(/[一-龥]/)).toBeNull();
    expect(chars(neededUnits(/\d/))).toEqual([...'0123456789']);
  });

  it('does not gate a pattern with flags', () => {
    expect(neededUnits(/gas/i)).toBeNull();
    expect(neededUnits(/漏水/u)).toBeNull();
  });

  it('lets a text through when it holds one needed character, and stops it when it holds none', () => {
    const gate = [...(neededUnits(/(?<!万一)(着火|起火)/) ?? [])];
    expect(gate.length).toBeGreaterThan(0);
    expect(mayMatch(gate, unitsOf('三楼着火了'))).toBe(true);
    expect(mayMatch(gate, unitsOf('楼道灯不亮'))).toBe(false);
    expect(mayMatch(null, unitsOf('楼道灯不亮'))).toBe(true);
  });
});

describe('the stored gates (core/classify/keyword-gates.json)', () => {
  it('GIVEN the rules as they are THEN the file holds exactly the gates their patterns give (else run npm run classify:train)', () => {
    const stored = JSON.parse(readFileSync(KEYWORD_GATES_URL, 'utf8')) as KeywordGatesFile;
    const fresh = keywordGatesFile(ticketRules);
    expect(Object.keys(fresh.gates).length).toBeGreaterThan(200);
    expect(stored.gates, 'core/classify/keyword-gates.json is stale: run npm run classify:train').toEqual(
      fresh.gates,
    );
    // Read back, each is the analysis's own gate, unit for unit.
    const read = readGates(stored);
    for (const rule of ticketRules) {
      for (const k of rule.keywords) {
        if (typeof k === 'string') continue;
        const units = neededUnits(k);
        expect(storedGate(k), String(k)).toEqual(units === null ? null : [...units]);
        expect(read.get(String(k)) ?? null).toEqual(storedGate(k));
      }
    }
  });

  it('GIVEN a pattern the file does not list (edited since, or with other flags) THEN it has no gate and always runs', () => {
    expect(storedGate(/(?<!万一)(着火|起火)了/)).toBeNull();
    const listed = ticketRules
      .flatMap((r) => r.keywords)
      .find((k) => k instanceof RegExp && storedGate(k) !== null);
    expect(listed).toBeInstanceOf(RegExp);
    const other = new RegExp((listed as RegExp).source, 'i');
    expect(storedGate(other)).toBeNull();
    expect(mayMatch(storedGate(other), unitsOf('无关的话'))).toBe(true);
  });

  it('GIVEN lone surrogates and digits in a gate THEN the file reads them back unit for unit', () => {
    const file = { about: '', gates: { '/x/': '\ud83d0189' } };
    const text = JSON.stringify(file);
    expect(readGates(JSON.parse(text) as KeywordGatesFile).get('/x/')).toEqual([
      0xd83d, 0x30, 0x31, 0x38, 0x39,
    ]);
  });
});

/** Every keyword of every rule run on the text, no gate: what the rules found before the gates. */
function ungated(normalized: string): { fired: number[]; matched: string[] } {
  const fired: number[] = [];
  const matched: string[] = [];
  ticketRules.forEach((rule, i) => {
    let any = false;
    for (const keyword of rule.keywords) {
      let hit: string | null = null;
      if (typeof keyword === 'string') hit = keyword !== '' && normalized.includes(keyword) ? keyword : null;
      else {
        keyword.lastIndex = 0;
        hit = keyword.exec(normalized)?.[0] ?? null;
      }
      if (hit === null) continue;
      any = true;
      if (!matched.includes(hit)) matched.push(hit);
    }
    if (any) fired.push(i);
  });
  return { fired, matched };
}

/** A small seeded generator, so a failure names a text that fails again. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the gated rules find what every pattern run on every text finds', () => {
  const sentences = [...readCorpus(), ...(readBlindSet() ?? [])].map((row) => row.text);

  it(`on every corpus and blind-set sentence (${sentences.length})`, () => {
    expect(sentences.length).toBeGreaterThan(8000);
    let firing = 0;
    for (const text of sentences) {
      const normalized = normalizeTicketText(text);
      const expected = ungated(normalized);
      if (expected.fired.length > 0) firing++;
      expect({ text, fired: firedRules(normalized) }).toEqual({ text, fired: expected.fired });
      expect({ text, matched: rulesVerdict(normalized).classification.matched }).toEqual({
        text,
        matched: expected.matched,
      });
    }
    // The comparison means something: most sentences fire a rule.
    expect(firing).toBeGreaterThan(sentences.length / 2);
  });

  it('on 3,000 texts made of the patterns’ own characters and pieces, spliced with corpus phrases', () => {
    // The characters the patterns are written with, and pieces of the patterns' own text: texts
    // from them reach the lookbehinds, classes and alternations in combinations no owner wrote.
    const sources = ticketRules.flatMap((r) => r.keywords.map((k) => (typeof k === 'string' ? k : k.source)));
    const alphabet = [...new Set(sources.flatMap((source) => [...source]))].filter(
      (c) => !'()[]{}|?*+^$\\.!<=:-'.includes(c),
    );
    // Characters, not whole patterns: a text of 4 characters is made of 4 of them.
    expect(alphabet.every((c) => c.length === 1)).toBe(true);
    const next = random(20261203);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
    let firing = 0;
    for (let i = 0; i < 3_000; i++) {
      let text = '';
      const parts = 1 + Math.floor(next() * 4);
      for (let p = 0; p < parts; p++) {
        const kind = next();
        if (kind < 0.3) {
          const s = pick(sentences);
          const from = Math.floor(next() * s.length);
          text += s.slice(from, from + 2 + Math.floor(next() * 10));
        } else if (kind < 0.6) {
          const s = pick(sources);
          const from = Math.floor(next() * s.length);
          text += s.slice(from, from + 2 + Math.floor(next() * 12));
        } else for (let c = 1 + Math.floor(next() * 8); c > 0; c--) text += pick(alphabet);
      }
      const normalized = normalizeTicketText(text);
      const expected = ungated(normalized);
      if (expected.fired.length > 0) firing++;
      const fired = firedRules(normalized);
      if (fired.join() !== expected.fired.join())
        expect({ text, fired }).toEqual({ text, fired: expected.fired });
    }
    expect(firing).toBeGreaterThan(300);
  });
});

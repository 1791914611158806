/**
 * The model's compact feature index (core/classify/model.ts FeatureIndex) against a plain Map of
 * the same feature list: the same id for every feature of model.json, and the same answer (an id
 * or none) for every n-gram the classifier asks about, over the corpus, the blind set and texts
 * made up of the features' own characters, rarer characters and odd code units besides.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readBlindSet, readCorpus } from '../../../core/classify/corpus.js';
import { normalizeTicketText } from '../../../core/classify/index.js';
import { FeatureIndex, type StoredModelFile, textFeatures } from '../../../core/classify/model.js';

const file = JSON.parse(
  readFileSync(new URL('../../../core/classify/model.json', import.meta.url), 'utf8'),
) as StoredModelFile;
const plain = new Map(file.features.map((f, i) => [f, i]));
const index = new FeatureIndex(file.features);

describe('the compact feature index', () => {
  it('GIVEN every feature of model.json THEN its id, as the Map gives it', () => {
    expect(index.size).toBe(file.features.length);
    for (const [f, id] of plain) expect(index.get(f), f).toBe(id);
  });

  it('GIVEN the n-grams of every corpus and blind-set sentence THEN the same id or none as the Map', () => {
    const texts = [...readCorpus(), ...(readBlindSet() ?? [])].map((r) => r.text);
    let asked = 0;
    let found = 0;
    for (const text of texts) {
      for (const g of textFeatures(normalizeTicketText(text), file.spec, [])) {
        asked++;
        if (plain.has(g)) found++;
        expect(index.get(g), g).toBe(plain.get(g));
      }
    }
    // Both kinds were asked about many times: the comparison is not vacuous either way.
    expect(found).toBeGreaterThan(10_000);
    expect(asked - found).toBeGreaterThan(10_000);
  });

  it('GIVEN made-up strings of the features’ characters, rare ones and odd code units THEN the same answer as the Map', () => {
    const chars = [...new Set(file.features.join(''))];
    const odd = ['\u0000', '\ud840', '\udc00', '𠮶', '😀', 'R', '1', '9', '$', '^', '\uffff', 'a'];
    const piece = fc.constantFrom(...chars, ...odd);
    fc.assert(
      fc.property(fc.array(piece, { minLength: 0, maxLength: 5 }), (pieces) => {
        const s = pieces.join('');
        expect(index.get(s)).toBe(plain.get(s));
      }),
      { numRuns: 20_000 },
    );
    // Features themselves with a character more or less.
    for (const f of file.features.slice(0, 5_000)) {
      for (const s of [f.slice(1), f.slice(0, -1), `${f}的`, `的${f}`])
        expect(index.get(s), s).toBe(plain.get(s));
    }
  });
});

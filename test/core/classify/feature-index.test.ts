/**
 * The model's compact feature index (core/classify/model.ts FeatureIndex) against a plain Map of
 * the same feature list: the same id for every feature of model.bin, and the same answer (an id
 * or none) for every n-gram the classifier asks about, over the corpus, the blind set and texts
 * made up of the features' own characters, rarer characters and odd code units besides. Built
 * from model.bin's code units and from the trainer's list alike.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readBlindSet, readCorpus } from '../../../core/classify/corpus.js';
import { normalizeTicketText } from '../../../core/classify/index.js';
import {
  FeatureIndex,
  type ModelFile,
  modelFromBytes,
  storeModel,
  textFeatures,
  toModel,
  unstoreModel,
} from '../../../core/classify/model.js';

const file = unstoreModel(readFileSync(new URL('../../../core/classify/model.bin', import.meta.url)));
const features = file.features;
const plain = new Map(features.map((f, i) => [f, i]));
/** As the bot builds it: from the file's keys. */
const index = modelFromBytes(storeModel(file)).index;

describe('the compact feature index', () => {
  it('GIVEN every feature of model.bin THEN its id, as the Map gives it', () => {
    expect(features.length).toBeGreaterThan(30_000);
    expect(plain.size).toBe(features.length);
    expect(index.size).toBe(features.length);
    for (const [f, id] of plain) expect(index.get(f), f).toBe(id);
  });

  it('GIVEN the features in the trainer’s order THEN each one finds its own weights, in the stored model as in the trainer’s', () => {
    // The shipped features reversed, two labels' weights per feature that say which feature it is.
    const reversed = [...features].reverse();
    const head = {
      labels: ['a', 'b'],
      weights: reversed.flatMap((_, i) => [i / 1000, -i / 1000]),
      bias: [0, 0],
    };
    const trained: ModelFile = { ...file, features: reversed, ticketClass: head, category: head };
    const stored = modelFromBytes(storeModel(trained));
    const asTrained = toModel(trained);
    for (const m of [stored, asTrained]) {
      reversed.forEach((f, i) => {
        const id = m.index.get(f) as number;
        expect(Number(m.category.weights[2 * id]) / m.category.scale, f).toBeCloseTo(i / 1000, 9);
      });
    }
    // And the ids are those of the shipped file, which is in this order already.
    for (const f of features.slice(0, 2_000)) expect(stored.index.get(f), f).toBe(index.get(f));
  });

  it('GIVEN the trainer’s model THEN model.bin stores its grams by key, then the rest, and refuses a feature it could not split back', () => {
    const head = { labels: ['a'], weights: [1, -0.25, 0.5], bias: [0] };
    const trained: ModelFile = {
      ...file,
      features: ['😀坏', '灯不', '灯'],
      ticketClass: head,
      category: head,
      majorFloor: 1,
    };
    expect(unstoreModel(storeModel(trained)).features).toEqual(['灯', '灯不', '😀坏']);
    expect(unstoreModel(storeModel(trained)).category.weights).toEqual([0.5, -0.25, 1]);
    const small = modelFromBytes(storeModel(trained)).index;
    expect([small.get('灯'), small.get('灯不'), small.get('😀坏'), small.get('不')]).toEqual([
      0,
      1,
      2,
      undefined,
    ]);
    expect(() => storeModel({ ...trained, features: ['灯', '灯\n不', '不'] })).toThrow(/cannot be stored/);
    expect(() => storeModel({ ...trained, features: ['灯', '', '不'] })).toThrow(/cannot be stored/);
  });

  it('GIVEN a feature listed twice, or grams out of order THEN the model is not stored and the index refuses to load', () => {
    const head = { labels: ['a'], weights: [1, 2, 3], bias: [0] };
    const trained: ModelFile = { ...file, features: ['灯', '不', '灯'], ticketClass: head, category: head };
    expect(() => storeModel(trained)).toThrow(/twice/);
    expect(() => storeModel({ ...trained, features: ['😀坏', '灯', '😀坏'] })).toThrow(/twice/);
    expect(() => FeatureIndex.of(['灯', '不', '灯'])).toThrow(/twice/);
    expect(() => FeatureIndex.of(['😀坏', '灯', '😀坏'])).toThrow(/not in index order/);
    expect(() => new FeatureIndex(Float64Array.from([3, 2]), [])).toThrow(/not in order/);
    expect(() => new FeatureIndex(Float64Array.from([2]), ['😀坏', '😀坏'])).toThrow(/twice/);
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
    const chars = [...new Set(features.join(''))];
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
    for (const f of features.slice(0, 5_000)) {
      for (const s of [f.slice(1), f.slice(0, -1), `${f}的`, `的${f}`])
        expect(index.get(s), s).toBe(plain.get(s));
    }
  });
});

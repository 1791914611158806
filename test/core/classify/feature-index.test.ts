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
  unstoreModel,
} from '../../../core/classify/model.js';

const file = unstoreModel(readFileSync(new URL('../../../core/classify/model.bin', import.meta.url)));
const features = file.features;
const plain = new Map(features.map((f, i) => [f, i]));
/** As the bot builds it: from the file's code units. */
const index = modelFromBytes(storeModel(file)).index;

describe('the compact feature index', () => {
  it('GIVEN every feature of model.bin THEN its id, as the Map gives it', () => {
    expect(features.length).toBeGreaterThan(30_000);
    expect(plain.size).toBe(features.length);
    expect(index.size).toBe(features.length);
    for (const [f, id] of plain) expect(index.get(f), f).toBe(id);
  });

  it('GIVEN the same features as the trainer’s list THEN the same ids as from the file’s code units', () => {
    const fromList = new FeatureIndex(features);
    expect(fromList.size).toBe(index.size);
    for (const f of features) expect(fromList.get(f), f).toBe(index.get(f));
  });

  it('GIVEN the trainer’s model THEN model.bin stores its features joined, and refuses one it could not split back', () => {
    const head = { labels: ['a'], weights: [0.5, -0.25, 1], bias: [0] };
    const trained: ModelFile = {
      ...file,
      features: ['灯', '灯不', '😀坏'],
      ticketClass: head,
      category: head,
      majorFloor: 1,
    };
    expect(unstoreModel(storeModel(trained)).features).toEqual(['灯', '灯不', '😀坏']);
    const small = modelFromBytes(storeModel(trained)).index;
    expect([small.get('灯'), small.get('灯不'), small.get('😀坏'), small.get('不')]).toEqual([
      0,
      1,
      2,
      undefined,
    ]);
    expect(() => storeModel({ ...trained, features: ['灯', '灯\n不'] })).toThrow(/cannot be stored/);
    expect(() => storeModel({ ...trained, features: ['灯', ''] })).toThrow(/cannot be stored/);
  });

  it('GIVEN a feature listed twice THEN the index refuses to load', () => {
    expect(() => new FeatureIndex(['灯', '不', '灯'])).toThrow(/twice/);
    expect(() => new FeatureIndex(['😀坏', '灯', '😀坏'])).toThrow(/twice/);
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

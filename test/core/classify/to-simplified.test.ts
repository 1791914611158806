/**
 * The compact traditional-to-simplified converter (core/classify/to-simplified.ts) against
 * opencc-js's own `tw` → `cn` converter, which it replaces in the bot: the same output on the
 * corpus, on every dictionary word alone and between other text, and on random text made of the
 * dictionaries' characters, ideographic description characters, astral characters and lone
 * surrogates.
 */
import fc from 'fast-check';
import { ConverterBuilder } from 'opencc-js/core';
import { Converter, Locale } from 'opencc-js/t2cn';
import { describe, expect, it } from 'vitest';
import { readBlindSet, readCorpus } from '../../../core/classify/corpus.js';
import {
  type ConverterConfig,
  converterOf,
  traditionalToSimplified,
} from '../../../core/classify/to-simplified.js';

const opencc = Converter({ from: 'tw', to: 'cn' });
const ours = traditionalToSimplified();

/** Every source word of every dictionary tw2s uses, and their replacements. */
const config = (Locale.configs as Record<string, { [key: string]: readonly (readonly string[])[] }>).tw2s;
const dictionaries = [
  ...(config?.normalizationChain ?? []),
  config?.segmentation ?? [],
  ...(config?.conversionChain ?? []),
].flat() as string[];
const entries = dictionaries.flatMap((d) => d.split('|').map((line) => line.split(' ')));
const words = [...new Set(entries.map(([w]) => w as string))];
const replacements = [...new Set(entries.map(([, r]) => r as string))];

const same = (text: string) => expect(ours(text), JSON.stringify(text)).toBe(opencc(text));

describe('the compact converter gives what opencc-js gives', () => {
  it('reads the dictionaries it should: thousands of words, phrases among them', () => {
    expect(words.length).toBeGreaterThan(6_000);
    expect(words.some((w) => w.length >= 4)).toBe(true);
  });

  it('GIVEN the corpus and the blind set THEN the same text', () => {
    const texts = [...readCorpus(), ...(readBlindSet() ?? [])].map((r) => r.text);
    expect(texts.length).toBeGreaterThan(8_000);
    let changed = 0;
    for (const text of texts) {
      same(text);
      if (opencc(text) !== text) changed++;
    }
    expect(changed).toBeGreaterThan(50);
  });

  it('GIVEN each dictionary word and replacement, alone and between other words THEN the same text', () => {
    let i = 0;
    for (const w of [...words, ...replacements]) {
      const next = words[(i++ * 7919) % words.length] as string;
      same(w);
      same(`${w}${next}`);
      same(`電${w}梯`);
      same(`${w.slice(0, -1)}${next}${w.slice(1)}`);
    }
  });

  it('GIVEN random text of dictionary characters, description sequences and odd code units THEN the same text', () => {
    const chars = [...new Set(words.join('') + replacements.join(''))];
    const odd = [
      '⿰',
      '⿱',
      '⿲',
      '⿳',
      '⿴',
      '⿻',
      '\u2fff',
      '𠮶',
      '😀',
      '\ud840',
      '\udc00',
      '\u0000',
      'a',
      '1',
      ' ',
    ];
    const piece = fc.oneof(fc.constantFrom(...chars), fc.constantFrom(...odd), fc.constantFrom(...words));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        same(pieces.join(''));
      }),
      { numRuns: 20_000 },
    );
  });

  it('GIVEN texts that cut a surrogate pair or an unfinished description sequence THEN the same text', () => {
    for (const text of [
      '⿰氵',
      '⿰氵每',
      '⿲⿰',
      '發⿰',
      '𠮶發',
      '發𠮶',
      '\ud840發',
      '發\ud840',
      '\udc00\ud840',
      '後臺',
      '乾隆',
    ])
      same(text);
  });
});

describe('the compact converter reads a preset as opencc-js does', () => {
  // Made-up dictionaries, where tw2s's own have no such case: a word in two dictionaries of one
  // group (the first one's wins), an empty replacement, a dictionary given as pairs, words that
  // nest (甲乙丙 over 甲乙), a replacement that a later dictionary of the chain converts again.
  const config: ConverterConfig = {
    normalizationChain: [['丅 下|乚 乙']],
    segmentation: ['甲乙 甲乙|甲乙丙 甲乙丙', '丁戊 丁戊'],
    conversionChain: [
      ['甲乙 AB|丙 C|甲 A1', '甲乙 XY|丁 D|戊 '],
      [[['AB', 'ab']], 'C c|甲乙丙 no|丁戊 DE'],
    ],
  };
  const builder = ConverterBuilder({
    from: { x: [] },
    to: { cn: [] },
    configs: { x2s: config as unknown as { segmentation: string[]; conversionChain: string[][] } },
  } as Parameters<typeof ConverterBuilder>[0]);
  const theirs = builder({ from: 'x', to: 'cn' });
  const mine = converterOf(config);

  it('GIVEN every text of up to five of its characters THEN the same text', () => {
    const alphabet = [...'甲乙丙丁戊下丅乚AB己'];
    let texts = [''];
    let compared = 0;
    for (let n = 0; n < 5; n++) {
      texts = texts.flatMap((t) => alphabet.map((c) => t + c));
      for (const t of texts) {
        expect(mine(t), t).toBe(theirs(t));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(100_000);
    // The cases are there: the first dictionary's word won, 戊 was dropped, 丅 normalized.
    expect(mine('甲乙')).toBe('ab');
    expect(mine('戊')).toBe('');
    expect(mine('丅乚')).toBe('下乙');
  });

  it('GIVEN a dictionary word with half a surrogate pair THEN it refuses it rather than misread it', () => {
    expect(() =>
      converterOf({ normalizationChain: [], segmentation: [], conversionChain: [['\ud840 x']] }),
    ).toThrow(/surrogate/);
  });
});

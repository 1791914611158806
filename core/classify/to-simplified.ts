/**
 * Traditional characters to simplified, as OpenCC converts Taiwan's usage to the mainland's
 * (`tw2s`): its dictionaries, taken from opencc-js, and its algorithm, with a smaller index.
 *
 * opencc-js keeps each dictionary as a trie with a Map per node: 2.13 MB of heap kept for the
 * 6,634 entries `tw2s` uses. Here each dictionary group is a few flat Maps (see WordTable):
 * 0.46 MB (both measured with --expose-gc, compiled code). The longest word at a position is
 * found by trying the lengths from the longest word starting with that unit down: the same word
 * the trie finds, since every prefix of a word is a node of the trie, so its walk reaches any
 * word that starts there, and the deepest one with a replacement wins in both. Converting a
 * corpus sentence takes 3.2 µs against the trie's 2.5 µs (all 8,996, five times over, warm).
 *
 * What is kept exactly as opencc-js (dist/esm-lib/core.js) does it, and tested against it on the
 * corpus, every dictionary word and random text (test/core/classify/to-simplified.test.ts):
 * - a dictionary group is loaded last to first, so that the first dictionary's word wins;
 * - a string dictionary is `source replacement` pairs joined by `|`, and only the first
 *   replacement counts;
 * - the text is first normalized (CJK compatibility ideographs), then cut into segments by the
 *   segmentation dictionary, then each segment goes through each conversion dictionary in turn;
 * - where no word starts, one code point is kept as it is, or a whole ideographic description
 *   sequence (⿰氵每: U+2FF0–U+2FFF and their operands), so that its parts are not converted.
 */
import { createRequire } from 'node:module';
import type * as OpenCC from 'opencc-js/t2cn';

// opencc-js and its dictionaries load at the first conversion (a bot's first /报修), not at start:
// a module's source text and its dictionaries' strings stay in the heap once loaded. A synchronous
// require (its package's CommonJS build) keeps the converter synchronous.
const require = createRequire(import.meta.url);

type DictLike = string | readonly (readonly [string, string])[];
type DictGroup = readonly DictLike[];

/**
 * Where a longer word may start: a number for its first two code units, within V8's small
 * integers so that a Set of them holds no boxed numbers. Two pairs may share one (the first unit's
 * top two bits are dropped): that only costs a look in the words' Map.
 */
function pairKey(first: number, second: number): number {
  return ((first & 0x3fff) << 16) | second;
}

/**
 * One dictionary group, by first code unit: one look at a position of the text finds its
 * one-unit word and rules out, by the next unit, most longer ones; those left are looked up by
 * their text in one Map. Four flat collections rather than an object and a Set per first unit
 * (until stop 33): they keep 0.46 MB of heap where those kept 0.92 MB, for 0.5 µs more per
 * sentence.
 */
class WordTable {
  /** The replacement of each one-unit word, by its code unit. */
  private readonly singles = new Map<number, string>();
  /** The longer words and their replacements. */
  private readonly words = new Map<string, string>();
  /** The length of the longest longer word, by its first code unit. */
  private readonly longest = new Map<number, number>();
  /** {@link pairKey} of each longer word's first two code units. */
  private readonly pairs = new Set<number>();
  /** Where the last {@link match} ended, beside the replacement it returned. */
  private end = 0;

  constructor(group: DictGroup) {
    for (let d = group.length - 1; d >= 0; d--) this.load(group[d] as DictLike);
  }

  private load(dict: DictLike): void {
    if (typeof dict !== 'string') {
      for (const [source, replacement] of dict) this.add(source, replacement);
      return;
    }
    // Entries are cut out of the string where they are, not split into a list of lines and each
    // line into a list: only the strings kept are made (building the tables allocated 2.7 MB of
    // heap with the lists, 1.1 MB without; measured in a fresh process, compiled code).
    for (let start = 0; start <= dict.length; ) {
      let end = dict.indexOf('|', start);
      if (end < 0) end = dict.length;
      const space = dict.indexOf(' ', start);
      if (space < 0 || space > end)
        throw new TypeError(
          `OpenCC dictionary entry without a replacement: ${JSON.stringify(dict.slice(start, end))}`,
        );
      const more = dict.indexOf(' ', space + 1);
      this.add(dict.slice(start, space), dict.slice(space + 1, more >= 0 && more < end ? more : end));
      start = end + 1;
    }
  }

  private add(source: string, replacement: string): void {
    // The trie keeps an empty word at its root, where no match ever looks.
    if (source === '') return;
    // The trie walks the text by whole code points, this by slices of it: the same only while no
    // word holds half a pair (none does), so that a slice cutting a pair of the text never
    // equals a word.
    if (LONE_SURROGATE.test(source))
      throw new TypeError(`OpenCC dictionary word with half a surrogate pair: ${JSON.stringify(source)}`);
    const first = source.charCodeAt(0);
    if (source.length === 1) {
      this.singles.set(first, replacement);
      return;
    }
    this.words.set(source, replacement);
    this.longest.set(first, Math.max(this.longest.get(first) ?? 0, source.length));
    this.pairs.add(pairKey(first, source.charCodeAt(1)));
  }

  /**
   * The replacement of the longest word at `i`, with where it ends in {@link end}; undefined when
   * no word starts there.
   */
  private match(s: string, i: number): string | undefined {
    const first = s.charCodeAt(i);
    const longest = this.longest.get(first);
    if (longest !== undefined && i + 1 < s.length && this.pairs.has(pairKey(first, s.charCodeAt(i + 1)))) {
      for (let end = Math.min(s.length, i + longest); end > i + 1; end--) {
        const value = this.words.get(s.slice(i, end));
        if (value !== undefined) {
          this.end = end;
          return value;
        }
      }
    }
    this.end = i + 1;
    return this.singles.get(first);
  }

  /** The text cut at each word found and between them (opencc-js Trie.segment). */
  segment(s: string): string[] {
    return this.walk(s, true);
  }

  /** The text with each word found replaced (opencc-js Trie.convert). */
  convert(s: string): string {
    return this.walk(s, false).join('');
  }

  /** The pieces of the text: each word found (as it is, or its replacement) and the text between. */
  private walk(s: string, asIs: boolean): string[] {
    const out: string[] = [];
    let unmatchedFrom = -1;
    for (let i = 0; i < s.length; ) {
      const value = this.match(s, i);
      if (value !== undefined) {
        if (unmatchedFrom >= 0) {
          out.push(s.slice(unmatchedFrom, i));
          unmatchedFrom = -1;
        }
        out.push(asIs ? s.slice(i, this.end) : value);
        i = this.end;
      } else {
        if (unmatchedFrom < 0) unmatchedFrom = i;
        i += unmatchedLength(s, i);
      }
    }
    if (unmatchedFrom >= 0) out.push(s.slice(unmatchedFrom));
    return out;
  }
}

/** Half a surrogate pair, alone. */
const LONE_SURROGATE = /\p{Cs}/u;

function codePointLength(s: string, i: number): number {
  return (s.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
}

/** How many operands an ideographic description character takes; 0 for any other code point. */
function descriptionArity(cp: number | undefined): number {
  if (cp === undefined) return 0;
  if (cp >= 0x2ff0 && cp <= 0x2ff1) return 2;
  if (cp >= 0x2ff2 && cp <= 0x2ff3) return 3;
  if (cp >= 0x2ff4 && cp <= 0x2fff) return 2;
  return 0;
}

/** Where an ideographic description sequence starting at `i` ends; 0 when none does. */
function descriptionEnd(s: string, i: number): number {
  const arity = descriptionArity(s.codePointAt(i));
  if (arity === 0) return 0;
  let end = i + codePointLength(s, i);
  for (let n = 0; n < arity; n++) {
    if (end >= s.length) return 0;
    end = descriptionEnd(s, end) || end + codePointLength(s, end);
  }
  return end;
}

function unmatchedLength(s: string, i: number): number {
  const end = descriptionEnd(s, i);
  return end > i ? end - i : codePointLength(s, i);
}

/** What opencc-js's preset says a converter is (`tw2s` here); checked, so that an upgrade that changes it fails loudly. */
export interface ConverterConfig {
  normalizationChain: readonly DictGroup[];
  segmentation: DictGroup;
  conversionChain: readonly DictGroup[];
}

function tw2s(): ConverterConfig {
  const { Locale } = require('opencc-js/t2cn') as typeof OpenCC;
  const config = (Locale.configs as Record<string, Partial<ConverterConfig> | undefined> | undefined)?.tw2s;
  const isGroup = (g: unknown): g is DictGroup =>
    Array.isArray(g) && g.every((d) => typeof d === 'string' || Array.isArray(d));
  const { normalizationChain, segmentation, conversionChain } = config ?? {};
  // opencc-js reads a segmentation of strings as a group, anything else as one dictionary.
  if (
    !Array.isArray(normalizationChain) ||
    !normalizationChain.every(isGroup) ||
    !Array.isArray(segmentation) ||
    !segmentation.every((d) => typeof d === 'string') ||
    !Array.isArray(conversionChain) ||
    !conversionChain.every(isGroup)
  )
    throw new Error('opencc-js no longer describes tw2s as this converter reads it: check to-simplified.ts');
  return { normalizationChain, segmentation, conversionChain };
}

/** A converter from traditional to simplified, its dictionaries indexed now. */
export function traditionalToSimplified(): (text: string) => string {
  return converterOf(tw2s());
}

/** The converter a preset describes, as opencc-js's ConverterBuilder makes it from the same preset. */
export function converterOf(config: ConverterConfig): (text: string) => string {
  const normalization = config.normalizationChain.map((g) => new WordTable(g));
  const segmentation = new WordTable(config.segmentation);
  const conversion = config.conversionChain.map((g) => new WordTable(g));
  return (text) => {
    const normalized = normalization.reduce((s, table) => table.convert(s), text);
    const segments = segmentation.segment(normalized);
    return conversion.reduce((parts, table) => parts.map((part) => table.convert(part)), segments).join('');
  };
}

/**
 * The statistical half of the classifier: a linear model (multinomial logistic regression) over
 * character n-grams of the normalized text and the keyword rules that fire. Character n-grams
 * need no word segmenter, so typos, fragments and dialect words still share most of their
 * features with the sentences the model was trained on. Trained by `npm run classify:train`
 * (scripts/classify-train.ts), which writes ./model.json; see ./REPORT.md for how it was chosen.
 */
import { readFileSync } from 'node:fs';
import { firedRules, ticketRules } from './rules.js';

/** The feature set: n-gram lengths and whether keyword rule hits count as features. */
export interface FeatureSpec {
  minGram: number;
  maxGram: number;
  ruleFeatures: boolean;
}

// Punctuation, symbols (emoji) and the rest carry no meaning here; digits only say "a number".
const NOISE = /[\p{P}\p{S}\p{Z}\p{C}]/gu;
const DIGITS = /[0-9]+/g;

/**
 * The features of a normalized text (see normalizeTicketText): its character n-grams, with
 * "^" and "$" marking the ends, and "R<i>" for each keyword rule i that fires. Deduplicated:
 * the model looks at presence, not counts, so a repeated word does not shout louder.
 */
export function textFeatures(
  normalized: string,
  spec: FeatureSpec,
  /** The rules that fire on it, when the caller has them already (core/classify/rules.ts rulesVerdict). */
  fired?: readonly number[],
): string[] {
  const chars = [...`^${normalized.replace(NOISE, '').replace(DIGITS, '0')}$`];
  const out = new Set<string>();
  for (let n = spec.minGram; n <= spec.maxGram; n++) {
    for (let i = 0; i + n <= chars.length; i++) {
      const gram = chars.slice(i, i + n).join('');
      if (gram !== '^' && gram !== '$') out.add(gram);
    }
  }
  if (spec.ruleFeatures) for (const i of fired ?? firedRules(normalized)) out.add(`R${i}`);
  return [...out];
}

/** One softmax head: a weight per (feature, label), a bias per label. */
export interface LinearHead {
  labels: string[];
  /** weights[f * labels.length + k] for feature f and label k. */
  weights: number[];
  bias: number[];
}

/**
 * A head as model.json stores it: the weights in thousandths (the trainer rounds them so), as
 * little-endian 16-bit integers in base64. Parsing 200,000 numbers out of JSON took most of the
 * model's load time (about 58 of 95 ms on the training machine); this reads in a few.
 */
export interface StoredHead {
  labels: string[];
  weights: string;
  bias: number[];
}

/** Weights are stored as integers of this many per unit. */
const WEIGHT_SCALE = 1000;

/** A head ready to score: the weights as read (a view on the stored integers, or the trainer's numbers) and their scale. */
export interface ScoringHead {
  labels: string[];
  weights: ArrayLike<number>;
  bias: number[];
  /** A weight is weights[i] / scale. */
  scale: number;
}

/** The model as trained (scripts/classify-train.ts), before it is stored. */
export interface ModelFile {
  /** Bumped when the feature definition changes, so an old file is refused rather than misread. */
  version: number;
  method: string;
  trainedOn: number;
  spec: FeatureSpec;
  /** The number of keyword rules when trained: rule features are by index. */
  rules: number;
  features: string[];
  ticketClass: LinearHead;
  category: LinearHead;
  /** Below this margin between the top two class probabilities, the class is provisional. */
  unsureMargin: number;
  /**
   * When the model gives 重大 at least this probability but ranks another class first, the
   * ticket is 重大, provisional, until staff confirm: a missed emergency costs more than a
   * question to staff. Chosen by cross-validation on the training split (scripts/classify-train.ts
   * `chooseMajorFloor`); 1 (never) in a file trained before it existed.
   */
  majorFloor: number;
}

export const MODEL_VERSION = 1;

/** What model.json holds: the trained model with its heads stored (see {@link StoredHead}). */
export type StoredModelFile = Omit<ModelFile, 'ticketClass' | 'category' | 'majorFloor' | 'features'> & {
  /** In id order, joined by a line feed (see {@link FeatureIndex}); a list in a file written before. */
  features: string | string[];
  ticketClass: StoredHead;
  category: StoredHead;
  /** Absent in a file written before the major floor existed. */
  majorFloor?: number;
};

/** A model ready to score: the feature index built once (the feature list itself is not kept). */
export type Model = Omit<ModelFile, 'ticketClass' | 'category' | 'features'> & {
  ticketClass: ScoringHead;
  category: ScoringHead;
  index: FeatureIndex;
};

/**
 * `s.slice(start, end)`, when it is one to three UTF-16 code units, none of them 0 or half of a
 * surrogate pair, as one number: its code units as digits in base 65536 (exact, below 2^48;
 * strings of different lengths never meet, the first digit is never 0). Null for any other string.
 */
function packUnits(s: string, start: number, end: number): number | null {
  if (end <= start || end - start > 3) return null;
  let key = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 0 || (c >= 0xd800 && c <= 0xdfff)) return null;
    key = key * 65536 + c;
  }
  return key;
}

/** Between two features in model.json's `features` (a feature never holds it: see textFeatures' NOISE). */
const FEATURE_SEPARATOR = '\n';

/**
 * Feature → id, kept compact for the life of the process: the model's n-grams (one to three
 * characters, nearly all of them of the Basic Multilingual Plane) as numbers in one sorted array,
 * found by binary search, and the rest in a Map (15 in the shipped model: grams with a character
 * beyond the Basic Multilingual Plane; rule features from R100 would join them). A Map of the
 * 32,555 feature strings held 1.65 MB of heap; this holds 0.03 MB of heap and 0.4 MB of typed
 * arrays (measured with --expose-gc after loading the model).
 *
 * Built from model.json's one string of features, read code unit by code unit: no string per
 * feature and no object per entry is made on the way (only the Map's few keys), so that loading
 * the model leaves little garbage behind. Read as a list, with an object per entry to sort, the
 * 32,555 strings grew V8's young generation to its largest (16 MB) and the process's RSS by
 * 22 MB; the joined string, sorted through typed arrays, leaves the young generation at 4 MB and
 * adds 12 MB of RSS, most of it the file's text, freed at the next collection (compiled code,
 * a fresh process loading only the model).
 */
export class FeatureIndex {
  readonly size: number;
  private readonly keys: Float64Array;
  private readonly ids: Uint32Array;
  private readonly others = new Map<string, number>();

  /** `features` in id order: a list, or model.json's string of them joined by {@link FEATURE_SEPARATOR}. */
  constructor(features: readonly string[] | string) {
    const joined = typeof features === 'string' ? features : joinFeatures(features);
    const sep = FEATURE_SEPARATOR.charCodeAt(0);
    let count = joined === '' ? 0 : 1;
    for (let i = 0; i < joined.length; i++) if (joined.charCodeAt(i) === sep) count++;
    const keyOf = new Float64Array(count);
    const packed = new Uint32Array(count);
    let packedCount = 0;
    let id = 0;
    let start = 0;
    for (let i = 0; count > 0 && i <= joined.length; i++) {
      if (i < joined.length && joined.charCodeAt(i) !== sep) continue;
      const key = packUnits(joined, start, i);
      if (key === null) {
        const feature = joined.slice(start, i);
        if (this.others.has(feature)) throw new Error('model.json lists a feature twice');
        this.others.set(feature, id);
      } else {
        keyOf[id] = key;
        packed[packedCount++] = id;
      }
      id++;
      start = i + 1;
    }
    // Ids by key; the comparison returns small integers, so sorting makes no garbage.
    const order = packed.subarray(0, packedCount).sort((a, b) => {
      const ka = keyOf[a] as number;
      const kb = keyOf[b] as number;
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
    this.keys = new Float64Array(packedCount);
    for (let i = 0; i < packedCount; i++) {
      this.keys[i] = keyOf[order[i] as number] as number;
      if (i > 0 && this.keys[i] === this.keys[i - 1]) throw new Error('model.json lists a feature twice');
    }
    this.ids = order.slice();
    this.size = count;
  }

  get(feature: string): number | undefined {
    const key = packUnits(feature, 0, feature.length);
    if (key === null) return this.others.get(feature);
    let lo = 0;
    let hi = this.keys.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.keys[mid] as number;
      if (at < key) lo = mid + 1;
      else if (at > key) hi = mid - 1;
      else return this.ids[mid];
    }
    return undefined;
  }
}

/** The features as model.json stores them; throws on one that is empty or holds the separator. */
function joinFeatures(features: readonly string[]): string {
  for (const f of features) {
    if (f === '' || f.includes(FEATURE_SEPARATOR))
      throw new Error(`feature ${JSON.stringify(f)} cannot be stored in model.json`);
  }
  return features.join(FEATURE_SEPARATOR);
}

/** The trained model as model.json stores it; throws when a weight does not fit (it never has: |w| < 33). */
export function storeModel(file: ModelFile): StoredModelFile {
  const store = (head: LinearHead): StoredHead => {
    const ints = new Int16Array(head.weights.length);
    head.weights.forEach((w, i) => {
      const v = Math.round(w * WEIGHT_SCALE);
      if (Math.abs(v) > 32767) throw new Error(`weight ${w} does not fit in model.json's 16 bits`);
      ints[i] = v;
    });
    return { labels: head.labels, bias: head.bias, weights: Buffer.from(ints.buffer).toString('base64') };
  };
  return {
    ...file,
    features: joinFeatures(file.features),
    ticketClass: store(file.ticketClass),
    category: store(file.category),
  };
}

function scoringHead(head: LinearHead | StoredHead): ScoringHead {
  if (typeof head.weights !== 'string') return { ...head, weights: head.weights, scale: 1 };
  const bytes = Buffer.from(head.weights, 'base64');
  // A view when the bytes are aligned and the machine little-endian (every machine Node runs on
  // here); otherwise read them one by one.
  const weights =
    bytes.byteOffset % 2 === 0 && new Uint8Array(new Uint16Array([1]).buffer)[0] === 1
      ? new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2)
      : Int16Array.from({ length: bytes.length / 2 }, (_, i) => bytes.readInt16LE(2 * i));
  return { labels: head.labels, bias: head.bias, weights, scale: WEIGHT_SCALE };
}

/** The labels of a head with their probabilities, highest first. */
export type Ranked = { label: string; p: number }[];

export function toModel(file: ModelFile | StoredModelFile): Model {
  if (file.version !== MODEL_VERSION) {
    throw new Error(
      `model.json is version ${file.version}, the code reads ${MODEL_VERSION}: run npm run classify:train`,
    );
  }
  if (file.rules !== ticketRules.length) {
    throw new Error(
      `model.json was trained with ${file.rules} keyword rules, there are ${ticketRules.length} now: run npm run classify:train`,
    );
  }
  const { features, ...rest } = file;
  return {
    ...rest,
    ticketClass: scoringHead(file.ticketClass),
    category: scoringHead(file.category),
    majorFloor: file.majorFloor ?? 1,
    index: new FeatureIndex(features),
  };
}

const MODEL_URL = new URL('./model.json', import.meta.url);
let shipped: Model | null = null;

/** The model shipped in the repo (core/classify/model.json), read on first use. */
export function shippedModel(): Model {
  shipped ??= toModel(JSON.parse(readFileSync(MODEL_URL, 'utf8')) as StoredModelFile);
  return shipped;
}

/** Softmax of one head over the features present (unknown features are ignored). */
export function scoreHead(head: ScoringHead, featureIds: readonly number[]): Ranked {
  const k = head.labels.length;
  const z = head.bias.slice();
  for (const f of featureIds) {
    for (let j = 0; j < k; j++) z[j] = (z[j] ?? 0) + (head.weights[f * k + j] ?? 0) / head.scale;
  }
  const max = Math.max(...z);
  const e = z.map((v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return head.labels.map((label, j) => ({ label, p: (e[j] ?? 0) / sum })).sort((a, b) => b.p - a.p);
}

/** Feature ids of a normalized text in this model; `fired` as in {@link textFeatures}. */
export function featureIds(
  model: Pick<Model, 'index' | 'spec'>,
  normalized: string,
  fired?: readonly number[],
): number[] {
  const ids: number[] = [];
  for (const f of textFeatures(normalized, model.spec, fired)) {
    const id = model.index.get(f);
    if (id !== undefined) ids.push(id);
  }
  return ids;
}

/**
 * The statistical half of the classifier: a linear model (multinomial logistic regression) over
 * character n-grams of the normalized text and the keyword rules that fire. Character n-grams
 * need no word segmenter, so typos, fragments and dialect words still share most of their
 * features with the sentences the model was trained on. Trained by `npm run classify:train`
 * (scripts/classify-train.ts), which writes ./model.bin; see ./REPORT.md for how it was chosen.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { z } from 'zod';
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

/** Weights are stored as 16-bit integers of this many per unit: in thousandths (the trainer rounds them so). */
const WEIGHT_SCALE = 1000;

/** A head ready to score: the weights as read (the stored integers, or the trainer's numbers) and their scale. */
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
   * `chooseMajorFloor`).
   */
  majorFloor: number;
}

export const MODEL_VERSION = 1;

/** A model ready to score: the feature index built once (the feature list itself is not kept). */
export type Model = Omit<ModelFile, 'ticketClass' | 'category' | 'features'> & {
  ticketClass: ScoringHead;
  category: ScoringHead;
  index: FeatureIndex;
};

/** The key of a gram one code unit longer (see {@link FeatureIndex}); null for a unit no key holds. */
function packNext(key: number, unit: number): number | null {
  return unit === 0 || (unit >= 0xd800 && unit <= 0xdfff) ? null : key * 65536 + unit;
}

/** Between two features in model.bin (a feature never holds it: see textFeatures' NOISE). */
const FEATURE_SEPARATOR = 0x0a;

/**
 * Feature → id, kept compact for the life of the process. An n-gram of one to three UTF-16 code
 * units, none of them 0 or half of a surrogate pair, is one number: its code units as digits in
 * base 65536 (exact, below 2^48; grams of different lengths never meet, the first digit is never
 * 0). Those numbers sit in one sorted array, found by binary search; the rest are in a Map (15
 * in the shipped model: grams with a character beyond the Basic Multilingual Plane; rule
 * features from R100 would join them). A Map of the 32,555 feature strings held 1.65 MB of heap;
 * this holds 0.03 MB of heap and 0.4 MB of typed arrays (measured with --expose-gc after loading
 * the model).
 *
 * Built from model.bin's code units: no string per feature and no object per entry is made on
 * the way (only the Map's few keys), so that loading the model leaves little garbage behind.
 */
export class FeatureIndex {
  readonly size: number;
  private readonly keys: Float64Array;
  private readonly ids: Uint32Array;
  private readonly others = new Map<string, number>();

  /** The features in id order: the trainer's list, or model.bin's code units (joined by a line feed). */
  constructor(features: readonly string[] | Uint16Array) {
    const units = features instanceof Uint16Array ? features : joinFeatures(features);
    let count = units.length === 0 ? 0 : 1;
    for (let i = 0; i < units.length; i++) if (units[i] === FEATURE_SEPARATOR) count++;
    const keyOf = new Float64Array(count);
    const packed = new Uint32Array(count);
    let packedCount = 0;
    let id = 0;
    let start = 0;
    for (let i = 0; count > 0 && i <= units.length; i++) {
      if (i < units.length && units[i] !== FEATURE_SEPARATOR) continue;
      let key: number | null = i > start && i - start <= 3 ? 0 : null;
      for (let j = start; key !== null && j < i; j++) key = packNext(key, units[j] as number);
      if (key === null) {
        const feature = String.fromCharCode(...units.subarray(start, i));
        if (this.others.has(feature)) throw new Error('model.bin lists a feature twice');
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
      if (i > 0 && this.keys[i] === this.keys[i - 1]) throw new Error('model.bin lists a feature twice');
    }
    this.ids = order.slice();
    this.size = count;
  }

  get(feature: string): number | undefined {
    let key: number | null = feature.length > 0 && feature.length <= 3 ? 0 : null;
    for (let i = 0; key !== null && i < feature.length; i++) key = packNext(key, feature.charCodeAt(i));
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

/** The features as model.bin stores them; throws on one that is empty or holds the separator. */
function joinFeatures(features: readonly string[]): Uint16Array {
  const separator = String.fromCharCode(FEATURE_SEPARATOR);
  for (const f of features) {
    if (f === '' || f.includes(separator))
      throw new Error(`feature ${JSON.stringify(f)} cannot be stored in model.bin`);
  }
  const joined = features.join(separator);
  const units = new Uint16Array(joined.length);
  for (let i = 0; i < joined.length; i++) units[i] = joined.charCodeAt(i);
  return units;
}

/*
 * model.bin, as storeModel writes it and readModel reads it, little-endian:
 * - "HGJM", then the header's length in bytes (32 bits);
 * - the header: JSON (UTF-8, {@link modelHeader}), padded with spaces so that what follows starts
 *   at a multiple of 8;
 * - the class head's weights, then the category head's: 16-bit integers, in thousandths;
 * - the features in id order: UTF-16 code units, joined by a line feed.
 *
 * Each part is read straight into the typed array that keeps it: no text of the whole file and
 * no string per feature. Stored as JSON (model.json until stop 33: the features joined in one
 * string, the weights in base64), the first classification of a fresh process grew V8's heap by
 * 7 to 11.5 MB of text to parse, most of it garbage at once; read so, by 2 MB.
 */
const MAGIC = 'HGJM';
const PREFIX_BYTES = 8;
const ALIGN = 8;

const headHeader = z.object({
  labels: z.array(z.string()).min(1),
  bias: z.array(z.number()),
  /** How many weights follow in the file. */
  weights: z.number().int().nonnegative(),
});

const modelHeader = z.object({
  version: z.number().int(),
  method: z.string(),
  trainedOn: z.number().int(),
  spec: z.object({
    minGram: z.number().int().positive(),
    maxGram: z.number().int().positive(),
    ruleFeatures: z.boolean(),
  }),
  rules: z.number().int().nonnegative(),
  unsureMargin: z.number(),
  majorFloor: z.number(),
  ticketClass: headHeader,
  category: headHeader,
  /** How many UTF-16 code units of features follow the weights. */
  featureUnits: z.number().int().nonnegative(),
});

const isLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The trained model as model.bin holds it; throws when a weight does not fit (it never has: |w| < 33). */
export function storeModel(file: ModelFile): Buffer {
  const ints = (head: LinearHead) => {
    const out = new Int16Array(head.weights.length);
    head.weights.forEach((w, i) => {
      const v = Math.round(w * WEIGHT_SCALE);
      if (Math.abs(v) > 32767) throw new Error(`weight ${w} does not fit in model.bin's 16 bits`);
      out[i] = v;
    });
    return out;
  };
  const units = joinFeatures(file.features);
  const weights = [ints(file.ticketClass), ints(file.category)];
  const header: z.input<typeof modelHeader> = {
    version: file.version,
    method: file.method,
    trainedOn: file.trainedOn,
    spec: file.spec,
    rules: file.rules,
    unsureMargin: file.unsureMargin,
    majorFloor: file.majorFloor,
    ticketClass: {
      labels: file.ticketClass.labels,
      bias: file.ticketClass.bias,
      weights: file.ticketClass.weights.length,
    },
    category: {
      labels: file.category.labels,
      bias: file.category.bias,
      weights: file.category.weights.length,
    },
    featureUnits: units.length,
  };
  const json = Buffer.from(JSON.stringify(header));
  const padded = Buffer.alloc(Math.ceil((PREFIX_BYTES + json.length) / ALIGN) * ALIGN - PREFIX_BYTES, ' ');
  json.copy(padded);
  const prefix = Buffer.alloc(PREFIX_BYTES);
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(padded.length, 4);
  const bytes = (a: Int16Array | Uint16Array) => {
    const b = Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    return isLittleEndian ? b : Buffer.from(b).swap16();
  };
  return Buffer.concat([prefix, padded, ...weights.map(bytes), bytes(units)]);
}

/** Fills `into` with the file's bytes from `position`; throws when the file ends first. */
export type ReadAt = (into: Uint8Array, position: number) => void;

/** `into` as bytes, to read into; afterwards, its 16-bit values put in this machine's order. */
function filled<T extends Int16Array | Uint16Array>(into: T, position: number, readAt: ReadAt): T {
  const bytes = new Uint8Array(into.buffer, into.byteOffset, into.byteLength);
  readAt(bytes, position);
  if (!isLittleEndian) Buffer.from(into.buffer, into.byteOffset, into.byteLength).swap16();
  return into;
}

/** model.bin's header, checked, and where its weights start. */
function readHeader(readAt: ReadAt): { header: z.output<typeof modelHeader>; position: number } {
  const prefix = Buffer.alloc(PREFIX_BYTES);
  readAt(prefix, 0);
  if (prefix.toString('latin1', 0, 4) !== MAGIC)
    throw new Error('model.bin is not a model file: run npm run classify:train');
  const headerBytes = Buffer.alloc(prefix.readUInt32LE(4));
  readAt(headerBytes, PREFIX_BYTES);
  const parsed = modelHeader.safeParse(JSON.parse(headerBytes.toString('utf8')));
  if (!parsed.success)
    throw new Error(`model.bin's header is not as this code reads it: ${parsed.error.message}`);
  const header = parsed.data;
  if (header.version !== MODEL_VERSION) {
    throw new Error(
      `model.bin is version ${header.version}, the code reads ${MODEL_VERSION}: run npm run classify:train`,
    );
  }
  if (header.rules !== ticketRules.length) {
    throw new Error(
      `model.bin was trained with ${header.rules} keyword rules, there are ${ticketRules.length} now: run npm run classify:train`,
    );
  }
  return { header, position: PREFIX_BYTES + headerBytes.length };
}

/** The stored weights of both heads and the features' code units, in file order. */
function readBody(readAt: ReadAt, header: z.output<typeof modelHeader>, start: number) {
  let position = start;
  const next = <T extends Int16Array | Uint16Array>(into: T): T => {
    filled(into, position, readAt);
    position += into.byteLength;
    return into;
  };
  const ticketClass = next(new Int16Array(header.ticketClass.weights));
  const category = next(new Int16Array(header.category.weights));
  return { ticketClass, category, units: next(new Uint16Array(header.featureUnits)) };
}

/** A model from model.bin's bytes, read part by part through `readAt`; throws on a file it cannot read. */
export function readModel(readAt: ReadAt): Model {
  const { header, position } = readHeader(readAt);
  const body = readBody(readAt, header, position);
  const { featureUnits: _units, ...rest } = header;
  const index = new FeatureIndex(body.units);
  const head = ({ labels, bias }: z.output<typeof headHeader>, weights: Int16Array): ScoringHead => {
    if (bias.length !== labels.length || weights.length !== index.size * labels.length)
      throw new Error('model.bin is damaged: its weights do not match its features and labels');
    return { labels, bias, weights, scale: WEIGHT_SCALE };
  };
  return {
    ...rest,
    ticketClass: head(header.ticketClass, body.ticketClass),
    category: head(header.category, body.category),
    index,
  };
}

/** The trained model back from model.bin's bytes, its weights as stored (in thousandths): storeModel's inverse. */
export function unstoreModel(bytes: Uint8Array): ModelFile {
  const readAt = bytesReader(bytes);
  const { header, position } = readHeader(readAt);
  const body = readBody(readAt, header, position);
  const { featureUnits: _units, ...rest } = header;
  const head = ({ labels, bias }: z.output<typeof headHeader>, weights: Int16Array): LinearHead => ({
    labels,
    bias,
    weights: Array.from(weights, (w) => w / WEIGHT_SCALE),
  });
  return {
    ...rest,
    features: textOf(body.units).split(String.fromCharCode(FEATURE_SEPARATOR)),
    ticketClass: head(header.ticketClass, body.ticketClass),
    category: head(header.category, body.category),
  };
}

/** The string of these code units. */
function textOf(units: Uint16Array): string {
  let text = '';
  for (let i = 0; i < units.length; i += 8192) text += String.fromCharCode(...units.subarray(i, i + 8192));
  return text;
}

function bytesReader(bytes: Uint8Array): ReadAt {
  return (into, position) => {
    if (position + into.length > bytes.length) throw new Error('model.bin ends too soon');
    into.set(bytes.subarray(position, position + into.length));
  };
}

/** A model from model.bin's bytes in memory (the trainer's output, tests). */
export function modelFromBytes(bytes: Uint8Array): Model {
  return readModel(bytesReader(bytes));
}

/** A model from a model.bin file, read part by part. */
export function readModelFile(path: URL | string): Model {
  const fd = openSync(path, 'r');
  try {
    return readModel((into, position) => {
      if (readSync(fd, into, 0, into.length, position) !== into.length)
        throw new Error('model.bin ends too soon');
    });
  } finally {
    closeSync(fd);
  }
}

/** The trainer's model before it is stored, ready to score as it is (its weights are numbers). */
export function toModel(file: ModelFile): Model {
  const { features, ...rest } = file;
  const head = (h: LinearHead): ScoringHead => ({ ...h, scale: 1 });
  return {
    ...rest,
    ticketClass: head(file.ticketClass),
    category: head(file.category),
    index: new FeatureIndex(features),
  };
}

const MODEL_URL = new URL('./model.bin', import.meta.url);
let shipped: Model | null = null;

/** The model shipped in the repo (core/classify/model.bin), read on first use. */
export function shippedModel(): Model {
  shipped ??= readModelFile(MODEL_URL);
  return shipped;
}

/** The labels of a head with their probabilities, highest first. */
export type Ranked = { label: string; p: number }[];

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

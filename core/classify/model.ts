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

/**
 * A gram's key: its one to three UTF-16 code units, none of them 0 or half of a surrogate pair,
 * as digits in base 65536 (exact, below 2^48; grams of different lengths never meet, the first
 * digit is never 0). Null for any other string.
 */
function gramKey(s: string): number | null {
  if (s.length === 0 || s.length > 3) return null;
  let key = 0;
  for (let i = 0; i < s.length; i++) {
    const unit = s.charCodeAt(i);
    if (unit === 0 || (unit >= 0xd800 && unit <= 0xdfff)) return null;
    key = key * 65536 + unit;
  }
  return key;
}

/** The gram a {@link gramKey} stands for. */
function gramOf(key: number): string {
  const units: number[] = [];
  for (let k = key; k > 0; k = Math.floor(k / 65536)) units.unshift(k % 65536);
  return String.fromCharCode(...units);
}

/** Between two features in model.bin (a feature never holds it: see textFeatures' NOISE). */
const FEATURE_SEPARATOR = '\n';

/**
 * Feature → id, kept compact for the life of the process. The features are in index order (see
 * {@link inIndexOrder}): first the grams with a {@link gramKey}, by ascending key, so that a
 * gram's id is where binary search finds its key; then the rest, in a Map (15 in the shipped
 * model: grams with a character beyond the Basic Multilingual Plane; rule features from R100
 * would join them). A Map of the 32,555 feature strings held 1.65 MB of heap; this holds one
 * 0.26 MB typed array.
 *
 * model.bin stores the keys as they are kept: loading the index reads them into their array and
 * makes nothing else. Computed from the 32,555 features' code units, their ids then sorted by
 * key, as until stop 33, loading allocated 1.1 MB of heap on the way.
 */
export class FeatureIndex {
  readonly size: number;
  private readonly others = new Map<string, number>();

  /** `keys` ascending, the ids 0 on; then the other features, the ids after them. */
  constructor(
    private readonly keys: Float64Array,
    others: readonly string[],
  ) {
    for (let i = 1; i < keys.length; i++) {
      if (!((keys[i] as number) > (keys[i - 1] as number)))
        throw new Error('model.bin is damaged: its grams are not in order, or one is listed twice');
    }
    others.forEach((feature, j) => {
      if (gramKey(feature) !== null || this.others.has(feature))
        throw new Error(
          `model.bin is damaged: the feature ${JSON.stringify(feature)} is listed twice or out of place`,
        );
      this.others.set(feature, keys.length + j);
    });
    this.size = keys.length + others.length;
  }

  /** The index of features already in index order. */
  static of(features: readonly string[]): FeatureIndex {
    const keys: number[] = [];
    const others: string[] = [];
    for (const f of features) {
      const key = gramKey(f);
      if (key === null) others.push(f);
      else if (others.length > 0) throw new Error(`feature ${JSON.stringify(f)} is not in index order`);
      else keys.push(key);
    }
    return new FeatureIndex(Float64Array.from(keys), others);
  }

  get(feature: string): number | undefined {
    const key = gramKey(feature);
    if (key === null) return this.others.get(feature);
    let lo = 0;
    let hi = this.keys.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.keys[mid] as number;
      if (at < key) lo = mid + 1;
      else if (at > key) hi = mid - 1;
      else return mid;
    }
    return undefined;
  }
}

/**
 * The same model with its features in the index's order (grams by key, then the rest in the order
 * given) and the weights' rows moved with them: it scores every text the same. Throws on a
 * feature listed twice, or one model.bin could not store.
 */
export function inIndexOrder(file: ModelFile): ModelFile {
  const seen = new Set<string>();
  for (const f of file.features) {
    if (f === '' || f.includes(FEATURE_SEPARATOR))
      throw new Error(`feature ${JSON.stringify(f)} cannot be stored in model.bin`);
    if (seen.has(f)) throw new Error(`feature ${JSON.stringify(f)} is listed twice`);
    seen.add(f);
  }
  const keyOf = file.features.map(gramKey);
  const order = file.features.map((_, id) => id);
  // Stable: the features without a key keep their order.
  order.sort((a, b) => (keyOf[a] ?? Number.POSITIVE_INFINITY) - (keyOf[b] ?? Number.POSITIVE_INFINITY) || 0);
  const rows = (h: LinearHead): LinearHead => {
    const k = h.labels.length;
    return { ...h, weights: order.flatMap((id) => h.weights.slice(id * k, id * k + k)) };
  };
  return {
    ...file,
    features: order.map((id) => file.features[id] as string),
    ticketClass: rows(file.ticketClass),
    category: rows(file.category),
  };
}

/*
 * model.bin, as storeModel writes it and readModel reads it, little-endian:
 * - "HGJM", then the header's length in bytes (32 bits);
 * - the header: JSON (UTF-8, {@link modelHeader}), padded with spaces so that what follows starts
 *   at a multiple of 8;
 * - the grams' keys, ascending (64-bit floats; see FeatureIndex);
 * - the class head's weights, then the category head's: 16-bit integers, in thousandths, a row
 *   per feature in index order;
 * - the other features: UTF-16 code units, joined by a line feed.
 *
 * Each part is read straight into the typed array that keeps it: no text of the whole file, no
 * string per feature. Stored as JSON (model.json until stop 33: the features joined in one
 * string, the weights in base64), loading the model grew a fresh process's heap by 7 to 11.5 MB
 * of text to parse, most of it garbage at once.
 */
const MAGIC = 'HGJM';
const PREFIX_BYTES = 8;
const ALIGN = 8;

const headHeader = z.object({
  labels: z.array(z.string()).min(1),
  bias: z.array(z.number()),
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
  /** How many grams' keys follow the header. */
  grams: z.number().int().nonnegative(),
  /** How many other features there are, and how many UTF-16 code units they take, joined. */
  others: z.number().int().nonnegative(),
  otherUnits: z.number().int().nonnegative(),
});

type Header = z.output<typeof modelHeader>;

const isLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * A typed array's bytes, its numbers turned between this machine's byte order and the file's
 * (little-endian) in place: after reading into it, and before writing an array made to be written.
 */
function fileOrder(a: Float64Array | Int16Array | Uint16Array): Buffer {
  const bytes = Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  if (isLittleEndian) return bytes;
  return a instanceof Float64Array ? bytes.swap64() : bytes.swap16();
}

/** The trained model as model.bin holds it; throws when a weight does not fit (it never has: |w| < 33). */
export function storeModel(trained: ModelFile): Buffer {
  const file = inIndexOrder(trained);
  const weights = (head: LinearHead) => {
    const out = new Int16Array(head.weights.length);
    head.weights.forEach((w, i) => {
      const v = Math.round(w * WEIGHT_SCALE);
      if (Math.abs(v) > 32767) throw new Error(`weight ${w} does not fit in model.bin's 16 bits`);
      out[i] = v;
    });
    return out;
  };
  const keys: number[] = [];
  const others: string[] = [];
  for (const f of file.features) {
    const key = gramKey(f);
    if (key === null) others.push(f);
    else keys.push(key);
  }
  const otherText = others.join(FEATURE_SEPARATOR);
  const otherUnits = Uint16Array.from({ length: otherText.length }, (_, i) => otherText.charCodeAt(i));
  const header: Header = {
    version: file.version,
    method: file.method,
    trainedOn: file.trainedOn,
    spec: file.spec,
    rules: file.rules,
    unsureMargin: file.unsureMargin,
    majorFloor: file.majorFloor,
    ticketClass: { labels: file.ticketClass.labels, bias: file.ticketClass.bias },
    category: { labels: file.category.labels, bias: file.category.bias },
    grams: keys.length,
    others: others.length,
    otherUnits: otherUnits.length,
  };
  const json = Buffer.from(JSON.stringify(header));
  const padded = Buffer.alloc(Math.ceil((PREFIX_BYTES + json.length) / ALIGN) * ALIGN - PREFIX_BYTES, ' ');
  json.copy(padded);
  const prefix = Buffer.alloc(PREFIX_BYTES);
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(padded.length, 4);
  return Buffer.concat([
    prefix,
    padded,
    fileOrder(Float64Array.from(keys)),
    fileOrder(weights(file.ticketClass)),
    fileOrder(weights(file.category)),
    fileOrder(otherUnits),
  ]);
}

/** Fills `into` with the file's bytes from `position`; throws when the file ends first. */
export type ReadAt = (into: Uint8Array, position: number) => void;

/** model.bin's header, checked, and where the keys start. */
function readHeader(readAt: ReadAt): { header: Header; position: number } {
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

/** The parts after the header, each read into its own array, in this machine's byte order. */
function readBody(readAt: ReadAt, header: Header, start: number) {
  let position = start;
  const next = <T extends Float64Array | Int16Array | Uint16Array>(into: T): T => {
    readAt(new Uint8Array(into.buffer, into.byteOffset, into.byteLength), position);
    position += into.byteLength;
    fileOrder(into);
    return into;
  };
  const features = header.grams + header.others;
  const keys = next(new Float64Array(header.grams));
  const ticketClass = next(new Int16Array(features * header.ticketClass.labels.length));
  const category = next(new Int16Array(features * header.category.labels.length));
  const units = next(new Uint16Array(header.otherUnits));
  let text = '';
  for (let i = 0; i < units.length; i += 8192) text += String.fromCharCode(...units.subarray(i, i + 8192));
  const others = header.others === 0 ? [] : text.split(FEATURE_SEPARATOR);
  if (others.length !== header.others)
    throw new Error('model.bin is damaged: its header miscounts its features');
  for (const h of [header.ticketClass, header.category]) {
    if (h.bias.length !== h.labels.length)
      throw new Error('model.bin is damaged: a head has not one bias per label');
  }
  return { keys, others, ticketClass, category };
}

/** A model from model.bin's bytes, read part by part through `readAt`; throws on a file it cannot read. */
export function readModel(readAt: ReadAt): Model {
  const { header, position } = readHeader(readAt);
  const body = readBody(readAt, header, position);
  const { grams: _grams, others: _others, otherUnits: _units, ...rest } = header;
  return {
    ...rest,
    ticketClass: { ...header.ticketClass, weights: body.ticketClass, scale: WEIGHT_SCALE },
    category: { ...header.category, weights: body.category, scale: WEIGHT_SCALE },
    index: new FeatureIndex(body.keys, body.others),
  };
}

/** The trained model back from model.bin's bytes, in index order, its weights as stored (in thousandths). */
export function unstoreModel(bytes: Uint8Array): ModelFile {
  const readAt = bytesReader(bytes);
  const { header, position } = readHeader(readAt);
  const body = readBody(readAt, header, position);
  const { grams: _grams, others: _others, otherUnits: _units, ...rest } = header;
  const head = (h: z.output<typeof headHeader>, weights: Int16Array): LinearHead => ({
    ...h,
    weights: Array.from(weights, (w) => w / WEIGHT_SCALE),
  });
  return {
    ...rest,
    features: [...Array.from(body.keys, gramOf), ...body.others],
    ticketClass: head(header.ticketClass, body.ticketClass),
    category: head(header.category, body.category),
  };
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
export function toModel(trained: ModelFile): Model {
  const { features, ...file } = inIndexOrder(trained);
  const head = (h: LinearHead): ScoringHead => ({ ...h, scale: 1 });
  return {
    ...file,
    ticketClass: head(file.ticketClass),
    category: head(file.category),
    index: FeatureIndex.of(features),
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

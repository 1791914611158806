/**
 * `npm run classify:train`: trains the ticket classifier on core/classify/corpus, compares the
 * candidate methods on the held-out split, writes the chosen model to core/classify/model.bin
 * and the held-out report to core/classify/REPORT.md, and prints the report. First it writes the
 * keyword patterns' gates (core/classify/keyword-gates.json), which the rules look up from then on.
 *
 * Nothing here looks at the held-out split until the methods are fixed: the regularisation and
 * the "unsure" margin and the major floor are chosen by 5-fold cross-validation on the training
 * split only.
 * The blind set (corpus/blind-21.tsv, see BLIND_FILE in core/classify/corpus.ts) is read only after
 * model.bin is written, and only to report on it: it is never trained on and chooses nothing.
 * While there is none, the report says so.
 * Deterministic: same corpus, same model file.
 */
import { statSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { BLIND_FILE, type CorpusRow, fnv1a, readBlindSet, readCorpus } from '../core/classify/corpus.js';
import { classifyTicket, modelView } from '../core/classify/index.js';
import { KEYWORD_GATES_URL } from '../core/classify/keyword-gate.js';
import { keywordGatesFile } from '../core/classify/keyword-gate-analysis.js';
import {
  type FeatureSpec,
  type LinearHead,
  MODEL_VERSION,
  type Model,
  type ModelFile,
  readModelFile,
  storeModel,
  textFeatures,
  toModel,
} from '../core/classify/model.js';
import {
  classifyByRules,
  normalizeTicketText,
  type TicketClass,
  ticketCategories,
  ticketClasses,
  ticketClassNames,
  ticketRules,
} from '../core/classify/rules.js';

const MODEL_PATH = new URL('../core/classify/model.bin', import.meta.url);
const REPORT_PATH = new URL('../core/classify/REPORT.md', import.meta.url);
const FOLDS = 5;
const MIN_COUNT = 2;

// ── training ──

interface Example {
  feats: string[];
  ticketClass: string;
  category: string;
}

interface Trainer {
  name: string;
  spec: FeatureSpec;
  /** Trains one head on the examples; returns the vocabulary-indexed head. */
  train(xs: number[][], ys: number[], labels: string[], features: number): LinearHead;
}

function vocabulary(examples: Example[]): string[] {
  const counts = new Map<string, number>();
  for (const e of examples) for (const f of e.feats) counts.set(f, (counts.get(f) ?? 0) + 1);
  return [...counts]
    .filter(([f, n]) => n >= MIN_COUNT || f.startsWith('R'))
    .map(([f]) => f)
    .sort();
}

/** Multinomial logistic regression, full-batch AdaGrad with L2: deterministic, and quick at this size. */
export function logistic(lambda: number, epochs = 300, rate = 0.5) {
  return (xs: number[][], ys: number[], labels: string[], features: number): LinearHead => {
    const k = labels.length;
    const w = new Float64Array(features * k);
    const b = new Float64Array(k);
    const gw = new Float64Array(features * k);
    const gb = new Float64Array(k);
    const hw = new Float64Array(features * k).fill(1e-8);
    const hb = new Float64Array(k).fill(1e-8);
    const z = new Float64Array(k);
    const n = xs.length;
    for (let epoch = 0; epoch < epochs; epoch++) {
      gw.fill(0);
      gb.fill(0);
      for (let i = 0; i < n; i++) {
        const x = xs[i] as number[];
        for (let j = 0; j < k; j++) z[j] = b[j] as number;
        for (const f of x) for (let j = 0; j < k; j++) z[j] = (z[j] as number) + (w[f * k + j] as number);
        let max = Number.NEGATIVE_INFINITY;
        for (let j = 0; j < k; j++) max = Math.max(max, z[j] as number);
        let sum = 0;
        for (let j = 0; j < k; j++) {
          z[j] = Math.exp((z[j] as number) - max);
          sum += z[j] as number;
        }
        for (let j = 0; j < k; j++) {
          const g = ((z[j] as number) / sum - (ys[i] === j ? 1 : 0)) / n;
          gb[j] = (gb[j] as number) + g;
          for (const f of x) gw[f * k + j] = (gw[f * k + j] as number) + g;
        }
      }
      for (let p = 0; p < w.length; p++) {
        const g = (gw[p] as number) + lambda * (w[p] as number);
        hw[p] = (hw[p] as number) + g * g;
        w[p] = (w[p] as number) - (rate * g) / Math.sqrt(hw[p] as number);
      }
      for (let j = 0; j < k; j++) {
        const g = gb[j] as number;
        hb[j] = (hb[j] as number) + g * g;
        b[j] = (b[j] as number) - (rate * g) / Math.sqrt(hb[j] as number);
      }
    }
    return { labels, weights: [...w], bias: [...b] };
  };
}

/** Multinomial naive Bayes over feature presence, as a linear head (log-probabilities). */
function naiveBayes(alpha: number) {
  return (xs: number[][], ys: number[], labels: string[], features: number): LinearHead => {
    const k = labels.length;
    const counts = new Float64Array(features * k);
    const totals = new Float64Array(k);
    const docs = new Float64Array(k);
    xs.forEach((x, i) => {
      const y = ys[i] as number;
      docs[y] = (docs[y] as number) + 1;
      for (const f of x) {
        counts[f * k + y] = (counts[f * k + y] as number) + 1;
        totals[y] = (totals[y] as number) + 1;
      }
    });
    const weights = new Array<number>(features * k);
    for (let f = 0; f < features; f++) {
      for (let j = 0; j < k; j++) {
        weights[f * k + j] = Math.log(
          ((counts[f * k + j] as number) + alpha) / ((totals[j] as number) + alpha * features),
        );
      }
    }
    const bias = [...docs].map((d) => Math.log((d + 1) / (xs.length + k)));
    return { labels, weights, bias };
  };
}

function examplesOf(rows: CorpusRow[], spec: FeatureSpec): Example[] {
  return rows.map((r) => ({
    feats: textFeatures(normalizeTicketText(r.text), spec),
    ticketClass: r.ticketClass,
    category: r.category,
  }));
}

export function trainModel(
  rows: CorpusRow[],
  spec: FeatureSpec,
  train: Trainer['train'],
  method: string,
  unsureMargin: number,
  trainCategory: Trainer['train'] = train,
  majorFloor = 1,
): ModelFile {
  const examples = examplesOf(rows, spec);
  const features = vocabulary(examples);
  const index = new Map(features.map((f, i) => [f, i]));
  const xs = examples.map((e) => e.feats.flatMap((f) => (index.has(f) ? [index.get(f) as number] : [])));
  const classLabels = [...ticketClasses];
  const categoryLabels = [...ticketCategories];
  return {
    version: MODEL_VERSION,
    method,
    trainedOn: rows.length,
    rules: ticketRules.length,
    spec,
    features,
    ticketClass: train(
      xs,
      examples.map((e) => classLabels.indexOf(e.ticketClass as TicketClass)),
      classLabels,
      features.length,
    ),
    category: trainCategory(
      xs,
      examples.map((e) => categoryLabels.indexOf(e.category as (typeof categoryLabels)[number])),
      categoryLabels,
      features.length,
    ),
    unsureMargin,
    majorFloor,
  };
}

/** Rounds the weights and drops features whose every weight is ~0, to keep the file small. */
function compact(file: ModelFile): ModelFile {
  const kc = file.ticketClass.labels.length;
  const kg = file.category.labels.length;
  const keep: number[] = [];
  file.features.forEach((_, f) => {
    const ws = [
      ...file.ticketClass.weights.slice(f * kc, f * kc + kc),
      ...file.category.weights.slice(f * kg, f * kg + kg),
    ];
    if (ws.some((w) => Math.abs(w) >= 0.002)) keep.push(f);
  });
  const round = (w: number) => Math.round(w * 1000) / 1000;
  const head = (h: LinearHead, k: number): LinearHead => ({
    labels: h.labels,
    weights: keep.flatMap((f) => h.weights.slice(f * k, f * k + k).map(round)),
    bias: h.bias.map(round),
  });
  return {
    ...file,
    features: keep.map((f) => file.features[f] as string),
    ticketClass: head(file.ticketClass, kc),
    category: head(file.category, kg),
  };
}

// ── evaluation ──

interface CvResult {
  p: number;
  /** The probability the model gave 重大. */
  pMajor: number;
  /** The class the pipeline gives with no unsure margin and no major floor. */
  cls: TicketClass;
  major: boolean;
  right: boolean;
  cat: boolean;
  guess: string;
}

interface Prediction {
  row: CorpusRow;
  ticketClass: TicketClass;
  category: string;
  provisional: boolean;
  modelClass: string;
  modelCategory: string;
}

function predictAll(model: Model, rows: CorpusRow[]): Prediction[] {
  return rows.map((row) => {
    const g = classifyTicket(row.text, model);
    const view = modelView(row.text, model);
    return {
      row,
      ticketClass: g.ticketClass,
      category: g.category,
      provisional: g.provisional,
      modelClass: view.classes[0]?.label ?? '',
      modelCategory: view.categories[0]?.label ?? '',
    };
  });
}

function pct(n: number, d: number): string {
  return d === 0 ? '–' : `${((100 * n) / d).toFixed(1)}%`;
}

interface Scores {
  n: number;
  cls: number;
  cat: number;
  emergenciesGeneral: number;
  emergencies: number;
  provisional: number;
  confidentRight: number;
}

function score(preds: Prediction[]): Scores {
  const s: Scores = {
    n: preds.length,
    cls: 0,
    cat: 0,
    emergenciesGeneral: 0,
    emergencies: 0,
    provisional: 0,
    confidentRight: 0,
  };
  for (const p of preds) {
    if (p.ticketClass === p.row.ticketClass) s.cls++;
    if (p.category === p.row.category) s.cat++;
    if (p.row.ticketClass === 'major') {
      s.emergencies++;
      if (p.ticketClass === 'general') s.emergenciesGeneral++;
    }
    if (p.provisional) s.provisional++;
    else if (p.ticketClass === p.row.ticketClass) s.confidentRight++;
  }
  return s;
}

/** Out-of-fold predictions on the training rows, for choosing hyper-parameters without the held-out split. */
function crossValidate(rows: CorpusRow[], make: (train: CorpusRow[]) => Model): Map<CorpusRow, CvResult> {
  const out = new Map<CorpusRow, CvResult>();
  for (let fold = 0; fold < FOLDS; fold++) {
    const inFold = (r: CorpusRow) => Math.floor(fnv1a(r.text) / 5) % FOLDS === fold;
    const model = make(rows.filter((r) => !inFold(r)));
    for (const r of rows.filter(inFold)) {
      const g = classifyTicket(r.text, { ...model, unsureMargin: 0, majorFloor: 1 });
      out.set(r, {
        p: scoreMargin(model, r.text),
        pMajor: modelView(r.text, model).classes.find((c) => c.label === 'major')?.p ?? 0,
        cls: g.ticketClass,
        major: r.ticketClass === 'major',
        right: g.ticketClass === r.ticketClass,
        cat: g.category === r.category,
        guess: `${g.category}·${ticketClassNames[g.ticketClass]}`,
      });
    }
  }
  return out;
}

/** The margin between the model's top two classes for a text. */
function scoreMargin(model: Model, text: string): number {
  const [first, second] = modelView(text, model).classes;
  return (first?.p ?? 0) - (second?.p ?? 0);
}

/**
 * The smallest margin that leaves ≥ 95% of the sure answers right, flagging at most 15% of the
 * tickets: every flag is a question to staff, so the margin trades their time for certainty.
 */
function chooseMargin(cv: Map<CorpusRow, { p: number; right: boolean }>): number {
  const items = [...cv.values()];
  for (let m = 0; m <= 0.6001; m += 0.02) {
    const sure = items.filter((i) => i.p >= m);
    const flagged = 1 - sure.length / items.length;
    if (flagged > 0.15) return Math.max(0, Math.round((m - 0.02) * 100) / 100);
    if (sure.filter((i) => i.right).length / sure.length >= 0.95) return Math.round(m * 100) / 100;
  }
  return 0.6;
}

/** How a major floor fares on the out-of-fold predictions. */
export interface FloorTrial {
  floor: number;
  /** Emergencies classed 一般 with it. */
  missed: number;
  /** Tickets it makes 重大 (provisional) that nothing else did, as a share of all. */
  flagged: number;
}

export function floorTrial(
  cv: Iterable<Pick<CvResult, 'pMajor' | 'cls' | 'major'>>,
  floor: number,
): FloorTrial {
  const items = [...cv];
  const lifted = (i: (typeof items)[number]) => i.cls !== 'major' && i.pMajor >= floor;
  return {
    floor,
    missed: items.filter((i) => i.major && i.cls === 'general' && !lifted(i)).length,
    flagged: items.filter(lifted).length / items.length,
  };
}

/**
 * The major floor: the lowest probability of 重大 (on a 0.05 grid) that makes a ticket 重大,
 * provisional, while adding at most 3% of the tickets to the questions staff get. A missed
 * emergency is a deadline of days for what needed minutes; a needless flag is one \`/改\`.
 */
export function chooseMajorFloor(cv: Iterable<Pick<CvResult, 'pMajor' | 'cls' | 'major'>>): number {
  const items = [...cv];
  for (let step = 1; step <= 10; step++) {
    const floor = Math.round(step * 5) / 100;
    if (floorTrial(items, floor).flagged <= 0.03) return floor;
  }
  return 1;
}

// ── the candidates ──

interface Candidate {
  name: string;
  spec: FeatureSpec;
  grid: { label: string; train: Trainer['train'] }[];
}

const lrGrid = [0.00003, 0.0001, 0.0003, 0.001, 0.003].map((l) => ({ label: `λ=${l}`, train: logistic(l) }));
const nbGrid = [0.1, 0.3, 1].map((a) => ({ label: `α=${a}`, train: naiveBayes(a) }));

const candidates: Candidate[] = [
  {
    name: 'naive Bayes, char 1–2-grams',
    spec: { minGram: 1, maxGram: 2, ruleFeatures: false },
    grid: nbGrid,
  },
  {
    name: 'naive Bayes, char 1–3-grams + rule hits',
    spec: { minGram: 1, maxGram: 3, ruleFeatures: true },
    grid: nbGrid,
  },
  {
    name: 'logistic regression, char 1–2-grams',
    spec: { minGram: 1, maxGram: 2, ruleFeatures: false },
    grid: lrGrid,
  },
  {
    name: 'logistic regression, char 1–3-grams',
    spec: { minGram: 1, maxGram: 3, ruleFeatures: false },
    grid: lrGrid,
  },
  {
    name: 'logistic regression, char 2–4-grams + rule hits',
    spec: { minGram: 2, maxGram: 4, ruleFeatures: true },
    grid: lrGrid,
  },
  {
    name: 'logistic regression, char 1–3-grams + rule hits',
    spec: { minGram: 1, maxGram: 3, ruleFeatures: true },
    grid: lrGrid,
  },
];

// ── main ──

/** The major floor's line in the report: what it catches and what it costs, against no floor and its neighbours. */
function floorLine(cv: Map<CorpusRow, CvResult>, floor: number): string {
  const none = floorTrial(cv.values(), 1);
  const at = (f: number) => {
    const t = floorTrial(cv.values(), f);
    return `${f}: ${t.missed} missed, ${pct(Math.round(t.flagged * cv.size), cv.size)} more provisional`;
  };
  const emergencies = [...cv.values()].filter((i) => i.major).length;
  const others = [0.05, 0.1, 0.2, 0.3].filter((f) => f !== floor);
  return `of ${emergencies} emergencies, ${none.missed} classed 一般 without a floor; at ${at(floor)} (the lowest within the 3% budget); for comparison ${others.map(at).join('; ')}`;
}

function table(head: string[], rows: string[][]): string {
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

function confusion(
  preds: Prediction[],
  labels: readonly string[],
  key: 'ticketClass' | 'category',
  name: (l: string) => string,
): string {
  const rows = labels.map((truth) => [
    `**${name(truth)}**`,
    ...labels.map((guess) => String(preds.filter((p) => p.row[key] === truth && p[key] === guess).length)),
    String(preds.filter((p) => p.row[key] === truth).length),
  ]);
  return table(['truth \\ guess', ...labels.map(name), 'n'], rows);
}

const noBlindSet = `## Blind set (core/classify/corpus/${BLIND_FILE}.tsv)

No blind set yet: corpus/${BLIND_FILE}.tsv is absent, so this run has no measure on text the
corpus, the rules and the model have never seen. The held-out figures above are the only ones,
and they are optimistic (see "How the held-out split was used"). The previous blind sets are spent:
their sentences are now training data (independent.tsv, independent-2.tsv, independent-3.tsv,
independent-4.tsv, independent-5.tsv, independent-6.tsv, independent-7.tsv, independent-8.tsv,
independent-9.tsv, independent-10.tsv, independent-11.tsv, independent-12.tsv, independent-13.tsv, independent-14.tsv,
independent-15.tsv, independent-16.tsv, independent-17.tsv, independent-18.tsv, independent-19.tsv, independent-20.tsv, independent-22.tsv, independent-23.tsv, independent-24.tsv).`;

/** The report's section on the blind set: figures and the emergencies it classed 一般, nothing else. */
function blindSection(blind: CorpusRow[], preds: Prediction[], corpus: CorpusRow[]): string {
  const count = (key: 'ticketClass' | 'category', label: string) =>
    blind.filter((r) => r[key] === label).length;
  const b = score(preds);
  const raw = score(
    preds.map((p) => ({ ...p, ticketClass: p.modelClass as TicketClass, category: p.modelCategory })),
  );
  const trainingTexts = new Set(corpus.map((r) => r.text));
  const overlap = blind.filter((r) => trainingTexts.has(r.text)).length;
  const emergencyGeneral = preds.filter((p) => p.row.ticketClass === 'major' && p.ticketClass === 'general');
  return `## Blind set (core/classify/corpus/${BLIND_FILE}.tsv)

${blind.length} owner messages written for this measure by someone who had not seen the corpus,
the rules, the model, this report or the classifier tests. Classes: ${ticketClasses.map((c) => `${ticketClassNames[c]} ${count('ticketClass', c)}`).join(', ')}.
Categories: ${ticketCategories.map((c) => `${c} ${count('category', c)}`).join(', ')}. ${overlap} of them
also in the training corpus. The set is never trained on and chooses nothing (method,
regularisation, margin, major floor and rules are all fixed before it is read); it is measured here once
per training run. Where its writer's category differs from LABELS.md, the category figure
partly measures labelling convention. Its misses other than the emergencies are deliberately not
listed, so that fixing them does not quietly turn this set into another tuned held-out split.

- Shipped pipeline: class **${pct(b.cls, b.n)}**, category **${pct(b.cat, b.n)}**; emergencies classed 一般: **${b.emergenciesGeneral} of ${b.emergencies}**.
- Model alone (no safety rules): class ${pct(raw.cls, raw.n)}, category ${pct(raw.cat, raw.n)}.
- Provisional (待确认): ${pct(b.provisional, b.n)}; the sure ones are right ${pct(b.confidentRight, b.n - b.provisional)} of the time.

### Class confusion (blind)

${confusion(preds, ticketClasses, 'ticketClass', (c) => ticketClassNames[c as TicketClass])}

### Category confusion (blind)

${confusion(preds, ticketCategories, 'category', (c) => c)}

### Emergencies of the blind set classed 一般 (${emergencyGeneral.length})

${
  emergencyGeneral.length === 0
    ? 'None.'
    : table(
        ['text', 'truth', 'guess', 'provisional'],
        emergencyGeneral.map((p) => [
          p.row.text.replace(/\|/g, '/'),
          `${p.row.category}·${ticketClassNames[p.row.ticketClass]}`,
          `${p.category}·${ticketClassNames[p.ticketClass]}`,
          p.provisional ? '待确认' : '',
        ]),
      )
}`;
}

function main(): void {
  const t0 = performance.now();
  // Before anything classifies: the rules read the gates once, on first use.
  writeFileSync(KEYWORD_GATES_URL, `${JSON.stringify(keywordGatesFile(ticketRules), null, 2)}\n`);
  const corpus = readCorpus();
  const train = corpus.filter((r) => !r.heldOut);
  const heldOut = corpus.filter((r) => r.heldOut);
  const log = (s: string) => process.stdout.write(`${s}\n`);
  log(`corpus: ${corpus.length} sentences, ${train.length} to train on, ${heldOut.length} held out`);

  const results: {
    name: string;
    chosen: string;
    cv: number;
    margin: number;
    floor: number;
    model: ModelFile;
    held: Scores;
    raw: Scores;
    folds: Map<CorpusRow, CvResult>;
  }[] = [];
  for (const c of candidates) {
    // Each head gets the regularisation that cross-validates best for it.
    let best: { label: string; train: Trainer['train']; acc: number; cv: Map<CorpusRow, CvResult> } | null =
      null;
    let bestCat: { label: string; train: Trainer['train']; acc: number } | null = null;
    for (const g of c.grid) {
      const cv = crossValidate(train, (rows) => toModel(trainModel(rows, c.spec, g.train, c.name, 0)));
      const values = [...cv.values()];
      const acc = values.filter((v) => v.right).length / values.length;
      const catAcc = values.filter((v) => v.cat).length / values.length;
      if (!best || acc > best.acc) best = { ...g, acc, cv };
      if (!bestCat || catAcc > bestCat.acc) bestCat = { ...g, acc: catAcc };
    }
    if (!best || !bestCat) continue;
    const margin = chooseMargin(best.cv);
    const floor = chooseMajorFloor(best.cv.values());
    const label =
      best.label === bestCat.label ? best.label : `class ${best.label}, category ${bestCat.label}`;
    const model = trainModel(train, c.spec, best.train, `${c.name} (${label})`, margin, bestCat.train, floor);
    const m = toModel(model);
    const preds = predictAll(m, heldOut);
    const raw = score(
      preds.map((p) => ({ ...p, ticketClass: p.modelClass as TicketClass, category: p.modelCategory })),
    );
    results.push({
      name: c.name,
      chosen: label,
      cv: (best.acc + bestCat.acc) / 2,
      margin,
      floor,
      model,
      held: score(preds),
      raw,
      folds: best.cv,
    });
    log(
      `${c.name} (${label}): cv ${(50 * (best.acc + bestCat.acc)).toFixed(1)}%, held-out class ${pct(score(preds).cls, heldOut.length)}, category ${pct(score(preds).cat, heldOut.length)}`,
    );
  }

  // The method is the one with the best cross-validated accuracy on the training split.
  const chosen = [...results].sort((a, b) => b.cv - a.cv)[0];
  if (!chosen) throw new Error('no candidate trained');
  if (process.argv.includes('--cv-misses')) {
    // Out-of-fold misses on the training split: what to look at when improving the rules or the
    // corpus, without peeking at the held-out split.
    for (const [row, r] of chosen.folds) {
      if (!r.right || !r.cat)
        log(`cv miss: ${row.text}\t${row.category}·${ticketClassNames[row.ticketClass]}\t→ ${r.guess}`);
    }
  }
  const file = compact(chosen.model);
  writeFileSync(MODEL_PATH, storeModel(file));

  const l0 = performance.now();
  const shipped = readModelFile(MODEL_PATH);
  const loadMs = performance.now() - l0;
  const preds = predictAll(shipped, heldOut);
  const s = score(preds);
  const rules = heldOut.map((row) => ({ row, ...classifyByRules(row.text) }));
  const rulesCls = rules.filter((r) => r.ticketClass === r.row.ticketClass).length;
  const rulesCat = rules.filter((r) => r.category === r.row.category).length;
  const rulesEm = rules.filter((r) => r.row.ticketClass === 'major' && r.ticketClass === 'general').length;
  const byFile = (f: CorpusRow['file']) => score(preds.filter((p) => p.row.file === f));
  const allPreds = predictAll(shipped, corpus);
  const emergencyGeneral = allPreds.filter(
    (p) => p.row.ticketClass === 'major' && p.ticketClass === 'general',
  );
  const count = (rows: CorpusRow[], key: 'ticketClass' | 'category', label: string) =>
    rows.filter((r) => r[key] === label).length;
  const sources = new Set(corpus.filter((r) => r.file === 'public').map((r) => r.source));

  const misses = preds.filter((p) => p.ticketClass !== p.row.ticketClass || p.category !== p.row.category);
  // The blind set, read only now that the model is fixed (see BLIND_FILE in corpus.ts).
  const blind = readBlindSet();
  const blindPreds = blind ? predictAll(shipped, blind) : [];
  const blindEmergencyGeneral = blindPreds.filter(
    (p) => p.row.ticketClass === 'major' && p.ticketClass === 'general',
  );
  const fileRow = (f: CorpusRow['file'], what: string) =>
    `| ${f}.tsv: ${what} | ${corpus.filter((r) => r.file === f).length} | ${heldOut.filter((r) => r.file === f).length} |`;
  const heldOutBy = (f: CorpusRow['file'], name: string) => {
    const b = byFile(f);
    return `${name}: class ${pct(b.cls, b.n)}, category ${pct(b.cat, b.n)} (${b.n})`;
  };
  const report = `# Ticket classifier: held-out report

Generated by \`npm run classify:train\` (scripts/classify-train.ts); do not edit by hand.

## Corpus (core/classify/corpus)

| | sentences | held out |
|---|---|---|
${fileRow('public', `excerpts of public complaint text, each with its address (${sources.size} pages)`)}
${fileRow('rewrites', 'our own rewrites (typos, fragments, traditional, dialect, several problems)')}
${fileRow('independent', 'written by someone who had not seen the corpus, rules or model (the spent blind set 1)')}
${fileRow('independent-2', 'written the same way by another writer (the spent blind set 2)')}
${fileRow('independent-3', 'written the same way by a third writer (the spent blind set 3)')}
${fileRow('independent-4', 'written the same way by a fourth writer (the spent blind set 4)')}
${fileRow('independent-5', 'written the same way by a fifth writer (the spent blind set 5)')}
${fileRow('independent-6', 'written the same way by a sixth writer (the spent blind set 6)')}
${fileRow('independent-7', 'written the same way by a seventh writer (the spent blind set 7)')}
${fileRow('independent-8', 'written the same way by an eighth writer (the spent blind set 8)')}
${fileRow('independent-9', 'written the same way by a ninth writer (the spent blind set 9)')}
${fileRow('independent-10', 'written the same way by a tenth writer (the spent blind set 10)')}
${fileRow('independent-11', 'written the same way by an eleventh writer (the spent blind set 11)')}
${fileRow('independent-12', 'written the same way by a twelfth writer (the spent blind set 12)')}
${fileRow('independent-13', 'written the same way by a thirteenth writer (the spent blind set 13)')}
${fileRow('independent-14', 'written the same way by a fourteenth writer (the spent blind set 14)')}
${fileRow('independent-15', 'written the same way by a fifteenth writer (the spent blind set 15)')}
${fileRow('independent-16', 'written the same way by a sixteenth writer (the spent blind set 16)')}
${fileRow('independent-17', 'written the same way by a seventeenth writer (the spent blind set 17)')}
${fileRow('independent-18', 'written the same way by a eighteenth writer (the spent blind set 18)')}
${fileRow('independent-19', 'written the same way by a nineteenth writer (the spent blind set 19)')}
${fileRow('independent-20', 'written the same way by a twentieth writer (the spent blind set 20)')}
${fileRow('independent-22', 'written the same way by a twenty-second writer (the spent blind set 22)')}
${fileRow('independent-23', 'written the same way by a twenty-third writer (the spent blind set 23)')}
${fileRow('independent-24', 'written the same way by a twenty-fourth writer (the spent blind set 24)')}
| **all** | **${corpus.length}** | **${heldOut.length}** |

Labelled by LABELS.md. The held-out split is fixed: a sentence is held out when the FNV-1a hash of
its text is 0 mod 5 (core/classify/corpus.ts), whichever file it is in. No hyper-parameter is
tuned on it: the regularisation and the unsure margin come from 5-fold cross-validation on the
${train.length} training sentences (but see "How the held-out split was used" below).

Classes: ${ticketClasses.map((c) => `${ticketClassNames[c]} ${count(corpus, 'ticketClass', c)}`).join(', ')}.
Categories: ${ticketCategories.map((c) => `${c} ${count(corpus, 'category', c)}`).join(', ')}.

## Methods compared (held-out, ${heldOut.length} sentences)

"model" is the method alone; "shipped pipeline" adds the safety rules on top and the provisional
flag (core/classify/index.ts). Ranked by cross-validated accuracy on the training split.

${table(
  [
    'method',
    'CV (train)',
    'model class',
    'model category',
    'pipeline class',
    'pipeline category',
    'emergencies → 一般',
    'provisional',
  ],
  [
    [
      'keyword rules alone (core/classify/rules.ts)',
      '–',
      pct(rulesCls, heldOut.length),
      pct(rulesCat, heldOut.length),
      pct(rulesCls, heldOut.length),
      pct(rulesCat, heldOut.length),
      String(rulesEm),
      '–',
    ],
    ...[...results]
      .sort((a, b) => b.cv - a.cv)
      .map((r) => [
        `${r.name} (${r.chosen})${r === chosen ? ' **shipped**' : ''}`,
        pct(r.cv * 1000, 1000),
        pct(r.raw.cls, r.raw.n),
        pct(r.raw.cat, r.raw.n),
        pct(r.held.cls, r.held.n),
        pct(r.held.cat, r.held.n),
        String(r.held.emergenciesGeneral),
        pct(r.held.provisional, r.held.n),
      ]),
  ],
)}

For comparison, the keyword rules as they were before this work (commands/tickets/classify.ts at
commit 95953a5, no traditional-character conversion) score class 73.6%, category 62.4% on the
250 held-out sentences, with 44 of their 86 emergencies classed 一般 (measured once, by hand).

## How the held-out split was used

The corpus, the keyword rules and the unsure policy were developed over several runs of this
script. The first run (939 sentences, 185 held out) was blind: class 87.0%, category 82.2%,
4 of 80 held-out emergencies classed 一般. Its held-out report was then read, so later changes
were made knowing its misses: most rule changes came from the out-of-fold misses on the training
split (\`npm run classify:train -- --cv-misses\`), but five safety-rule additions answer held-out
emergencies that came out 一般 (the typo map's 电悌, 点蜡, the water-depth pattern, dry taps
described as 接水/储水, a child at a roof edge). The figures below are therefore somewhat
optimistic; new sentences added to the corpus are the honest test.

The 222 rewrites added for issue 16 (1269 → 1491 sentences, 250 → 300 held out) were written
for the categories and confusions of the training split's out-of-fold predictions, labelled by
the SPEC rules, without running on the held-out split. Their writer had read the previous
report's list of held-out misses, and left out any sentence close to one of them. Measured once
after retraining: the 50 of them that the hash holds out score class 90.0%, category 82.0%; the
250 older held-out sentences went from class 91.6%, category 84.8% to 92.0%, 86.8%.

### Blind set 1, spent and folded in

Blind set 1 (200 sentences by a writer who had seen nothing of this work, then corpus/blind.tsv)
was measured once against the pipeline shipped before this round: class 89.0%, category 84.0%,
and 5 of its 59 emergencies classed 一般 (water seeping through a wall from next door; a kitchen
"raining" after the upstairs pipe was drilled through; a 瓦斯 smell in a stairwell; paper burnt in
a stairwell with sparks next to cardboard; an e-bike charging at the foot of the stairs, in
Cantonese). Most of its category misses were labelling convention (its writer put 违建 under 其他,
the corpus under 安全). That report was read and acted on, so the set is spent:

- Its sentences are training data now: corpus/independent.tsv, source \`independent-1\`, in the same
  hash split as the rest (40 held out). 16 of them were relabelled to LABELS.md, which writes down
  the labelling conventions; 32 sentences of public.tsv and rewrites.tsv that contradicted it were
  relabelled too (mostly e-bikes and batteries charging indoors, now 安全·重大 as a fire hazard).
- The safety rules were broadened by concept from its five emergencies, not by sentence: water
  entering a home (渗, 洇, 滴, "在下雨", floors that bulge, mould after a leak, pipes drilled or
  burst), gas in every spelling (瓦斯, 沼气, 臭蛋味, pipes hit or loose), burning things and sparks
  (烧纸, 烧垃圾, 烧炭, 火星, scorched smells, smoke alarms), and a new rule for e-bikes and batteries
  charging in homes, corridors, stairwells and lifts (充电, 叉电, 飞线). Trapped people outside lifts
  and building outages in dialect (没得电, 成栋冇电, 停气) were added with them. Each concept is
  tested with fresh phrasings and negatives in test/core/classify/safety-rules.test.ts; no corpus
  sentence that is not 重大 became 重大 by the new rules.
- 216 rewrites were then written for the training split's out-of-fold misses (1691 → 1907
  sentences, 340 → 378 held out). Their writer had read the previous report's held-out misses;
  15 drafted sentences close to one of them were dropped. Measured once after retraining: the 38
  of them the hash holds out score class 94.7%, category 97.4%; the other 340 held-out sentences
  went from class 93.8%, category 86.5% (new rules, before the rewrites) to 94.4%, 87.4%.

On the whole held-out split of that round (378 sentences, its labels) the pipeline shipped
before it scored class 92.6%, category 86.5%, with 1 of 106 emergencies classed 一般 (飞线 charging);
measured once, by running that commit's code and model.json. Those figures were not blind either:
the blind set's emergencies shaped the rules.

### Blind set 2, spent and folded in

Blind set 2 (300 sentences by another writer who had seen nothing of this work, then
corpus/blind-2.tsv) was measured once against the pipeline shipped by the round above: class 89.0%,
category 88.3% (model alone 88.3%, 87.7%), and 5 of its 90 emergencies classed 一般: a home flooded
from a water-heater pipe (满屋子都是水 拖鞋都飘起来了), the floors above the tenth without water for
two days (一滴不出), a heating pipe burst into a stairwell full of steam (崩了 全是白汽 烫人), a gas
smell named by likeness after a complaint about rubbish (味道不对 像液化气), and exterior tiles lifting
over the path children take (瓷砖翘起来了 风一大就晃). Its main class errors were 复杂 → 一般 (13 of
70) and 一般 → 重大 (8 of 140). That report was read and acted on, so the set is spent:

- Its sentences are training data now: corpus/independent-2.tsv, source \`independent-2\`, in the
  same hash split as the rest (58 of its 299 held out; the 300th was already in independent.tsv).
  8 of them were relabelled to LABELS.md (blocked fire lanes and sewage on a path are 重大, works
  paid from 维修资金 take the works' category, manhole covers, a door that does not hold); 6
  sentences of rewrites.tsv were relabelled to the guide as well, one of them a held-out miss the
  previous report listed (an AC unit hanging loose, now 安全·重大). Its four sentences on rain seeping
  through an exterior wall keep their writer's 维修·复杂, now a LABELS.md convention (SPEC lists 外墙
  as complex), and the seepage rules leave that case to the model unless water reaches the room.
- The safety rules were broadened by concept from its five emergencies, not by sentence: a home
  flooded (rooms full of water, things afloat, water over the feet, 漫到卧室, 被淹, pots set out to
  catch the drips), floors or a home without water for long (一滴不出, 几楼以上水上不去, pressure too
  low to run at all, 自来水一直没来), heating and hot-water pipes bursting (崩, 热水管, steam, scalding),
  gas named by likeness anywhere in the message (像, 跟…似的, 怀疑是, with a smell word), and exterior
  pieces loose, hanging or about to fall (翘, 松, 晃, 悬着) outside or over where people pass. Each is
  tested with 14-18 fresh phrasings and 7-10 negatives in test/core/classify/safety-rules.test.ts.
  Three of the five misses fall in the held-out split, so the held-out emergency figure below
  partly measures rules written from them. The /报修 hint detector (core/classify/complaint.ts) now
  asks the same rules, so every emergency they know reads as a complaint there too.
- For 复杂 → 一般, the complex keyword rules now name what owners say of matters that need a plan,
  a vote or another body (投票, 联名, 定个规矩, 整体换, 年年…都, 推来推去, 不归…管, 交警, 环保, 市政,
  trees felled or lawns paved, common space walled in, homes turned into businesses, noise from
  roads, railways and building sites), found in its misses and in the training split's
  out-of-fold misses (\`--cv-misses\`); on the corpus they fire only on sentences labelled 复杂. Their
  writer had read the previous report's held-out misses, and some of those match them too
  (每年雨季都淹).
- 236 rewrites were then written in two batches for the training split's out-of-fold 复杂 / 一般
  confusions (questions, matters that come back every year, disputes between the property company
  and a utility, requests for a rule or a policy; 177 复杂, 59 一般 look-alikes). Their writer had
  read the previous report's held-out misses and blind set 2; 3 drafts close to a held-out
  sentence were reworded. Three more safety concepts came from the out-of-fold misses on the way
  (a boundary wall leaning, something hanging loose outside a window, sewage sprayed up a drain),
  and one from the held-out split: after the first batch and a second set of complex markers, a
  held-out emergency (冰箱里的东西都烂了, the aftermath of a power cut) came out 一般, and the power
  rule now reads spoiled fridge contents.
- Training runs of this round printed the held-out figures, and they were read. On the 436
  held-out sentences there before the rewrites: the first rules of this round, without rewrites,
  scored class 95.4%, category 88.5%; all of this round's rules and labels without its rewrites,
  95.9% and 88.5%; with the rewrites, 96.6% and 88.8%. The 47 held-out rewrites of this round score
  class 93.6%, category 83.0%.

On the whole held-out split of this round (483 sentences, current labels) the pipeline shipped
before it scores class 91.9%, category 85.9%, with 4 of 125 emergencies classed 一般 (3 of them
blind set 2's); measured once, by running that commit's code and model.json. The figures below
are not blind: blind set 2's misses shaped the rules and the held-out figures were seen during the
round.

### Blind set 3, spent and folded in

Blind set 3 (299 sentences by a third writer who had seen nothing of this work, then
corpus/blind-3.tsv) was measured once against the pipeline shipped by the round above: class 93.3%,
category 88.3% (model alone 92.3%, 88.3%), and 3 of its 90 emergencies classed 一般: several floors
whose breakers trip again when pushed back up (楼里好几层都跳闸了 一推上去又跳), a gas smell typed
with a homophone (闻到媒气味 头有点晕), and joss paper burnt at the foot of the stairs, in Hokkien,
with smoke too thick to see through (樓梯口有人咧燒金紙 煙足大). That report was read and acted on, so
the set is spent:

- Its sentences are training data now: corpus/independent-3.tsv, source \`independent-3\`, in the
  same hash split as the rest (59 of its 299 held out, the Hokkien joss-paper sentence among them).
  3 of them were relabelled to LABELS.md: water poured down from above is 环境卫生 (its writer: 安全),
  and 加装电梯 is 维修·复杂 (its writer: 其他·复杂, twice).
- The safety rules were broadened by concept from its three emergencies, not by sentence: power
  lost on several floors or in several homes at once (好几层, 几户, 半栋楼, 三楼到七楼, 5层以上, 隔壁也
  跳闸; 跳电 and 跳掣 beside 整栋) and breakers that trip again or will not go up (一推就跳, 推上去又跳,
  推不上去, 合不上); gas typed as a homophone or a slip (媒气, 媒汽, 然汽, 液化汽, 闻到没气味, Hong Kong's
  石油气), not 没气了 of a ball or a tyre; paper offerings burnt in every name and dialect (纸钱, 冥币,
  元宝, 锡箔, 金纸, 烧金, 烧衣, Hokkien 咧, Cantonese 紧/咗/啲) and smoke said thick or too thick to see
  (烟好大, 烟足大, 看不见), not a question, a ban or a price. Two over-firings noticed with the set
  were fixed: clear water up a drain (冒清水) no longer reads as sewage, and a question or a worry
  about fire (着火了怎么逃, 着火的话往哪跑, 要是家里着火了, 火灾隐患) as a fire; a place on fire stays one
  whatever follows (三楼着火了 怎么逃), and so does the cry 着火了怎么办. Each concept is tested with
  14-17 fresh phrasings and 8-15 negatives in test/core/classify/safety-rules.test.ts.
- A training run with those rules listed the out-of-fold misses on the training split
  (\`--cv-misses\`; its held-out figures were not used): 5 emergencies classed 一般, 50 复杂 → 一般,
  34 一般 → 重大. Three more safety concepts came from them (a hard thing thrown down by someone
  unseen, wiring that crackles or is hot, a lift sliding down), and 82 rewrites were written for
  the same confusions (36 重大, 25 复杂, 21 一般 look-alikes), labelled by LABELS.md, which gained
  two conventions for them (a lift running with a dangerous fault; a railing broken with someone on
  it). Four drafts were dropped because the rules call them major against their label (see the
  over-firings below). 18 of the 82 fall in the held-out split.
- Over-firings the rules still have, seen on corpus sentences, drafts or probes of this round:
  a notice or a question about a planned cut (明天停水的通知贴哪了), 停电 as part of 停电动车, 都没电
  of an e-bike, peel or laundry fallen from above (楼上往下扔瓜子壳, 楼上晒的衣服掉下来了), a request
  for a place to burn offerings (能不能定个烧纸的地方), a roof that leaks every rainy season (屋面防水,
  complex), 烧香 at a temple, and the clause gaps of the rules, which run over a comma: NFKC turns
  the full-width "，" into ",", which \`[^，。]\` does not stop at.

On the whole held-out split of this round (560 sentences, current labels) the pipeline shipped
before it scores class 95.2%, category 89.1%, with 3 of 155 emergencies classed 一般 (the Hokkien
joss-paper sentence of blind set 3 and two of this round's rewrites: a bottle thrown down at
night, a breaker that will not stay up); measured once, by running that commit's code and
model.json. Without this round's 18 held-out rewrites (542 sentences) it scores class 95.8%,
category 88.9%, 1 of 148. The figures below are not blind: blind set 3's misses shaped the rules,
and one of them is in the held-out split. corpus/blind-4.tsv, written by someone else, was the
next honest measure (below).

### Blind set 4, spent and folded in

Blind set 4 (300 sentences by a fourth writer who had seen nothing of this work, then
corpus/blind-4.tsv) was measured once against the pipeline shipped by the round above, with model,
rules and margin fixed: class 92.3%, category 90.7% (model alone 92.7%, 90.3%), and 1 of its 90
emergencies classed 一般: an e-bike charging in a stairwell with 冲电 typed for 充电
(楼梯间有人给电动车冲电 线绕了好几圈). Its class confusion (truth → 一般 / 重大 / 复杂): 一般 141 / 8 / 1,
重大 1 / 88 / 1, 复杂 9 / 3 / 48. That report was read and acted on, so the set is spent:

- Its sentences are training data now: corpus/independent-4.tsv, source \`independent-4\`, in the
  same hash split as the rest (54 of its 298 held out; the 冲电 sentence is not among them). The
  other 2 of the 300 were already in independent-2.tsv with the same labels (草坪好久没浇水 都黄了,
  物业费发票怎么开) and are kept there. None was relabelled: all 298 agree with LABELS.md.
- The safety rules were broadened by concept from its one emergency, not by sentence: the
  charging word as a pinyin keyboard types it (the homophones 冲电, 充店, 冲店 and 重电, and 冲点,
  充点, the first candidate for each syllable typed alone) or split around how much or how long
  (充点电, 充会儿电, 充满电, 冲个电, Cantonese 叉紧电), e-bikes by homophone (电平车, 电屏车, 电洞车) and
  by Guangxi's 电鸡. Not a phone, a laptop or a power bank charging (LABELS.md now says so), nor
  the slips where they start another word (冲电梯, 冲电话费, 太重电梯, 冲点水, 充点钱); without a
  vehicle named only 充电, 冲电 and 充店 count. Four over-firings were fixed with it: a notice
  about a cut or a cut to come (明天停水的通知贴哪了, 下周二全天停电, 听说后天要停水; 停水通知都没有就停了
  stays a cut, and so does 明天交物业费 今天又停水了), 停电 inside 停电动车 and 停电梯, 都没电 of an
  e-bike, a phone or a lock, and a smoke detector chirping for its battery with no smoke. Each is
  tested with fresh phrasings and negatives in test/core/classify/safety-rules.test.ts. On the
  corpus the changes make the 冲电 sentence major and four sentences labelled otherwise no longer
  major; no sentence labelled 重大 stopped firing one, none of the five is held out, and the
  held-out figures of the unchanged model did not move (614 sentences: class 96.1%, category 91.2%).
- The first training run of this round printed its held-out figures, and they were read: the
  retrained model classed one held-out emergency 一般 that the model before it had classed 重大, an
  older rewrite of a lift stopping mid-ride (电梯坐到一半咣当一下停了). The lift rule now reads a lift
  stopped mid-ride or with a jolt (坐到一半, 上到半截, 运行到中途, 咣当一下, 咯噔一下, then 停, 卡住, 不动),
  not one that stops and goes on, settles at a floor, or an ad screen or a repair stopped halfway;
  tested the same way. It fires on no training sentence, so the model trained again is the same.
- Over-firings the rules still have, seen on corpus sentences or probes of this round (29 corpus
  sentences not labelled 重大 fire a safety rule): peel or laundry fallen from above (楼上往下扔瓜子壳,
  楼上晒的衣服掉下来了), a request for a place to burn offerings (能不能定个烧纸的地方), 烧香 at a
  temple, a drill after the fact (刚才冒烟那个是消防演练 虚惊一场), a question about a power cut
  (停电的时候怎么跑), a notice asked for with a negation (停电公告怎么没发到群里), a cut on a weekday
  (周三停水 记得储水: past or to come), a timer cutting the e-bike sockets (物业就将电动车充电插座断电),
  a plan against 高空抛物, and the clause gaps of the rules, which run over a comma: NFKC turns the
  full-width "，" into ",", which \`[^，。]\` does not stop at.

On the whole held-out split of this round (614 sentences) the pipeline shipped before it scores
class 96.1%, category 91.2%, with 0 of 172 emergencies classed 一般; measured once, by running
that commit's code and model.json (the 冲电 sentence is in the training split, where that
pipeline classes it 一般). corpus/blind-5.tsv, written by someone else, was the next honest
measure (below).

### Blind set 5, spent and folded in

Blind set 5 (300 sentences by a fifth writer who had seen nothing of this work, then
corpus/blind-5.tsv) was measured once against the pipeline shipped by the round above, with model,
rules and margin fixed: class 93.3%, category 91.3% (model alone 94.0%, 91.3%), and 5 of its 94
emergencies classed 一般, all 安全 and all classed 安全·一般:

- a broken railing at height (五楼走廊护栏断了一截 刚才邻居家小孩还扒着往下看 吓死我了);
- a stolen manhole cover, an open hole in the road (下水井盖被偷了 路中间一个窟窿 刚有个老头差点踩进去);
- an exit chained and padlocked (安全出口的门被人用铁链锁上了 还挂了把大锁);
- a flowerpot fallen from above, in Cantonese (樓上跌落一個花盆 差少少打中阿婆);
- a wall leaning over the pavement, about to collapse (北边那段围墙朝人行道那边斜过去了 裂了好大缝 感觉随时要塌).

Its class confusion (truth → 一般 / 重大 / 复杂): 一般 137 / 9 / 0, 重大 5 / 89 / 0, 复杂 1 / 5 / 54.
That report was read and acted on, so the set is spent:

- Its sentences are training data now: corpus/independent-5.tsv, source \`independent-5\`, in the
  same hash split as the rest (57 of its 297 held out; of the five emergencies only the chained
  exit is among them). The other 3 of the 300 were already in the corpus with the same labels
  (请问物业办公室周末上班吗 in rewrites.tsv, 保安态度太差了 问个路都爱答不理 in independent-4.tsv,
  安全出口的指示灯不亮了 in independent-2.tsv) and are kept there. None was relabelled.
- The safety rules were broadened by concept from its five emergencies, not by sentence: a
  railing, guardrail, balustrade or window guard gone where a fall kills (broken off, missing, torn
  out or fallen on a corridor, balcony, roof, stairwell or upper floor), or broken or loose with
  someone at it now or nearly over; a manhole cover stolen, taken, lifted off or broken, a well left
  open, a hole someone nearly stepped into (Cantonese 冇咗); an exit, fire door, escape stair or
  stairwell door chained, padlocked, locked, welded, nailed or sealed shut (走火通道 in Hong Kong),
  however far the lock comes after the door; a hard thing fallen from a balcony, roof, upper floor
  or "above" in every wording (掉下来, 砸下来, 落下来, 跌落, 跌咗), the thing named; a wall, fence,
  canopy, carport, sign or ceiling leaning, bulging (boundary and retaining walls), split with a wide
  crack or said to be about to collapse. Not a railing repainted or a single bar rusted through,
  a loose stair handrail with nobody at it, a cover's key lost or a question about who pays for a
  cover, a corner pried off a cover, an exit sign out, a broken door lock, a rooftop door locked,
  leaves, laundry or dripping water from above, graffiti, a fine crack, a picture hanging crooked,
  斜对面, an exterior wall's hollow tiles or insulation bulging (facade works, 维修·复杂). LABELS.md
  says so, and test/core/classify/safety-rules.test.ts tests each with fresh phrasings and
  negatives. Two old over-firings were fixed with them: 安全出口的门锁坏了 (a broken lock) and a
  leaf or laundry fallen from 楼上. On the corpus the changes make the five sentences major and
  no sentence labelled otherwise newly major; with the unchanged model.json the held-out figures
  are class 96.1%, category 90.9%, 0 of 192 emergencies classed 一般 (671 sentences).
- Over-firings the new rules have, seen on probes of this round: a fence or a shop sign leaning
  (小区的围栏歪了 能扶一下吗, 招牌歪了), a question about paying for a cover that is gone
  (井盖丢了要赔多少钱), and, older, a window pane with a corner off (窗户玻璃掉了个角).

On the whole held-out split of this round (671 sentences) the pipeline shipped before it scores
class 96.0%, category 90.9%, with 1 of 192 emergencies classed 一般 (the chained exit); measured
once, by running that commit's code and model.json. corpus/blind-6.tsv, written by someone
else, was the next honest measure (below).

### Blind set 6, spent and folded in

Blind set 6 (300 sentences by a sixth writer who had seen only SPEC.md and LABELS.md; 3 short
ones it happened to share with the training corpus, 充电桩坏了 扫码没反应, 草坪好久没浇水 都黄了 and
装修押金什么时候退, were taken out before it was read, leaving 297) was measured once against the
pipeline shipped by the round above, with model, rules and margin fixed: class 91.6%, category
92.9% (model alone 91.6%, 92.6%), and 4 of its 103 emergencies classed 一般, all 安全·一般:

- an exit door chained and locked, named only by its sign (负一楼那个绿色出口的门被人用链子缠了好几圈 锁上了);
- a back-stair door padlocked, in Cantonese (後樓梯道門俾人用大鎖鎖住咗 出唔到去);
- a manhole cover gone, named after its well, in Cantonese (沙井個蓋唔見咗 成個窿喺度 好危險);
- a child leaning on a broken railing, half over (看到有个小孩靠在楼梯口那个断开的护栏上 半个身子在外面 吓得我腿软).

Its class confusion (truth → 一般 / 重大 / 复杂): 一般 120 / 9 / 1, 重大 4 / 98 / 1, 复杂 8 / 2 / 54.
That report was read and acted on, so the set is spent:

- Its sentences are training data now: corpus/independent-6.tsv, source \`independent-6\`, in the
  same hash split as the rest (52 of its 297 held out; none of the four emergencies is among them).
  Its writer gave the classes by their Chinese names; they were mapped to the machine values. None
  was relabelled.
- The safety rules were broadened by concept from its four emergencies, not by sentence: an exit
  door named only 出口的门 (not a garage's, a car park's or a shop's), a back stair's or a stair
  passage's door, chained, padlocked or locked; a cover named after its well (沙井個蓋, 窨井的盖子,
  下水井上的盖) gone; someone leaning, lying or standing at a broken or loose railing, said with the
  person first; half a body out over a window or an edge. And, from this round's retraining, one
  public sentence the new model classed 一般: a lift stuck at a floor for a long while
  (在一层莫名其妙停上好长时间, 卡在五楼老半天), not a stop for upkeep nor a long wait for the lift.
  test/core/classify/safety-rules.test.ts tests each with fresh phrasings and look-alikes
  (车库出口的门锁坏了, 有人靠在新装的栏杆上抽烟, 电梯维保停了半天, 电梯等了好久才来).
- Not done: the over-firings on things already past or fixed (电梯坏了已经修好了 谢谢, 昨晚燃气味那个
  已经查了 … 没事了, a question about a lift trapping someone last month), and a planned cut asked
  about (后天是不是要停电一整天), all classed 重大 and marked 待确认 for staff; demoting them by rule
  risks the quiet mistake on an emergency reported with a "fixed?" in it, so they stay the safe one.

On the whole held-out split of this round (723 sentences) the pipeline shipped before it scores
class 95.4%, category 90.3%, with 0 of 207 emergencies classed 一般; measured once, by running
that commit's code and model.json. corpus/blind-7.tsv, written by someone else, was the next
honest measure (below).

### Blind set 7, spent and folded in

Blind set 7 (300 sentences by a seventh writer who had seen only SPEC.md and LABELS.md; one short
one it happened to share with the training corpus, 物业费发票怎么开 要电子的, was taken out before it
was read, leaving 299) was measured once against the pipeline shipped by the round above, with
model, rules and margin fixed: class 89.6%, category 87.0% (model alone 89.6%, 87.3%), and 6 of
its 103 emergencies classed 一般:

- an e-bike battery carried home to charge, the charging word cut short (隔壁天天把电动车电池拎回屋里充 就挨着我家卧室 好怕);
- an escape stair's door welded shut, the stair named as such (逃生楼梯那个门被焊死了 谁干的);
- a stair handrail that came off as an old woman held it (我妈扶着楼梯扶手 扶手一下脱了 她差点翻下去);
- a canopy sagging a corner over a doorway (单元门口雨棚斜下来一个角 人进进出出的);
- a hydrant knocked off by a car and gushing (消防栓被车撞断了 水柱喷老高), classed 安全·一般;
- a manhole cover crushed by a lorry and fallen in (单元门口的井盖被大车压碎掉下去了 一个大坑).

Its class confusion (truth → 一般 / 重大 / 复杂): 一般 117 / 16 / 1, 重大 6 / 97 / 0, 复杂 4 / 4 / 54.
That report was read and acted on, so the set is spent:

- Its sentences are training data now: corpus/independent-7.tsv, source \`independent-7\`, in the
  same hash split as the rest. None was relabelled.
- The safety rules were broadened by concept from its six emergencies, not by sentence: a battery
  carried indoors (拎, 提, 扛, 抱 回家, 上楼, 进卧室) with the charging word cut to 充, 冲 or 叉; an escape
  stair named 逃生, 疏散, 消防 or 安全楼梯 with its door locked, chained or welded; a handrail or railing
  that came off (脱了, 脱开, 松脱, 脱出来) with someone nearly over; a structure sagging a corner or a side
  (斜下来一个角, 耷拉下来半边, 塌下来一边); a hydrant or a main knocked off, crushed or burst and gushing;
  a manhole cover crushed (压碎, 压塌, 压烂, 压穿). test/core/classify/safety-rules.test.ts tests each
  with fresh phrasings and look-alikes (手机电池拿回家充, 消防楼梯的灯不亮, 扶手脱了一颗螺丝, 窗帘垂下来一个角,
  小区喷泉水柱喷老高, 井盖被压碎了一角).
- Not done: its 16 一般 sentences classed 重大 were not read one by one (the over-firings the
  round above lists are of the same kind: a thing past or fixed, a cut to come); and the
  held-out figures of the pipeline shipped before this round were not measured on this round's
  split. corpus/blind-8.tsv, written by someone else, was the next honest measure (below).

### Blind set 8, spent and folded in

Blind set 8 (300 sentences by an eighth writer who had seen only SPEC.md and LABELS.md; three
it happened to share with the training corpus, 业委会什么时候换届啊 公告在哪看, 消防栓前面停了辆车
挡得严严实实 and 装修押金什么时候退, were taken out before it was read, leaving 297) was measured once
against the pipeline shipped by the round above, with model, rules and margin fixed: class 91.9%,
category 92.9% (model alone 91.9%, 93.9%), and 5 of its 104 emergencies classed 一般:

- power still not back at night, told by the fridge (晚上十点了 还没来电 冰箱化了一地 物业电话打不通);
- an old woman nearly over a broken railing, the person first (楼下那个老太太差点从断了的栏杆那翻下去 幸亏被人拉住);
- a shock from a stairwell railing, told by the hand (摸了一下楼道的铁栏杆麻了一下 有电 小孩别去碰);
- a floor-heating manifold spraying (地暖分水器那里呲水 我关不掉阀门 地上全是水);
- a meter box tripped that will not go back up (我们楼电表箱那边全跳了 物业的人推了两次都推不上去).

Its class confusion (truth → 一般 / 重大 / 复杂): 一般 121 / 9 / 4, 重大 5 / 99 / 0, 复杂 2 / 4 / 53.
That report was read and acted on, so the set is spent:

- Its sentences are training data now: corpus/independent-8.tsv, source \`independent-8\`, in the
  same hash split as the rest. None was relabelled.
- The safety rules were broadened by concept from its five emergencies, not by sentence: power
  still not back (还没来电, 到现在都没恢复供电) and a fridge thawed through; someone nearly over from
  a broken railing, said with the person first (差点从…栏杆…翻下去); a shock told by the hand on a
  railing, a door handle, a lamp post or a drying rack (麻了一下, 电手, 有电 but not 有电吗); a
  floor-heating manifold or a fitting spraying (分水器, 阀门, 三通 呲水, 滋水, 飙水); a meter box or a
  distribution box tripped that will not go back up, however far the pushing is told after it.
  test/core/classify/safety-rules.test.ts tests each with fresh phrasings and look-alikes
  (什么时候来电, 冰箱化霜要多久, 孩子差点从滑梯上摔下来, 楼道插座有电吗, 阀门有点渗, 电表箱推上去就好了).
- Not done: as for set 7, its 9 一般 sentences classed 重大 were not read one by one.
  corpus/blind-9.tsv, written by someone else, was the next honest measure (below).

### Blind set 9, spent and folded in

Blind set 9 (300 sentences by a ninth writer who had seen only SPEC.md and LABELS.md; one it
happened to share with the training corpus was taken out before it was read, leaving 299) was
measured once against the pipeline shipped by the round above, with model, rules and margin fixed:
class 91.3%, category 88.0% (model alone 95.3%, 90.3%), and 2 of its 100 emergencies classed 一般:

- taps that only gurgle, the neighbours' too (水龙头打开就咕噜咕噜响 一点水都不出 隔壁也一样);
- an e-bike wheeled into the lift with its charger plugged into the lift's socket, the charging
  word left out (电梯里有人推着电瓶车上去，还拎着个电池充电器插在电梯里的插座上).

Its class confusion (truth → 一般 / 重大 / 复杂): 一般 122 / 16 / 1, 重大 2 / 97 / 1, 复杂 0 / 6 / 54.
That report was read and acted on, so the set is spent:

- Its sentences are training data now: corpus/independent-9.tsv, source \`independent-9\`, in the
  same hash split as the rest. None was relabelled.
- The safety rules were broadened by concept from its two emergencies: not a drop said with 一点,
  半滴 or 一丁点 (一点水都不出), taps or pipes that only blow air or gurgle without water
  (光出气, 咕噜…不出水); a charger, its lead or plug plugged in where an e-bike or a battery is, the
  charging word left out (not into a charging pile or cabinet). test/core/classify/safety-rules.test.ts
  tests each with fresh phrasings and look-alikes (水管咕噜咕噜响 吵得睡不着, 手机充电器插在电梯插座上,
  电瓶车的充电器插在充电桩上了).
- Eight blind sets in a row found emergencies that no rule named, each time in words nobody had
  written before; a rule per concept closes the last set's holes, not the next one's. Both misses
  had the model giving 重大 a real share (0.45 and 0.24) while ranking 一般 first. So this round
  adds the **major floor** (below): when the model gives 重大 at least that probability, the ticket
  is 重大, provisional, and staff are asked to confirm with \`/改 #n\`, the stricter clock running
  meanwhile (SPEC "Owners' own words"). The idea came from those two figures; the floor itself
  is chosen by cross-validation on the training split, as the margin is, and the blind set 10
  measures it.
- Not done: its 16 一般 sentences classed 重大 were not read one by one.
  corpus/blind-10.tsv, written by someone else, was the next honest measure (below).

### Blind set 10, spent and folded in

Blind set 10 (300 sentences by a tenth writer who had seen only SPEC.md and LABELS.md; 13 short
ones it happened to share with the training corpus, such as 收到 谢谢 and 燃气费在哪交, were taken
out before it was read, leaving 287) was measured once against the pipeline shipped by the round
above, major floor included, with model, rules, margin and floor fixed: class 91.3%, category
95.8% (model alone 95.1%, 95.8%), and 6 of its 100 emergencies classed 一般. The floor reached
none of them: the model was sure of 一般 for each.

- a hiss by the yellow pipe, with a smell (地库B区那根黄色的管子旁边呲呲响 一股味 离远点);
- a courier shut in the goods lift (外卖小哥被关货梯里半个钟头了 一直给我打电话);
- a cleaner locked in the bin room, knocking (保洁阿姨被反锁在垃圾房里了 一直在里面敲门);
- sewage come back up into the lobby, said with 返 (下水道返上来的 整个一楼大堂都是 臭得人进不去);
- a unit's radiators cold, the home at ten degrees (供暖一礼拜了我们单元片子一点不热 屋里温度计才十度 贼冷);
- the fire lane told by the fire engine (楼后面唯一能走消防车的路被人堆满了建材).

Its class confusion (truth → 一般 / 重大 / 复杂): 一般 115 / 11 / 1, 重大 6 / 94 / 0, 复杂 2 / 5 / 53.
That report was read and acted on, so the set is spent:

- Its sentences are training data now: corpus/independent-10.tsv, source \`independent-10\`, in
  the same hash split as the rest. None was relabelled.
- The safety rules were broadened by concept from its six emergencies: the gas pipe by its colour
  and a hiss with a smell; a goods lift or a lift car (货梯, 轿厢) for someone shut in; staff and
  visitors locked in (阿姨, 师傅, 保洁…) and someone knocking from inside; sewage coming back up said
  with 返 or 反 (not a smell coming back); a unit's radiators cold (片子) and a home at 12 degrees or
  less; the fire lane told by the fire engine (not its markings). test/core/classify/safety-rules.test.ts
  tests each with fresh phrasings and look-alikes (水管嘶嘶响 吵得睡不着, 快递被锁在柜子里取不出来,
  下水道反味, 室温才18度 不达标, 消防车道的线都褪色了).
- Not done: its 11 一般 sentences classed 重大 were not read one by one.
  corpus/blind-11.tsv, written by someone else, was the next honest measure (below).

### Blind set 11, spent and folded in

Blind set 11 (300 sentences by an eleventh writer who had seen only SPEC.md and LABELS.md; 4 it
happened to share with the training corpus were taken out before it was read, leaving 296) was
measured once against the pipeline shipped by the round above, with model, rules, margin and
floor fixed: class 92.2%, category 91.2% (model alone 93.2%, 91.6%), and 4 of its 100 emergencies
classed 一般:

- smoke called a haze, an alarm going (地库里全是呛人的灰雾 两米外都看不清 报警器一直在叫);
- the lift called 梯子, stopped with the cleaner inside (保洁大姐推车进去梯子就不走了 她搁里头叫唤半天了);
- a manhole cover gone, told in a long message that starts with the fees (…我们楼后面那个井，盖子从昨天下午就没了…);
- the emergency lane filled, the fire engine unable to get in (大门那条应急车道被一排摊子和三轮车占满了 消防车根本开不进来).

Its class confusion (truth → 一般 / 重大 / 复杂): 一般 120 / 14 / 2, 重大 4 / 96 / 0, 复杂 3 / 0 / 57.
That report was read and acted on, so the set is spent:

- Its sentences are training data now: corpus/independent-11.tsv, source \`independent-11\`, in
  the same hash split as the rest. None was relabelled.
- The safety rules were broadened by concept from its four emergencies: smoke called a haze or fog
  indoors, thick enough to blind or choke or with an alarm (not 雾霾, not a shower's steam, not a
  smoke alarm's name); the lift by other names (梯子, 货梯, 客梯, 轿厢) stopped, and someone calling
  from inside a lift; the well named first and its cover told after a pause; the fire engine that
  cannot get in said any way (开不进, 过不去; not "万一…"), and the emergency lane (应急车道, 救援通道)
  beside the fire lane. test/core/classify/safety-rules.test.ts tests each with fresh phrasings and
  look-alikes (今天雾霾好大 看不清对面楼, 梯子倒了, 井盖子的钥匙谁拿着, 万一消防车开不进来怎么办).
- Not done: its 14 一般 sentences classed 重大 were not read one by one.
  corpus/blind-12.tsv, written by someone else, was the next honest measure (below).

### Blind set 12, spent and folded in

Blind set 12 (300 sentences by a twelfth writer who had seen only SPEC.md and LABELS.md; 2 it
happened to share with the training corpus were taken out before it was read, leaving 298) was
measured once against the pipeline shipped by the round above, with model, rules, margin and
floor fixed: class 94.3%, category 91.9% (model alone 95.3%, 93.0%), and 3 of its 100 emergencies
classed 一般:

- smoke told by what it does, with neither 烟 nor 雾 (走廊里白茫茫一片 呛得直咳嗽 对门都看不清了);
- an electric shock told as being struck, at a meter box (保洁大姐擦地库电箱的时候被打了一下 人坐地上半天没起来);
- a cover gone from the ground, called 铁盖子, and the hole it left (篮球场边上地上多了个黑窟窿 原来的铁盖子没了).

Its class confusion (truth → 一般 / 重大 / 复杂): 一般 133 / 5 / 0, 重大 3 / 97 / 0, 复杂 4 / 5 / 51.
That report was read and acted on, so the set is spent:

- Its sentences are training data now: corpus/independent-12.tsv, source \`independent-12\`, in
  the same hash split as the rest. None was relabelled.
- The safety rules were broadened by concept from its three emergencies: a place indoors gone
  white or grey (白茫茫, 灰蒙蒙) that chokes, or choking so thick one cannot see across, with no
  dust-making work, paint, disinfectant fogging or cooking named; a shock told as being struck
  (被打了一下, 给打了一下) at a box, switch, socket, wire, lamp post, pump or fountain, not by a door,
  a ball or a person; a cover in the ground gone called by its make or shape (铁盖子, 盖板, 圆盖子,
  篦子), not a bin's or a box's lid, and a hole come up in the ground (地上多了个黑窟窿), not a
  pothole or a burrow. test/core/classify/safety-rules.test.ts tests each with fresh phrasings and
  look-alikes (装修的在打磨 楼道里白茫茫一片, 楼下炒辣椒 呛得直咳嗽, 开电箱的时候被门打了一下头,
  垃圾桶的盖子没了, 草地上有个大洞 像是老鼠打的). Before retraining, old and new rules were run
  on every sentence of the corpus and of this set: the only verdicts that changed are five of this
  set's emergencies (its three misses and two the model had already caught), none elsewhere.
- The model retrained with these sentences classed one emergency of the corpus 一般 that the one
  before had caught (樓上洗衣機嘅水沿住燈位流落嚟，盞燈都閃咗): water running down along a light or
  another fitting (沿着, 顺着, 从 … 灯, 电线, 插座, 开关; Cantonese 流落嚟) is now a safety rule too, not
  an AC's condensate, tested the same way. It changes the rules' verdict on six emergencies of the
  corpus and on nothing else.
- Not done: its 5 一般 sentences classed 重大 were not read one by one.
  corpus/blind-13.tsv, written by someone else, was the next honest measure (below).

### Blind set 13, spent and folded in

Blind set 13 (300 sentences by a thirteenth writer who had seen only SPEC.md and LABELS.md; 4 it
happened to share with the training corpus were taken out before it was read, leaving 296) was
measured once against the pipeline shipped by the round above, with model, rules, margin and
floor fixed: class 94.3%, category 92.9% (model alone 95.6%, 92.9%), and 0 of its 99 emergencies
classed 一般, the first blind set with none (the five before it: 5 of 104, then 2, 6, 4 and 3 of 100). Its class
confusion (truth → 一般 / 重大 / 复杂): 一般 125 / 12 / 0, 重大 0 / 99 / 0, 复杂 3 / 2 / 55: the price
is on the other side, 12 of 137 一般 sentences held to the 重大 clock.

- Its sentences are training data now: corpus/independent-13.tsv, source \`independent-13\`, in
  the same hash split as the rest. None was relabelled, and no rule was added: there was no
  emergency to learn from.
- Not done: its 12 一般 sentences classed 重大 were not read one by one.
  corpus/blind-14.tsv, written by someone else, was the next honest measure (below).

### Blind set 14, spent and folded in

Blind set 14 (300 sentences by a fourteenth writer who had seen only SPEC.md and LABELS.md; 10 it
happened to share with the training corpus were taken out before it was read, leaving 290) was
measured once against the pipeline shipped by the round above, with model, rules, margin and
floor fixed: class 93.8%, category 92.4% (model alone 94.5%, 92.4%), and 2 of its 100 emergencies
classed 一般:

- a dog fallen into a well told uncovered before it is named (我家狗子掉进草坪边上一个没盖子的井里了，在底下叫，好深);
- a shock told as a bite and a tingle from a coin washing machine (…我女儿摸了一下哭着说手被咬了，我去摸也是麻麻的).

Its class confusion (truth → 一般 / 重大 / 复杂): 一般 122 / 8 / 1, 重大 2 / 98 / 0, 复杂 1 / 6 / 52.
So the run of blind sets with none missed ended at one (blind set 13); the series of emergencies
classed 一般 per 100 new ones reads 2, 6, 4, 3, 0, 2 from blind set 9 on. That report was read and acted on, so the
set is spent:

- Its sentences are training data now: corpus/independent-14.tsv, source \`independent-14\`, in
  the same hash split as the rest. None was relabelled.
- The safety rules were broadened by concept from its two emergencies: a shock told as a tingle or
  a bite from something touched (麻麻的, 麻酥酥, 手被咬), not an animal's bite or a leg gone numb; a
  well told uncovered before it is named (没盖的井, 敞口的井), and someone or a pet fallen into a well,
  a septic tank or a hole, not keys or a phone dropped down a drain. test/core/classify/safety-rules.test.ts
  tests each with fresh phrasings and look-alikes (摸了一下狗 手被咬了, 蹲久了腿麻麻的, 钥匙掉进下水井里了).
  Old and new rules were run on every sentence of the corpus and of this set: only its two misses
  changed verdict.
- Not done: its 8 一般 sentences classed 重大 were not read one by one.
  corpus/blind-15.tsv, written by someone else, was the next honest measure (below).

### Blind set 15, spent and folded in

Blind set 15 (300 sentences by a fifteenth writer who had seen only SPEC.md and LABELS.md; 3 it
happened to share with the training corpus were taken out before it was read, leaving 297) was
measured once against the pipeline shipped by the round above, with model, rules, margin and
floor fixed: class 91.2%, category 88.6% (model alone 94.9%, 89.2%), and 3 of its 100 emergencies
classed 一般:

- the iron plate of an inspection well trodden through (草地里那个检修井的铁板被踩穿了，我家狗差点掉进去);
- an old man shut in a toilet cubicle whose lock broke (…一个老爷子在里面打不开门，叫了半天);
- a hiss and a stink in a kitchen, in Cantonese (…厨房有啲丝丝声同埋好臭…).

Its class confusion (truth → 一般 / 重大 / 复杂): 一般 119 / 16 / 2, 重大 3 / 97 / 0, 复杂 2 / 3 / 55.
The series of emergencies classed 一般 per 100 new ones reads 2, 6, 4, 3, 0, 2, 3 from blind set 9
on. That report was read and acted on, so the set is spent:

- Its sentences are training data now: corpus/independent-15.tsv, source \`independent-15\`, in
  the same hash split as the rest. None was relabelled.
- The safety rules were broadened by concept from its three emergencies: a well's cover by any
  name (铁板, 盖板, 水泥板, 格栅) trodden, crushed or rusted through, not one loose, cracked or short of
  a bar; someone inside a room, a cubicle or a car whose door will not open from within, not keys
  left inside or someone outside, and a stopped lift with someone inside told in two clauses; a
  hiss and a stink together in any spelling of the hiss (丝丝, 嗞嗞), either first, not a pan that
  sizzles. test/core/classify/safety-rules.test.ts tests each with fresh phrasings and look-alikes
  (钥匙锁在里面了 打不开门, 油锅滋滋响 一股怪味, 水沟的盖板断了一根). Old and new rules were run on every
  sentence of the corpus and of this set: its three misses and three emergencies of earlier sets
  (two hisses with a smell, a Cantonese lift with a child inside) changed verdict, from 一般 to
  重大, and nothing else.
- Not done: its 16 一般 sentences classed 重大 were not read one by one.
  corpus/blind-16.tsv, written by someone else, was the next honest measure (below).

### Blind set 16, spent and folded in

Blind set 16 (300 sentences by a sixteenth writer who had seen only SPEC.md and LABELS.md; 12 it
happened to share with the training corpus were taken out before it was read, leaving 288) was
measured once against the pipeline shipped by the round above, with model, rules, margin and
floor fixed: class 91.7%, category 91.7% (model alone 96.2%, 92.7%), and 2 of its 100 emergencies
classed 一般, both gas told by likeness:

- a smell like rotten eggs, with a cat sniffing at the kitchen door and a dizzy head (…闻着像放了半个月的臭蛋);
- a smell like cooking on a canister in the old days, in a long message about something else (…有点像以前老房子用罐子烧饭那会儿的味道…).

Its class confusion (truth → 一般 / 重大 / 复杂): 一般 111 / 16 / 2, 重大 2 / 98 / 0, 复杂 1 / 3 / 55.
The series of emergencies classed 一般 per 100 new ones reads 2, 6, 4, 3, 0, 2, 3, 2 from blind
set 9 on. That report was read and acted on, so the set is spent:

- Its sentences are training data now: corpus/independent-16.tsv, source \`independent-16\`, in
  the same hash split as the rest. None was relabelled.
- The gas rule was broadened by concept from its two emergencies: rotten eggs by likeness after a
  smell word, with or without 鸡 and 味 (闻着像臭蛋, 跟坏了的鸡蛋似的), not eggs gone bad in a fridge,
  a cake or 坏蛋 (a villain); the canister or bottle of gas named by a likeness and a smell
  (像用罐子做饭的味, 像钢瓶漏出来的气味), not a jar of pickles. test/core/classify/safety-rules.test.ts
  tests each with fresh phrasings and look-alikes. Old and new rules were run on every sentence of
  the corpus and of this set: its two misses and one emergency of blind set 15 (像生洋葱拌臭蛋)
  changed verdict, from 一般 to 重大, and nothing else.
- Not done: its 16 一般 sentences classed 重大 were not read one by one.
  corpus/blind-17.tsv, written by someone else, was the next honest measure (below).

### Blind set 17, spent and folded in

Blind set 17 (300 sentences by a seventeenth writer who had seen only SPEC.md and LABELS.md; 7 it
happened to share with the training corpus were taken out before it was read, leaving 293) was
measured once against the pipeline shipped by the round above, with model, rules, margin and
floor fixed: class 94.2%, category 94.2% (model alone 98.0%, 95.6%), and 2 of its 100 emergencies
classed 一般:

- an old woman fallen into an uncovered pit and unable to get up, in Cantonese (有个阿婆跌落绿化带边上那个冇盖嘅坑度，爬唔起身);
- a boy sitting on a loose railing on the roof (我家小子坐在天台那段松脱的栏杆上玩，我过去一拉那栏杆直晃).

Its class confusion (truth → 一般 / 重大 / 复杂): 一般 120 / 12 / 1, 重大 2 / 98 / 0, 复杂 1 / 1 / 58.
The series of emergencies classed 一般 per 100 new ones reads 2, 6, 4, 3, 0, 2, 3, 2, 2 from blind
set 9 on. That report was read and acted on, so the set is spent:

- Its sentences are training data now: corpus/independent-17.tsv, source \`independent-17\`, in
  the same hash split as the rest. None was relabelled.
- The safety rules were broadened by concept from its two emergencies: someone or a pet fallen into
  a pit, a ditch or a hole (跌落…坑, 掉进沟里), and a pit told uncovered (没盖的深坑), not a wheel in a
  pothole or a foot turned in one; someone a family names (小子, 孙子, 外孙, 老爷子) sitting, leaning or
  lying on a railing up high that has come loose (松脱, 松掉, 摇摇晃晃), not a loose railing with nobody
  on it or one just painted. test/core/classify/safety-rules.test.ts tests each with fresh phrasings
  and look-alikes. Old and new rules were run on every sentence of the corpus and of this set: its
  two misses and two emergencies of earlier sets (a child on a broken railing, blind sets 13 and
  15) changed verdict, from 一般 to 重大, and nothing else.
- Not done: its 12 一般 sentences classed 重大 were not read one by one.
  corpus/blind-18.tsv, written by someone else, was the next honest measure (below).

### Blind set 18, spent and folded in

Blind set 18 (300 sentences by an eighteenth writer who had seen only SPEC.md and LABELS.md; 13 it
happened to share with the training corpus were taken out before it was read, leaving 287) was
measured once against the pipeline shipped by the round above, with model, rules, margin and
floor fixed: class 90.9%, category 92.3% (model alone 96.2%, 93.7%), and 1 of its 99 emergencies
classed 一般:

- someone fallen into an inspection well, told as the well with a person fallen in (绿化带那个检修井里好像掉进去一个人 能听见喊).

Its class confusion (truth → 一般 / 重大 / 复杂): 一般 110 / 16 / 2, 重大 1 / 98 / 0, 复杂 1 / 6 / 53.
The series of emergencies classed 一般 per 100 new ones reads 2, 6, 4, 3, 0, 2, 3, 2, 2, 1 from
blind set 9 on. That report was read and acted on, so the set is spent:

- Its sentences are training data now: corpus/independent-18.tsv, source \`independent-18\`, in
  the same hash split as the rest. None was relabelled.
- The safety rules were broadened by concept from its emergency: the well, pit, ditch or pond
  named first and who fell in after (井里掉进去一个人, 沟里面跌落咗个老人), and the short 人掉井里; not
  a phone, keys or a ball down a well. test/core/classify/safety-rules.test.ts tests it with fresh
  phrasings and look-alikes. Old and new rules were run on every sentence of the corpus and of
  this set: only its miss changed verdict.
- Not done: its 16 一般 sentences classed 重大 were not read one by one.
  corpus/blind-19.tsv, written by someone else, was the next honest measure (below).

### Blind set 19, spent and folded in

Blind set 19 (300 sentences by a nineteenth writer who had seen only SPEC.md and LABELS.md; 12 it
happened to share with the training corpus were taken out before it was read, leaving 288) was
measured once against the pipeline shipped by the round above, with model, rules, margin and
floor fixed: class 91.0%, category 95.1% (model alone 96.2%, 96.2%), and 2 of its 100 emergencies
classed 一般:

- gas told as the smell of a burner that clicked without lighting, doubted by the writer (…1502门口那味儿有点像灶台打火没打着的时候，淡淡的，一直不散);
- a fire told as a red light flickering behind a window blackened by smoke, asked as a question (对面楼那个窗户里红光一闪一闪的 玻璃都熏黑了 是不是着了？？).

Its class confusion (truth → 一般 / 重大 / 复杂): 一般 111 / 18 / 0, 重大 2 / 98 / 0, 复杂 3 / 3 / 53.
The series of emergencies classed 一般 per 100 new ones reads 2, 6, 4, 3, 0, 2, 3, 2, 2, 1, 2 from
blind set 9 on. That report was read and acted on, so the set is spent:

- Its sentences are training data now: corpus/independent-19.tsv, source \`independent-19\`, in
  the same hash split as the rest. None was relabelled.
- The safety rules were broadened by concept from its two emergencies: gas likened to a burner
  that clicked without lighting or was left on unlit (像灶台打火没打着, 像开了火没点着), not a burner
  that will not light with no smell likened to it; a red glow flickering indoors with smoke, glass
  blackened or the question of a fire (红光一闪一闪 熏黑, 熏黑了 是不是着了), not fairy lights or a
  kitchen wall blackened by years of cooking. test/core/classify/safety-rules.test.ts tests each
  with fresh phrasings and look-alikes. Old and new rules were run on every sentence of the corpus
  and of this set: its two misses and one emergency of blind set 11 (像有人把灶拧开了没点着那种味)
  changed verdict, from 一般 to 重大, and nothing else.
- Retrained with it, the model stopped catching one held-out emergency of the corpus, in Hokkien
  (規棟攏無電，冷氣嘛袂當開, independent-4), and the training refused to ship it; the rule for a
  building without power now reads Hokkien 無 (none) and 厝 (home), tested with look-alikes
  (手机无电了, 这栋楼无电梯 老人上下不方便).
- Not done: its 18 一般 sentences classed 重大 were not read one by one.
  corpus/blind-20.tsv, written by someone else, was the next honest measure (below).

### Blind set 20, spent and folded in

Blind set 20 (300 sentences by a twentieth writer who had seen only SPEC.md and LABELS.md; 6 it
happened to share with the training corpus were taken out before it was read, leaving 294) was
measured once against the pipeline shipped by the round above, with model, rules, margin and
floor fixed: class 95.2%, category 93.9%, and none of its 100 emergencies classed 一般 (3.4%
provisional; 10 of its 134 一般 sentences held to the 重大 clock).

Its class confusion (truth → 一般 / 重大 / 复杂): 一般 123 / 10 / 1, 重大 0 / 100 / 0, 复杂 0 / 3 / 57.
The series of emergencies classed 一般 per 100 new ones reads 2, 6, 4, 3, 0, 2, 3, 2, 2, 1, 2, 0
from blind set 9 on. Before it was folded in, blind set 21 (300 sentences by a twenty-first writer
who had seen only SPEC.md and LABELS.md; 4 shared with the corpus or set 20 taken out, leaving
296) was measured on the same pipeline, to see whether a clean set was chance: class 92.9%,
category 96.3%, none of its 100 emergencies classed 一般 (5.1% provisional; 15 of its 136 一般
held to the 重大 clock; truth → 一般 / 重大 / 复杂: 一般 120 / 15 / 1, 重大 0 / 99 / 1, 复杂 1 / 3 / 56).
Nothing of set 21 was read beyond those figures, and it is the blind set of the model below.
Set 20's report was read, so the set is spent:

- Its sentences are training data now: corpus/independent-20.tsv, source \`independent-20\`, in
  the same hash split as the rest. None was relabelled.
- The safety rules are unchanged: it had no emergency classed 一般 to learn a concept from.
- Not done: its 10 一般 sentences classed 重大 were not read one by one.

### Blind set 22, spent and folded in

Retrained with set 20, the model was measured on blind set 21 (its figures are in "Blind set"
below, as this run measures them again) and on blind set 22 (300 sentences by a twenty-second
writer who had seen only SPEC.md and LABELS.md; 12 shared with the corpus or set 21 taken out,
leaving 288), with model, rules, margin and floor fixed: class 92.7%, category 92.7%, 6.9%
provisional, and 1 of its 100 emergencies classed 一般:

- a fire told in four characters, a rubbish bin that has caught (楼下垃圾桶着了).

Its class confusion (truth → 一般 / 重大 / 复杂): 一般 112 / 15 / 1, 重大 1 / 98 / 1, 复杂 1 / 2 / 57.
The series of emergencies classed 一般 per 100 new ones reads 2, 6, 4, 3, 0, 2, 3, 2, 2, 1, 2, 0, 0,
1 from blind set 9 on (set 21 counted once, on the model before this one). That report was read and
acted on, so set 22 is spent; set 21, of which nothing but its figures was read, stays the blind set:

- Its sentences are training data now: corpus/independent-22.tsv, source \`independent-22\`, in
  the same hash split as the rest. None was relabelled.
- The safety rules were broadened by concept from its emergency: a thing that burns said to have
  caught (垃圾箱着了, 电瓶车又着了, 纸箱着了, Cantonese 油锅着咗); not someone asleep, keys found, a light
  left on, an engine started or a worry (睡着了, 找着了, 楼道灯着了, 车打着了, 万一电动车着了, 杂物着了火怎么办).
  test/core/classify/safety-rules.test.ts tests it with fresh phrasings and look-alikes. Old and
  new rules were run on every sentence of the corpus and of sets 21 and 22: only its miss changed
  verdict.
- Not done: its 15 一般 sentences classed 重大 were not read one by one.

### Blind set 23, spent and folded in

Retrained with set 22, the model was measured on blind set 23 (300 sentences by a twenty-third
writer who had seen only SPEC.md and LABELS.md, asked for emergencies of every kind told by
symptom and late in the message, and near-misses among the 一般; 13 shared with the corpus or set
21 taken out, leaving 287), with model, rules, margin and floor fixed: class 94.8%, category
96.2%, 5.9% provisional, and none of its 99 emergencies classed 一般.

Its class confusion (truth → 一般 / 重大 / 复杂): 一般 117 / 11 / 0, 重大 0 / 99 / 0, 复杂 0 / 4 / 56.
The series of emergencies classed 一般 per 100 new ones reads 2, 6, 4, 3, 0, 2, 3, 2, 2, 1, 2, 0, 0,
1, 0 from blind set 9 on. Nothing of it but these figures was read before it was folded in, for the
data; set 21 stays the blind set:

- Its sentences are training data now: corpus/independent-23.tsv, source \`independent-23\`, in
  the same hash split as the rest. None was relabelled.
- The safety rules are unchanged: it had no emergency classed 一般 to learn a concept from.
- Not done: its 11 一般 and 4 复杂 sentences classed 重大 were not read one by one.

### Blind set 24, spent and folded in

Retrained with set 23, the model was measured on blind set 24 (300 sentences by a twenty-fourth
writer who had seen only SPEC.md and LABELS.md, asked for many kinds of problem in each class,
owners' phone typing (fragments, typos, emoji, traditional characters, dialects) and near-misses
both ways: 一般 sentences naming a frightening word with no emergency, emergencies told without
their usual word; 25 shared with the corpus or set 21 taken out, leaving 275), with model, rules,
margin and floor fixed: class 94.5%, category 96.4%, 5.5% provisional, and none of its 100
emergencies classed 一般.

Its class confusion (truth → 一般 / 重大 / 复杂): 一般 107 / 9 / 0, 重大 0 / 100 / 0, 复杂 0 / 6 / 53.
The series of emergencies classed 一般 per 100 new ones reads 2, 6, 4, 3, 0, 2, 3, 2, 2, 1, 2, 0, 0,
1, 0, 0 from blind set 9 on. Nothing of it but these figures was read before it was folded in,
for the data; set 21 stays the blind set:

- Its sentences are training data now: corpus/independent-24.tsv, source \`independent-24\`, in
  the same hash split as the rest. None was relabelled.
- It had no emergency classed 一般 to learn a concept from. The retrain with it, though, left one
  emergency of the older corpus classed 一般 (充电桩那边一辆电动车自燃了, independent-13): the
  model had learnt it before and the rules had no word for 自燃. The fire rule now has one (自燃
  now, not a worry, a question or a story from elsewhere: 会不会自燃, 容易自燃吗, 看新闻说有电动车
  自燃), tested in test/core/classify/safety-rules.test.ts; only two corpus sentences hold 自燃, both
  emergencies.
- Not done: its 9 一般 and 6 复杂 sentences classed 重大 were not read one by one.
  corpus/${BLIND_FILE}.tsv, written by someone else, is the next honest measure.

## The shipped model

- Method: ${file.method}; ${file.features.length} features; unsure margin ${file.unsureMargin}; major floor ${file.majorFloor}.
- The major floor, chosen on the training split's out-of-fold predictions (counted with no unsure margin): ${floorLine(chosen.folds, file.majorFloor)}.
- model.bin: ${(statSync(MODEL_PATH).size / 1024).toFixed(0)} KB; read and indexed in ${loadMs.toFixed(1)} ms on the training machine (the budget is 100 ms).
- Held-out: class **${pct(s.cls, s.n)}**, category **${pct(s.cat, s.n)}**; emergencies classed 一般: **${s.emergenciesGeneral} of ${s.emergencies}**.
- Provisional (待确认, staff asked to confirm): ${pct(s.provisional, s.n)} of the held-out tickets; the sure ones are right ${pct(s.confidentRight, s.n - s.provisional)} of the time.
- Held out, by file: ${heldOutBy('public', 'public excerpts')}; ${heldOutBy('rewrites', 'rewrites')}; ${heldOutBy('independent', 'independent-1')}; ${heldOutBy('independent-2', 'independent-2')}; ${heldOutBy('independent-3', 'independent-3')}; ${heldOutBy('independent-4', 'independent-4')}; ${heldOutBy('independent-5', 'independent-5')}; ${heldOutBy('independent-6', 'independent-6')}; ${heldOutBy('independent-7', 'independent-7')}; ${heldOutBy('independent-8', 'independent-8')}; ${heldOutBy('independent-9', 'independent-9')}; ${heldOutBy('independent-10', 'independent-10')}; ${heldOutBy('independent-11', 'independent-11')}; ${heldOutBy('independent-12', 'independent-12')}; ${heldOutBy('independent-13', 'independent-13')}; ${heldOutBy('independent-14', 'independent-14')}; ${heldOutBy('independent-15', 'independent-15')}; ${heldOutBy('independent-16', 'independent-16')}; ${heldOutBy('independent-17', 'independent-17')}; ${heldOutBy('independent-18', 'independent-18')}; ${heldOutBy('independent-19', 'independent-19')}; ${heldOutBy('independent-20', 'independent-20')}; ${heldOutBy('independent-22', 'independent-22')}; ${heldOutBy('independent-23', 'independent-23')}; ${heldOutBy('independent-24', 'independent-24')}.
- Emergencies of the whole corpus classed 一般: ${emergencyGeneral.length}${emergencyGeneral.length > 0 ? ` (${emergencyGeneral.map((p) => p.row.text).join('; ')})` : ''}.

### Class confusion (held-out)

${confusion(preds, ticketClasses, 'ticketClass', (c) => ticketClassNames[c as TicketClass])}

### Category confusion (held-out)

${confusion(preds, ticketCategories, 'category', (c) => c)}

${blind ? blindSection(blind, blindPreds, corpus) : noBlindSet}

## Held-out misses (${misses.length})

${table(
  ['text', 'truth', 'guess', 'provisional'],
  misses.map((p) => [
    p.row.text.replace(/\|/g, '/'),
    `${p.row.category}·${ticketClassNames[p.row.ticketClass]}`,
    `${p.category}·${ticketClassNames[p.ticketClass]}`,
    p.provisional ? '待确认' : '',
  ]),
)}
`;
  writeFileSync(REPORT_PATH, report);
  log('');
  log(report);
  log(`trained in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  if (blindEmergencyGeneral.length > 0) {
    // Reported, not failed: making the build pass on the blind set would be tuning on it.
    log(
      `note: ${blindEmergencyGeneral.length} emergencies of the blind set classed 一般 (see REPORT.md, "Blind set")`,
    );
  }
  if (loadMs > 100) log(`note: model.bin took ${loadMs.toFixed(0)} ms to load; the budget is 100 ms`);
  if (emergencyGeneral.length > 0) {
    log(
      `FAIL: ${emergencyGeneral.length} emergencies of the corpus classed 一般; extend the major rules in core/classify/rules.ts`,
    );
    process.exitCode = 1;
  }
}

// Run when called as a script, not when a test or an experiment imports the trainers.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();

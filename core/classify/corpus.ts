/**
 * The labelled corpus the model is trained and judged on: core/classify/corpus/*.tsv, one owner
 * sentence a line with its class, category and source, labelled by ../LABELS.md. public.tsv
 * holds short excerpts of public complaint text, each with the address it was read at;
 * rewrites.tsv holds our own realistic rewrites (typos, fragments, traditional characters,
 * dialect, several problems at once), source `rewrite`; independent.tsv and independent-2.tsv
 * to independent-20.tsv hold sentences from writers who had not seen the corpus, the rules or the
 * model (the spent blind sets 1 to 20, folded in), sources `independent-1` to `independent-20`, and
 * independent-22.tsv to independent-24.tsv the spent blind sets 22 to 24 (sources `independent-22` to `independent-24`: see {@link BLIND_FILE}). Kept apart so the report can say how each kind fares. The
 * blind set is not training data: see {@link BLIND_FILE}.
 */
import { existsSync, readFileSync } from 'node:fs';
import { type TicketCategory, type TicketClass, ticketCategories, ticketClasses } from './rules.js';

export const CORPUS_FILES = [
  'public',
  'rewrites',
  'independent',
  'independent-2',
  'independent-3',
  'independent-4',
  'independent-5',
  'independent-6',
  'independent-7',
  'independent-8',
  'independent-9',
  'independent-10',
  'independent-11',
  'independent-12',
  'independent-13',
  'independent-14',
  'independent-15',
  'independent-16',
  'independent-17',
  'independent-18',
  'independent-19',
  'independent-20',
  'independent-22',
  'independent-23',
  'independent-24',
] as const;

/** FNV-1a over the UTF-8 bytes: stable across runs, machines and Node versions. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * One sentence in five is held out, by a hash of its text, so the split never depends on the
 * order of the files or on what else is in them, and adding sentences moves none of the old ones.
 */
export function isHeldOut(text: string): boolean {
  return fnv1a(text.normalize('NFC')) % 5 === 0;
}

/**
 * The blind set: sentences written by someone who had not seen the corpus, the rules, the model
 * or its misses, to measure the shipped classifier honestly (the held-out split has been read by
 * the people who tuned it). Never trained on, never used to choose anything: only
 * {@link readBlindSet} reads it, and {@link readCorpus} does not. Once its report has been read
 * and acted on it is spent: its rows become training data (blind.tsv became independent.tsv,
 * source `independent-1`; each later blind-<n>.tsv became independent-<n>.tsv, source
 * `independent-<n>`, up to blind-20.tsv) and the next set takes its place under a new name.
 * blind-21.tsv is the next one. Blind set 22 was spent before it: measured on the model blind-21.tsv
 * had been measured on, one of its emergencies classed 一般 was read and it became independent-22.tsv,
 * while nothing of blind-21.tsv beyond its figures was ever read, so it stays the blind set. Blind set
 * 23 went the same way (measured on the model trained with set 22; it had no emergency classed 一般,
 * and it was folded in as independent-23.tsv for the data), and blind set 24 after it (measured on the
 * model trained with set 23, no emergency classed 一般, folded in as independent-24.tsv). When
 * blind-21.tsv is missing there is none.
 */
export const BLIND_FILE = 'blind-21';

type CorpusFile = (typeof CORPUS_FILES)[number] | typeof BLIND_FILE;

/** What the source column must hold in each file. */
const SOURCES: Record<CorpusFile, { ok: (s: string) => boolean; want: string }> = {
  public: { ok: (s) => /^https?:\/\//.test(s), want: 'the address of the text' },
  rewrites: { ok: (s) => s === 'rewrite', want: '"rewrite"' },
  independent: { ok: (s) => /^independent-[0-9]+$/.test(s), want: '"independent-<n>"' },
  'independent-2': { ok: (s) => s === 'independent-2', want: '"independent-2"' },
  'independent-3': { ok: (s) => s === 'independent-3', want: '"independent-3"' },
  'independent-4': { ok: (s) => s === 'independent-4', want: '"independent-4"' },
  'independent-5': { ok: (s) => s === 'independent-5', want: '"independent-5"' },
  'independent-6': { ok: (s) => s === 'independent-6', want: '"independent-6"' },
  'independent-7': { ok: (s) => s === 'independent-7', want: '"independent-7"' },
  'independent-8': { ok: (s) => s === 'independent-8', want: '"independent-8"' },
  'independent-9': { ok: (s) => s === 'independent-9', want: '"independent-9"' },
  'independent-10': { ok: (s) => s === 'independent-10', want: '"independent-10"' },
  'independent-11': { ok: (s) => s === 'independent-11', want: '"independent-11"' },
  'independent-12': { ok: (s) => s === 'independent-12', want: '"independent-12"' },
  'independent-13': { ok: (s) => s === 'independent-13', want: '"independent-13"' },
  'independent-14': { ok: (s) => s === 'independent-14', want: '"independent-14"' },
  'independent-15': { ok: (s) => s === 'independent-15', want: '"independent-15"' },
  'independent-16': { ok: (s) => s === 'independent-16', want: '"independent-16"' },
  'independent-17': { ok: (s) => s === 'independent-17', want: '"independent-17"' },
  'independent-18': { ok: (s) => s === 'independent-18', want: '"independent-18"' },
  'independent-19': { ok: (s) => s === 'independent-19', want: '"independent-19"' },
  'independent-20': { ok: (s) => s === 'independent-20', want: '"independent-20"' },
  'independent-22': { ok: (s) => s === 'independent-22', want: '"independent-22"' },
  'independent-23': { ok: (s) => s === 'independent-23', want: '"independent-23"' },
  'independent-24': { ok: (s) => s === 'independent-24', want: '"independent-24"' },
  // Its writer may call it either; both say the same thing.
  [BLIND_FILE]: { ok: (s) => s === 'blind' || s === BLIND_FILE, want: `"blind" or "${BLIND_FILE}"` },
};

export interface CorpusRow {
  text: string;
  ticketClass: TicketClass;
  category: TicketCategory;
  /** The address of the public text, `rewrite`, `independent-<n>`, or `blind`. */
  source: string;
  file: CorpusFile;
  /** The fixed held-out split (see {@link isHeldOut}); meaningless for the blind set. */
  heldOut: boolean;
}

/** Reads and checks one corpus file; throws on a malformed line, naming it. */
function readTsv(dir: URL, file: CorpusFile, seen: Set<string>): CorpusRow[] {
  const rows: CorpusRow[] = [];
  const lines = readFileSync(new URL(`${file}.tsv`, dir), 'utf8').split('\n');
  lines.forEach((line, i) => {
    if (i === 0 || line.trim() === '') return;
    const where = `${file}.tsv:${i + 1}`;
    const [text, cls, category, source, ...rest] = line.split('\t');
    if (!text || !cls || !category || !source || rest.length > 0)
      throw new Error(`${where}: want 4 tab-separated fields`);
    if (!(ticketClasses as readonly string[]).includes(cls))
      throw new Error(`${where}: unknown class ${cls}`);
    if (!(ticketCategories as readonly string[]).includes(category))
      throw new Error(`${where}: unknown category ${category}`);
    if (!SOURCES[file].ok(source)) throw new Error(`${where}: source must be ${SOURCES[file].want}`);
    if (seen.has(text)) throw new Error(`${where}: duplicate sentence`);
    seen.add(text);
    rows.push({
      text,
      ticketClass: cls as TicketClass,
      category: category as TicketCategory,
      source,
      file,
      heldOut: isHeldOut(text),
    });
  });
  return rows;
}

/** Reads and checks the training corpus (public, rewrites and the five independent files; never the blind set). */
export function readCorpus(dir = new URL('./corpus/', import.meta.url)): CorpusRow[] {
  const seen = new Set<string>();
  return CORPUS_FILES.flatMap((file) => readTsv(dir, file, seen));
}

/**
 * Reads and checks the blind set (corpus/blind-21.tsv), for measuring only; null while there is
 * none (between a spent set and the next one).
 */
export function readBlindSet(dir = new URL('./corpus/', import.meta.url)): CorpusRow[] | null {
  if (!existsSync(new URL(`${BLIND_FILE}.tsv`, dir))) return null;
  return readTsv(dir, BLIND_FILE, new Set());
}

/**
 * The labelled corpus the model is trained and judged on: core/classify/corpus/*.tsv, one owner
 * sentence a line with its class, category and source. public.tsv holds short excerpts of
 * public complaint text, each with the address it was read at; rewrites.tsv holds our own
 * realistic rewrites (typos, fragments, traditional characters, dialect, several problems at
 * once), source `rewrite`. Kept apart so the report can say how each kind fares. blind.tsv is
 * not training data: see {@link BLIND_FILE}.
 */
import { readFileSync } from 'node:fs';
import { type TicketCategory, type TicketClass, ticketCategories, ticketClasses } from './rules.js';

export const CORPUS_FILES = ['public', 'rewrites'] as const;

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
 * {@link readBlindSet} reads it, and {@link readCorpus} does not.
 */
export const BLIND_FILE = 'blind';

type CorpusFile = (typeof CORPUS_FILES)[number] | typeof BLIND_FILE;

export interface CorpusRow {
  text: string;
  ticketClass: TicketClass;
  category: TicketCategory;
  /** The address of the public text, `rewrite`, or `blind`. */
  source: string;
  file: CorpusFile;
  /** The fixed held-out split (see {@link isHeldOut}); meaningless for the blind set. */
  heldOut: boolean;
}

/** Reads and checks one corpus file; throws on a malformed line, naming it. */
function readTsv(dir: URL, file: CorpusFile, seen: Set<string>): CorpusRow[] {
  const rows: CorpusRow[] = [];
  const wantSource =
    file === 'public' ? 'the address of the text' : file === 'rewrites' ? '"rewrite"' : '"blind"';
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
    const sourceOk =
      file === 'public'
        ? /^https?:\/\//.test(source)
        : source === (file === 'rewrites' ? 'rewrite' : 'blind');
    if (!sourceOk) throw new Error(`${where}: source must be ${wantSource}`);
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

/** Reads and checks the training corpus (public.tsv and rewrites.tsv; never blind.tsv). */
export function readCorpus(dir = new URL('./corpus/', import.meta.url)): CorpusRow[] {
  const seen = new Set<string>();
  return CORPUS_FILES.flatMap((file) => readTsv(dir, file, seen));
}

/** Reads and checks the blind set (corpus/blind.tsv): for measuring only. */
export function readBlindSet(dir = new URL('./corpus/', import.meta.url)): CorpusRow[] {
  return readTsv(dir, BLIND_FILE, new Set());
}

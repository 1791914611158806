/**
 * The labelled corpus the model is trained and judged on: core/classify/corpus/*.tsv, one owner
 * sentence a line with its class, category and source. public.tsv holds short excerpts of
 * public complaint text, each with the address it was read at; rewrites.tsv holds our own
 * realistic rewrites (typos, fragments, traditional characters, dialect, several problems at
 * once), source `rewrite`. Kept apart so the report can say how each kind fares.
 */
import { readFileSync } from 'node:fs';
import { type TicketCategory, type TicketClass, ticketCategories, ticketClasses } from './rules.js';

export interface CorpusRow {
  text: string;
  ticketClass: TicketClass;
  category: TicketCategory;
  /** The address of the public text, or `rewrite`. */
  source: string;
  file: 'public' | 'rewrites';
  /** The fixed held-out split (see {@link isHeldOut}). */
  heldOut: boolean;
}

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

/** Reads and checks the corpus; throws on a malformed line, naming it. */
export function readCorpus(dir = new URL('./corpus/', import.meta.url)): CorpusRow[] {
  const rows: CorpusRow[] = [];
  const seen = new Set<string>();
  for (const file of CORPUS_FILES) {
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
      if (file === 'public' ? !/^https?:\/\//.test(source) : source !== 'rewrite') {
        throw new Error(
          `${where}: source must be ${file === 'public' ? 'the address of the text' : '"rewrite"'}`,
        );
      }
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
  }
  return rows;
}

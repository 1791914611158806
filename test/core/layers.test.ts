import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The shape (STYLE.md "The shape", issue 14): core/ holds the rules commands and schedules
 * share; commands/ and schedules/ import core/ and db/, never each other; none of the three
 * imports bot/, and core/ imports neither commands/ nor schedules/. Read from the source, so a
 * new file or a new import is checked without anyone listing it.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHECKED = ['commands', 'schedules', 'core', 'web'] as const;
const FORBIDDEN: Record<(typeof CHECKED)[number], readonly string[]> = {
  commands: ['schedules', 'bot', 'web'],
  schedules: ['commands', 'bot', 'web'],
  core: ['commands', 'schedules', 'bot', 'web'],
  // The board pages read the store through db/ and core/, like a schedule; only bot/ starts them.
  web: ['commands', 'schedules', 'bot'],
};

// `import … from '…'`, `export … from '…'` (also over several lines and with `type`),
// `import '…'` and `import('…')`.
const SPECIFIERS = [
  /\b(?:import|export)\s[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
  /\bimport\s*['"]([^'"]+)['"]/g,
  /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
];

/** Every module specifier a source file names. */
function specifiersOf(source: string): string[] {
  return SPECIFIERS.flatMap((re) => [...source.matchAll(re)].map((m) => m[1] as string));
}

/** The top folder (layer) of a repository-relative path: "core/time/zoned.ts" → "core". */
function layerOf(relPath: string): string {
  return relPath.split('/')[0] ?? '';
}

/** "commands/x.ts imports schedules/y.js" for every import that crosses the shape. */
function layerViolations(files: ReadonlyMap<string, string>): string[] {
  const found: string[] = [];
  for (const [file, source] of files) {
    const from = layerOf(file) as (typeof CHECKED)[number];
    const forbidden = FORBIDDEN[from];
    if (!forbidden) continue;
    for (const spec of specifiersOf(source)) {
      if (!spec.startsWith('.')) continue;
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
      if (forbidden.includes(layerOf(target))) found.push(`${file} imports ${target}`);
    }
  }
  return found;
}

function sourceFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const dir of CHECKED) {
    for (const entry of readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })) {
      if (!entry.endsWith('.ts')) continue;
      const rel = `${dir}/${entry.split(path.sep).join('/')}`;
      files.set(rel, readFileSync(path.join(ROOT, rel), 'utf8'));
    }
  }
  return files;
}

describe('the layers (STYLE.md "The shape")', () => {
  it('GIVEN the source of commands/, schedules/ and core/ THEN no file imports across the shape', () => {
    const files = sourceFiles();
    expect(files.size).toBeGreaterThan(50);
    expect(layerViolations(files)).toEqual([]);
  });

  it('GIVEN an import across the shape in any of its forms THEN it is reported', () => {
    const files = new Map([
      ['commands/votes/poll.ts', "import { x } from '../../schedules/votes.js';"],
      ['schedules/votes.ts', "import {\n  a,\n  type B,\n} from '../commands/votes/common.js';"],
      ['core/time/zoned.ts', "export { y } from '../../commands/args.js';"],
      ['core/render/fonts.ts', "const m = await import('../../bot/main.js');"],
      ['schedules/index.ts', "import type { Bot } from '../bot/config.js';"],
      ['commands/tickets/take.ts', "import '../../schedules/runner.js';"],
    ]);
    expect(layerViolations(files)).toEqual([
      'commands/votes/poll.ts imports schedules/votes.js',
      'schedules/votes.ts imports commands/votes/common.js',
      'core/time/zoned.ts imports commands/args.js',
      'core/render/fonts.ts imports bot/main.js',
      'schedules/index.ts imports bot/config.js',
      'commands/tickets/take.ts imports schedules/runner.js',
    ]);
  });

  it('GIVEN imports of core/, db/, packages and the own layer THEN nothing is reported', () => {
    const files = new Map([
      ['commands/votes/poll.ts', "import { a } from '../../core/votes/tally.js';\nimport { z } from 'zod';"],
      ['schedules/votes.ts', "import { b } from '../db/votes.js';\nimport { c } from './runner.js';"],
      [
        'core/votes/result.ts',
        "import { d } from '../render/document.js';\nimport { e } from '../../db/client.js';",
      ],
    ]);
    expect(layerViolations(files)).toEqual([]);
  });
});

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * What the bot carries from start (issue 14: its RSS within 1.3x of a bare Wechaty bot): the
 * picture library loads with the first picture, exceljs with the first export, the sandbox and
 * its mock puppet only in the sandbox.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * In a fresh process (this one has loaded whatever other tests loaded): imports the modules the
 * running bot is made of, notes whether @napi-rs/canvas is loaded, draws one picture, notes it
 * again. The CommonJS module cache holds the package whether it was imported or required.
 */
const PROBE = `
import { createRequire } from 'node:module';
const made = { Collator: 0, Segmenter: 0 };
for (const name of ['Collator', 'Segmenter']) {
  const real = Intl[name];
  Intl[name] = new Proxy(real, { construct(target, args) { made[name]++; return Reflect.construct(target, args); } });
}
const loaded = (name) => Object.keys(createRequire(import.meta.url).cache).some((p) => p.includes(name));
const canvasLoaded = () => loaded('@napi-rs/canvas');
const excelLoaded = () => loaded('/exceljs/');
await import('./bot/create-bot.ts');
await import('./bot/sandbox/sandbox.ts');
await import('./commands/index.ts');
await import('./schedules/index.ts');
const atStart = canvasLoaded();
const intlAtStart = { ...made };
const { compareZh, cutUtf8 } = await import('./core/text.ts');
const zhOrder = ['李四', '张三', '阿强'].sort(compareZh);
cutUtf8('工单照片😀😀😀.jpg', 16);
cutUtf8('工单照片😀😀😀.jpg', 15);
const intlAfterUse = { ...made };
const excelAtStart = excelLoaded();
const { renderDocument } = await import('./core/render/document.ts');
const png = renderDocument([{ kind: 'title', text: '投票结果', sub: '截止 11月30日 18:00' }]);
const excelAfterDrawing = excelLoaded();
const { buildWorkbook } = await import('./core/export/workbook.ts');
const xlsx = await buildWorkbook([{ name: '工单', columns: [{ header: '编号', kind: 'number' }], rows: [[1]] }], 'Asia/Shanghai', 0);
console.log(JSON.stringify({ atStart, afterDrawing: canvasLoaded(), magic: png.subarray(1, 4).toString(), bytes: png.length,
  excelAtStart, excelAfterDrawing, excelAfterExport: excelLoaded(), zip: xlsx.subarray(0, 2).toString(),
  intlAtStart, intlAfterUse, zhOrder }));
`;

/** `import … from '…'`, `export … from '…'` and `import '…'`, but not `import type` or `import()`. */
const STATIC_IMPORT = /^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\bfrom\s*)?['"]([^'"]+)['"]/gm;

/** Every module a file reaches through static imports: source files and package names. */
function staticGraph(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    const source = readFileSync(join(ROOT, file), 'utf8');
    for (const [, spec] of source.matchAll(STATIC_IMPORT)) {
      if (spec === undefined) continue;
      if (!spec.startsWith('.')) {
        seen.add(spec);
        continue;
      }
      const target = relative(ROOT, join(ROOT, dirname(file), spec)).replace(/\.js$/, '.ts');
      if (seen.has(target) || !existsSync(join(ROOT, target))) continue;
      seen.add(target);
      visit(target);
    }
  };
  visit(entry);
  return seen;
}

/** The probe's output, run once for the tests that read it. */
let probeOutput: string | null = null;
function runProbe(): string {
  probeOutput ??= execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', PROBE], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return probeOutput;
}

describe('what the bot loads at start (issue 14)', () => {
  it('GIVEN the bot modules imported THEN no Chinese collator or grapheme segmenter is made until names are sorted or a name is cut', () => {
    // Each loads ICU data into the process (the Chinese collation about 2 MB of RSS, measured).
    const probe = JSON.parse(runProbe().trim().split('\n').at(-1) ?? '');
    expect(probe.intlAtStart).toEqual({ Collator: 0, Segmenter: 0 });
    expect(probe.intlAfterUse).toEqual({ Collator: 1, Segmenter: 1 });
    expect(probe.zhOrder).toEqual(['阿强', '李四', '张三']);
  });

  it('GIVEN the bot modules imported THEN @napi-rs/canvas is not loaded until the first picture is drawn', () => {
    const probe = JSON.parse(runProbe().trim().split('\n').at(-1) ?? '');
    expect(probe.atStart).toBe(false);
    expect(probe.afterDrawing).toBe(true);
    expect(probe.magic).toBe('PNG');
    expect(probe.bytes).toBeGreaterThan(1000);
  });

  it('GIVEN the bot modules imported THEN exceljs is not loaded until the first export builds a workbook', () => {
    const probe = JSON.parse(runProbe().trim().split('\n').at(-1) ?? '');
    expect(probe.excelAtStart).toBe(false);
    expect(probe.excelAfterDrawing).toBe(false);
    expect(probe.excelAfterExport).toBe(true);
    // An .xlsx file is a zip archive.
    expect(probe.zip).toBe('PK');
  });

  it('GIVEN bot/main.ts THEN its static imports reach neither the sandbox, the mock puppet, the canvas nor exceljs', () => {
    const graph = staticGraph('bot/main.ts');
    // The walk itself: it follows main.ts into the wiring, the commands and the store.
    expect(graph).toContain('bot/create-bot.ts');
    expect(graph).toContain('commands/index.ts');
    expect(graph).toContain('wechaty');
    expect(graph).toContain('core/export/workbook.ts');
    const loadedAtStart = [...graph].filter(
      (m) =>
        m.startsWith('bot/sandbox/') ||
        m === 'wechaty-puppet-mock' ||
        m.startsWith('@napi-rs/canvas') ||
        m === 'exceljs',
    );
    expect(loadedAtStart).toEqual([]);
  });
});

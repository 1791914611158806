import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * In a fresh process (this one has loaded whatever other tests loaded): imports the modules the
 * running bot is made of, notes whether @napi-rs/canvas is loaded, draws one picture, notes it
 * again. The CommonJS module cache holds the package whether it was imported or required.
 */
const PROBE = `
import { createRequire } from 'node:module';
const canvasLoaded = () =>
  Object.keys(createRequire(import.meta.url).cache).some((p) => p.includes('@napi-rs/canvas'));
await import('./bot/create-bot.ts');
await import('./bot/sandbox/sandbox.ts');
await import('./commands/index.ts');
await import('./schedules/index.ts');
const atStart = canvasLoaded();
const { renderDocument } = await import('./core/render/document.ts');
const png = renderDocument([{ kind: 'title', text: '投票结果', sub: '截止 11月30日 18:00' }]);
console.log(JSON.stringify({ atStart, afterDrawing: canvasLoaded(), magic: png.subarray(1, 4).toString(), bytes: png.length }));
`;

describe('pictures load their libraries on first use (issue 14)', () => {
  it('GIVEN the bot modules imported THEN @napi-rs/canvas is not loaded until the first picture is drawn', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', PROBE], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    const probe = JSON.parse(out.trim().split('\n').at(-1) ?? '');
    expect(probe.atStart).toBe(false);
    expect(probe.afterDrawing).toBe(true);
    expect(probe.magic).toBe('PNG');
    expect(probe.bytes).toBeGreaterThan(1000);
  });
});

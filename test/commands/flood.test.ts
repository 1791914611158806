import { describe, expect, it } from 'vitest';
import { FloodGuard } from '../../commands/flood.js';
import { createCommandHarness } from '../support/command-harness.js';

describe('FloodGuard', () => {
  it('GIVEN 10 commands in 10 s THEN all pass; the 11th gets the warning; later ones are dropped', () => {
    const g = new FloodGuard({ limit: 10, windowMs: 10_000 });
    const verdicts = Array.from({ length: 14 }, (_, i) => g.check('room:a', 1000 + i * 100));
    expect(verdicts.slice(0, 10).every((v) => v === 'ok')).toBe(true);
    expect(verdicts[10]).toBe('warn');
    expect(verdicts.slice(11).every((v) => v === 'drop')).toBe(true);
  });

  it('GIVEN the window has passed THEN the member may send again', () => {
    const g = new FloodGuard({ limit: 2, windowMs: 10_000 });
    g.check('k', 0);
    g.check('k', 1);
    expect(g.check('k', 2)).toBe('warn');
    expect(g.check('k', 10_001)).toBe('ok');
  });

  it('GIVEN one member flooding THEN another member is not slowed', () => {
    const g = new FloodGuard({ limit: 3, windowMs: 10_000 });
    for (let i = 0; i < 20; i++) g.check('room:spammer', i);
    expect(g.check('room:other', 20)).toBe('ok');
  });
});

describe('flood control in the dispatcher', () => {
  it('GIVEN one member sends 50 commands in 10 s THEN 10 are answered, one polite line, and nothing more', async () => {
    const h = await createCommandHarness({ flood: { limit: 10, windowMs: 10_000 } });
    const texts: string[] = [];
    for (let i = 0; i < 50; i++) {
      h.advance(200);
      for (const r of (await h.say('wxid_zhangsan', '/帮助 绑定')).replies) texts.push(r.text ?? '');
    }
    expect(texts.filter((t) => t.includes('用法: /绑定'))).toHaveLength(10);
    const warnings = texts.filter((t) => t.includes('你发得太快了'));
    expect(warnings).toHaveLength(1);
    expect(texts).toHaveLength(11);
    // Another member in the same group is answered at once.
    expect(await h.reply('wxid_lisi', '/帮助 绑定')).toContain('用法: /绑定');
  });
});

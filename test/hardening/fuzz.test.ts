import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { demoMembers, demoOwnersRoom, demoStaffRoom } from '../../bot/sandbox/demo-compound.js';
import { commandWords } from '../../commands/define.js';
import { allCommands } from '../../commands/index.js';
import { compoundSettings } from '../../core/settings/catalog.js';
import { rowMentionIds } from '../../db/outbox.js';
import { outbox, settings } from '../../db/schema.js';
import { createCommandHarness } from '../support/command-harness.js';
import { testStore } from '../support/store.js';

/**
 * How many generated messages; the issue asks for at least 100,000, which the SQLite half runs.
 * The PostgreSQL half runs 20,000 by default: the parsing and handlers are the same code, what
 * differs is how the store takes the text (it found U+0000 there), and 100,000 round trips to a
 * server take about 450 s of a CI run. HGJ_FUZZ_RUNS sets both.
 */
const RUNS = Number(process.env.HGJ_FUZZ_RUNS ?? (testStore === 'postgres' ? 20_000 : 100_000));
/** Messages per fresh compound. */
const CHUNK = 2_000;

const words = [...new Set(allCommands.flatMap(commandWords))];
const prefixes = ['/', '／', '@红管家 ', '@红管家\u2005/', ' /', '\u3000／'];
const nasty = [
  '',
  ' ',
  '#0',
  '#-1',
  '#999999999999',
  '＃１２',
  '12',
  '1e9',
  'NaN',
  '-0',
  '0.000001',
  '99999999999999999999',
  "'; DROP TABLE tickets; --",
  '" OR 1=1 --',
  '{"__proto__":{"admin":true}}',
  '[1,2,3]',
  'constructor',
  '__proto__',
  '\u202e\u0645\u0631\u062d\u0628\u0627',
  '\u200b\u200c\u200d\ufeff',
  '🏠🔥💧🚪',
  'ＡＢＣ１２３',
  '截止 昨天',
  '截止 2099-13-40 25:61',
  '| | | |',
  '@李四',
  '@不存在的人',
  '3-2-301 89.5',
  '重大',
  '同意',
  '5 很好',
  '时限 一般 0秒',
  '公示 61 * * * *',
  '收入 -100 测试',
  '支出 99999999999 测试',
  '党务 ',
  'x'.repeat(10_000),
  '报'.repeat(10_000),
];

const argsArb = fc.oneof(
  fc.constantFrom(...nasty),
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.array(fc.constantFrom(...nasty), { maxLength: 4 }).map((a) => a.join(' ')),
  fc.integer().map(String),
  fc.double().map(String),
);

const messageArb = fc.record({
  speaker: fc.constantFrom(...demoMembers),
  room: fc.constantFrom(demoOwnersRoom, demoStaffRoom, null),
  prefix: fc.constantFrom(...prefixes),
  word: fc.oneof(fc.constantFrom(...words), fc.string({ maxLength: 4 })),
  args: argsArb,
  mention: fc.option(fc.constantFrom(...demoMembers), { nil: undefined }),
  advanceMs: fc.nat({ max: 3_600_000 }),
});

const LEAKS = /Error|undefined|NaN|\bnull\b|Invalid|Expected|Received|stack|Exception|\bat \S+ \(|SQLITE/;
const LEAK_WORDS = new RegExp(LEAKS.source, 'g');

describe('fuzz: generated messages through the dispatcher of a seeded compound', () => {
  it(`GIVEN ${RUNS} messages of every command word with hostile arguments THEN none throws, leaks, or corrupts state`, async () => {
    const statuses = new Map<string, number>();
    // A fresh compound every CHUNK messages: /统计 and the lists read everything stored, so one
    // compound filled by 100,000 messages would make the run quadratic. Each is checked after.
    for (let done = 0; done < RUNS; done += CHUNK) {
      await fuzzOneCompound(Math.min(CHUNK, RUNS - done), statuses);
      // The dispatcher writes each command's log line on the next turn of the event loop; a
      // loop that never yields would keep all 100,000 of them queued.
      await new Promise((r) => setImmediate(r));
    }
    // The fuzz must actually reach the handlers, not only the refusals.
    expect(statuses.get('ok') ?? 0).toBeGreaterThan(RUNS / 50);
    expect(statuses.get('usage') ?? 0).toBeGreaterThan(RUNS / 50);
  }, 900_000);
});

async function fuzzOneCompound(runs: number, statuses: Map<string, number>): Promise<void> {
  const h = await createCommandHarness({ admins: ['wxid_admin_liu'] });
  // Words of the leak pattern that users typed themselves may come back quoted later (a
  // compound named "NaN"); those are not leaks.
  const typedMarkers = new Set<string>();
  await fc.assert(
    fc.asyncProperty(messageArb, async (m) => {
      h.advance(m.advanceMs);
      const mentionText = m.mention ? ` @${m.mention.name} ` : ' ';
      const text = `${m.prefix}${m.word}${mentionText}${m.args}`;
      for (const marker of text.match(LEAK_WORDS) ?? []) typedMarkers.add(marker);
      const { result, replies } = await h.say(m.speaker.id, text, {
        room: m.room,
        mentions: m.mention ? [m.mention.id] : [],
      });
      statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
      expect(result.status).not.toBe('failed');
      // Replies may quote what the user typed ("房号「NaN」看不懂"); only the bot's own words count.
      const typed = text
        .split(/\s+/)
        .filter((t) => t.length > 0)
        .sort((a, b) => b.length - a.length);
      for (const r of replies) {
        if (r.text === null) continue;
        let own = r.text;
        for (const t of typed) own = own.split(t).join(' ');
        for (const t of typedMarkers) own = own.split(t).join(' ');
        expect(own).not.toMatch(LEAKS);
        expect(r.text.length).toBeLessThan(4000);
      }
      if (result.status === 'usage') {
        const own = replies.find((r) => r.conversationId === (m.room?.id ?? m.speaker.id));
        expect(own?.text).toMatch(/\p{Script=Han}/u);
        expect(own?.text).toContain('用法: /');
      }
    }),
    { numRuns: runs },
  );

  // SQLite's own checks of the file and of foreign keys; PostgreSQL checks every key as it is written.
  if (testStore === 'sqlite') {
    const sqlite = h.handle.sqlite;
    if (sqlite === null) throw new Error('a SQLite store has its connection');
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(sqlite.pragma('foreign_key_check')).toEqual([]);
  }
  for (const row of await h.handle.db.select().from(outbox).all()) {
    expect(Array.isArray(rowMentionIds(row))).toBe(true);
    expect(() => JSON.parse(row.mentionIds)).not.toThrow();
  }
  // Every stored setting still reads back through its schema.
  expect((await h.handle.db.select().from(settings).all()).length).toBeGreaterThanOrEqual(0);
  const s = await compoundSettings(h.handle.db, h.compoundId);
  expect(s.responseMs).toBeGreaterThan(0);
  expect(s.reminderPoints.every((p) => p >= 1 && p <= 99)).toBe(true);
}

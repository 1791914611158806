import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commandWords } from '../../commands/define.js';
import { allCommands } from '../../commands/index.js';
import { normalizeText, parseMessage } from '../../commands/parser.js';
import { editDistance, nearestWord } from '../../commands/suggest.js';

const vocabulary = {
  words: [...allCommands.flatMap(commandWords), '报修', '诉求', 'ticket', '进度', 'status'],
  botNames: ['红管家'],
};
const parse = (text: string) => parseMessage(text, vocabulary);

describe('normalizeText', () => {
  it('GIVEN full-width, mention and zero-width spaces THEN they become single plain spaces or vanish', () => {
    expect(normalizeText('\u3000/绑定\u3000\u30003-2-301\u200b 89.5\u2005')).toBe('/绑定 3-2-301 89.5');
    expect(normalizeText('@红管家\u2005帮助')).toBe('@红管家 帮助');
    expect(normalizeText('\ufeff/帮助\u200d')).toBe('/帮助');
  });

  it('GIVEN several lines THEN the lines are kept and each is trimmed', () => {
    expect(normalizeText('/公示 党务  \n  第一条\n第二条 ')).toBe('/公示 党务\n第一条\n第二条');
  });
});

describe('parseMessage', () => {
  it.each([
    ['/帮助', '帮助', ''],
    ['／帮助', '帮助', ''],
    ['/help', 'help', ''],
    ['/HELP', 'help', ''],
    ['/ 帮助', '帮助', ''],
    ['/帮助 报修', '帮助', '报修'],
    ['/绑定 3-2-301 89.5', '绑定', '3-2-301 89.5'],
    ['/绑定群 阳光花园 工作群', '绑定群', '阳光花园 工作群'],
    ['/报修\n3号楼楼道灯不亮', '报修', '3号楼楼道灯不亮'],
    ['\u3000／报修\u3000灯坏了', '报修', '灯坏了'],
    ['@红管家 帮助', '帮助', ''],
    ['@红管家\u2005/帮助', '帮助', ''],
    ['@红管家 /bindgroup 阳光花园', 'bindgroup', '阳光花园'],
  ])('GIVEN %j THEN command %s with rest %j', (text, word, rest) => {
    const parsed = parse(text);
    expect(parsed).toMatchObject({ kind: 'command', word, rest, known: true });
  });

  it.each([
    '大家好',
    '今天停水吗?',
    '/::)',
    '/::D 哈哈',
    '//',
    '/',
    '',
    '   ',
    'http://example.com',
    '@张三 帮助',
    '帮助',
    '/123',
  ])('GIVEN normal talk or an emoticon %j THEN it is not a command', (text) => {
    expect(parse(text)).toEqual({ kind: 'none' });
  });

  it('GIVEN an English alias glued to more letters THEN it is not that alias', () => {
    expect(parse('/helpme')).toMatchObject({ kind: 'command', known: false, word: 'helpme' });
  });

  // Issue 13: "/报修单 灯" filed a ticket "单 灯"; a command word must end at a blank or the end.
  it.each([
    ['/报修单 灯', '报修单', '报修', '单 灯'],
    ['/报修楼道灯不亮', '报修楼道灯不亮', '报修', '楼道灯不亮'],
    ['/绑定群阳光花园', '绑定群阳光花园', '绑定群', '阳光花园'],
    ['/进度#3', '进度#3', '进度', '#3'],
    ['@红管家 报修楼道灯不亮', '报修楼道灯不亮', '报修', '楼道灯不亮'],
    ['/help报修', 'help报修', 'help', '报修'],
  ])(
    'GIVEN %j (a known word run on into more text) THEN it is not that command, and the run-on word is named',
    (text, word, runOn, after) => {
      expect(parse(text)).toMatchObject({
        kind: 'command',
        known: false,
        word,
        runOn: { word: runOn, after },
      });
    },
  );

  it('PROPERTY: a known Chinese word followed by anything but a blank is never that command', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('报修', '进度', '确认', '绑定', '绑定群', '帮助', '投'),
        fc.string({ minLength: 1, maxLength: 8 }).filter((s) => !/^\s/.test(s) && s.trim() !== ''),
        (word, after) => {
          const parsed = parse(`/${word}${after}`);
          if (parsed.kind === 'command' && parsed.known) {
            // Only a longer command word that itself ends at a blank ("/绑定群 …" for 绑定).
            expect(parsed.word.length).toBeGreaterThan(word.length);
            expect(`/${word}${after}`.trim()).toMatch(new RegExp(`^/${parsed.word}(\\s|$)`));
          }
        },
      ),
    );
  });

  it('GIVEN the longer of two words that share a prefix THEN the longer wins', () => {
    expect(parse('/绑定群 阳光花园')).toMatchObject({ word: '绑定群' });
    expect(parse('/绑定 3-2-301 90')).toMatchObject({ word: '绑定' });
  });

  it('GIVEN an unknown word THEN it is a command attempt with known=false so the user gets a suggestion', () => {
    expect(parse('/报休 灯坏了')).toMatchObject({
      kind: 'command',
      known: false,
      word: '报休',
      rest: '灯坏了',
    });
  });

  it('GIVEN only a mention of the bot THEN it is an empty command attempt', () => {
    expect(parse('@红管家')).toMatchObject({ kind: 'command', word: '', known: false, viaMention: true });
  });

  it('PROPERTY: every string gets either a command or "not a command", and never throws', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const parsed = parse(text);
        expect(['command', 'none']).toContain(parsed.kind);
        if (parsed.kind === 'command' && parsed.known) expect(vocabulary.words).toContain(parsed.word);
      }),
      { numRuns: 2000 },
    );
  });

  it('PROPERTY: a known word after / or ／ with any padding of odd spaces is found, rest preserved', () => {
    const pad = fc
      .array(fc.constantFrom(' ', '\u3000', '\u2005', '\u200b', '\ufeff'), { maxLength: 4 })
      .map((a) => a.join(''));
    const restArb = fc.stringMatching(/^[0-9a-z\u4e00-\u4e20-]{1,12}$/);
    fc.assert(
      fc.property(
        pad,
        fc.constantFrom('/', '／'),
        fc.constantFrom('帮助', '绑定群', '设置', 'help'),
        pad,
        restArb,
        (p1, slash, word, p2, rest) => {
          const parsed = parse(`${p1}${slash}${word} ${p2}${rest}`);
          expect(parsed).toMatchObject({ kind: 'command', word, known: true, rest });
        },
      ),
    );
  });
});

describe('nearestWord', () => {
  const words = ['报修', '诉求', '进度', '接单', '帮助', '绑定', '绑定群', '认证', '设置'];

  it.each([
    ['报休', '报修'],
    ['修', '报修'],
    ['报修单', '报修'],
    ['帮助我', '帮助'],
    ['设定', '设置'],
  ])('GIVEN the typo %s THEN it suggests %s', (typo, expected) => {
    expect(nearestWord(typo, words)).toBe(expected);
  });

  it('GIVEN a word far from every command THEN it suggests nothing', () => {
    expect(nearestWord('天气预报怎么样', words)).toBeNull();
  });

  it('edit distance counts code points, so one Chinese character is one edit', () => {
    expect(editDistance('报修', '报休')).toBe(1);
    expect(editDistance('', '报修')).toBe(2);
  });
});

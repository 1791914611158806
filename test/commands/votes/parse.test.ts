import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  looksMajor,
  parseCompoundPollRef,
  parseFormalChoice,
  parseMotionText,
  parsePollText,
  parseQuickChoice,
} from '../../../commands/votes/parse.js';

describe('reading /投票', () => {
  it('GIVEN the issue example THEN question, three options and the deadline text come apart', () => {
    const p = parsePollText('电动车充电桩装在哪里? | 东门 | 北门 | 地下车库 截止 周五18点');
    expect(p).toEqual({
      ok: true,
      question: '电动车充电桩装在哪里?',
      options: ['东门', '北门', '地下车库'],
      deadline: '周五18点',
      multi: false,
      anonymous: false,
      verifiedOnly: false,
    });
  });

  it('GIVEN flags before and after the deadline, glued 截止 and full-width bars THEN all are read', () => {
    const p = parsePollText('匿名 绿化怎么改？｜种树｜铺草坪 多选 截止周五 18:00 认证业主');
    expect(p).toMatchObject({
      ok: true,
      question: '绿化怎么改？',
      options: ['种树', '铺草坪'],
      deadline: '周五 18:00',
      multi: true,
      anonymous: true,
      verifiedOnly: true,
    });
  });

  it('GIVEN flags in a segment of their own and one option per line THEN both work', () => {
    expect(parsePollText('问题 | 甲 | 乙 | 匿名 截止 3天')).toMatchObject({
      ok: true,
      options: ['甲', '乙'],
      anonymous: true,
      deadline: '3天',
    });
    expect(parsePollText('哪天开会?\n周六\n周日')).toMatchObject({
      ok: true,
      question: '哪天开会?',
      options: ['周六', '周日'],
    });
  });

  it('GIVEN wrong input THEN one Chinese sentence says what is wrong', () => {
    expect(parsePollText('')).toEqual({ ok: false, error: '请写上问题和选项。' });
    expect(parsePollText('只有问题')).toMatchObject({ ok: false, error: expect.stringContaining('|') });
    expect(parsePollText('问题 | 甲')).toMatchObject({ ok: false, error: '至少要有两个选项。' });
    expect(parsePollText('问题 | 甲 | 甲')).toMatchObject({
      ok: false,
      error: expect.stringContaining('两次'),
    });
    expect(parsePollText('问题 | 甲 || 乙')).toMatchObject({
      ok: false,
      error: expect.stringContaining('空'),
    });
    expect(parsePollText('| 甲 | 乙')).toMatchObject({ ok: false, error: '请写上投票的问题。' });
    expect(parsePollText('问题 | 甲 | 乙 截止')).toMatchObject({
      ok: false,
      error: expect.stringContaining('截止'),
    });
    expect(parsePollText('问题 | 甲 | 乙 匿名 实名')).toMatchObject({ ok: false });
  });

  it('GIVEN any text THEN the reader answers without throwing and never returns an empty option', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        const p = parsePollText(s);
        if (p.ok) {
          expect(p.options.length).toBeGreaterThanOrEqual(2);
          expect(p.options.every((o) => o.trim() !== '')).toBe(true);
        } else expect(p.error).toMatch(/\p{Script=Han}/u);
      }),
    );
  });
});

describe('reading /表决', () => {
  it('GIVEN subject, 重大 and a deadline THEN each is read', () => {
    expect(parseMotionText('使用维修资金更换电梯 重大 截止 11月30日')).toEqual({
      ok: true,
      subject: '使用维修资金更换电梯',
      deadline: '11月30日',
      major: true,
      ordinary: false,
    });
    expect(parseMotionText('更换物业公司')).toMatchObject({
      ok: true,
      subject: '更换物业公司',
      deadline: null,
      major: false,
    });
  });

  it('GIVEN 匿名 or no subject THEN it is refused', () => {
    expect(parseMotionText('更换物业公司 匿名')).toMatchObject({
      ok: false,
      error: expect.stringContaining('实名'),
    });
    expect(parseMotionText('重大 截止 3天')).toMatchObject({ ok: false, error: '请写上表决的事项。' });
  });

  it('GIVEN wording about maintenance funds, rebuilding or common parts THEN it looks major; a provider change does not', () => {
    expect(looksMajor('使用专项维修资金更换3号楼电梯')).toBe(true);
    expect(looksMajor('拆除自行车棚改建为充电车棚')).toBe(true);
    expect(looksMajor('把南侧绿地改为停车位')).toBe(true);
    expect(looksMajor('更换物业公司')).toBe(false);
  });
});

describe('reading the choice of /投', () => {
  const poll = { no: 3, options: ['东门', '北门', '地下车库'], multi: false };

  it('GIVEN a number, a full-width number or an option text THEN that option', () => {
    expect(parseQuickChoice('2', poll)).toEqual({ ok: true, choices: [2] });
    expect(parseQuickChoice('３', poll)).toEqual({ ok: true, choices: [3] });
    expect(parseQuickChoice('北门', poll)).toEqual({ ok: true, choices: [2] });
  });

  it('GIVEN several numbers THEN a multi-choice poll takes them and a single-choice poll refuses', () => {
    expect(parseQuickChoice('3、1, 3', { ...poll, multi: true })).toEqual({ ok: true, choices: [1, 3] });
    expect(parseQuickChoice('1 3', poll)).toMatchObject({
      ok: false,
      error: expect.stringContaining('单选'),
    });
  });

  it('GIVEN a number out of range or a word THEN the refusal names the range', () => {
    expect(parseQuickChoice('4', poll)).toMatchObject({
      ok: false,
      error: '#3 只有 1 到 3 号选项, 没有 4 号。',
    });
    expect(parseQuickChoice('南门', poll)).toMatchObject({
      ok: false,
      error: expect.stringContaining('1 到 3'),
    });
    expect(parseQuickChoice('', poll)).toMatchObject({ ok: false });
  });

  it('GIVEN formal words, digits and a unit THEN yes/no/abstain and the unit', () => {
    expect(parseFormalChoice('同意')).toEqual({ ok: true, choice: 1, unit: null });
    expect(parseFormalChoice('不同意')).toEqual({ ok: true, choice: 2, unit: null });
    expect(parseFormalChoice('弃权')).toEqual({ ok: true, choice: 3, unit: null });
    expect(parseFormalChoice('2')).toEqual({ ok: true, choice: 2, unit: null });
    expect(parseFormalChoice('赞成 3-2-301')).toEqual({
      ok: true,
      choice: 1,
      unit: { building: '3', entrance: '2', room: '301' },
    });
    expect(parseFormalChoice('12')).toMatchObject({ ok: false });
    expect(parseFormalChoice('好的')).toMatchObject({
      ok: false,
      error: expect.stringContaining('同意、反对 或 弃权'),
    });
    expect(parseFormalChoice('同意 楼上')).toMatchObject({
      ok: false,
      error: expect.stringContaining('房号'),
    });
    for (const bad of ['同意 0-0-0', '反对 A-B-C']) {
      expect(parseFormalChoice(bad), bad).toMatchObject({
        ok: false,
        error: expect.stringContaining('房号'),
      });
    }
  });
});

describe('reading a poll named with its compound', () => {
  it('GIVEN 阳光花园#3 2, a space, ＃ and full-width digits THEN compound, number and choice', () => {
    expect(parseCompoundPollRef('阳光花园#3 2')).toEqual({ compound: '阳光花园', no: 3, rest: '2' });
    expect(parseCompoundPollRef('阳光 花园 ＃１２ 同意')).toEqual({
      compound: '阳光 花园',
      no: 12,
      rest: '同意',
    });
    expect(parseCompoundPollRef('#3 2')).toBeNull();
    expect(parseCompoundPollRef('阳光花园 3 2')).toBeNull();
    expect(parseCompoundPollRef('阳光花园#0 2')).toBeNull();
  });

  it('GIVEN any text THEN the reader answers without throwing, with a non-empty name and a positive number', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        const ref = parseCompoundPollRef(s);
        if (ref) {
          expect(ref.compound.trim()).not.toBe('');
          expect(ref.compound).not.toMatch(/[#＃]/);
          expect(ref.no).toBeGreaterThan(0);
        }
      }),
    );
  });
});

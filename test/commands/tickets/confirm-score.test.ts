/**
 * Issue 13: a score is a whole number 1-5. "4.9", "1e0" or "3.5" used to file 4, 1 or 3 with the
 * rest of the number taken as the comment.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCommandHarness } from '../../support/command-harness.js';
import { resolvedTicket, ticket, ZHANGSAN } from './ticket-kit.js';

const REFUSAL = '评分要写 1 到 5 之间的整数, 5 分最满意。';

describe('/确认 reads the score as a whole number 1-5', () => {
  it.each([
    '4.9 很好',
    '1e0',
    '3.5',
    '4．5 不错',
    '４.５',
    '4,5',
    '四点五 不错',
    '4分半',
    '5/5',
    '3a',
    '0',
    '6',
    '10',
    '-1',
  ])(
    'GIVEN "/确认 #n %s" THEN it is refused with the one sentence and the ticket stays open',
    async (typed) => {
      const h = await createCommandHarness();
      const no = await resolvedTicket(h);
      const answer = await h.reply(ZHANGSAN, `/确认 #${no} ${typed}`);
      expect(answer).toContain(REFUSAL);
      expect(await ticket(h, no)).toMatchObject({ status: 'resolved', score: null });
    },
  );

  it.each([
    ['5', 5, null],
    ['4 很好', 4, '很好'],
    ['3分 修好了但来得慢', 3, '修好了但来得慢'],
    ['５分很及时', 5, '很及时'],
    ['五星', 5, null],
    ['4很好', 4, '很好'],
    ['2, 来得太慢', 2, '来得太慢'],
    ['5。谢谢师傅', 5, '谢谢师傅'],
  ])('GIVEN "/确认 #n %s" THEN score %i with comment %s', async (typed, score, feedback) => {
    const h = await createCommandHarness();
    const no = await resolvedTicket(h);
    expect(await h.reply(ZHANGSAN, `/确认 #${no} ${typed}`)).toContain('已结单');
    expect(await ticket(h, no)).toMatchObject({ status: 'closed', score, feedback });
  });

  it('GIVEN any decimal or exponent written after a score (property) THEN it is refused', async () => {
    const h = await createCommandHarness();
    const no = await resolvedTicket(h);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }),
        fc.constantFrom('.', '．', ',', '，', 'e', 'E', '点'),
        fc.stringMatching(/^[0-9]{1,3}$/),
        fc.constantFrom('', ' 很好', '分', ' 修好了'),
        async (whole, mark, digits, after) => {
          const answer = await h.reply(ZHANGSAN, `/确认 #${no} ${whole}${mark}${digits}${after}`);
          expect(answer).toContain(REFUSAL);
        },
      ),
      { numRuns: 60 },
    );
    expect(await ticket(h, no)).toMatchObject({ status: 'resolved', score: null });
  });
});

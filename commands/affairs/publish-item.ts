import { affairKindNames } from '../../core/affairs/notice-content.js';
import { oneLine } from '../../core/display.js';
import { addAffairItem, unpublishedCount } from '../../db/affairs.js';
import type { Role } from '../../db/schema.js';
import type { AffairKind } from '../../db/schema-affairs.js';
import { argSchema, fail, lookupWord, quote } from '../args.js';
import { defineCommand, UserError } from '../define.js';
import { describeRoles } from '../roles.js';
import { nextNoticeLine } from './next-notice.js';

const kindWords: Record<string, AffairKind> = {
  党务: 'party',
  党务公开: 'party',
  居务: 'resident',
  居务公开: 'resident',
  财务: 'finance',
  财务公开: 'finance',
};

/** Who publishes what (SPEC command table): the community 党务 and 居务, the committee 财务. */
export const publisherOf: Record<AffairKind, Role> = {
  party: 'community',
  resident: 'community',
  finance: 'committee',
};

/** An item is one announcement; a longer text belongs in a document the item points to. */
export const MAX_ITEM_CHARS = 500;

/**
 * `/公示 <党务|居务|财务> <内容>`: adds an item to the next monthly three-affairs notice (SPEC
 * "Three-affairs notices"). The kind decides who may: the community for 党务 and 居务, the
 * committee for 财务.
 */
export const publishItemCommand = defineCommand({
  name: '公示',
  aliases: ['notice'],
  usage: '/公示 <党务|居务|财务> <内容>',
  summary: '把一条党务、居务或财务事项加入下次三务公示',
  examples: [
    '/公示 党务 12月5日 19:00 在社区活动室召开党员大会',
    '/公示 财务 11月停车费收入已存入公共收益账户',
  ],
  who: ['community', 'committee'],
  scope: 'compound',
  args: argSchema((input) => {
    const m = /^(\S+)\s*([\s\S]*)$/.exec(input.text.trim());
    if (!m?.[1]) fail('请写明是党务、居务还是财务, 再写内容。');
    // "党务:内容" and "党务，内容" are typed as often as "党务 内容".
    const head = /^(党务公开|居务公开|财务公开|党务|居务|财务)[:：，,、]?(.*)$/.exec(m[1]);
    const kind = lookupWord(kindWords, head?.[1]);
    if (kind === undefined) fail(`「${quote(m[1] ?? '')}」不是公示类别, 请写 党务、居务 或 财务。`);
    const text = `${head?.[2] ?? ''} ${m[2] ?? ''}`.trim();
    if (text === '') fail(`请写上${affairKindNames[kind]}公示的内容。`);
    if (text.length > MAX_ITEM_CHARS) fail(`一条公示最多 ${MAX_ITEM_CHARS} 字, 请分成几条或精简一下。`);
    return { kind, text };
  }),
  async run(ctx, { kind, text }) {
    const publisher = publisherOf[kind];
    if (!ctx.roles.has(publisher)) {
      const other = (Object.keys(publisherOf) as AffairKind[])
        .filter((k) => ctx.roles.has(publisherOf[k]))
        .map((k) => affairKindNames[k])
        .join('、');
      throw new UserError(
        `只有${describeRoles([publisher])}可以发布${affairKindNames[kind]}公示${other ? `; 你可以发布${other}公示` : ''}。`,
      );
    }
    await addAffairItem(
      ctx.db,
      { compoundId: ctx.compound.id, kind, text, authorId: ctx.speaker.id },
      ctx.now,
    );
    const waiting = await unpublishedCount(ctx.db, ctx.compound.id);
    return [
      `已加入下次三务公示 (${affairKindNames[kind]}): ${oneLine(text)}`,
      `目前待公示 ${waiting} 条。${await nextNoticeLine(ctx.db, ctx.compound.id, ctx.now, ctx.tz)}`,
    ].join('\n');
  },
});

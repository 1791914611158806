import { bindGroup, compoundByName, ensureCompound, groupByRoom } from '../../db/compounds.js';
import { grantedRoles } from '../../db/people.js';
import type { GroupKind } from '../../db/schema.js';
import { argSchema, fail, hasUnresolvedMention, quote, tokens } from '../args.js';
import { defineCommand, UserError } from '../define.js';

const kindWords: Record<string, GroupKind> = {
  业主群: 'owners',
  工作群: 'staff',
  物业工作群: 'staff',
  物业群: 'staff',
  业委会群: 'committee',
};

export const groupKindNames: Record<GroupKind, string> = {
  owners: '业主群',
  staff: '物业工作群',
  committee: '业委会群',
};

/** `/绑定群 <小区名> [业主群|工作群|业委会群]` binds this group to a compound (SPEC "Groups"). */
export const bindGroupCommand = defineCommand({
  name: '绑定群',
  aliases: ['bindgroup'],
  usage: '/绑定群 <小区名> [业主群|工作群|业委会群]',
  summary: '把本群绑定到一个小区',
  examples: ['/绑定群 阳光花园', '/绑定群 阳光花园 工作群'],
  who: ['admin'],
  scope: 'anywhere',
  args: argSchema((input) => {
    if (input.mentions.length > 0 || hasUnresolvedMention(input.text, input.mentions)) {
      fail('小区名里不能有 @ 某人。');
    }
    const parts = tokens(input.text);
    const last = parts.at(-1);
    // Own keys only: "constructor" is not a group kind.
    const kind = last !== undefined && Object.hasOwn(kindWords, last) ? kindWords[last] : undefined;
    const nameParts = kind ? parts.slice(0, -1) : parts;
    const name = nameParts.join(' ');
    if (name === '') fail('请写上小区名。');
    if ([...name].length > 40) fail('小区名太长了 (最多 40 个字)。');
    if (!/[\p{Script=Han}\p{L}]/u.test(name) || /[#＃|｜\p{Cc}]/u.test(name)) {
      fail(`「${quote(name)}」不像小区名, 请写中文或字母的小区名, 例如 阳光花园。`);
    }
    return { name, kind: kind ?? ('owners' as GroupKind) };
  }),
  run(ctx, { name, kind }) {
    if (ctx.chat.kind !== 'group') throw new UserError('请在要绑定的微信群里发送 /绑定群。');
    const isConfigAdmin = ctx.configAdmins.has(ctx.speaker.id);
    const target = compoundByName(ctx.db, name);
    const current = groupByRoom(ctx.db, ctx.chat.roomId);
    if (!isConfigAdmin) {
      // A compound's own admins may bind groups to their compound only; creating compounds and
      // moving a group between compounds is for the configured admins.
      const adminOfTarget =
        target !== null && grantedRoles(ctx.db, target.id, ctx.speaker.id).includes('admin');
      if (!adminOfTarget) throw new UserError(`你不是「${name}」的管理员, 不能把群绑定到这个小区。`);
      if (current && current.compound.id !== target.id) {
        throw new UserError(`本群已绑定「${current.compound.name}」, 只有系统管理员可以改绑。`);
      }
    }
    const { compound, created } = ensureCompound(ctx.db, name, ctx.now);
    bindGroup(
      ctx.db,
      {
        roomId: ctx.chat.roomId,
        compoundId: compound.id,
        kind,
        topic: ctx.chat.topic,
        boundBy: ctx.speaker.id,
      },
      ctx.now,
    );
    const moved =
      current && current.compound.id !== compound.id ? ` (原来绑定的是「${current.compound.name}」)` : '';
    return `本群已绑定到小区「${compound.name}」${created ? '(新建)' : ''}, 类型: ${groupKindNames[kind]}${moved}。发送 /帮助 查看可用命令。`;
  },
});

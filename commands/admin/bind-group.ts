import {
  areaByName,
  areaNames,
  areaRoles,
  bindAreaGroup,
  ensureArea,
  unbindAreaGroup,
} from '../../db/areas.js';
import { bindGroup, compoundByName, compoundNames, ensureCompound, groupByRoom } from '../../db/compounds.js';
import { grantedRoles } from '../../db/people.js';
import type { AreaKind, GroupKind } from '../../db/schema.js';
import { nextTicketNo } from '../../db/tickets.js';
import { argSchema, fail, hasUnresolvedMention, lookupWord, quote, tokens } from '../args.js';
import { type CommandContext, defineCommand, UserError } from '../define.js';
import { areaKindNames } from '../roles.js';
import { nearestWord } from '../suggest.js';

const kindWords: Record<string, GroupKind | AreaKind> = {
  业主群: 'owners',
  工作群: 'staff',
  物业工作群: 'staff',
  物业群: 'staff',
  业委会群: 'committee',
  社区群: 'community',
  街道群: 'street',
};

function isAreaKind(kind: GroupKind | AreaKind | null): kind is AreaKind {
  return kind === 'community' || kind === 'street';
}

/** The word that confirms moving a bound group (stateless: the admin repeats the command with it). */
const CONFIRM_WORDS = new Set(['确认', 'confirm']);

export const groupKindNames: Record<GroupKind, string> = {
  owners: '业主群',
  staff: '物业工作群',
  committee: '业委会群',
};

/**
 * `/绑定群 <小区名> [业主群|工作群|业委会群] [确认]` binds this group to a compound (SPEC "Groups").
 * An unbound group is bound in one step. A bound group is moved to another compound, or to a new
 * one, only with `确认`: a typo ("幸福小去" for "幸福小区") once created a compound and moved the
 * group in one step, and the group's tickets seemed gone. The confirmation is stateless (the
 * same command again with 确认) so it needs no table, no expiry, and works whichever of several
 * bot processes sees the second message.
 */
export const bindGroupCommand = defineCommand({
  name: '绑定群',
  aliases: ['bindgroup'],
  usage: '/绑定群 <名称> [业主群|工作群|业委会群|社区群|街道群]',
  summary: '把本群绑定到一个小区, 或作为社区群、街道群',
  examples: [
    '/绑定群 阳光花园',
    '/绑定群 阳光花园 工作群',
    '/绑定群 文苑社区 社区群',
    '/绑定群 马栏街道 街道群',
    '/绑定群 阳光花园 确认  (改绑已绑定的群)',
  ],
  who: ['admin'],
  scope: 'anywhere',
  args: argSchema((input) => {
    if (input.mentions.length > 0 || hasUnresolvedMention(input.text, input.mentions)) {
      fail('小区名里不能有 @ 某人。');
    }
    const parts = tokens(input.text);
    let kindWord: string | null = null;
    let confirmed = false;
    // The kind word and 确认 may follow the name in either order.
    for (let i = 0; i < 2; i++) {
      const last = parts.at(-1);
      if (last === undefined) break;
      if (!confirmed && CONFIRM_WORDS.has(last.toLowerCase())) confirmed = true;
      else if (kindWord === null && lookupWord(kindWords, last)) kindWord = last;
      else break;
      parts.pop();
    }
    const name = parts.join(' ');
    const kind = lookupWord(kindWords, kindWord ?? undefined) ?? null;
    const what = kind === 'community' ? '社区名' : kind === 'street' ? '街道名' : '小区名';
    const example = kind === 'community' ? '文苑社区' : kind === 'street' ? '马栏街道' : '阳光花园';
    if (name === '') fail(`请写上${what}。`);
    if ([...name].length > 40) fail(`${what}太长了 (最多 40 个字)。`);
    if (!/[\p{Script=Han}\p{L}]/u.test(name) || /[#＃|｜\p{Cc}]/u.test(name)) {
      fail(`「${quote(name)}」不像${what}, 请写中文或字母的${what}, 例如 ${example}。`);
    }
    return { name, kindWord, kind, confirmed };
  }),
  async run(ctx, { name, kindWord, kind: askedKind, confirmed }) {
    if (ctx.chat.kind !== 'group') throw new UserError('请在要绑定的微信群里发送 /绑定群。');
    if (isAreaKind(askedKind)) {
      return bindToArea(ctx as CommandContext & { chat: { kind: 'group' } }, name, askedKind, confirmed);
    }
    const isConfigAdmin = ctx.configAdmins.has(ctx.speaker.id);
    const target = await compoundByName(ctx.db, name);
    const current = await groupByRoom(ctx.db, ctx.chat.roomId);
    if (!isConfigAdmin) {
      // A compound's own admins may bind groups to their compound only; creating compounds and
      // moving a group between compounds is for the configured admins.
      const adminOfTarget =
        target !== null && (await grantedRoles(ctx.db, target.id, ctx.speaker.id)).includes('admin');
      if (!adminOfTarget) throw new UserError(`你不是「${name}」的管理员, 不能把群绑定到这个小区。`);
      if (current && current.compound.id !== target.id) {
        throw new UserError(`本群已绑定「${current.compound.name}」, 只有系统管理员可以改绑。`);
      }
    }
    // A near name is worth a word only when the typed one is new: an exact name was meant.
    const near =
      target === null
        ? nearestWord(
            name,
            (await compoundNames(ctx.db)).filter((n) => n !== name),
          )
        : null;
    if (ctx.area !== null && !confirmed) {
      throw new UserError(
        `本群现在是${areaKindNames[ctx.area.kind]}「${ctx.area.name}」的群。确实要改为小区「${name}」的群, 请发送: /绑定群 ${name}${kindWord ? ` ${kindWord}` : ''} 确认`,
      );
    }
    if (ctx.area !== null && !isConfigAdmin) throw new UserError('只有系统管理员可以改绑社区群或街道群。');
    const moving = current !== null && current.compound.id !== target?.id;
    if (moving && !confirmed) {
      const from = current.compound.name;
      const filed = (await nextTicketNo(ctx.db, current.compound.id)) - 1;
      const lines = [
        `本群已绑定小区「${from}」${filed > 0 ? `(${filed} 张工单)` : ''}。`,
        `${target === null ? `改绑会新建小区「${name}」` : `改绑到「${name}」后`}, 本群只看得到「${name}」的工单、投票和角色; 「${from}」的记录留在原小区, 不会删除。`,
      ];
      if (near !== null) {
        lines.push(
          near === from
            ? `你是不是想写「${near}」? 本群已经绑定在那里, 不用再发。`
            : `你是不是想写「${near}」?`,
        );
      }
      lines.push(`确实要改绑, 请发送: /绑定群 ${name}${kindWord ? ` ${kindWord}` : ''} 确认`);
      throw new UserError(lines.join('\n'));
    }
    // Re-sending a bind without a kind keeps the group's kind: a staff group stays one.
    const kind: GroupKind = askedKind ?? current?.group.kind ?? 'owners';
    const { compound, created } = await ensureCompound(ctx.db, name, ctx.now);
    await unbindAreaGroup(ctx.db, ctx.chat.roomId);
    await bindGroup(
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
    const moved = moving ? ` (原来绑定的是「${current.compound.name}」)` : '';
    const hint =
      created && near !== null && !moving
        ? `\n已有名字相近的小区「${near}」: 如果绑错了, 请发送 /绑定群 ${near} 确认 改过来。`
        : '';
    return `本群已绑定到小区「${compound.name}」${created ? '(新建)' : ''}, 类型: ${groupKindNames[kind]}${moved}。发送 /帮助 查看可用命令。${hint}`;
  },
});

/**
 * `/绑定群 <社区名> 社区群` or `/绑定群 <街道名> 街道群`: this group becomes the community's or
 * street's own group (SPEC "Communities and streets"). Creating one, or moving a group that is
 * bound elsewhere (`确认` as for compounds), is for the configured admins; an admin granted in the
 * community's or street's group may re-bind its groups.
 */
async function bindToArea(
  ctx: CommandContext & { chat: { kind: 'group'; roomId: string; topic: string } },
  name: string,
  kind: AreaKind,
  confirmed: boolean,
): Promise<string> {
  const level = areaKindNames[kind];
  const target = await areaByName(ctx.db, kind, name);
  const isConfigAdmin = ctx.configAdmins.has(ctx.speaker.id);
  if (!isConfigAdmin) {
    const adminThere = target !== null && (await areaRoles(ctx.db, target, ctx.speaker.id)).includes('admin');
    if (!adminThere)
      throw new UserError(`你不是${level}「${name}」的管理员, 只有系统管理员可以绑定${level}群。`);
  }
  const here = ctx.compound
    ? `小区「${ctx.compound.name}」的群`
    : ctx.area && ctx.area.id !== target?.id
      ? `${areaKindNames[ctx.area.kind]}「${ctx.area.name}」的群`
      : null;
  if (here !== null && !confirmed) {
    throw new UserError(
      `本群现在是${here}。改为${level}「${name}」的群后, 本群不再是原来的群, 原来的记录不会删除。确实要改, 请发送: /绑定群 ${name} ${level}群 确认`,
    );
  }
  if (here !== null && !isConfigAdmin) throw new UserError('只有系统管理员可以改绑已绑定的群。');
  const near =
    target === null
      ? nearestWord(
          name,
          (await areaNames(ctx.db, kind)).filter((n) => n !== name),
        )
      : null;
  const { area, created } = await ensureArea(ctx.db, kind, name, ctx.now);
  await bindAreaGroup(
    ctx.db,
    { roomId: ctx.chat.roomId, areaId: area.id, topic: ctx.chat.topic, boundBy: ctx.speaker.id },
    ctx.now,
  );
  const next =
    kind === 'community'
      ? `请在各小区的群里由管理员发送 /归属 ${area.name}, 把小区归到本社区。`
      : `请在各社区群里由管理员发送 /归属 ${area.name}, 把社区归到本街道。`;
  const hint =
    created && near !== null
      ? `\n已有名字相近的${level}「${near}」: 如果写错了, 请发送 /绑定群 ${near} ${level}群 确认 改过来。`
      : '';
  return `本群已绑定为${level}「${area.name}」${created ? '(新建)' : ''}的${level}群。${next}发送 /帮助 查看本群可用的命令。${hint}`;
}

import {
  areaByName,
  areaNames,
  areaRoom,
  communityOf,
  ensureArea,
  setCommunity,
  setStreet,
} from '../../db/areas.js';
import type { AreaKind } from '../../db/schema.js';
import { argSchema, fail, hasUnresolvedMention, quote } from '../args.js';
import { defineCommand, UserError } from '../define.js';
import { nearestWord } from '../suggest.js';

/** The name after `/归属`, checked as `/绑定群` checks names. */
function nameArgs(what: string, example: string) {
  return argSchema((input) => {
    if (input.mentions.length > 0 || hasUnresolvedMention(input.text, input.mentions)) {
      fail(`${what}里不能有 @ 某人。`);
    }
    const name = input.text.trim().replace(/\s+/g, ' ');
    if (name === '') fail(`请写上${what}, 例如 /归属 ${example}。`);
    if ([...name].length > 40) fail(`${what}太长了 (最多 40 个字)。`);
    if (!/[\p{Script=Han}\p{L}]/u.test(name) || /[#＃|｜\p{Cc}]/u.test(name)) {
      fail(`「${quote(name)}」不像${what}, 例如 ${example}。`);
    }
    return { name };
  });
}

/** A line that says a new community or street was made, and the near name that may have been meant. */
async function newNameNote(
  ctx: { db: Parameters<typeof areaNames>[0] },
  kind: AreaKind,
  name: string,
): Promise<string> {
  const level = kind === 'community' ? '社区' : '街道';
  const near = nearestWord(
    name,
    (await areaNames(ctx.db, kind)).filter((n) => n !== name),
  );
  const bind = `还没有${level}群: 请在${level}的群里发送 /绑定群 ${name} ${level}群。`;
  return near === null
    ? bind
    : `${bind}\n已有名字相近的${level}「${near}」: 如果写错了, 请再发送 /归属 ${near}。`;
}

/**
 * `/归属 <社区名>` in a compound's group: the compound belongs to that community, whose group then
 * gets its escalations and sees its tickets (SPEC "Communities and streets"). A community that
 * does not exist yet is made, so compounds can be placed before its group is bound.
 */
export const belongCommand = defineCommand({
  name: '归属',
  aliases: ['belong'],
  usage: '/归属 <社区名>',
  summary: '说明本小区属于哪个社区',
  examples: ['/归属 文苑社区'],
  who: ['admin'],
  scope: 'compound',
  args: nameArgs('社区名', '文苑社区'),
  async run(ctx, { name }) {
    if ((await areaByName(ctx.db, 'street', name)) && !(await areaByName(ctx.db, 'community', name))) {
      throw new UserError(`「${name}」是街道。小区归属社区: /归属 <社区名>; 社区归属街道要在社区群里发。`);
    }
    const before = await communityOf(ctx.db, ctx.compound.id);
    if (before?.name === name) return `本小区已经属于社区「${name}」。`;
    const existed = (await areaByName(ctx.db, 'community', name)) !== null;
    const { area } = await ensureArea(ctx.db, 'community', name, ctx.now);
    await setCommunity(ctx.db, ctx.compound.id, area.id);
    const moved = before ? ` (原来属于「${before.name}」)` : '';
    const note = existed
      ? (await areaRoom(ctx.db, area.id)) === null
        ? `社区「${name}」还没有社区群: 请在社区的群里发送 /绑定群 ${name} 社区群。`
        : '吹哨将送到社区群。'
      : await newNameNote(ctx, 'community', name);
    return `小区「${ctx.compound.name}」已归属社区「${area.name}」${moved}。${note}`;
  },
});

/** `/归属 <街道名>` in a community's group: the community belongs to that street. */
export const areaBelongCommand = defineCommand({
  name: '归属',
  aliases: ['belong'],
  usage: '/归属 <街道名>',
  summary: '说明本社区属于哪个街道',
  examples: ['/归属 马栏街道'],
  who: ['admin'],
  scope: 'area',
  args: nameArgs('街道名', '马栏街道'),
  async run(ctx, { name }) {
    if (ctx.area.kind === 'street') throw new UserError('街道群不用归属: 街道是最上一级。');
    if (name === ctx.area.name) throw new UserError('社区不能归属它自己, 请写街道名, 例如 /归属 马栏街道。');
    if ((await areaByName(ctx.db, 'community', name)) && !(await areaByName(ctx.db, 'street', name))) {
      throw new UserError(`「${name}」是社区。社区归属街道: /归属 <街道名>。`);
    }
    const existed = (await areaByName(ctx.db, 'street', name)) !== null;
    const { area: street } = await ensureArea(ctx.db, 'street', name, ctx.now);
    if (ctx.area.parentId === street.id) return `本社区已经属于街道「${name}」。`;
    await setStreet(ctx.db, ctx.area.id, street.id);
    const note = existed
      ? (await areaRoom(ctx.db, street.id)) === null
        ? `街道「${name}」还没有街道群: 请在街道的群里发送 /绑定群 ${name} 街道群。`
        : '街道群可以看到本社区各小区的统计和排名。'
      : await newNameNote(ctx, 'street', name);
    return `社区「${ctx.area.name}」已归属街道「${street.name}」。${note}`;
  },
});

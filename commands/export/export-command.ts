/**
 * `/导出` (`/export`, SPEC "The desk", issue 18) in its three places: a compound's committee or
 * staff group, a community's or street's group, and a private chat, where the place is the one
 * the speaker holds a role in. What is parsed is ./args.ts, what is sent ./files.ts.
 */
import { areaByName, compoundsOfArea } from '../../db/areas.js';
import { compoundByName } from '../../db/compounds.js';
import { exportPlaces } from '../../db/exports.js';
import type { Area, Compound } from '../../db/schema.js';
import { argSchema, attempt, quote } from '../args.js';
import { defineCommand, type PrivateContext, UserError } from '../define.js';
import { areaKindNames } from '../roles.js';
import { type ExportArgs, parseExportArgs } from './args.js';
import { type ExportTarget, runExport } from './files.js';

/** The refusal in an owners group: the files are the committee's archive. */
export const OWNERS_GROUP_REFUSAL =
  '导出的文件是业委会的存档, 不在业主群里发。请在业委会群或物业工作群里发送 /导出, 或私聊我发送。';

const USAGE = '/导出 <工单 [本月|上月|2026-11] | 账目 [2026] | 表决 #n> [小区名]';

const common = {
  name: '导出',
  aliases: ['export'],
  usage: USAGE,
  examples: [
    '/导出 工单',
    '/导出 工单 上月',
    '/导出 工单 2026-11',
    '/导出 账目 2026',
    '/导出 表决 #3',
    '/导出 工单 上月 幸福小区 (社区群里或私聊时写上小区名)',
  ],
};

/**
 * `/导出 工单|账目|表决 #n` in a compound's committee or staff group (SPEC "The desk", issue 18):
 * the compound's records as an .xlsx file, with a one-line caption, through the outbox. Never in
 * the owners group, whatever is typed after it.
 */
export const exportCommand = defineCommand({
  ...common,
  summary: '导出 Excel 文件: 一个月的工单、一年的账目、一次表决的记录 (业委会群或工作群)',
  who: ['committee', 'community', 'admin'],
  scope: 'compound',
  args: argSchema((input) => attempt(() => parseExportArgs(input.text))),
  async run(ctx, parsed) {
    if (ctx.group.kind === 'owners') throw new UserError(OWNERS_GROUP_REFUSAL);
    if (!parsed.ok) throw new UserError(`${parsed.problem}\n用法: ${USAGE}`);
    const args = parsed.value;
    if (args.place !== null && args.place !== ctx.compound.name) {
      throw new UserError(
        `本群是「${ctx.compound.name}」的群, 只能导出本小区的记录。「${quote(args.place, 20)}」的记录请私聊我发送 /导出。`,
      );
    }
    return runExport(ctx, { kind: 'compound', compound: ctx.compound }, args);
  },
});

/**
 * `/导出` in a community's or street's group: the tickets of every compound it looks after in one
 * file, or, with a compound's name, that compound's records.
 */
export const areaExportCommand = defineCommand({
  ...common,
  summary: '导出 Excel 文件: 各小区一个月的工单; 写上小区名导出它的工单、账目、表决',
  who: ['community', 'admin'],
  scope: 'area',
  args: argSchema((input) => parseExportArgs(input.text)),
  async run(ctx, args) {
    const under = await compoundsOfArea(ctx.db, ctx.area);
    if (args.place === null || args.place === ctx.area.name)
      return runExport(ctx, { kind: 'area', area: ctx.area, compounds: under }, args);
    const compound = under.find((c) => c.name === args.place);
    if (compound) return runExport(ctx, { kind: 'compound', compound }, args);
    const kind = areaKindNames[ctx.area.kind];
    throw new UserError(
      `「${quote(args.place, 20)}」不是${ctx.area.name}的小区。${
        under.length > 0
          ? `本${kind}的小区: ${under.map((c) => c.name).join('、')}。`
          : `本${kind}还没有小区。`
      }`,
    );
  },
});

/** Roles that may export a compound's records, and a community's or street's. */
const COMPOUND_ROLES = ['committee', 'community', 'admin'] as const;
const AREA_ROLES = ['community', 'admin'] as const;

/**
 * Which compound, community or street a private `/导出` means: the one named among those the
 * speaker holds a role in (a community's compounds included; a configured admin may name any),
 * or the only one they hold a role in.
 */
async function privateTarget(ctx: PrivateContext, args: ExportArgs): Promise<ExportTarget> {
  const mine = await exportPlaces(ctx.db, ctx.speaker.id, COMPOUND_ROLES, AREA_ROLES);
  const areaTarget = async (area: Area): Promise<ExportTarget> => ({
    kind: 'area',
    area,
    compounds: await compoundsOfArea(ctx.db, area),
  });
  const names = [...mine.compounds, ...mine.areas].map((p) => p.name);
  const { place } = args;
  if (place === null) {
    const [only, ...more] = [...mine.compounds, ...mine.areas];
    if (only && more.length === 0)
      return mine.compounds.length === 1
        ? { kind: 'compound', compound: only as Compound }
        : areaTarget(only as Area);
    throw new UserError(
      names.length === 0
        ? `请写上小区名, 例如 /导出 ${args.what} 阳光花园。`
        : `你可以导出 ${names.join('、')} 的记录, 请写上名字再发一次, 例如 /导出 ${args.what} ${names[0]}。`,
    );
  }
  const compound = mine.compounds.find((c) => c.name === place);
  if (compound) return { kind: 'compound', compound };
  const area = mine.areas.find((a) => a.name === place);
  if (area) return areaTarget(area);
  for (const a of mine.areas) {
    const under = (await compoundsOfArea(ctx.db, a)).find((c) => c.name === place);
    if (under) return { kind: 'compound', compound: under };
  }
  if (ctx.configAdmins.has(ctx.speaker.id)) {
    const any = await compoundByName(ctx.db, place);
    if (any) return { kind: 'compound', compound: any };
    const anyArea =
      (await areaByName(ctx.db, 'community', place)) ?? (await areaByName(ctx.db, 'street', place));
    if (anyArea) return areaTarget(anyArea);
    throw new UserError(`没有叫「${quote(place, 20)}」的小区、社区或街道。`);
  }
  throw new UserError(
    `你不能导出「${quote(place, 20)}」的记录: 只有它的业委会、社区和管理员可以。${
      names.length > 0 ? `你可以导出: ${names.join('、')}。` : ''
    }`,
  );
}

/** `/导出` in a private chat: the file comes to the member who asked, from where they hold a role. */
export const privateExportCommand = defineCommand({
  ...common,
  summary: '导出 Excel 文件到私聊: 你所在小区或社区的工单、账目、表决记录',
  who: [...COMPOUND_ROLES],
  scope: 'private',
  args: argSchema((input) => parseExportArgs(input.text)),
  async run(ctx, args) {
    return runExport(ctx, await privateTarget(ctx, args), args);
  },
});

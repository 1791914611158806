import {
  areaProblem,
  formatAreaCenti,
  formatUnitAddress,
  parseAreaCenti,
  parseUnitAddress,
  unitAddressHint,
} from '../../core/units/address.js';
import { claimsOfPerson, ensureUnit, upsertClaim } from '../../db/units.js';
import { argSchema, fail, quote, tokens } from '../args.js';
import { defineCommand } from '../define.js';

/** `/绑定 <楼-单元-室> <面积㎡>`: an owner claims a unit; it counts once a committee member verifies it. */
export const bindUnitCommand = defineCommand({
  name: '绑定',
  aliases: ['bind'],
  usage: '/绑定 <楼-单元-室> <面积㎡>',
  summary: '登记你的房屋 (等业委会或管理员认证)',
  examples: ['/绑定 3-2-301 89.5', '/绑定 3号楼2单元301室 89.5平米'],
  who: 'anyone',
  scope: 'compound',
  args: argSchema((input) => {
    const parts = tokens(input.text);
    if (parts.length === 0) fail('请写上房号和面积。');
    const areaToken = parts.length >= 2 ? parts.at(-1) : undefined;
    const address = parseUnitAddress(parts.slice(0, parts.length >= 2 ? -1 : undefined).join(''));
    if (address === null) fail(`房号看不懂, ${unitAddressHint}。`);
    if (areaToken === undefined) fail('请写上房屋的建筑面积, 例如 89.5。');
    const areaCenti = parseAreaCenti(areaToken);
    if (areaCenti === null) fail(`面积「${quote(areaToken)}」看不懂, 请写数字, 最多两位小数, 例如 89.5。`);
    const problem = areaProblem(areaCenti);
    if (problem !== null) fail(problem);
    return { address, areaCenti };
  }),
  async run(ctx, { address, areaCenti }) {
    const compoundId = ctx.compound.id;
    const unit = await ensureUnit(ctx.db, { compoundId, ...address }, ctx.now);
    const claim = await upsertClaim(
      ctx.db,
      { compoundId, unitId: unit.id, personId: ctx.speaker.id, areaCenti },
      ctx.now,
    );
    const label = formatUnitAddress(address);
    if (claim.status === 'verified') return `你的 ${label} 已经认证过了, 不用再绑定。`;
    const others = (await claimsOfPerson(ctx.db, compoundId, ctx.speaker.id)).length - 1;
    const more = others > 0 ? ` 你在本小区共登记了 ${others + 1} 套房。` : '';
    return `已登记 ${ctx.speaker.name} 的 ${label} (${formatAreaCenti(areaCenti)}), 等待业委会或管理员认证: /认证 @${ctx.speaker.name}${more}`;
  },
});

import { displayName } from '../../core/display.js';
import {
  formatAreaCenti,
  formatUnitAddress,
  parseUnitAddress,
  unitAddressHint,
} from '../../core/units/address.js';
import { upsertPerson } from '../../db/people.js';
import { claimsOfPerson, ensureUnit, setUnitArea, upsertClaim, verifyClaim } from '../../db/units.js';
import { argSchema, fail, oneMention, quote, stripMentions } from '../args.js';
import { defineCommand, UserError } from '../define.js';

/**
 * `/认证 @某人 [楼-单元-室]`: a committee member or admin verifies a unit claim. Only verified
 * owners count in formal votes (SPEC "Who uses it"), and the verified area is the unit's area.
 */
export const verifyCommand = defineCommand({
  name: '认证',
  aliases: ['verify'],
  usage: '/认证 @某人 [楼-单元-室]',
  summary: '认证业主登记的房屋',
  examples: ['/认证 @张三', '/认证 @张三 3-2-301'],
  who: ['committee', 'admin'],
  scope: 'compound',
  args: argSchema((input) => {
    const person = oneMention(input);
    const rest = stripMentions(input.text, input.mentions).replace(/\s+/g, '');
    if (rest === '') return { person, address: null };
    const address = parseUnitAddress(rest);
    if (address === null) fail(`房号「${quote(rest)}」看不懂, ${unitAddressHint}。`);
    return { person, address };
  }),
  async run(ctx, { person, address }) {
    const compoundId = ctx.compound.id;
    await upsertPerson(ctx.db, person, ctx.now);
    const claims = await claimsOfPerson(ctx.db, compoundId, person.id);
    const who = displayName(person.name);
    let target = claims.find(
      (c) =>
        c.claim.status === 'pending' &&
        (!address || formatUnitAddress(c.unit) === formatUnitAddress(address)),
    );
    if (!target && address) {
      const already = claims.find((c) => formatUnitAddress(c.unit) === formatUnitAddress(address));
      if (already) throw new UserError(`${formatUnitAddress(address)} 已经认证过了 (业主 ${who})。`);
      // The committee may verify from its own records when the unit's area is already known.
      const unit = await ensureUnit(ctx.db, { compoundId, ...address }, ctx.now);
      if (unit.areaCenti === null) {
        throw new UserError(
          `${formatUnitAddress(address)} 还没有面积记录, 请 ${who} 先发送 /绑定 ${formatUnitAddress(address)} <面积>。`,
        );
      }
      const claim = await upsertClaim(
        ctx.db,
        { compoundId, unitId: unit.id, personId: person.id, areaCenti: unit.areaCenti },
        ctx.now,
      );
      target = { claim, unit };
    }
    if (!target) {
      const pending = claims.filter((c) => c.claim.status === 'pending');
      if (pending.length === 0)
        throw new UserError(`没有 ${who} 待认证的房屋, 请先让 TA 发送 /绑定 <楼-单元-室> <面积>。`);
      throw new UserError(
        `请写上房号: ${who} 有 ${pending.length} 套待认证, ${pending.map((c) => formatUnitAddress(c.unit)).join('、')}`,
      );
    }
    const pendingLeft = claims.filter((c) => c.claim.status === 'pending' && c.claim.id !== target?.claim.id);
    if (!address && pendingLeft.length > 0) {
      const all = [target, ...pendingLeft].map((c) => formatUnitAddress(c.unit)).join('、');
      throw new UserError(`请写上房号: ${who} 有 ${pendingLeft.length + 1} 套待认证, ${all}`);
    }
    await verifyClaim(ctx.db, target.claim.id, ctx.speaker.id, ctx.now);
    const previous = target.unit.areaCenti;
    await setUnitArea(ctx.db, target.unit.id, target.claim.areaCenti);
    const changed =
      previous !== null && previous !== target.claim.areaCenti
        ? ` (面积由 ${formatAreaCenti(previous)} 更正)`
        : '';
    return `已认证 ${who} 为 ${formatUnitAddress(target.unit)} 的业主, 面积 ${formatAreaCenti(target.claim.areaCenti)}${changed}。TA 可以参加业主表决了。`;
  },
});

import { displayName } from '../../core/display.js';
import { grantedRoles, grantRole, revokeRole, upsertPerson } from '../../db/people.js';
import { argSchema, fail, oneMention, quote, stripMentions, tokens } from '../args.js';
import { defineCommand, UserError } from '../define.js';
import { parseRoleWord, roleNames, roleWordList } from '../roles.js';

function describeHolder(roles: string[]): string {
  return ['业主', ...roles].join('、');
}

/** `/角色 @某人 <角色>` grants, `-角色` removes, no role word shows (SPEC "Who uses it"). */
export const roleCommand = defineCommand({
  name: '角色',
  aliases: ['role'],
  usage: '/角色 @某人 <角色>   (去掉角色: /角色 @某人 -角色)',
  summary: '授予或去掉成员的角色',
  examples: ['/角色 @王师傅 物业', '/角色 @李四 业委会', '/角色 @李四 -业委会'],
  who: ['admin'],
  scope: 'compound',
  args: argSchema((input) => {
    const person = oneMention(input);
    const word = tokens(stripMentions(input.text, input.mentions))[0];
    if (word === undefined) return { person, change: null };
    const remove = /^[-－—]/.test(word);
    const role = parseRoleWord(word.replace(/^[-－—]/, ''));
    if (role === null) fail(`不认识角色「${quote(word.replace(/^[-－—]/, ''))}」。可以用: ${roleWordList}。`);
    if (role === 'owner') fail('业主身份不用授予: 在群里的人都是业主, 认证房屋请用 /认证。');
    return { person, change: { role, remove } };
  }),
  run(ctx, { person, change }) {
    const compoundId = ctx.compound.id;
    upsertPerson(ctx.db, person, ctx.now);
    const who = displayName(person.name);
    if (change === null) {
      const current = grantedRoles(ctx.db, compoundId, person.id).map((r) => roleNames[r]);
      return `本小区中 ${who} 的角色: ${describeHolder(current)}。`;
    }
    const name = roleNames[change.role];
    if (change.remove) {
      if (change.role === 'admin' && person.id === ctx.speaker.id) {
        throw new UserError('不能去掉自己的管理员角色, 请另一位管理员操作。');
      }
      if (!revokeRole(ctx.db, compoundId, person.id, change.role)) {
        throw new UserError(`不用去掉: ${who} 本来就不是${name}。`);
      }
    } else if (
      !grantRole(
        ctx.db,
        { compoundId, personId: person.id, role: change.role, grantedBy: ctx.speaker.id },
        ctx.now,
      )
    ) {
      throw new UserError(`不用授予: ${who} 已经是${name}了。`);
    }
    const now = grantedRoles(ctx.db, compoundId, person.id).map((r) => roleNames[r]);
    return `${change.remove ? '已去掉' : '已授予'} ${who} ${name}角色。现在: ${describeHolder(now)}。`;
  },
});

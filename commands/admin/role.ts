import { displayName } from '../../core/display.js';
import { areaRoles, grantAreaRole, revokeAreaRole } from '../../db/areas.js';
import { grantedRoles, grantRole, revokeRole, upsertPerson } from '../../db/people.js';
import type { Role } from '../../db/schema.js';
import { argSchema, fail, oneMention, quote, stripMentions } from '../args.js';
import { type CommandContext, defineCommand, type Person, UserError } from '../define.js';
import { areaKindNames, parseRoleWord, roleNames, roleWordList } from '../roles.js';

interface RoleChange {
  role: Role;
  remove: boolean;
}

const REMOVE_MARK = /^[-－—]/;

/** The person's roles in the fixed order of the role table, owner first, for stable replies. */
function describeHolder(roles: readonly Role[], implicitOwner: boolean): string {
  const order = Object.keys(roleNames) as Role[];
  const held = [
    ...(implicitOwner ? ['owner' as Role] : []),
    ...order.filter((r) => r !== 'owner' && roles.includes(r)),
  ];
  return held.length > 0 ? held.map((r) => roleNames[r]).join('、') : '没有角色';
}

function names(changes: readonly RoleChange[]): string {
  return changes.map((c) => roleNames[c.role]).join('、');
}

/** The roles that can be granted in a community's or street's group (SPEC "Communities and streets"). */
const areaGrantable: readonly Role[] = ['community', 'grid', 'admin'];

const roleArgs = argSchema((input) => {
  const person = oneMention(input);
  const words = stripMentions(input.text, input.mentions)
    // "- 物业" (a blank after the minus, as phone keyboards insert) still removes 物业.
    .replace(/(^|\s)([-－—])\s+/g, '$1$2')
    .split(/[\s,，、;；]+/)
    .filter((w) => w.length > 0);
  const changes: (RoleChange & { word: string })[] = [];
  for (const word of words) {
    const remove = REMOVE_MARK.test(word);
    const bare = word.replace(REMOVE_MARK, '');
    if (bare === '') fail('减号后面要写角色, 例如 /角色 @某人 -物业。');
    const role = parseRoleWord(bare);
    if (role === null) fail(`不认识角色「${quote(bare)}」。可以用: ${roleWordList}。`);
    if (role === 'owner') fail('业主身份不用授予: 在群里的人都是业主, 认证房屋请用 /认证。');
    const same = changes.find((c) => c.role === role);
    if (same && same.remove !== remove) {
      fail(`「${quote(same.word)}」和「${quote(word)}」是同一个角色, 不能既授予又去掉。`);
    }
    if (!same) changes.push({ role, remove, word });
  }
  return { person, changes: changes.map(({ role, remove }) => ({ role, remove })) };
});

/** Where the roles are kept: a compound's grants, or a community's or street's. */
interface RolePlace {
  /** "本小区", "文苑社区" as the reply names it. */
  place: string;
  /** Every member of a compound group is an owner; a community's group has no implicit role. */
  implicitOwner: boolean;
  held(personId: string): Promise<Role[]>;
  grant(personId: string, role: Role): Promise<boolean>;
  revoke(personId: string, role: Role): Promise<boolean>;
}

/** Applies the changes all together (in the command's transaction) and says what changed. */
async function applyRoleChanges(
  ctx: CommandContext,
  { person, changes }: { person: Person; changes: RoleChange[] },
  at: RolePlace,
): Promise<string> {
  await upsertPerson(ctx.db, person, ctx.now);
  const who = displayName(person.name);
  if (changes.length === 0) {
    return `${at.place}中 ${who} 的角色: ${describeHolder(await at.held(person.id), at.implicitOwner)}。`;
  }
  if (person.id === ctx.speaker.id && changes.some((c) => c.remove && c.role === 'admin')) {
    throw new UserError('不能去掉自己的管理员角色, 请另一位管理员操作。');
  }
  const done: RoleChange[] = [];
  const unchanged: RoleChange[] = [];
  for (const change of changes) {
    const changed = change.remove
      ? await at.revoke(person.id, change.role)
      : await at.grant(person.id, change.role);
    (changed ? done : unchanged).push(change);
  }
  const held = unchanged.filter((c) => !c.remove);
  const notHeld = unchanged.filter((c) => c.remove);
  const already = [
    ...(held.length > 0 ? [`本来就是${names(held)}`] : []),
    ...(notHeld.length > 0 ? [`本来就不是${names(notHeld)}`] : []),
  ];
  if (done.length === 0) throw new UserError(`没有改动: ${who} ${already.join(', ')}。`);

  const granted = done.filter((c) => !c.remove);
  const removed = done.filter((c) => c.remove);
  const clauses = [
    ...(granted.length > 0 ? [`已授予 ${who} ${names(granted)}角色`] : []),
    ...(removed.length > 0 ? [`已去掉${granted.length > 0 ? '' : ` ${who}`} ${names(removed)}角色`] : []),
  ];
  const note = already.length > 0 ? ` (${already.join(', ')})` : '';
  return `${clauses.join(', ')}${note}。现在: ${describeHolder(await at.held(person.id), at.implicitOwner)}。`;
}

/**
 * `/角色` in a community's or street's own group: 社区, 网格长 (held for every compound below)
 * and 管理员 (of this group). 物业 and 业委会 belong to one compound and are granted there.
 */
export const areaRoleCommand = defineCommand({
  name: '角色',
  aliases: ['role'],
  usage: '/角色 @某人 <社区|网格长|管理员>   (去掉角色: /角色 @某人 -角色)',
  summary: '授予或去掉社区、网格长角色 (对下属各小区都有效)',
  examples: ['/角色 @刘书记 社区', '/角色 @周网格 网格长', '/角色 @周网格 -网格长'],
  who: ['admin'],
  scope: 'area',
  args: roleArgs,
  async run(ctx, args) {
    const wrong = args.changes.filter((c) => !areaGrantable.includes(c.role));
    if (wrong.length > 0) {
      throw new UserError(
        `${areaKindNames[ctx.area.kind]}群里只能授予 社区、网格长、管理员; ${names(wrong)}请在小区的群里授予。`,
      );
    }
    const areaId = ctx.area.id;
    return applyRoleChanges(ctx, args, {
      place: ctx.area.name,
      implicitOwner: false,
      held: (id) => areaRoles(ctx.db, ctx.area, id),
      grant: (personId, role) =>
        grantAreaRole(ctx.db, { areaId, personId, role, grantedBy: ctx.speaker.id }, ctx.now),
      revoke: (personId, role) => revokeAreaRole(ctx.db, areaId, personId, role),
    });
  },
});

/**
 * `/角色 @某人 <角色> [<角色>…]` grants, `-角色` removes, no role word shows (SPEC "Who uses it").
 * Several words are all applied in one transaction, or none: an admin who typed
 * `/角色 @王经理 管理员 物业` meant both, and one unknown word (a typo, or chatter after the
 * roles) refuses the whole command rather than granting half of what was asked.
 */
export const roleCommand = defineCommand({
  name: '角色',
  aliases: ['role'],
  usage: '/角色 @某人 <角色> [更多角色]   (去掉角色: /角色 @某人 -角色)',
  summary: '授予或去掉成员的角色',
  examples: ['/角色 @王师傅 物业', '/角色 @李四 业委会 网格长', '/角色 @李四 -业委会'],
  who: ['admin'],
  scope: 'compound',
  args: roleArgs,
  async run(ctx, args) {
    const compoundId = ctx.compound.id;
    return applyRoleChanges(ctx, args, {
      place: '本小区',
      implicitOwner: true,
      held: (id) => grantedRoles(ctx.db, compoundId, id),
      grant: (personId, role) =>
        grantRole(ctx.db, { compoundId, personId, role, grantedBy: ctx.speaker.id }, ctx.now),
      revoke: (personId, role) => revokeRole(ctx.db, compoundId, personId, role),
    });
  },
});

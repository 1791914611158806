/** Role words and names (SPEC "Who uses it"). */
import type { AreaKind, Role } from '../db/schema.js';

/** What a role is called in replies. */
export const roleNames: Record<Role, string> = {
  owner: '业主',
  manager: '物业',
  committee: '业委会委员',
  community: '社区',
  grid: '网格长',
  admin: '管理员',
};

const roleWords: Record<string, Role> = {
  业主: 'owner',
  物业: 'manager',
  管家: 'manager',
  师傅: 'manager',
  业委会: 'committee',
  业委会委员: 'committee',
  社区: 'community',
  居委会: 'community',
  党组织: 'community',
  网格长: 'grid',
  楼栋长: 'grid',
  单元长: 'grid',
  管理员: 'admin',
};

/** The role a Chinese word (or the English code) names, or null. */
export function parseRoleWord(word: string): Role | null {
  const w = word.trim();
  // Own keys only: "constructor" or "__proto__" typed by an owner is not a role.
  if (Object.hasOwn(roleWords, w)) return roleWords[w] ?? null;
  const lower = w.toLowerCase();
  return (Object.keys(roleNames) as Role[]).find((r) => r === lower) ?? null;
}

/** The accepted words, for usage lines. */
export const roleWordList = Object.keys(roleWords).join('、');

/** "物业、业委会委员" for a refusal that says who may. */
export function describeRoles(roles: readonly Role[]): string {
  return roles.map((r) => roleNames[r]).join('、');
}

/** What a community or street is called in replies. */
export const areaKindNames: Record<AreaKind, string> = {
  community: '社区',
  street: '街道',
};

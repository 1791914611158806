/** Building blocks for command argument schemas. Every refusal they produce is Chinese. */
import { z } from 'zod';
import { halfWidthDigits } from '../core/text.js';
import type { ArgInput, Person } from './define.js';

// quote lives in core/display.ts (core/settings uses it too); commands import it from here.
export { quote } from '../core/display.js';

class ArgError extends Error {}

/** Stops argument parsing with a Chinese explanation; the dispatcher adds the usage line. */
export function fail(message: string): never {
  throw new ArgError(message);
}

/**
 * A zod schema for a command's arguments written as a plain parse function. `fail()` inside it
 * becomes a zod issue with that message, so the one boundary in the dispatcher handles it.
 */
export function argSchema<A>(parse: (input: ArgInput) => A): z.ZodType<A, ArgInput> {
  return z
    .custom<ArgInput>((v) => typeof v === 'object' && v !== null)
    .transform((input, ctx) => {
      try {
        return parse(input);
      } catch (error) {
        if (!(error instanceof ArgError)) throw error;
        ctx.addIssue({ code: 'custom', message: error.message });
        return z.NEVER;
      }
    });
}

/**
 * Runs an argument parse and keeps its refusal instead of throwing it, for a command that must
 * refuse for another reason first (`/导出` in an owners group is refused whatever follows it).
 */
export function attempt<A>(parse: () => A): { ok: true; value: A } | { ok: false; problem: string } {
  try {
    return { ok: true, value: parse() };
  } catch (error) {
    if (!(error instanceof ArgError)) throw error;
    return { ok: false, problem: error.message };
  }
}

/** For commands that take nothing; anything typed after them is ignored, as owners add chatter. */
export const noArgs = argSchema(() => ({}));

/** Removes the `@name` text of resolved mentions and any other `@word` left in the text. */
export function stripMentions(text: string, mentions: readonly Person[]): string {
  let out = text;
  for (const m of [...mentions].sort((a, b) => b.name.length - a.name.length)) {
    // A contact without a name leaves no `@name` to remove (and "@" alone would eat every "@").
    if (m.name !== '') out = out.split(`@${m.name}`).join(' ');
  }
  return out.replace(/ {2,}/g, ' ').trim();
}

/** True when the text still holds an `@name` the transport did not resolve to a contact. */
export function hasUnresolvedMention(text: string, mentions: readonly Person[]): boolean {
  return /[@＠]\S/.test(stripMentions(text, mentions));
}

/** Splits on blanks. */
export function tokens(text: string): string[] {
  return text.split(/\s+/).filter((t) => t.length > 0);
}

/** `#12`, `＃12` and `12` all name number 12 (SPEC "Command grammar"). Null when not a number. */
export function parseRef(token: string | undefined): number | null {
  if (token === undefined) return null;
  const m = /^[#＃]?\s*([0-9０-９]{1,9})$/.exec(token.trim());
  if (!m?.[1]) return null;
  const n = Number(halfWidthDigits(m[1]));
  return n > 0 ? n : null;
}

/** The exactly-one @mention a command needs, or a Chinese refusal. */
export function oneMention(input: ArgInput): Person {
  const [first, ...more] = input.mentions;
  if (!first) {
    fail(
      hasUnresolvedMention(input.text, input.mentions)
        ? '没认出你 @ 的人: 请在输入框里用 @ 从成员列表中选择, 不要手动输入名字。'
        : '请 @ 要操作的成员。',
    );
  }
  if (more.length > 0) fail('一次只能 @ 一个人。');
  return first;
}

/**
 * The entry a typed word names in a word table, or undefined. Own keys only: "constructor" or
 * "__proto__" typed by a member is an unknown word, not a member of Object.prototype.
 */
export function lookupWord<T>(table: Readonly<Record<string, T>>, word: string | undefined): T | undefined {
  return word !== undefined && Object.hasOwn(table, word) ? table[word] : undefined;
}

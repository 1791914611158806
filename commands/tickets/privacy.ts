/**
 * Phone numbers in ticket text (issue 7, privacy): owners often add "电话 138 1234 5678" so the
 * manager can call them. The owners group must not see it; the manager in the staff group does
 * (`/进度 #n` there shows the ticket as filed).
 */

import type { GroupKind } from '../../db/schema.js';

/**
 * A mainland mobile number (1[3-9] and 9 more digits), written together or in 3-4-4 groups with
 * blanks or dashes, optionally after +86/86; not part of a longer digit run (an order number, an
 * amount or a date is left alone).
 */
const MOBILE =
  /(?<![0-9０-９])(?:[+＋]?86[\s-]?)?(1[3-9][0-9])[\s-]?([0-9]{4})[\s-]?([0-9]{4})(?![0-9０-９])/g;

/** "电话 138 1234 5678" → "电话 138****5678". */
export function maskPhones(text: string): string {
  return text.replace(MOBILE, (_all, head: string, _mid: string, tail: string) => `${head}****${tail}`);
}

/**
 * Ticket text as a group of this kind may see it: whole in the staff group (物业工作群), where a
 * manager needs the number; phones masked anywhere else (`null`: a private chat, or no group).
 */
export function ticketTextFor(kind: GroupKind | null, text: string): string {
  return kind === 'staff' ? text : maskPhones(text);
}

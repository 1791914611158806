/**
 * Phone numbers in ticket text (issue 7, privacy): owners often add "电话 138 1234 5678" so the
 * manager can call them. The owners group must not see it; the manager in the staff group does
 * (`/进度 #n` there shows the ticket as filed). How a number is found is core/privacy.ts.
 */

import type { GroupKind } from '../../db/schema.js';
import { maskPhones } from '../privacy.js';

/**
 * Ticket text as a group of this kind may see it: whole in the staff group (物业工作群), where a
 * manager needs the number; phones masked anywhere else (`null`: a private chat, or no group).
 */
export function ticketTextFor(kind: GroupKind | null, text: string): string {
  return kind === 'staff' ? text : maskPhones(text);
}

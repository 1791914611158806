/** When the next notice of a compound is due, as replies tell it (SPEC "Three-affairs notices"). */

import { nextCronTime } from '../../core/cron-next.js';
import { compoundSettings } from '../../core/settings/catalog.js';
import { formatClock } from '../../core/time/index.js';
import type { DbOrTx } from '../../db/client.js';
import type { NoticeKind } from '../../db/schema-affairs.js';

/**
 * The next run of a compound's notice of a kind, from its current cron setting; null when the
 * expression never fires again. The schedule stores the same time; computing it here keeps a
 * reply right even in the seconds before the schedule sees a changed setting.
 */
export async function nextNoticeAt(
  db: DbOrTx,
  compoundId: number,
  kind: NoticeKind,
  now: number,
  tz: string,
): Promise<number | null> {
  const settings = await compoundSettings(db, compoundId);
  return nextCronTime(kind === 'monthly' ? settings.noticeCron : settings.weeklyCron, now, tz);
}

/** "下次三务公示: 12月1日 09:00", or how to fix a schedule that never fires. */
export async function nextNoticeLine(
  db: DbOrTx,
  compoundId: number,
  now: number,
  tz: string,
): Promise<string> {
  const at = await nextNoticeAt(db, compoundId, 'monthly', now, tz);
  return at === null
    ? '公示时间的设置不会再到来, 请管理员或业委会用 /设置 公示 <cron> 修改。'
    : `下次三务公示: ${formatClock(at, tz, now)}。`;
}

/**
 * The settings of a community or street (SPEC "Communities and streets"): when its group gets the
 * monthly ranking of property companies (`/设置 排名 <cron>`), and the star rules of that ranking
 * (`/设置 星级 …`). The star rules are the street's: a community reads its street's, so a company
 * serving compounds in two communities of one street gets its stars by one standard. A community
 * of no street yet ranks by the defaults.
 */
import { z } from 'zod';
import { storedAreaSettings } from '../../db/area-settings.js';
import { areaById } from '../../db/areas.js';
import type { DbOrTx } from '../../db/client.js';
import type { Area } from '../../db/schema.js';
import { defaultStarRules, type StarRules } from '../areas/ranking.js';
import { isValidCron } from './catalog.js';
import { readStored } from './stored.js';

export interface AreaSettings {
  /** The monthly ranking post, a cron expression in HGJ_TZ. */
  rankingCron: string;
  stars: StarRules;
  /**
   * Where the star rules come from: the street itself, a community's street, or nobody (the
   * defaults, for a community that belongs to no street yet).
   */
  starsOf: Area | null;
}

/**
 * The 2nd of the month at 09:00: the month's tickets are in (one confirmed on the 1st still
 * counts for the month it was filed in), the three-affairs notices went out on the 1st, and
 * 09:00 is office hours for the street and the companies who will want to answer.
 */
export const DEFAULT_RANKING_CRON = '0 9 2 * *';

export const defaultAreaSettings = { rankingCron: DEFAULT_RANKING_CRON, stars: defaultStarRules } as const;

/** The highest a score can be, and so the highest threshold. */
export const MAX_SCORE = 100;
/** The minimum of tickets a street may ask for (one is "rate everyone"; more than 1000 is nobody). */
export const MIN_TICKETS_RANGE = { min: 1, max: 1000 } as const;

const scoreSchema = z.number().int().min(0).max(MAX_SCORE);
export const thresholdsSchema = z
  .tuple([scoreSchema, scoreSchema, scoreSchema, scoreSchema])
  .refine(([a, b, c, d]) => a > b && b > c && c > d && d > 0);

/** Stored keys and the zod schema each stored JSON value must pass. */
const storedSchemas = {
  'cron.ranking': z.string().refine(isValidCron),
  'stars.thresholds': thresholdsSchema,
  'stars.floor': scoreSchema,
  'stars.minTickets': z.number().int().min(MIN_TICKETS_RANGE.min).max(MIN_TICKETS_RANGE.max),
} as const;

export type AreaSettingKey = keyof typeof storedSchemas;
/** The keys of the star rules, which only a street stores. */
export const starKeys: readonly AreaSettingKey[] = ['stars.thresholds', 'stars.floor', 'stars.minTickets'];

function readValue<K extends AreaSettingKey>(stored: Map<string, string>, key: K) {
  return readStored(storedSchemas, stored, key);
}

function starRulesOf(stored: Map<string, string>): StarRules {
  const thresholds = readValue(stored, 'stars.thresholds') ?? defaultStarRules.thresholds;
  const floor = readValue(stored, 'stars.floor') ?? defaultStarRules.floor;
  return {
    thresholds,
    // A 黑榜 line above the ★2 line (only by a hand edit: `/设置` refuses it) would put companies
    // with two stars on the black list; it is held at the ★2 line instead.
    floor: Math.min(floor, thresholds[3]),
    minTickets: readValue(stored, 'stars.minTickets') ?? defaultStarRules.minTickets,
  };
}

/** The effective settings of a community or street: stored values over defaults. */
export async function areaSettings(db: DbOrTx, area: Area): Promise<AreaSettings> {
  const own = await storedAreaSettings(db, area.id);
  const rankingCron = readValue(own, 'cron.ranking') ?? DEFAULT_RANKING_CRON;
  if (area.kind === 'street') return { rankingCron, stars: starRulesOf(own), starsOf: area };
  const street = area.parentId === null ? null : await areaById(db, area.parentId);
  if (street === null) return { rankingCron, stars: defaultStarRules, starsOf: null };
  return { rankingCron, stars: starRulesOf(await storedAreaSettings(db, street.id)), starsOf: street };
}

/** Validates a value for a key before it is stored; throws on a programming error only. */
export function encodeAreaSetting<K extends AreaSettingKey>(
  key: K,
  value: z.infer<(typeof storedSchemas)[K]>,
): string {
  return JSON.stringify(storedSchemas[key].parse(value));
}

/**
 * The per-compound settings (SPEC "Settings per compound"): every number of "5431" and every
 * schedule is a setting with a default, since other cities use other numbers.
 */
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.js';
import { storedSettings } from '../../db/settings.js';
import { GB, KB, MB } from '../size.js';
import { parseCron } from './cron.js';
import { readStored } from './stored.js';

export type SlaClass = 'general' | 'major' | 'complex';

export interface QuietHours {
  /** Minutes after local midnight. `start > end` wraps midnight (22:00–07:00). */
  start: number;
  end: number;
}

export interface CompoundSettings {
  /** Every class must be answered (到场 or 响应) within this window. */
  responseMs: number;
  /** Solve (or, for complex, written-plan) window per class. */
  solveMs: Record<SlaClass, number>;
  /** General and complex pings wait until these end; null = off. */
  quietHours: QuietHours | null;
  /** The monthly three-affairs notice, a cron expression in HGJ_TZ. */
  noticeCron: string;
  /** The weekly digest, a cron expression in HGJ_TZ. */
  weeklyCron: string;
  /** Reminder points in percent of each open window, ascending. */
  reminderPoints: number[];
  /** Offer `/报修` under an owners-group message that reads as a complaint (`/设置 提示报修`). */
  ticketHint: boolean;
  /** What photos and files one ticket keeps (SPEC "Tickets": media after filing attaches). */
  attachments: AttachmentCaps;
}

/** The limits that keep one reporter from filling the disk with a ticket's attachments. */
export interface AttachmentCaps {
  /** Bytes of one file; a larger one is not kept. */
  maxFileBytes: number;
  /** Files per ticket. */
  maxCount: number;
  /** Bytes of all files of a ticket together. */
  maxTotalBytes: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const defaultSettings: CompoundSettings = {
  responseMs: 5 * MINUTE,
  solveMs: { general: 30 * MINUTE, major: 4 * HOUR, complex: 24 * HOUR },
  quietHours: { start: 22 * 60, end: 7 * 60 },
  noticeCron: '0 9 1 * *',
  weeklyCron: '0 9 * * 1',
  reminderPoints: [50, 80],
  // Nine is what WeChat sends in one go (its photo picker stops at 9). 20MB takes one original
  // photo of a 50-megapixel phone or about a minute of video as WeChat compresses it; 50MB takes
  // nine original photos of an ordinary phone (3-5MB each), so an owner who shows the damage is
  // never refused, while one ticket can hold at most 50MB of someone's disk.
  attachments: { maxFileBytes: 20 * MB, maxCount: 9, maxTotalBytes: 50 * MB },
  // Off by default: the bot never answers normal talk unless the compound asks it to.
  ticketHint: false,
};

const durationSchema = z.number().int().positive();
// The same rule as `/设置`: a value stored before it (every second, every minute) reads as the
// default, so it cannot flood a group (issue 13). The notice schedule reads the settings every
// second, and a check costs a few node-cron parses, so verdicts are kept (few distinct values).
const cronVerdicts = new Map<string, boolean>();
export function isValidCron(s: string): boolean {
  let valid = cronVerdicts.get(s);
  if (valid === undefined) {
    valid = parseCron(s).ok;
    if (cronVerdicts.size >= 1000) cronVerdicts.clear();
    cronVerdicts.set(s, valid);
  }
  return valid;
}
const cronSchema = z.string().refine(isValidCron);
const quietSchema = z
  .object({ start: z.number().int().min(0).max(1439), end: z.number().int().min(0).max(1439) })
  .nullable();
const pointsSchema = z.array(z.number().int().min(1).max(99)).min(1).max(5);
/** Sizes a committee may set: from 1KB to 1GB. */
export const ATTACHMENT_SIZE_RANGE = { min: KB, max: GB } as const;
export const ATTACHMENT_COUNT_RANGE = { min: 1, max: 100 } as const;
const sizeSchema = z.number().int().min(ATTACHMENT_SIZE_RANGE.min).max(ATTACHMENT_SIZE_RANGE.max);
const countSchema = z.number().int().min(ATTACHMENT_COUNT_RANGE.min).max(ATTACHMENT_COUNT_RANGE.max);

/** Stored keys and the zod schema each stored JSON value must pass. */
const storedSchemas = {
  'sla.response': durationSchema,
  'sla.general': durationSchema,
  'sla.major': durationSchema,
  'sla.complex': durationSchema,
  quietHours: quietSchema,
  'cron.notice': cronSchema,
  'cron.weekly': cronSchema,
  reminders: pointsSchema,
  'attach.fileBytes': sizeSchema,
  'attach.count': countSchema,
  'attach.totalBytes': sizeSchema,
  'hint.ticket': z.boolean(),
} as const;

export type SettingKey = keyof typeof storedSchemas;

function readValue<K extends SettingKey>(stored: Map<string, string>, key: K) {
  return readStored(storedSchemas, stored, key);
}

/** The effective settings of a compound: stored values over defaults. */
export async function compoundSettings(db: DbOrTx, compoundId: number): Promise<CompoundSettings> {
  return settingsFromStored(await storedSettings(db, compoundId));
}

/** {@link compoundSettings} from the stored values already read (the dispatcher's group context). */
export function settingsFromStored(stored: Map<string, string>): CompoundSettings {
  const quiet = readValue(stored, 'quietHours');
  return {
    responseMs: readValue(stored, 'sla.response') ?? defaultSettings.responseMs,
    solveMs: {
      general: readValue(stored, 'sla.general') ?? defaultSettings.solveMs.general,
      major: readValue(stored, 'sla.major') ?? defaultSettings.solveMs.major,
      complex: readValue(stored, 'sla.complex') ?? defaultSettings.solveMs.complex,
    },
    quietHours: quiet === undefined ? defaultSettings.quietHours : quiet,
    noticeCron: readValue(stored, 'cron.notice') ?? defaultSettings.noticeCron,
    weeklyCron: readValue(stored, 'cron.weekly') ?? defaultSettings.weeklyCron,
    reminderPoints: readValue(stored, 'reminders') ?? defaultSettings.reminderPoints,
    attachments: {
      maxFileBytes: readValue(stored, 'attach.fileBytes') ?? defaultSettings.attachments.maxFileBytes,
      maxCount: readValue(stored, 'attach.count') ?? defaultSettings.attachments.maxCount,
      maxTotalBytes: readValue(stored, 'attach.totalBytes') ?? defaultSettings.attachments.maxTotalBytes,
    },
    ticketHint: readValue(stored, 'hint.ticket') ?? defaultSettings.ticketHint,
  };
}

/** Validates a value for a key before it is stored; throws on a programming error only. */
export function encodeSetting<K extends SettingKey>(
  key: K,
  value: z.infer<(typeof storedSchemas)[K]>,
): string {
  return JSON.stringify(storedSchemas[key].parse(value));
}

/** "22:00" for 1320. */
export function formatMinuteOfDay(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** True when the local minute-of-day falls inside the quiet hours. */
export function inQuietHours(quiet: QuietHours | null, minuteOfDay: number): boolean {
  if (quiet === null || quiet.start === quiet.end) return false;
  return quiet.start < quiet.end
    ? minuteOfDay >= quiet.start && minuteOfDay < quiet.end
    : minuteOfDay >= quiet.start || minuteOfDay < quiet.end;
}

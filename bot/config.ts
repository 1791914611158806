/**
 * The configuration, parsed once from the environment by one zod schema. `parseConfig(input)`
 * takes a plain object so tests never touch `process.env` (as the grammY template's createConfig).
 */
import { z } from 'zod';
import { isValidTimeZone } from '../commands/time/index.js';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const positiveInt = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n <= 0) {
        ctx.addIssue({ code: 'custom', message: `应为正整数, 现在是「${v}」` });
        return z.NEVER;
      }
      return n;
    });

const envSchema = z
  .object({
    WECHATY_PUPPET: z.string().trim().optional(),
    WECHATY_PUPPET_SERVICE_TOKEN: z.string().trim().optional(),
    WECHATY_PUPPET_SERVICE_ENDPOINT: z
      .string()
      .trim()
      .optional()
      .refine((v) => v === undefined || v === '' || /^[^\s:]+:\d{1,5}$/.test(v), {
        message: '应写成 主机:端口, 例如 127.0.0.1:8788',
      }),
    DATABASE_URL: z.string().trim().optional(),
    HGJ_ADMINS: z.string().optional(),
    HGJ_TZ: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v === undefined || v === '' ? 'Asia/Shanghai' : v))
      .refine(isValidTimeZone, { message: '不是有效的 IANA 时区, 例如 Asia/Shanghai' }),
    HGJ_BOT_NAME: z.string().trim().optional(),
    HGJ_DATA_DIR: z.string().trim().optional(),
    HGJ_SEND_GROUP_INTERVAL_MS: positiveInt(1000),
    HGJ_SEND_PER_SECOND: positiveInt(3),
    HGJ_LOGIN_TIMEOUT_S: positiveInt(60),
    HGJ_FLOOD_LIMIT: positiveInt(10),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  })
  .superRefine((env, ctx) => {
    if (env.WECHATY_PUPPET === 'wechaty-puppet-service' && !env.WECHATY_PUPPET_SERVICE_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['WECHATY_PUPPET_SERVICE_TOKEN'],
        message: '使用 wechaty-puppet-service 时必须设置 (puppet 服务商给的 token)',
      });
    }
  });

export interface Config {
  /** Null: the local sandbox on the mock puppet. Otherwise the Wechaty puppet name. */
  puppet: string | null;
  databaseUrl: string;
  dataDir: string;
  admins: ReadonlySet<string>;
  tz: string;
  botName: string;
  send: { groupIntervalMs: number; perSecond: number };
  loginTimeoutMs: number;
  /** Commands one member may send in one group per 10 s before being slowed. */
  flood: { limit: number; windowMs: number };
  logLevel: string;
}

/** Parses the environment; throws a ConfigError whose message is one line naming the variable. */
export function parseConfig(input: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = issue?.path.join('.') || '环境变量';
    throw new ConfigError(`配置错误: ${variable} ${issue?.message ?? '不对'}`);
  }
  const env = parsed.data;
  const puppet = env.WECHATY_PUPPET ? env.WECHATY_PUPPET : null;
  const dataDir = env.HGJ_DATA_DIR || './data';
  return {
    puppet,
    databaseUrl:
      env.DATABASE_URL || (puppet === null ? `${dataDir}/sandbox.db` : `${dataDir}/hongguanjia.db`),
    dataDir,
    admins: new Set(
      (env.HGJ_ADMINS ?? '')
        .split(/[,，\s]+/)
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
    ),
    tz: env.HGJ_TZ,
    botName: env.HGJ_BOT_NAME || '红管家',
    send: { groupIntervalMs: env.HGJ_SEND_GROUP_INTERVAL_MS, perSecond: env.HGJ_SEND_PER_SECOND },
    loginTimeoutMs: env.HGJ_LOGIN_TIMEOUT_S * 1000,
    flood: { limit: env.HGJ_FLOOD_LIMIT, windowMs: 10_000 },
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}

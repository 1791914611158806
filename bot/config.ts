/**
 * The configuration, parsed once from the environment by one zod schema. `parseConfig(input)`
 * takes a plain object so tests never touch `process.env` (as the grammY template's createConfig).
 */
import { z } from 'zod';
import { DEFAULT_HTTP_PORT } from '../core/board/link.js';
import { isValidTimeZone } from '../core/time/index.js';
import { isPostgresUrl } from '../db/client.js';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** A reason a value is wrong, in Chinese; parseConfig puts the variable's name in front of it. */
class Invalid {
  constructor(readonly problem: string) {}
}

/**
 * One variable read by a plain function of its trimmed value (undefined when unset or blank).
 * Every refusal is ours, in Chinese: zod's own messages are English ("Invalid option: …").
 */
const variable = <T>(read: (value: string | undefined) => T | Invalid) =>
  z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const v = raw?.trim();
      const result = read(v === '' ? undefined : v);
      if (!(result instanceof Invalid)) return result;
      ctx.addIssue({ code: 'custom', message: result.problem });
      return z.NEVER;
    });

/**
 * A whole number in [1, max]. The upper bounds catch typos that would break the bot quietly:
 * Node fires a setTimeout longer than 2^31-1 ms at once, so a huge login timeout is no timeout.
 */
const intInRange = (fallback: number, max: number) =>
  variable((v) => {
    if (v === undefined) return fallback;
    const n = /^\d{1,9}$/.test(v) ? Number(v) : Number.NaN;
    return n >= 1 && n <= max ? n : new Invalid(`应为 1 到 ${max} 之间的整数, 现在是「${v}」`);
  });

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const envSchema = z
  .object({
    WECHATY_PUPPET: z.string().trim().optional(),
    WECHATY_PUPPET_SERVICE_TOKEN: z.string().trim().optional(),
    WECHATY_PUPPET_SERVICE_ENDPOINT: variable((v) => {
      if (v === undefined) return undefined;
      // host:port, the host an IPv6 address in brackets or a name or IPv4 without a colon.
      const m = /^(?:\[[0-9A-Fa-f:.]+\]|[^\s:[\]]+):(\d{1,5})$/.exec(v);
      if (!m) return new Invalid(`应写成 主机:端口, 例如 127.0.0.1:8788, 现在是「${v}」`);
      const port = Number(m[1]);
      return port >= 1 && port <= 65535 ? v : new Invalid(`的端口应在 1 到 65535 之间, 现在是「${v}」`);
    }),
    DATABASE_URL: variable((v) => {
      // The same test as openDatabase: a PostgreSQL URL, else a SQLite file path.
      if (v === undefined || isPostgresUrl(v)) return v;
      const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(v)?.[1];
      // Only the scheme is echoed: a database URL may carry a password, and this line is logged.
      // The English half is for whoever runs the server, who may not read Chinese.
      return scheme === undefined
        ? v
        : new Invalid(
            `只支持 SQLite 文件路径 (例如 ./data/hongguanjia.db) 或 PostgreSQL 地址 (postgres://… 或 postgresql://…), 不支持「${scheme}://」 (only a SQLite file path or a postgres:// or postgresql:// URL is supported)`,
          );
    }),
    HGJ_ADMINS: variable((v) => {
      if (v === undefined) return new Set<string>();
      const ids = v.split(/[,，\s]+/).filter((s) => s.length > 0);
      return ids.length > 0
        ? new Set(ids)
        : new Invalid('应为逗号分隔的微信联系人 id, 例如 wxid_a,wxid_b, 现在没有一个 id');
    }),
    HGJ_TZ: variable((v) => {
      if (v === undefined) return 'Asia/Shanghai';
      return isValidTimeZone(v) ? v : new Invalid(`不是有效的 IANA 时区, 例如 Asia/Shanghai, 现在是「${v}」`);
    }),
    HGJ_BOT_NAME: z.string().trim().optional(),
    HGJ_DATA_DIR: z.string().trim().optional(),
    HGJ_SEND_GROUP_INTERVAL_MS: intInRange(1000, 600_000),
    HGJ_SEND_PER_SECOND: intInRange(3, 1000),
    HGJ_LOGIN_TIMEOUT_S: intInRange(60, 86_400),
    HGJ_FLOOD_LIMIT: intInRange(10, 1_000_000),
    // How long one of several accounts speaks for a group without renewing (bot/leases.ts);
    // the defaults meet SPEC's 30 s failover. Shorter ones are for tests.
    HGJ_LEASE_TTL_MS: intInRange(20_000, 600_000),
    HGJ_LEASE_RENEW_MS: intInRange(5_000, 600_000),
    HGJ_HTTP_PORT: variable((v) => {
      if (v === undefined) return DEFAULT_HTTP_PORT;
      // 0 asks the system for a free port (tests, several sandboxes on one machine).
      const n = /^\d{1,5}$/.test(v) ? Number(v) : Number.NaN;
      return n >= 0 && n <= 65535 ? n : new Invalid(`应为 0 到 65535 之间的端口号, 现在是「${v}」`);
    }),
    HGJ_PUBLIC_URL: variable((v) => {
      if (v === undefined) return null;
      let url: URL | null = null;
      try {
        url = new URL(v);
      } catch {
        url = null;
      }
      if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash)
        return new Invalid(`应为成员能打开的网址, 例如 https://hgj.example.cn, 现在是「${v}」`);
      return v.replace(/\/+$/, '');
    }),
    LOG_LEVEL: variable((v) => {
      if (v === undefined) return 'info';
      const level = logLevels.find((l) => l === v.toLowerCase());
      return level ?? new Invalid(`应为 ${logLevels.join('、')} 之一, 现在是「${v}」`);
    }),
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
  /**
   * A SQLite file path, or a `postgres://` / `postgresql://` URL. A URL may carry a password:
   * log or print `databaseLabel(databaseUrl)`, never the URL itself.
   */
  databaseUrl: string;
  dataDir: string;
  admins: ReadonlySet<string>;
  tz: string;
  botName: string;
  send: { groupIntervalMs: number; perSecond: number };
  loginTimeoutMs: number;
  /** Commands one member may send in one group per 10 s before being slowed. */
  flood: { limit: number; windowMs: number };
  /** Speaker leases of several accounts (bot/leases.ts): held `ttlMs`, renewed every `renewEveryMs`. */
  lease: { ttlMs: number; renewEveryMs: number };
  logLevel: string;
  /**
   * The read-only board pages (SPEC "The desk"): the port the bot serves them on (0: a free one,
   * chosen at start) and the address members open, null for `http://localhost:<port>`.
   */
  http: { port: number; publicUrl: string | null };
}

/**
 * The database as it may be logged or printed: a PostgreSQL URL without its password (in the
 * user part or a `password=` parameter); a SQLite path as it is.
 */
export function databaseLabel(url: string): string {
  if (!isPostgresUrl(url)) return url;
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    if (u.searchParams.has('password')) u.searchParams.set('password', '***');
    return u.href;
  } catch {
    // Unparsable: show no part of it that could be a secret.
    return `${url.slice(0, url.indexOf('://'))}://…`;
  }
}

/** Parses the environment; throws a ConfigError whose message is one line naming the variable. */
export function parseConfig(input: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue?.path.join('.') || '环境变量';
    throw new ConfigError(`配置错误: ${name} ${issue?.message ?? '不对'}`);
  }
  const env = parsed.data;
  if (env.HGJ_LEASE_RENEW_MS >= env.HGJ_LEASE_TTL_MS)
    throw new ConfigError(
      `配置错误: HGJ_LEASE_RENEW_MS 应小于 HGJ_LEASE_TTL_MS (${env.HGJ_LEASE_TTL_MS}), 现在是「${env.HGJ_LEASE_RENEW_MS}」`,
    );
  const puppet = env.WECHATY_PUPPET ? env.WECHATY_PUPPET : null;
  const dataDir = env.HGJ_DATA_DIR || './data';
  return {
    puppet,
    databaseUrl:
      env.DATABASE_URL || (puppet === null ? `${dataDir}/sandbox.db` : `${dataDir}/hongguanjia.db`),
    dataDir,
    admins: env.HGJ_ADMINS,
    tz: env.HGJ_TZ,
    botName: env.HGJ_BOT_NAME || '红管家',
    send: { groupIntervalMs: env.HGJ_SEND_GROUP_INTERVAL_MS, perSecond: env.HGJ_SEND_PER_SECOND },
    loginTimeoutMs: env.HGJ_LOGIN_TIMEOUT_S * 1000,
    flood: { limit: env.HGJ_FLOOD_LIMIT, windowMs: 10_000 },
    lease: { ttlMs: env.HGJ_LEASE_TTL_MS, renewEveryMs: env.HGJ_LEASE_RENEW_MS },
    logLevel: env.LOG_LEVEL,
    http: { port: env.HGJ_HTTP_PORT, publicUrl: env.HGJ_PUBLIC_URL },
  };
}

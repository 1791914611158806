import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../bot/config.js';

describe('parseConfig', () => {
  it('GIVEN no variables THEN it is the sandbox in Asia/Shanghai with its own database file', () => {
    const c = parseConfig({});
    expect(c.puppet).toBeNull();
    expect(c.tz).toBe('Asia/Shanghai');
    expect(c.databaseUrl).toBe('./data/sandbox.db');
    expect(c.send).toEqual({ groupIntervalMs: 1000, perSecond: 3 });
    expect(c.admins.size).toBe(0);
  });

  it('GIVEN the puppet service with a token THEN the production database is the default', () => {
    const c = parseConfig({
      WECHATY_PUPPET: 'wechaty-puppet-service',
      WECHATY_PUPPET_SERVICE_TOKEN: 'insecure_x',
    });
    expect(c.puppet).toBe('wechaty-puppet-service');
    expect(c.databaseUrl).toBe('./data/hongguanjia.db');
  });

  it('GIVEN DATABASE_URL of PostgreSQL in either spelling, or a SQLite path THEN it is the store as given', () => {
    for (const url of [
      'postgres://hgj:secret@db.example:5432/hgj',
      'postgresql://hgj@db.example/hgj?sslmode=require',
      'POSTGRES://hgj@db/hgj',
      '/var/lib/hgj/hongguanjia.db',
    ])
      expect(parseConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
  });

  it('GIVEN HGJ_ADMINS with commas, Chinese commas and blanks THEN each id is an admin', () => {
    expect([...parseConfig({ HGJ_ADMINS: 'wxid_a, wxid_b，wxid_c ' }).admins]).toEqual([
      'wxid_a',
      'wxid_b',
      'wxid_c',
    ]);
  });

  it.each([
    [{ HGJ_TZ: 'Mars/Olympus' }, 'HGJ_TZ'],
    [{ WECHATY_PUPPET: 'wechaty-puppet-service' }, 'WECHATY_PUPPET_SERVICE_TOKEN'],
    [{ HGJ_SEND_GROUP_INTERVAL_MS: 'fast' }, 'HGJ_SEND_GROUP_INTERVAL_MS'],
    [{ HGJ_SEND_PER_SECOND: '0' }, 'HGJ_SEND_PER_SECOND'],
    [{ WECHATY_PUPPET_SERVICE_ENDPOINT: 'localhost' }, 'WECHATY_PUPPET_SERVICE_ENDPOINT'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ])('GIVEN bad %j THEN one line naming %s', (env, variable) => {
    let error: unknown;
    try {
      parseConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain(variable);
    expect(message).not.toContain('\n');
  });

  /** The first error that parseConfig throws for env, or a failure if it accepts it. */
  function configError(env: Record<string, string>): string {
    try {
      parseConfig(env);
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      return (e as Error).message;
    }
    throw new Error(`parseConfig accepted ${JSON.stringify(env)}`);
  }

  it.each([
    [{ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL', 'fatal、error、warn、info、debug、trace、silent'],
    [{ HGJ_TZ: 'Beijing' }, 'HGJ_TZ', 'Asia/Shanghai'],
    [{ WECHATY_PUPPET: 'wechaty-puppet-service' }, 'WECHATY_PUPPET_SERVICE_TOKEN', 'token'],
    [{ WECHATY_PUPPET_SERVICE_ENDPOINT: 'localhost' }, 'WECHATY_PUPPET_SERVICE_ENDPOINT', '主机:端口'],
    [{ WECHATY_PUPPET_SERVICE_ENDPOINT: '127.0.0.1:99999' }, 'WECHATY_PUPPET_SERVICE_ENDPOINT', '1 到 65535'],
    [{ WECHATY_PUPPET_SERVICE_ENDPOINT: '127.0.0.1:0' }, 'WECHATY_PUPPET_SERVICE_ENDPOINT', '1 到 65535'],
    [{ DATABASE_URL: 'mysql://u@db/hgj' }, 'DATABASE_URL', 'PostgreSQL'],
    [{ HGJ_SEND_GROUP_INTERVAL_MS: '1.5' }, 'HGJ_SEND_GROUP_INTERVAL_MS', '1 到 600000'],
    [{ HGJ_SEND_GROUP_INTERVAL_MS: '1e3' }, 'HGJ_SEND_GROUP_INTERVAL_MS', '1 到 600000'],
    [{ HGJ_SEND_PER_SECOND: '-2' }, 'HGJ_SEND_PER_SECOND', '1 到 1000'],
    [{ HGJ_SEND_PER_SECOND: '5000' }, 'HGJ_SEND_PER_SECOND', '1 到 1000'],
    [{ HGJ_LOGIN_TIMEOUT_S: '99999999999' }, 'HGJ_LOGIN_TIMEOUT_S', '1 到 86400'],
    [{ HGJ_FLOOD_LIMIT: 'many' }, 'HGJ_FLOOD_LIMIT', '1 到 1000000'],
    [{ HGJ_ADMINS: ' , ，' }, 'HGJ_ADMINS', 'wxid_'],
    [{ HGJ_HTTP_PORT: '65536' }, 'HGJ_HTTP_PORT', '0 到 65535'],
    [{ HGJ_HTTP_PORT: 'http' }, 'HGJ_HTTP_PORT', '0 到 65535'],
    [{ HGJ_PUBLIC_URL: 'hgj.example.cn' }, 'HGJ_PUBLIC_URL', 'https://hgj.example.cn'],
    [{ HGJ_PUBLIC_URL: 'ftp://hgj.example.cn' }, 'HGJ_PUBLIC_URL', 'https://hgj.example.cn'],
  ])(
    'GIVEN bad %j THEN one Chinese line names %s and says what is allowed (%s)',
    (env, variable, allowed) => {
      const message = configError(env);
      expect(message).toMatch(new RegExp(`^配置错误: ${variable} `));
      expect(message).toContain(allowed);
      expect(message).not.toContain('\n');
      // Chinese from the first word to the last: no English zod message ("Invalid option", "expected").
      expect(message).not.toMatch(/invalid|expected|received/i);
    },
  );

  it('GIVEN LOG_LEVEL in capitals or with blanks THEN it is read as the level', () => {
    expect(parseConfig({ LOG_LEVEL: ' DEBUG ' }).logLevel).toBe('debug');
  });

  it('GIVEN the largest allowed numbers and an IPv6 endpoint THEN they are accepted', () => {
    const c = parseConfig({
      WECHATY_PUPPET_SERVICE_ENDPOINT: '[::1]:8788',
      HGJ_LOGIN_TIMEOUT_S: '86400',
      HGJ_SEND_PER_SECOND: '1000',
    });
    expect(c.loginTimeoutMs).toBe(86_400_000);
    expect(c.send.perSecond).toBe(1000);
  });

  it('GIVEN no HGJ_HTTP_PORT nor HGJ_PUBLIC_URL THEN the board pages are on 8080 and links on localhost', () => {
    expect(parseConfig({}).http).toEqual({ port: 8080, publicUrl: null });
  });

  it('GIVEN HGJ_PUBLIC_URL with a trailing slash and HGJ_HTTP_PORT 0 THEN the address is kept without it, the port chosen at start', () => {
    expect(parseConfig({ HGJ_PUBLIC_URL: 'https://hgj.example.cn/', HGJ_HTTP_PORT: '0' }).http).toEqual({
      port: 0,
      publicUrl: 'https://hgj.example.cn',
    });
  });
});

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
});

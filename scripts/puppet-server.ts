/**
 * A local Wechaty puppet service for trying the bot on the real transport without a WeChat
 * account: a PuppetServer (gRPC, no TLS) wrapping the mock puppet with the demo compound.
 * Run it, start the bot in another terminal with the variables it prints, and type as members.
 *
 *   npx tsx scripts/puppet-server.ts [--port 8788] [--token insecure_demo]
 */
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PuppetServer } from 'wechaty-puppet-service';
import { createMockWorld, type MockWorld } from '../bot/sandbox/mock-world.js';
import { runWorldConsole } from '../bot/sandbox/world-console.js';

export interface LocalPuppetServer {
  world: MockWorld;
  endpoint: string;
  token: string;
  /** The environment a bot needs to connect to this server. */
  botEnv: Record<string, string>;
  /**
   * The account is logged out on the puppet's side, as when WeChat ends the session (the phone
   * logs out, the session expires): the puppet emits `logout`, which the service passes to the
   * bot, and the account stays logged out until `login()`. For tests of a failover by logout.
   */
  logout(reason?: string): Promise<void>;
  /** Lets the account log in again after `logout()`. */
  login(): void;
  stop(): Promise<void>;
}

export async function startLocalPuppetServer(options: {
  port: number;
  token?: string;
  /** Another world than the demo compound as the bot account sees it (several accounts, tests). */
  world?: MockWorld;
}): Promise<LocalPuppetServer> {
  const token = options.token ?? `insecure_${randomUUID()}`;
  const endpoint = `127.0.0.1:${options.port}`;
  const world = options.world ?? createMockWorld();
  const server = new PuppetServer({ endpoint, token, puppet: world.puppet, tls: { disable: true } });
  await server.start();
  // The puppet starts when a bot connects (and again after a reconnect): log the bot account in
  // whenever the puppet is up and not logged in, unless it was logged out on purpose.
  let loggedOut = false;
  const loginLoop = setInterval(() => {
    if (!loggedOut && world.puppet.state.active() && !world.puppet.isLoggedIn) world.login();
  }, 100);
  // Real puppet services send heartbeats; without events for 60 s the client's watchdog resets.
  const heartbeat = setInterval(() => {
    if (world.puppet.isLoggedIn) world.puppet.emit('heartbeat', { data: 'local puppet server' });
  }, 15_000);
  return {
    world,
    endpoint,
    token,
    botEnv: {
      WECHATY_PUPPET: 'wechaty-puppet-service',
      WECHATY_PUPPET_SERVICE_TOKEN: token,
      WECHATY_PUPPET_SERVICE_ENDPOINT: endpoint,
      WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT: 'true',
    },
    async logout(reason = 'logged out by the local puppet server') {
      loggedOut = true;
      await world.puppet.logout(reason);
    },
    login() {
      loggedOut = false;
    },
    async stop() {
      clearInterval(loginLoop);
      clearInterval(heartbeat);
      await server.stop();
      await world.puppet.stop().catch(() => undefined);
    },
  };
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const isMain =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  const port = Number(argValue('--port') ?? 8788);
  const local = await startLocalPuppetServer({
    port,
    token: argValue('--token') ?? 'insecure_hongguanjia_demo',
  });
  const env = Object.entries(local.botEnv)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  process.stdout.write(
    [
      `本地 puppet 服务已启动: ${local.endpoint} (无 TLS), 小区「阳光花园」的成员都在。`,
      '在另一个终端启动机器人 (第一次先在业主群里发 /绑定群 阳光花园, 发送人需是 HGJ_ADMINS 里的管理员):',
      `  ${env} HGJ_ADMINS=wxid_admin_liu DATABASE_URL=./data/puppet-demo.db npm start`,
      '然后在这里以成员身份发言 (:help 查看说明)。',
      '',
    ].join('\n'),
  );
  await runWorldConsole(
    local.world,
    { input: process.stdin, output: process.stdout, interactive: process.stdin.isTTY === true },
    {
      filesDir: resolve('./data/puppet-server-files'),
      async settle(lastSentAt) {
        const start = Date.now();
        await new Promise((r) => setTimeout(r, 500));
        while (Date.now() - start < 15_000 && Date.now() - lastSentAt() < 1500) {
          await new Promise((r) => setTimeout(r, 100));
        }
      },
    },
  );
  await local.stop();
  process.exit(0);
}

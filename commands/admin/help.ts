import { displayName } from '../../core/display.js';
import { groupSpeakers } from '../../db/accounts.js';
import type { Tx } from '../../db/client.js';
import { argSchema, quote, tokens } from '../args.js';
import { type AnyCommand, type CommandContext, commandWords, defineCommand } from '../define.js';
import { areaKindNames, describeRoles } from '../roles.js';

function mayUse(def: AnyCommand, ctx: CommandContext): boolean {
  return def.who === 'anyone' || def.who.some((r) => ctx.roles.has(r));
}

function detail(def: AnyCommand): string {
  const lines = [`/${def.name}: ${def.summary}`, `用法: ${def.usage}`];
  const others = commandWords(def).filter((w) => w !== def.name);
  if (others.length > 0) lines.push(`也可以写: ${others.map((w) => `/${w}`).join(' ')}`);
  lines.push(`谁可以用: ${def.who === 'anyone' ? '所有人' : describeRoles(def.who)}`);
  for (const example of def.examples ?? []) lines.push(`例: ${example}`);
  return lines.join('\n');
}

/**
 * For an admin in a group: which of our accounts speaks here and which stand by (SPEC "Many
 * accounts, one store"); null when no account is recorded (no bot has logged in to this store).
 */
async function speakersLine(db: Tx, roomId: string, now: number): Promise<string | null> {
  const { speaker, standby } = await groupSpeakers(db, roomId, now);
  if (speaker === null && standby.length === 0) return null;
  const names = (list: { name: string }[]) => list.map((a) => displayName(a.name)).join('、');
  const speaks = speaker
    ? `本群发言账号: ${displayName(speaker.name)}`
    : '本群暂时没有账号发言: 回复在排队, 有账号接手后发出';
  return `${speaks}; ${standby.length > 0 ? `候补: ${names(standby)}` : '没有候补账号'}`;
}

/**
 * `/帮助` lists what the asker's roles may use here; `/帮助 报修` explains one command. Made
 * from the command definitions themselves, so help, usage and permissions cannot drift apart.
 */
export function createHelpCommand(allCommands: () => readonly AnyCommand[]) {
  return defineCommand({
    name: '帮助',
    aliases: ['help'],
    usage: '/帮助 [命令]',
    summary: '列出你可以用的命令, 或说明一个命令',
    examples: ['/帮助', '/帮助 报修'],
    who: 'anyone',
    scope: 'anywhere',
    args: argSchema((input) => ({ topic: tokens(input.text)[0]?.replace(/^[/／]/, '') })),
    async run(ctx, { topic }) {
      const here: AnyCommand['scope'] | null = ctx.compound
        ? 'compound'
        : ctx.area
          ? 'area'
          : ctx.chat.kind === 'private'
            ? 'private'
            : null;
      const commands = allCommands();
      // A word's command of this place runs before one that works anywhere (commands/dispatcher.ts).
      const shadowed = new Set(commands.filter((c) => c.scope === here).flatMap(commandWords));
      const fits = (c: AnyCommand) =>
        c.scope === here || (c.scope === 'anywhere' && !commandWords(c).some((w) => shadowed.has(w)));
      if (topic) {
        const named = commands.filter((c) =>
          commandWords(c).some((w) => w.toLowerCase() === topic.toLowerCase()),
        );
        // A word with a command here and one elsewhere: explain the one that runs here.
        const def = named.find(fits) ?? named[0];
        return def ? detail(def) : `没有 /${quote(topic)} 这个命令。发送 /帮助 查看全部命令。`;
      }
      const usable = commands.filter((c) => mayUse(c, ctx) && fits(c));
      const header = ctx.compound
        ? `红管家 · ${ctx.compound.name} · 你可以用的命令:`
        : ctx.area
          ? `红管家 · ${ctx.area.name} (${areaKindNames[ctx.area.kind]}) · 你可以用的命令:`
          : ctx.chat.kind === 'group'
            ? '红管家: 本群还没有绑定小区, 请管理员先发送 /绑定群 <小区名>。现在可以用:'
            : '红管家: 请在小区的微信群里发命令。可以用:';
      const lines = usable.map((c) => `${c.usage}  ${c.summary}`);
      const accounts =
        ctx.chat.kind === 'group' && ctx.roles.has('admin')
          ? await speakersLine(ctx.db, ctx.chat.roomId, ctx.now)
          : null;
      return [
        header,
        ...lines,
        ...(accounts ? [accounts] : []),
        '发送 /帮助 <命令> 查看说明, 例如 /帮助 报修',
      ].join('\n');
    },
  });
}

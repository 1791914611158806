/**
 * A terminal for a mock world: you type as one member and see what the bot posts. Shared by the
 * local sandbox (bot in this process) and scripts/puppet-server.ts (bot in another process).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { type DemoMember, demoMembers, demoOwnersRoom } from './demo-compound.js';
import type { MockWorld } from './mock-world.js';
import type { SentMessage } from './recording-puppet.js';

const roleLabels: Record<string, string> = {
  manager: '物业',
  committee: '业委会',
  community: '社区',
  grid: '网格长',
  admin: '管理员',
};

export const consoleHelp = [
  '在 > 后输入消息, 就像在群里发言。例如: /帮助   /绑定 3-2-301 89.5   /角色 @李四 物业',
  '  :as <名字>      换一个人说话 (例如 :as 王师傅)',
  '  :members        列出成员和角色',
  '  :room <群名>    换一个群 (业主群 / 工作群)',
  '  :private <话>   私聊机器人',
  '  :file <路径>    以当前身份发一个文件或照片',
  '  :wait <秒>      等一会儿 (脚本里用来等提醒)',
  '  :quit           退出',
].join('\n');

export interface ConsoleIo {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  interactive: boolean;
}

export interface ConsoleOptions {
  /** Where files the bot posts are saved. */
  filesDir: string;
  /** Resolves when the bot has answered what was just said. */
  settle(lastSentAt: () => number): Promise<void>;
  members?: readonly DemoMember[];
}

/** Prints the bot's messages as they arrive; runs until `:quit` or the end of the input. */
export async function runWorldConsole(
  world: MockWorld,
  io: ConsoleIo,
  options: ConsoleOptions,
): Promise<void> {
  const members = options.members ?? demoMembers;
  const out = (line: string) => io.output.write(`${line}\n`);
  mkdirSync(options.filesDir, { recursive: true });
  let lastSentAt = 0;
  const topicOf = (id: string) => world.rooms.get(id)?.payload.topic ?? '私聊';
  const onSent = (m: SentMessage) => {
    lastSentAt = Date.now();
    if (m.file) {
      const path = join(options.filesDir, `${Date.now()}-${basename(m.file.name)}`);
      writeFileSync(path, m.file.data);
      out(`[${topicOf(m.conversationId)}] 红管家 发了文件: ${path}`);
    } else {
      out(`[${topicOf(m.conversationId)}] 红管家: ${m.text ?? ''}`);
    }
  };
  world.puppet.outgoing.on('sent', onSent);

  let speaker = members[0] as DemoMember;
  let roomId = demoOwnersRoom.id;

  async function handleLine(line: string): Promise<boolean> {
    const text = line.trim();
    if (text === '') return true;
    if (!text.startsWith(':')) {
      if (!io.interactive) out(`[${topicOf(roomId)}] ${speaker.name}: ${text}`);
      world.say(speaker.id, roomId, text);
      return true;
    }
    const [cmd, ...rest] = text.slice(1).split(/\s+/);
    const arg = rest.join(' ');
    switch (cmd) {
      case 'quit':
      case 'exit':
      case 'q':
        return false;
      case 'help':
        out(consoleHelp);
        return true;
      case 'members':
      case 'who':
        for (const m of members) {
          const roles = m.roles.map((r) => roleLabels[r] ?? r).join('、') || '业主';
          out(`  ${m.name} (${roles})${m.id === speaker.id ? '  ← 你' : ''}`);
        }
        return true;
      case 'as': {
        const next = members.find((m) => m.name === arg || m.id === arg);
        if (!next) out(`没有「${arg}」, 可选: ${members.map((m) => m.name).join('、')}`);
        else {
          speaker = next;
          if (!world.rooms.get(roomId)?.payload.memberIdList.includes(speaker.id)) roomId = demoOwnersRoom.id;
          out(`现在你是 ${speaker.name}, 在「${topicOf(roomId)}」。`);
        }
        return true;
      }
      case 'room': {
        const next = [...world.rooms.values()].find((r) => arg !== '' && r.payload.topic.includes(arg));
        if (!next)
          out(`没有这个群, 可选: ${[...world.rooms.values()].map((r) => r.payload.topic).join('、')}`);
        else if (!next.payload.memberIdList.includes(speaker.id))
          out(`${speaker.name} 不在「${next.payload.topic}」里。`);
        else {
          roomId = next.id;
          out(`现在在「${next.payload.topic}」。`);
        }
        return true;
      }
      case 'private':
        if (!io.interactive) out(`[私聊] ${speaker.name}: ${arg}`);
        world.sayPrivately(speaker.id, arg);
        return true;
      case 'file':
        try {
          world.sendFile(speaker.id, roomId, basename(arg), readFileSync(arg));
          if (!io.interactive) out(`[${topicOf(roomId)}] ${speaker.name} 发了文件: ${arg}`);
        } catch {
          out(`读不了文件: ${arg}`);
        }
        return true;
      case 'wait':
        await new Promise((r) => setTimeout(r, Math.min(600, Math.max(0, Number(arg) || 1)) * 1000));
        return true;
      default:
        out(`不认识 :${cmd}, 输入 :help 查看沙盒命令。`);
        return true;
    }
  }

  const rl = createInterface({ input: io.input, terminal: io.interactive });
  const prompt = () => {
    if (io.interactive) io.output.write(`${speaker.name}@${topicOf(roomId)}> `);
  };
  prompt();
  for await (const line of rl) {
    const goOn = await handleLine(line);
    await options.settle(() => lastSentAt);
    if (!goOn) break;
    prompt();
  }
  rl.close();
  await options.settle(() => lastSentAt);
  world.puppet.outgoing.off('sent', onSent);
}

/**
 * The baseline of the round-trip and memory benchmarks: the smallest Wechaty bot on the same
 * puppet service, answering a group text at once. Started with the same WECHATY_* variables as
 * the real bot. Plain JavaScript, run by node alone, as `npm start` runs the compiled bot.
 */
import { WechatyBuilder } from 'wechaty';

const bot = WechatyBuilder.build({ name: 'echo' });
bot.on('message', async (msg) => {
  const room = msg.room();
  if (!room || msg.self()) return;
  await room.say(`echo ${msg.text()}`);
});
bot.on('ready', () => console.log('echo ready'));
bot.on('error', (e) => console.error(String(e)));
await bot.start();
process.on('SIGTERM', () => void bot.stop().finally(() => process.exit(0)));

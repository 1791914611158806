/**
 * Part 7 of `npm run bench` (issue 18): the board page of a compound with 1,000,000 tickets ever
 * filed (and 1,000 open), served by the bot's own web side (web/server.ts) over HTTP on loopback,
 * against the same number of bytes served as a static file by a bare node:http server in the same
 * process (the floor of any page: a socket, headers, the bytes). Each request is one fetch from
 * this process, one at a time; median and p99 of `rounds` after a few untimed ones. Run alone with
 * `npx tsx bench/board.ts [sqlite|postgres]`: it prints its figures as one JSON line.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { demoOwnersRoom } from '../bot/sandbox/demo-compound.js';
import { seedDemoCompound } from '../bot/sandbox/mock-world.js';
import { boardTokenOf } from '../db/board.js';
import { startBoardServer } from '../web/server.js';
import { openBenchDb } from './bench-db.js';
import type { BenchStore } from './postgres.js';
import { median, percentile, scaled } from './stats.js';

const silent = { info() {}, error() {} };

async function timeFetches(url: string, rounds: number): Promise<{ times: number[]; bytes: number }> {
  let bytes = 0;
  const times: number[] = [];
  for (let i = 0; i < rounds + 3; i++) {
    const t0 = performance.now();
    const res = await fetch(url);
    const body = await res.arrayBuffer();
    const ms = performance.now() - t0;
    if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
    bytes = body.byteLength;
    if (i >= 3) times.push(ms);
  }
  return { times, bytes };
}

export async function boardBench(store: BenchStore, closed = scaled(1_000_000), rounds = 50) {
  const bench = await openBenchDb(store, 'board');
  const open = Math.max(10, Math.round(closed / 1000));
  try {
    const now = Date.now();
    const compoundId = await seedDemoCompound(bench.handle.db, now);
    await bench.fillTickets({
      compoundId,
      roomId: demoOwnersRoom.id,
      reporterId: 'wxid_zhangsan',
      closed,
      open,
      now,
    });
    await bench.settle();
    const token = await boardTokenOf(bench.handle.db, { kind: 'compound', id: compoundId }, now);
    const board = await startBoardServer({
      db: bench.handle.db,
      tz: 'Asia/Shanghai',
      now: () => now,
      log: silent,
      port: 0,
      host: '127.0.0.1',
      publicUrl: null,
    });
    try {
      const page = await timeFetches(`http://127.0.0.1:${board.port}/b/${token}`, rounds);
      const body = Buffer.alloc(page.bytes, 'a');
      const plain = createServer((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': body.length });
        res.end(body);
      });
      await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
      try {
        const file = await timeFetches(`http://127.0.0.1:${(plain.address() as AddressInfo).port}/`, rounds);
        return {
          store,
          closed,
          open,
          rounds,
          pageBytes: page.bytes,
          page: { p50: median(page.times), p99: percentile(page.times, 99) },
          file: { p50: median(file.times), p99: percentile(file.times, 99) },
          ratio: median(page.times) / median(file.times),
        };
      } finally {
        await new Promise<void>((r) => plain.close(() => r()));
      }
    } finally {
      await board.close();
    }
  } finally {
    await bench.drop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const store = (process.argv[2] ?? 'sqlite') as BenchStore;
  console.log(JSON.stringify(await boardBench(store)));
}

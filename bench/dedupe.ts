/**
 * The cost of the cross-account dedupe (SPEC "Many accounts, one store"; db/messages.ts
 * `crossAccountKey`): a message claimed by its id alone, as with one account, against claimed by
 * its id and its cross-account key, each in a transaction of its own as the dispatcher does,
 * on both stores. Run alone with `npx tsx bench/dedupe.ts`; prints one JSON line per store.
 * HGJ_BENCH_SCALE=0.1 for a quick run.
 */
import { claimMessage, crossAccountKey } from '../db/messages.js';
import { openBenchDb } from './bench-db.js';
import { type BenchStore, postgresMissing } from './postgres.js';
import { median, percentile, scaled } from './stats.js';

const WARM_UP = 200;

async function measure(store: BenchStore): Promise<Record<string, unknown>> {
  const bench = await openBenchDb(store, 'dedupe');
  const db = bench.handle.db;
  const n = scaled(5000);
  const at = Date.UTC(2026, 10, 23, 2, 0);
  const run = async (label: string, withKey: boolean) => {
    const times: number[] = [];
    for (let i = 0; i < WARM_UP + n; i++) {
      const key = withKey
        ? crossAccountKey({
            roomId: 'r1@chatroom',
            speakerId: `wxid_${i % 300}`,
            sentAt: at + i * 1000,
            kind: 'text',
            content: `/报修 ${i}号楼楼道灯不亮`,
          })
        : null;
      const t0 = performance.now();
      await db.transaction((tx) => claimMessage(tx, `${label}-${i}`, at, key));
      if (i >= WARM_UP) times.push(performance.now() - t0);
    }
    return { medianMs: median(times), p95Ms: percentile(times, 95) };
  };
  // Alternated twice, so a drift of the machine's load falls on both.
  const idOnly1 = await run('id-1', false);
  const withKey1 = await run('key-1', true);
  const idOnly2 = await run('id-2', false);
  const withKey2 = await run('key-2', true);
  await bench.drop();
  const idOnly = (idOnly1.medianMs + idOnly2.medianMs) / 2;
  const withKey = (withKey1.medianMs + withKey2.medianMs) / 2;
  return {
    store,
    messages: n,
    idOnlyMedianMs: Number(idOnly.toFixed(4)),
    withKeyMedianMs: Number(withKey.toFixed(4)),
    addedMs: Number((withKey - idOnly).toFixed(4)),
    idOnlyP95Ms: Number(Math.max(idOnly1.p95Ms, idOnly2.p95Ms).toFixed(4)),
    withKeyP95Ms: Number(Math.max(withKey1.p95Ms, withKey2.p95Ms).toFixed(4)),
  };
}

console.log(JSON.stringify(await measure('sqlite')));
const missing = await postgresMissing();
if (missing) console.log(JSON.stringify({ store: 'postgres', skipped: missing }));
else console.log(JSON.stringify(await measure('postgres')));

/** Fast fixtures for the benchmark: many tickets written with one prepared INSERT. */
import type Database from 'better-sqlite3';
import { seedDemoCompound } from '../bot/sandbox/mock-world.js';
import type { Db } from '../db/client.js';
import { bindGroup, ensureCompound } from '../db/compounds.js';

/** The groups bound in the memory and start-up measurements (issue 6). */
export const GROUPS = 200;

/**
 * The demo compound's two groups plus owners groups `bench-<i>@chatroom` of 198 other compounds,
 * so that GROUPS groups are bound. The puppet must hold rooms of the same ids.
 */
export async function bindBenchGroups(db: Db, now: number): Promise<void> {
  await seedDemoCompound(db, now);
  for (let i = 0; i < GROUPS - 2; i++) {
    const { compound } = await ensureCompound(db, `小区${i + 1}`, now);
    await bindGroup(
      db,
      {
        compoundId: compound.id,
        roomId: `bench-${i}@chatroom`,
        topic: `小区${i + 1}业主群`,
        kind: 'owners',
        boundBy: 'wxid_admin_liu',
      },
      now,
    );
  }
}

/** The highest per-compound number (`no`) already used in `table`, 0 when none. */
function highestNo(sqlite: Database.Database, table: 'tickets' | 'polls', compoundId: number): number {
  const row = sqlite.prepare(`SELECT max(no) AS n FROM ${table} WHERE compound_id = ?`).get(compoundId);
  return (row as { n: number | null }).n ?? 0;
}

const COLUMNS =
  'compound_id, no, room_id, reporter_id, filed_by, description, category, ticket_class, status, assignee_id, ' +
  'filed_at, response_due_at, solve_due_at, responded_at, resolved_at, closed_at, score, updated_at';

/**
 * Inserts `closed` closed tickets, then `open` open ones due in the hour around `now`, numbered
 * after the highest `no` already in the compound.
 */
export function fillTickets(
  sqlite: Database.Database,
  opts: { compoundId: number; roomId: string; reporterId: string; closed: number; open: number; now: number },
): void {
  const insert = sqlite.prepare(
    `INSERT INTO tickets (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const start = highestNo(sqlite, 'tickets', opts.compoundId);
  const year = 365 * 86_400_000;
  /** One ticket row: closed ones were answered, solved and rated; open ones are new. */
  const row = (no: number, filed: number, closed: boolean) =>
    insert.run(
      opts.compoundId,
      no,
      opts.roomId,
      opts.reporterId,
      opts.reporterId,
      '楼道灯不亮',
      '维修',
      'general',
      closed ? 'closed' : 'new',
      null,
      filed,
      filed + 300_000,
      filed + 1_800_000,
      closed ? filed + 60_000 : null,
      closed ? filed + 900_000 : null,
      closed ? filed + 1_000_000 : null,
      closed ? 5 : null,
      closed ? filed + 1_000_000 : filed,
    );
  const run = sqlite.transaction(() => {
    let no = start;
    for (let i = 0; i < opts.closed; i++) {
      row(++no, opts.now - year + Math.floor((i / Math.max(1, opts.closed)) * (year - 86_400_000)), true);
    }
    for (let i = 0; i < opts.open; i++) {
      row(++no, opts.now - 1_800_000 + Math.floor((i / Math.max(1, opts.open)) * 3_600_000), false);
    }
  });
  run();
}

/** Inserts `count` messages already sent to `roomId` (what a year of replies leaves behind). */
export function fillSentOutbox(
  sqlite: Database.Database,
  opts: { count: number; roomId: string; now: number },
) {
  const insert = sqlite.prepare(
    'INSERT INTO outbox (conversation_id, text, created_at, not_before, sending_at, sent_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  sqlite.transaction(() => {
    for (let i = 0; i < opts.count; i++) {
      const at = opts.now - opts.count + i;
      insert.run(opts.roomId, '已受理', at, at, at, at);
    }
  })();
}

/**
 * Inserts `polls` quick polls of `perPoll` ballots each, numbered after the compound's highest
 * poll number: closed and acknowledged (what years of votes leave behind), or, with `open`,
 * running with every ballot still waiting for its acknowledgement.
 */
export function fillPolls(
  sqlite: Database.Database,
  opts: {
    compoundId: number;
    roomId: string;
    openedBy: string;
    polls: number;
    perPoll: number;
    now: number;
    open?: boolean;
  },
) {
  const start = highestNo(sqlite, 'polls', opts.compoundId);
  const poll = sqlite.prepare(
    `INSERT INTO polls (compound_id, no, kind, question, options, voters, room_id, opened_by, opened_at, deadline, closed_at)
     VALUES (?, ?, 'quick', '充电桩装在哪里?', '["东门","北门"]', 'members', ?, ?, ?, ?, ?)`,
  );
  const ballot = sqlite.prepare(
    'INSERT INTO ballots (poll_id, voter_key, person_id, choices, cast_at, ack_pending) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const day = 86_400_000;
  sqlite.transaction(() => {
    for (let p = 0; p < opts.polls; p++) {
      const at = opts.open ? opts.now - 1000 : opts.now - (opts.polls - p) * day;
      const deadline = opts.open ? opts.now + 3 * day : at + day;
      const closedAt = opts.open ? null : deadline;
      const id = poll.run(opts.compoundId, start + p + 1, opts.roomId, opts.openedBy, at, deadline, closedAt);
      for (let b = 0; b < opts.perPoll; b++) {
        ballot.run(id.lastInsertRowid, `wxid_voter_${b}`, `wxid_voter_${b}`, '[1]', at, opts.open ? 1 : 0);
      }
    }
  })();
}

/**
 * The rows one `/报修` commits, written with prepared statements in one transaction and nothing
 * else: the message claim, the ticket, its "filed" event, the reply to the group and the notice
 * to the staff group. No parsing, no lookups, no reply text to build: what is left of a `/报修`
 * when everything but its writes is taken away. Returns one call per command.
 */
export function filingWrites(
  sqlite: Database.Database,
  opts: { compoundId: number; roomId: string; staffRoomId: string; reporterId: string; managerId: string },
): (i: number, now: number) => void {
  const claim = sqlite.prepare('INSERT INTO inbox (message_id, received_at, handled_at) VALUES (?, ?, ?)');
  const ticket = sqlite.prepare(
    `INSERT INTO tickets (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'new', NULL, ?, ?, ?, NULL, NULL, NULL, NULL, ?)`,
  );
  const event = sqlite.prepare(
    "INSERT INTO ticket_events (ticket_id, kind, actor_id, at, note) VALUES (?, 'filed', ?, ?, NULL)",
  );
  const post = sqlite.prepare(
    'INSERT INTO outbox (conversation_id, text, mention_ids, created_at, not_before) VALUES (?, ?, ?, ?, ?)',
  );
  let no = highestNo(sqlite, 'tickets', opts.compoundId);
  const description = '3号楼2单元楼道灯不亮';
  return sqlite.transaction((i: number, now: number) => {
    claim.run(`raw-${i}`, now, now);
    no++;
    const id = ticket.run(
      opts.compoundId,
      no,
      opts.roomId,
      opts.reporterId,
      opts.reporterId,
      description,
      '维修',
      'general',
      now,
      now + 300_000,
      now + 1_800_000,
      now,
    ).lastInsertRowid;
    event.run(id, opts.reporterId, now);
    post.run(
      opts.roomId,
      `已受理 #${no} 一般: ${description}\n5分钟内响应 (10:05 前), 30分钟内解决 (10:30 前)。已通知物业: 王师傅。\n查看进度: /进度 #${no}`,
      '[]',
      now,
      now,
    );
    post.run(
      opts.staffRoomId,
      `新工单 #${no} 一般 (张三): ${description}\n5分钟内响应 (10:05 前), 30分钟内解决 (10:30 前)。接单请发 /接单 #${no}`,
      JSON.stringify([opts.managerId]),
      now,
      now,
    );
  });
}

/**
 * The fixtures and raw baselines of bench/fill.ts on PostgreSQL, through a plain node-postgres
 * client: the same rows, written set-based (one `insert … select … from generate_series(…)` per
 * kind of row, so a million tickets take seconds, not the minutes of a million round trips), and
 * the same raw writes of one /报修 as prepared statements in one transaction.
 */
import type pg from 'pg';

/** The highest per-compound number (`no`) already used in `table`, 0 when none. */
async function highestNo(client: pg.Client, table: 'tickets' | 'polls', compoundId: number): Promise<number> {
  const { rows } = await client.query<{ n: string | null }>(
    `SELECT max(no) AS n FROM ${table} WHERE compound_id = $1`,
    [compoundId],
  );
  return Number(rows[0]?.n ?? 0);
}

const COLUMNS =
  'compound_id, no, room_id, reporter_id, filed_by, description, category, ticket_class, status, assignee_id, ' +
  'filed_at, response_due_at, solve_due_at, responded_at, resolved_at, closed_at, score, updated_at';

const YEAR = 365 * 86_400_000;

/** bench/fill.ts `fillTickets`: the same closed and open tickets, numbered alike, in one transaction. */
export async function fillTicketsPg(
  client: pg.Client,
  opts: { compoundId: number; roomId: string; reporterId: string; closed: number; open: number; now: number },
): Promise<void> {
  await client.query('BEGIN');
  const start = await highestNo(client, 'tickets', opts.compoundId);
  // `filed` is computed as fill.ts computes it in JavaScript (float8 division and product, then
  // floor), so both stores hold the same times.
  await client.query(
    `INSERT INTO tickets (${COLUMNS})
     SELECT $1::bigint, $2::bigint + i + 1, $3, $4, $4, '楼道灯不亮', '维修', 'general', 'closed', NULL,
            f, f + 300000, f + 1800000, f + 60000, f + 900000, f + 1000000, 5, f + 1000000
       FROM (SELECT i, $5::bigint - ${YEAR} + floor((i::float8 / greatest(1, $6::bigint)) * ${YEAR - 86_400_000})::bigint AS f
               FROM generate_series(0, $6::bigint - 1) AS i) AS s`,
    [opts.compoundId, start, opts.roomId, opts.reporterId, opts.now, opts.closed],
  );
  await client.query(
    `INSERT INTO tickets (${COLUMNS})
     SELECT $1::bigint, $2::bigint + i + 1, $3, $4, $4, '楼道灯不亮', '维修', 'general', 'new', NULL,
            f, f + 300000, f + 1800000, NULL, NULL, NULL, NULL, f
       FROM (SELECT i, $5::bigint - 1800000 + floor((i::float8 / greatest(1, $6::bigint)) * 3600000)::bigint AS f
               FROM generate_series(0, $6::bigint - 1) AS i) AS s`,
    [opts.compoundId, start + opts.closed, opts.roomId, opts.reporterId, opts.now, opts.open],
  );
  await client.query('COMMIT');
}

/** bench/fill.ts `fillSentOutbox`: `count` messages already sent to `roomId`. */
export async function fillSentOutboxPg(
  client: pg.Client,
  opts: { count: number; roomId: string; now: number },
): Promise<void> {
  await client.query(
    `INSERT INTO outbox (conversation_id, text, created_at, not_before, sending_at, sent_at)
     SELECT $1, '已受理', a, a, a, a
       FROM (SELECT $2::bigint - $3::bigint + i AS a FROM generate_series(0, $3::bigint - 1) AS i) AS s`,
    [opts.roomId, opts.now, opts.count],
  );
}

/** bench/fill.ts `fillPolls`: `polls` quick polls of `perPoll` ballots each, in one transaction. */
export async function fillPollsPg(
  client: pg.Client,
  opts: {
    compoundId: number;
    roomId: string;
    openedBy: string;
    polls: number;
    perPoll: number;
    now: number;
    open?: boolean;
  },
): Promise<void> {
  const day = 86_400_000;
  const open = opts.open === true;
  await client.query('BEGIN');
  const start = await highestNo(client, 'polls', opts.compoundId);
  await client.query(
    `INSERT INTO polls (compound_id, no, kind, question, options, voters, room_id, opened_by, opened_at, deadline, closed_at)
     SELECT $1::bigint, $2::bigint + p + 1, 'quick', '充电桩装在哪里?', '["东门","北门"]', 'members', $3, $4,
            at, deadline, CASE WHEN $5::boolean THEN NULL ELSE deadline END
       FROM (SELECT p, at, CASE WHEN $5::boolean THEN $6::bigint + ${3 * day} ELSE at + ${day} END AS deadline
               FROM (SELECT p, CASE WHEN $5::boolean THEN $6::bigint - 1000 ELSE $6::bigint - ($7::bigint - p) * ${day} END AS at
                       FROM generate_series(0, $7::bigint - 1) AS p) AS a) AS b`,
    [opts.compoundId, start, opts.roomId, opts.openedBy, open, opts.now, opts.polls],
  );
  // Each poll's ballots, cast when it opened, as fill.ts writes them poll by poll.
  await client.query(
    `INSERT INTO ballots (poll_id, voter_key, person_id, choices, cast_at, ack_pending)
     SELECT p.id, 'wxid_voter_' || b, 'wxid_voter_' || b, '[1]', p.opened_at, $4::bigint
       FROM polls AS p CROSS JOIN generate_series(0, $5::bigint - 1) AS b
      WHERE p.compound_id = $1 AND p.no > $2 AND p.no <= $2::bigint + $3::bigint
      ORDER BY p.id, b`,
    [opts.compoundId, start, opts.polls, open ? 1 : 0, opts.perPoll],
  );
  await client.query('COMMIT');
}

/**
 * After a bulk fill: statistics and the visibility map, which autovacuum would bring up to date
 * on its own within a minute or so (and then in the middle of a timing). A database that has
 * grown to a million rows over months has had both all along.
 */
export async function settleAfterFill(client: pg.Client): Promise<void> {
  await client.query('VACUUM ANALYZE');
}

/**
 * bench/fill.ts `filingWrites` on PostgreSQL: the rows one `/报修` commits (the message claim,
 * the ticket, its "filed" event, the reply and the staff notice), as named prepared statements
 * in one transaction on `client`. The ticket's id comes back with `returning`, where
 * better-sqlite3 reads the last rowid.
 */
export async function filingWritesPg(
  client: pg.Client,
  opts: { compoundId: number; roomId: string; staffRoomId: string; reporterId: string; managerId: string },
): Promise<(i: number, now: number) => Promise<void>> {
  let no = await highestNo(client, 'tickets', opts.compoundId);
  const description = '3号楼2单元楼道灯不亮';
  return async (i, now) => {
    await client.query('BEGIN');
    try {
      await client.query({
        name: 'bench_claim',
        text: 'INSERT INTO inbox (message_id, received_at, handled_at) VALUES ($1, $2, $3)',
        values: [`raw-${i}`, now, now],
      });
      no++;
      const { rows } = await client.query<{ id: string }>({
        name: 'bench_ticket',
        text: `INSERT INTO tickets (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'new', NULL, $9, $10, $11, NULL, NULL, NULL, NULL, $12) RETURNING id`,
        values: [
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
        ],
      });
      await client.query({
        name: 'bench_event',
        text: "INSERT INTO ticket_events (ticket_id, kind, actor_id, at, note) VALUES ($1, 'filed', $2, $3, NULL)",
        values: [rows[0]?.id, opts.reporterId, now],
      });
      const post = (conversationId: string, text: string, mentions: string) =>
        client.query({
          name: 'bench_post',
          text: 'INSERT INTO outbox (conversation_id, text, mention_ids, created_at, not_before) VALUES ($1, $2, $3, $4, $5)',
          values: [conversationId, text, mentions, now, now],
        });
      await post(
        opts.roomId,
        `已受理 #${no} 一般: ${description}\n5分钟内响应 (10:05 前), 30分钟内解决 (10:30 前)。已通知物业: 王师傅。\n查看进度: /进度 #${no}`,
        '[]',
      );
      await post(
        opts.staffRoomId,
        `新工单 #${no} 一般 (张三): ${description}\n5分钟内响应 (10:05 前), 30分钟内解决 (10:30 前)。接单请发 /接单 #${no}`,
        JSON.stringify([opts.managerId]),
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  };
}

/** The bare baseline on PostgreSQL: one row into a table of its own, in its own transaction. */
export async function bareInsertPg(client: pg.Client): Promise<(i: number) => Promise<void>> {
  await client.query(
    'CREATE TABLE bench_rows (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, body text NOT NULL, at bigint NOT NULL)',
  );
  return async (i) => {
    await client.query('BEGIN');
    await client.query({
      name: 'bench_bare',
      text: 'INSERT INTO bench_rows (body, at) VALUES ($1, $2)',
      values: ['3号楼2单元楼道灯不亮', i],
    });
    await client.query('COMMIT');
  };
}

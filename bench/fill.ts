/** Fast fixtures for the benchmark: many tickets written with one prepared INSERT. */
import type Database from 'better-sqlite3';

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
  const start =
    (
      sqlite.prepare('SELECT max(no) AS n FROM tickets WHERE compound_id = ?').get(opts.compoundId) as {
        n: number | null;
      }
    ).n ?? 0;
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

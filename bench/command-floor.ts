/**
 * The exact floor of one command in process (benchmark part 1): every statement one `/报修`
 * sends to the store, recorded at the store's executor (db/stores/executor.ts) on the bench's
 * own database after the timed commands, then replayed raw, with no drizzle, no dispatcher and
 * no command code: better-sqlite3 prepared statements on SQLite, one node-postgres client on
 * PostgreSQL; the same SQL texts, parameters and transaction boundaries.
 *
 * A replay with the captured values would find its writes already done (a duplicate message id,
 * a ticket number taken), so the values a unique key or a foreign key needs are made fresh,
 * found from each INSERT's column list (not by matching values): the inbox's message id, the
 * cross-account claim key, an outbox dedupe key and an attachment's message id get a suffix per
 * replay, the ticket's `no` is the one the insert takes itself (a bound `no` counts on from the
 * compound's highest), and every `ticket_id` after the ticket insert takes the id that insert
 * returned in this replay. Reads run with the captured
 * parameters. A capture that passes one of the renewed values again later in a parameter these
 * rules do not reach (an update naming the new ticket, say) is refused: the rules need a line
 * more. Every replayed write must change as many rows as the bot's did, or the replay throws.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type Database from 'better-sqlite3';
import type pg from 'pg';
import type { Executor, Method } from '../db/stores/executor.js';
import { bareConflictTarget, numberPlaceholders } from '../db/stores/postgres.js';
import { nextTurn } from './stats.js';

/** One step of a recorded command: a statement as the executor got it, or a transaction boundary. */
export type Step =
  | {
      kind: 'statement';
      text: string;
      params: unknown[];
      method: Method;
      inTransaction: boolean;
      /** Rows it changed (a write without `returning`) or returned: a replayed write must match. */
      count: number;
    }
  | { kind: 'begin' }
  | { kind: 'commit' }
  | { kind: 'rollback' }
  | { kind: 'savepoint'; name: string }
  | { kind: 'release'; name: string };

/**
 * Records what goes through a store's executor while {@link record} runs. Install it with
 * `openDatabase(url, { wrapExecutor: recorder.wrap })`; when not recording it passes each call
 * straight on (one check per statement).
 */
export class StatementRecorder {
  private steps: Step[] | null = null;
  /** Inside a transaction the recorder saw begin; its savepoints, numbered as the executors do. */
  private readonly scope = new AsyncLocalStorage<{ savepoints: number }>();

  readonly wrap = (inner: Executor): Executor => {
    const recorder = this;
    return {
      query(text, params, method) {
        const steps = recorder.steps;
        if (steps === null) return inner.query(text, params, method);
        const step: Step = {
          kind: 'statement',
          text,
          params: [...params],
          method,
          inTransaction: recorder.scope.getStore() !== undefined,
          count: 0,
        };
        steps.push(step);
        return inner.query(text, params, method).then((result) => {
          step.count = result.changes ?? rowCount(method, result.rows);
          return result;
        });
      },
      transaction<T>(fn: () => Promise<T>): Promise<T> {
        const steps = recorder.steps;
        if (steps === null) return inner.transaction(fn);
        return recorder.recorded(inner, steps, fn);
      },
      close: () => inner.close(),
    };
  };

  private async recorded<T>(inner: Executor, steps: Step[], fn: () => Promise<T>): Promise<T> {
    const outer = this.scope.getStore();
    // The boundary is recorded inside the executor's callback: once begin (or the savepoint)
    // has run, not while waiting for another transaction to end.
    const open: Step =
      outer === undefined ? { kind: 'begin' } : { kind: 'savepoint', name: `sp${++outer.savepoints}` };
    try {
      const result = await inner.transaction(() => {
        steps.push(open);
        return outer === undefined ? this.scope.run({ savepoints: 0 }, fn) : fn();
      });
      steps.push(
        open.kind === 'begin'
          ? { kind: 'commit' }
          : { kind: 'release', name: (open as { name: string }).name },
      );
      return result;
    } catch (error) {
      steps.push({ kind: 'rollback' });
      throw error;
    }
  }

  /**
   * What `fn` sends to the store until it resolves. Statements sent in the turn after it
   * resolved (work it left running) would be missing from the floor: they are an error.
   */
  async record<T>(fn: () => Promise<T>): Promise<{ result: T; steps: Step[] }> {
    if (this.steps !== null) throw new Error('StatementRecorder: already recording');
    const steps: Step[] = [];
    this.steps = steps;
    let result: T;
    let sent: number;
    try {
      result = await fn();
      sent = steps.length;
      await nextTurn();
    } finally {
      this.steps = null;
    }
    if (steps.length > sent)
      throw new Error(`StatementRecorder: ${steps.length - sent} statements came after the call resolved`);
    return { result, steps };
  }
}

/** Rows in a result as the executor gives them: one row for `get`, an array of rows otherwise. */
function rowCount(method: Method, rows: unknown): number {
  if (method === 'get') return rows === undefined || rows === null ? 0 : 1;
  return Array.isArray(rows) ? rows.length : 0;
}

/** How a parameter is made fresh for each replay. */
type Fresh = 'suffix' | 'ticketNo' | 'ticketId';

/**
 * Per table, the inserted columns a replay must give a value of its own: a unique key (suffix,
 * or the next ticket number), or a foreign key to the replayed ticket. `ticket_id` in any table
 * is the replayed ticket's.
 */
const FRESH_COLUMNS: Record<string, Record<string, Fresh>> = {
  inbox: { message_id: 'suffix', cross_key: 'suffix' },
  message_claims: { key: 'suffix' },
  outbox: { dedupe_key: 'suffix' },
  tickets: { no: 'ticketNo' },
  ticket_attachments: { message_id: 'suffix' },
};

/** An inserted table and, per column, the parameter indexes (0-based) that give its values. */
export interface InsertShape {
  table: string;
  columns: Map<string, number[]>;
}

/**
 * The inserts in one statement's text, as drizzle's SQLite builder writes them (`insert into
 * "t" ("a", "b") values (?, null), (…)` or `… select ?, ? where …`, also inside a `with`), with
 * the parameter index behind each column's value: the `?` counted from the start of the text,
 * outside quotes. A value that is not a bare `?` (null, default, an expression) gives no index.
 */
export function insertShapes(text: string): InsertShape[] {
  const shapes: InsertShape[] = [];
  // Placeholders before each position, quotes skipped.
  const before: number[] = new Array(text.length + 1);
  let n = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    before[i] = n;
    const ch = text[i] as string;
    if (quote !== null) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '?') n++;
  }
  before[text.length] = n;

  const head = /insert into "([^"]+)" \(([^)]*)\)\s*(values|select)\s*/gi;
  for (let m = head.exec(text); m !== null; m = head.exec(text)) {
    const table = m[1] as string;
    const names = (m[2] as string).split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
    const columns = new Map<string, number[]>(names.map((c) => [c, []]));
    let at = head.lastIndex;
    /**
     * Items separated by commas at depth 0 from `from`, up to a `)` at depth 0 (the end of a
     * values tuple, or of the `with` part around a select) or, for a select list, its first
     * keyword. Returns each item's span and where the scan stopped.
     */
    const split = (from: number, select: boolean) => {
      const spans: [number, number][] = [];
      let start = from;
      let depth = 0;
      let q: string | null = null;
      let i = from;
      for (; i < text.length; i++) {
        const ch = text[i] as string;
        if (q !== null) {
          if (ch === q) q = null;
        } else if (ch === "'" || ch === '"') q = ch;
        else if (ch === '(') depth++;
        else if (ch === ')' && depth > 0) depth--;
        else if (depth === 0 && ch === ',') {
          spans.push([start, i]);
          start = i + 1;
        } else if (
          depth === 0 &&
          (ch === ')' || (select && /^\s(where|from|on|returning)\b/i.test(text.slice(i))))
        )
          break;
      }
      spans.push([start, i]);
      return { spans, end: i };
    };
    const add = (spans: [number, number][]) => {
      if (spans.length !== names.length)
        throw new Error(`insertShapes: ${spans.length} values for ${names.length} columns of "${table}"`);
      spans.forEach(([s, e], k) => {
        const item = text.slice(s, e);
        if (item.trim() === '?')
          columns.get(names[k] as string)?.push(before[s + item.indexOf('?')] as number);
      });
    };
    if ((m[3] as string).toLowerCase() === 'values') {
      while (text[at] === '(') {
        const tuple = split(at + 1, false);
        add(tuple.spans);
        at = tuple.end + 1;
        const next = /^\s*,\s*/.exec(text.slice(at));
        if (next === null) break;
        at += next[0].length;
      }
    } else add(split(at, true).spans);
    shapes.push({ table, columns });
  }
  return shapes;
}

type StatementStep = Extract<Step, { kind: 'statement' }>;

/** A statement of the replay: which parameters are fresh each time, and what it must do. */
interface Planned {
  kind: 'statement';
  step: StatementStep;
  fresh: [at: number, how: Fresh][];
  /** The ticket insert: its returned `id` is the ticket id of the statements after it. */
  ticketInsert: boolean;
  /** A write (an insert, update or delete): it must change as many rows as the bot's did. */
  write: boolean;
}

export interface FloorPlan {
  steps: (Planned | Exclude<Step, StatementStep>)[];
  /** Statements replayed, begin and commit not counted. */
  statements: number;
  /**
   * The compound of a ticket insert that binds its `no`, for the next ticket number; undefined
   * when the insert numbers the ticket itself.
   */
  compoundId: unknown;
}

/**
 * Works out, from the captured steps, which parameters each replay makes fresh (see the top of
 * this file). Refuses a capture that rolled back, has no transaction, or uses a value a replay
 * renews somewhere the rules above do not reach (then every replay would repeat it, and the
 * rules need a line more).
 */
export function planFloor(steps: readonly Step[]): FloorPlan {
  if (steps.some((s) => s.kind === 'rollback'))
    throw new Error('exact floor: the captured command rolled back');
  if (!steps.some((s) => s.kind === 'begin'))
    throw new Error('exact floor: the captured command ran no transaction');
  let compoundId: unknown;
  let ticketSeen = false;
  /** Each renewed value, and the step that first passed it. */
  const renewed = new Map<unknown, number>();
  const planned = steps.map((step, index) => {
    if (step.kind !== 'statement') return step;
    const fresh: [number, Fresh][] = [];
    const shapes = insertShapes(step.text);
    let ticketInsert = false;
    for (const { table, columns } of shapes) {
      for (const [column, at] of columns) {
        const how: Fresh | undefined = column === 'ticket_id' ? 'ticketId' : FRESH_COLUMNS[table]?.[column];
        if (how === undefined) continue;
        if (how === 'ticketId' && !ticketSeen)
          throw new Error(`exact floor: "${table}"."ticket_id" before the ticket insert`);
        for (const k of at) {
          if (step.params[k] === null) continue;
          fresh.push([k, how]);
          if (how !== 'ticketNo' && !renewed.has(step.params[k])) renewed.set(step.params[k], index);
        }
      }
      if (table === 'tickets') {
        ticketInsert = true;
        // The bot's insert takes the next number itself (db/tickets.ts insertNextTicket), so each
        // replay gets its own with nothing renewed; a bound `no` counts on from the highest.
        if (columns.get('no')?.length) {
          const at = columns.get('compound_id')?.[0];
          if (at === undefined) throw new Error('exact floor: the ticket insert binds no but no compound_id');
          compoundId = step.params[at];
        }
      }
    }
    if (ticketInsert) ticketSeen = true;
    const write = shapes.length > 0 || /^\s*(update|delete)\b/i.test(step.text);
    return { kind: 'statement' as const, step, fresh, ticketInsert, write };
  });
  // Only after the step that renews a value: a read before it cannot be about the new row.
  for (const [index, p] of planned.entries()) {
    if (p.kind !== 'statement') continue;
    p.step.params.forEach((v, k) => {
      const from = renewed.get(v);
      if (from !== undefined && index >= from && !p.fresh.some(([at]) => at === k))
        throw new Error(
          `exact floor: parameter ${k + 1} of \`${p.step.text.slice(0, 60)}…\` repeats a value the replay renews elsewhere (${String(v)}): say how to renew it`,
        );
    });
  }
  if (planned.filter((p) => p.kind === 'statement' && p.ticketInsert).length !== 1)
    throw new Error('exact floor: expected one ticket insert');
  return {
    steps: planned,
    statements: planned.filter((p) => p.kind === 'statement').length,
    compoundId,
  };
}

/** The values one replay makes fresh: a tag of its own for the unique strings, the next ticket number. */
function freshValues(highestNo: number) {
  const tag = Math.random().toString(36).slice(2, 8);
  let n = 0;
  return () => {
    n++;
    const suffix = `:floor-${tag}-${n}`;
    const no = highestNo + n;
    return (p: Planned, ticketId: unknown): unknown[] => {
      if (p.fresh.length === 0) return p.step.params;
      const values = [...p.step.params];
      for (const [at, how] of p.fresh)
        values[at] = how === 'suffix' ? `${values[at]}${suffix}` : how === 'ticketNo' ? no : ticketId;
      return values;
    };
  };
}

function mismatch(p: Planned, got: number): Error {
  return new Error(
    `exact floor: a replayed write changed ${got} rows where the bot's changed ${p.step.count}: ${p.step.text.slice(0, 80)}`,
  );
}

/** A replay of the plan: `once()` runs it once (synchronously on SQLite) and returns the ticket's no. */
export interface ExactFloor {
  statements: number;
  once(): number | Promise<number>;
}

/**
 * The replay on SQLite, with better-sqlite3 on the bot's own connection: every statement
 * prepared once, here; `begin immediate` … `commit` (and savepoints) run with exec as the bot's
 * executor runs them (db/stores/sqlite.ts).
 */
export function sqliteExactFloor(sqlite: Database.Database, steps: readonly Step[]): ExactFloor {
  const plan = planFloor(steps);
  const highest = sqlite.prepare('select max("no") from "tickets" where "compound_id" = ?').pluck();
  const next = freshValues(plan.compoundId === undefined ? 0 : Number(highest.get(plan.compoundId) ?? 0));
  const prepared = plan.steps.map((p) => {
    if (p.kind !== 'statement') return p;
    const statement = sqlite.prepare(p.step.text);
    if (statement.reader) statement.raw(true);
    const returned = p.ticketInsert ? statement.columns().map((c) => c.name) : [];
    const idAt = returned.indexOf('id');
    const noAt = returned.indexOf('no');
    if (p.ticketInsert && (idAt < 0 || noAt < 0))
      throw new Error('exact floor: the ticket insert returns no id or no');
    return { ...p, statement, idAt, noAt };
  });
  return {
    statements: plan.statements,
    once() {
      const fill = next();
      let ticketId: unknown;
      let no = 0;
      for (const p of prepared) {
        if (p.kind === 'begin') sqlite.exec('begin immediate');
        else if (p.kind === 'commit') sqlite.exec('commit');
        else if (p.kind === 'savepoint') sqlite.exec(`savepoint ${p.name}`);
        else if (p.kind === 'release') sqlite.exec(`release ${p.name}`);
        else if (p.kind === 'rollback') throw new Error('unreachable');
        else {
          const values = fill(p, ticketId);
          let got: number;
          if (!p.statement.reader) got = p.statement.run(...values).changes;
          else if (p.step.method === 'get') {
            const row = p.statement.get(...values) as unknown[] | undefined;
            got = row === undefined ? 0 : 1;
            if (p.ticketInsert) {
              ticketId = row?.[p.idAt];
              no = Number(row?.[p.noAt]);
            }
          } else got = (p.statement.all(...values) as unknown[]).length;
          if (p.write && got !== p.step.count) {
            if (sqlite.inTransaction) sqlite.exec('rollback');
            throw mismatch(p, got);
          }
        }
      }
      return no;
    },
  };
}

/**
 * The replay on PostgreSQL, on one node-postgres client: the bot's SQL texts as its executor
 * sends them (placeholders numbered, conflict targets bare: db/stores/postgres.ts), each a named
 * prepared statement of this client (`floor_<n>`), rows as arrays; `begin` … `commit` and
 * savepoints as the executor sends them.
 */
export async function pgExactFloor(client: pg.Client, steps: readonly Step[]): Promise<ExactFloor> {
  const plan = planFloor(steps);
  const highest =
    plan.compoundId === undefined
      ? null
      : await client.query<{ n: string | null }>(
          'select max("no") as n from "tickets" where "compound_id" = $1',
          [plan.compoundId],
        );
  const next = freshValues(Number(highest?.rows[0]?.n ?? 0));
  const tag = Math.random().toString(36).slice(2, 8);
  const prepared = plan.steps.map((p, k) =>
    p.kind !== 'statement'
      ? p
      : { ...p, name: `floor_${tag}_${k}`, text: numberPlaceholders(bareConflictTarget(p.step.text)) },
  );
  return {
    statements: plan.statements,
    async once() {
      const fill = next();
      let ticketId: unknown;
      let no = 0;
      try {
        for (const p of prepared) {
          if (p.kind === 'begin') await client.query('begin');
          else if (p.kind === 'commit') await client.query('commit');
          else if (p.kind === 'savepoint') await client.query(`savepoint ${p.name}`);
          else if (p.kind === 'release') await client.query(`release savepoint ${p.name}`);
          else if (p.kind === 'rollback') throw new Error('unreachable');
          else {
            const values = fill(p, ticketId);
            const result = await client.query({ name: p.name, text: p.text, values, rowMode: 'array' });
            const got =
              p.step.method === 'run'
                ? (result.rowCount ?? 0)
                : rowCount(p.step.method, p.step.method === 'get' ? result.rows[0] : result.rows);
            if (p.ticketInsert) {
              const idAt = result.fields.findIndex((f) => f.name === 'id');
              const noAt = result.fields.findIndex((f) => f.name === 'no');
              if (idAt < 0 || noAt < 0) throw new Error('exact floor: the ticket insert returns no id or no');
              const row = result.rows[0] as unknown[] | undefined;
              ticketId = row?.[idAt];
              no = Number(row?.[noAt]);
            }
            if (p.write && got !== p.step.count) throw mismatch(p, got);
          }
        }
      } catch (error) {
        await client.query('rollback').catch(() => {});
        throw error;
      }
      return no;
    },
  };
}

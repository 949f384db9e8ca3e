import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { afterAll, afterEach, beforeAll, beforeEach, expect } from "vitest";
import { getConnection, setConnection, type Connection } from "../client";
import * as schema from "../schema";
import { testDatabaseUrl } from "./database";

/*
 * Losing the database connection in the middle of a write, made deterministic (PostgreSQL server
 * only): a second connection holds a row lock that the write takes late in its transaction, after
 * its first rows are written; once the write's backend waits on that lock it is terminated, as the
 * server does to a connection it loses (a restart, a failover, a network cut).
 *
 * postgres.js 3.4 mishandles the lost connection in two ways (porsager/postgres#1208; 3.4.10 has
 * no fix): `begin` sends its ROLLBACK to the socket it has just lost, which throws from a timer,
 * past every caller (`next start` logs uncaught exceptions and carries on; a bare Node process
 * such as the worker ends); and that pool slot keeps a write that never goes out, so any query
 * the pool later sends through it waits for connect_timeout and fails. The first is collected
 * here so that it cannot hide another error; each test gets a pool of its own against the second.
 */

export type Fingerprint = Record<string, { rows: number; hash: string }>;
type Lock = (sql: postgres.ReservedSql) => Promise<unknown>;

/** The driver's throw described above: the one uncaught exception a lost connection may cause. */
export const lostSocketWrite = "TypeError: Cannot read properties of null (reading 'write')";

/**
 * Registers the hooks of a describe block that loses connections: a side connection for locks and
 * checks, and a pool of its own for each test (made the process's database), so that a slot spoilt
 * by one loss cannot stall the next test. Returns the helpers, bound to the side connection.
 */
export function connectionLossHarness() {
  let side: postgres.Sql;
  let fileConnection: Connection;
  let pool: Connection;

  beforeAll(async () => {
    side = postgres(testDatabaseUrl(), { max: 2, onnotice: () => {} });
    fileConnection = await getConnection();
  });

  beforeEach(() => {
    const client = postgres(testDatabaseUrl(), { max: 10, onnotice: () => {} });
    pool = {
      db: drizzle({ client, schema }),
      kind: "postgres",
      listen: async (channel, onMessage) => (await client.listen(channel, onMessage)).unlisten,
      // Without waiting for the spoilt slot, which would never finish.
      close: () => client.end({ timeout: 0 }),
    };
    setConnection(pool);
  });

  afterEach(async () => {
    setConnection(fileConnection);
    await pool.close();
  });

  afterAll(async () => {
    await side?.end();
  });

  /** Every table's row count and a hash of its contents: a write that left anything behind changes it. */
  async function fingerprint(skip: string[] = []): Promise<Fingerprint> {
    const tables = (await side`select tablename from pg_tables where schemaname = 'public' order by tablename`).map((row) => row.tablename as string).filter((name) => !skip.includes(name));
    const result: Fingerprint = {};
    for (const table of tables) {
      const [row] = await side.unsafe(`select count(*)::int as rows, coalesce(md5(string_agg(md5(t::text), '' order by md5(t::text))), '') as hash from "${table}" t`);
      result[table] = { rows: row!.rows as number, hash: row!.hash as string };
    }
    return result;
  }

  /**
   * Starts `write` while `lock` holds rows on the side connection, waits until the write's backend
   * is blocked on them, checks that by then its transaction had written to each table of
   * `written`, and terminates that backend. Returns how `write` settled.
   */
  async function loseConnectionDuring<T>(lock: Lock, written: string[], write: () => Promise<T>): Promise<PromiseSettledResult<T>> {
    const uncaught: unknown[] = [];
    const listeners = process.rawListeners("uncaughtException") as ((error: Error) => void)[];
    const collect = (error: Error) => uncaught.push(error);
    process.removeAllListeners("uncaughtException");
    process.on("uncaughtException", collect);
    try {
      const settled = await blockThenTerminate(lock, written, write);
      // The driver's write to the lost socket fires from a timer once the call has settled.
      await new Promise((resolve) => setTimeout(resolve, 50));
      return settled;
    } finally {
      process.off("uncaughtException", collect);
      for (const listener of listeners) process.on("uncaughtException", listener);
      for (const error of uncaught) expect(String(error)).toBe(lostSocketWrite);
    }
  }

  async function blockThenTerminate<T>(lock: Lock, written: string[], write: () => Promise<T>): Promise<PromiseSettledResult<T>> {
    const holder = await side.reserve();
    try {
      await holder`begin`;
      await lock(holder);
      const [{ pid: holderPid }] = (await holder`select pg_backend_pid() as pid`) as unknown as [{ pid: number }];
      const settled = write().then(
        (value): PromiseSettledResult<T> => ({ status: "fulfilled", value }),
        (reason: unknown): PromiseSettledResult<T> => ({ status: "rejected", reason }),
      );
      let blocked: number | undefined;
      for (const deadline = Date.now() + 10_000; blocked === undefined; ) {
        const rows = await side`
          select pid from pg_stat_activity
          where ${holderPid} = any(pg_blocking_pids(pid)) and wait_event_type = 'Lock' and datname = current_database()`;
        blocked = rows[0]?.pid as number | undefined;
        if (blocked !== undefined) break;
        const early = await Promise.race([settled, new Promise<null>((resolve) => setTimeout(() => resolve(null), 10))]);
        if (early) throw new Error(`The write finished without waiting on the held lock: ${JSON.stringify(early)}`);
        if (Date.now() > deadline) throw new Error("The write never waited on the held lock");
      }
      // The rows it wrote so far are in its open transaction: the tables it holds for writing.
      const writing = await side`
        select c.relname from pg_locks l join pg_class c on c.oid = l.relation
        where l.pid = ${blocked} and l.mode = 'RowExclusiveLock' and c.relkind in ('r', 'p')`;
      expect(writing.map((row) => row.relname)).toEqual(expect.arrayContaining(written));
      await side`select pg_terminate_backend(${blocked})`;
      return await settled;
    } finally {
      await holder`rollback`;
      holder.release();
    }
  }

  return { fingerprint, loseConnectionDuring };
}

/** A lock on a member's row, as paying, earning and redeeming take it. */
export const lockMembership = (membershipId: string) => (sql: postgres.ReservedSql) => sql`select id from memberships where id = ${membershipId} for update`;

import { AsyncLocalStorage } from "node:async_hooks";
import path from "node:path";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { readDatabaseEnv } from "./env";
import { lockDataDir } from "./lock";
import * as schema from "./schema";

/** A database or a transaction: every query function accepts either. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema, ExtractTablesWithRelations<typeof schema>>;

export type Connection = {
  db: Database;
  kind: "pglite" | "postgres";
  /** Calls `onMessage` with each NOTIFY payload on `channel` (a dedicated connection on a server). */
  listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
};

export const migrationsFolder = path.join(process.cwd(), "db", "migrations");

/** A PostgreSQL server through the `postgres` driver. */
export async function connectPostgres(url: string, options: { migrate?: boolean; max?: number } = {}): Promise<Connection> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const client = postgres(url, { max: options.max ?? 10, onnotice: () => {} });
  const db = drizzle({ client, schema });
  if (options.migrate) {
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    await migrate(db, { migrationsFolder });
  }
  return {
    db,
    kind: "postgres",
    listen: async (channel, onMessage) => {
      const { unlisten } = await client.listen(channel, onMessage);
      return unlisten;
    },
    close: () => client.end({ timeout: 5 }),
  };
}

/**
 * The embedded database in `dataDir`, locked to this process and migrated to the latest schema.
 * Passing no `dataDir` keeps it in memory (tests).
 */
export async function openPglite(
  options: { dataDir?: string; loadDataDir?: Blob | File; migrate?: boolean } = {},
): Promise<Connection & { client: import("@electric-sql/pglite").PGlite }> {
  const lock = options.dataDir ? lockDataDir(options.dataDir) : null;
  try {
    const { PGlite } = await import("@electric-sql/pglite");
    const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
    const { drizzle } = await import("drizzle-orm/pglite");
    const client = await PGlite.create({
      dataDir: options.dataDir ? path.join(options.dataDir, "pglite") : undefined,
      loadDataDir: options.loadDataDir,
      // Trigram indexes serve the customer search (`ILIKE '%…%'`).
      extensions: { pg_trgm },
    });
    const db = drizzle({ client, schema });
    if (options.migrate ?? true) {
      const { migrate } = await import("drizzle-orm/pglite/migrator");
      await migrate(db, { migrationsFolder });
    }
    const onExit = () => lock?.release();
    process.once("exit", onExit);
    return {
      db,
      client,
      kind: "pglite",
      listen: async (channel, onMessage) => client.listen(channel, onMessage),
      close: async () => {
        await client.close();
        process.off("exit", onExit);
        lock?.release();
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}

/** Opens the database the environment names: `DATABASE_URL`, or the embedded one in `DATA_DIR`. */
export function connectFromEnv(options: { migrate?: boolean } = {}): Promise<Connection> {
  const env = readDatabaseEnv();
  return env.DATABASE_URL
    ? connectPostgres(env.DATABASE_URL, { migrate: options.migrate })
    : openPglite({ dataDir: env.DATA_DIR, migrate: true });
}

// One connection per process, kept across hot reloads in development.
const state = globalThis as unknown as { __crmConnection?: Promise<Connection> };

export function getConnection(): Promise<Connection> {
  if (!state.__crmConnection) {
    const opening = connectFromEnv();
    state.__crmConnection = opening;
    // A failed open is not cached: the next call tries again.
    opening.catch(() => {
      if (state.__crmConnection === opening) state.__crmConnection = undefined;
    });
  }
  return state.__crmConnection;
}

/** The transaction `atomically` runs in, while it is open. */
const ambient = new AsyncLocalStorage<{ tx: Database; open: boolean }>();

/** The process's database, or inside `atomically` its transaction. */
export async function getDb(): Promise<Database> {
  const scope = ambient.getStore();
  if (scope?.open) return scope.tx;
  return (await getConnection()).db;
}

/**
 * Runs `work` as one transaction that every `getDb()` inside it joins: the domain functions' own
 * transactions become savepoints of it, so all of it commits or none does. The REST API runs each
 * change so, with its answer, so that a change is never committed without the answer a retry gets.
 * Work that outlives it (a timer it set) is back on the pool.
 */
export async function atomically<T>(work: (tx: Database) => Promise<T>): Promise<T> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const scope = { tx, open: true };
    try {
      return await ambient.run(scope, () => work(tx));
    } finally {
      scope.open = false;
    }
  });
}

/** Makes `connection` the process's database (tests, scripts that open their own). */
export function setConnection(connection: Connection) {
  state.__crmConnection = Promise.resolve(connection);
}

export async function closeDb() {
  const opening = state.__crmConnection;
  state.__crmConnection = undefined;
  if (opening) await (await opening).close();
}

import "server-only";
import fs from "node:fs";
import path from "node:path";
import { connectPostgres, openPglite, type Connection } from "@/db/client";
import { readDatabaseEnv, type DatabaseEnv } from "@/db/env";
import { DatabaseInUseError } from "@/db/lock";
import { backupDatabase, checkBackupTarget, type BackupSummary, type ProgressListener } from "./dump";
import { BackupError, type BackupHeader } from "./format";
import { assertNoData, readBackupHeader, restoreDatabase, type RestoreSummary } from "./restore";

/**
 * Backup and restore of the database the environment names (`DATABASE_URL`, or the embedded one
 * in `DATA_DIR`), as the CLI runs them. Each opens a connection of its own and closes it.
 */

/** Where the data is, in words, without a password. */
export function describeDatabase(env: DatabaseEnv = readDatabaseEnv()): string {
  if (!env.DATABASE_URL) return `the embedded database in ${env.DATA_DIR}`;
  const url = new URL(env.DATABASE_URL);
  return `the PostgreSQL database ${url.pathname.slice(1)} on ${url.host}`;
}

async function open(env: DatabaseEnv, migrate: boolean, doing: string): Promise<Connection> {
  if (env.DATABASE_URL) return connectPostgres(env.DATABASE_URL, { migrate, max: 2 });
  try {
    return await openPglite({ dataDir: env.DATA_DIR, migrate });
  } catch (error) {
    if (!(error instanceof DatabaseInUseError)) throw error;
    // The embedded database serves one process; the app holds it while it runs.
    throw new BackupError(
      `The embedded database in ${error.dir} is in use by process ${error.pid} (the app or a worker): stop it before ${doing}.`,
    );
  }
}

async function using<T>(connection: Connection, work: (connection: Connection) => Promise<T>): Promise<T> {
  try {
    return await work(connection);
  } finally {
    await connection.close();
  }
}

export async function backupFromEnv(
  file: string,
  options: { force?: boolean; onStart?: () => void; onProgress?: ProgressListener } = {},
): Promise<BackupSummary> {
  // Checked before the database is opened, so a refusal touches nothing.
  await checkBackupTarget(file, options.force ?? false);
  const env = readDatabaseEnv();
  if (!env.DATABASE_URL && !fs.existsSync(path.join(env.DATA_DIR, "pglite"))) {
    throw new BackupError(`There is no embedded database in ${env.DATA_DIR} to back up; set DATA_DIR to its folder, or DATABASE_URL for a server.`);
  }
  // Not migrated: a backup takes the database as it is.
  return using(await open(env, false, "backing it up"), (connection) => {
    options.onStart?.();
    return backupDatabase(connection.db, file, options);
  });
}

/**
 * Restores `file` into the empty database the environment names: the file's header is checked
 * first, then that the database holds no data (before migrating it, so that a database in use is
 * not upgraded by a refused restore), then it is migrated and the rows are loaded.
 */
export async function restoreFromEnv(
  file: string,
  options: { onHeader?: (header: BackupHeader) => void; onProgress?: ProgressListener; onRebuild?: () => void } = {},
): Promise<RestoreSummary> {
  const header = await readBackupHeader(file);
  options.onHeader?.(header);
  const env = readDatabaseEnv();
  if (env.DATABASE_URL || fs.existsSync(path.join(env.DATA_DIR, "pglite"))) {
    await using(await open(env, false, "restoring"), (connection) => assertNoData(connection.db));
  }
  return using(await open(env, true, "restoring"), (connection) => restoreDatabase(connection.db, file, options));
}

import "server-only";
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { readMigrations, readSequence, readSequenceNames, readTables, rowsOf, useValueSettings, type CatalogTable } from "./catalog";
import { BackupError, backupFormat, backupVersion, quoteIdent, valueSettings, type BackupHeader } from "./format";

export type TableProgress = { table: string; rows: number; total: number; done: boolean };
/** Told of each batch and each finished table; the next batch waits for what it answers. */
export type ProgressListener = (progress: TableProgress) => void | Promise<void>;

export type BackupSummary = { file: string; tables: { name: string; rows: number }[]; rows: number; bytes: number; ms: number };

/** About this many characters of rows go into one line, and one fetch asks for about as many. */
const lineChars = 8 * 1024 * 1024;
const maxFetch = 1000;

/**
 * Writes everything the app keeps in `db` to `file`, as one consistent snapshot: every table is
 * read in one read-only repeatable-read transaction, so the app can keep writing meanwhile (on a
 * server) and the backup still shows one moment. Rows stream through a cursor, so memory stays
 * bounded however big the tables are. The file appears only when complete.
 */
export async function backupDatabase(
  db: Database,
  file: string,
  options: { force?: boolean; onProgress?: ProgressListener } = {},
): Promise<BackupSummary> {
  const target = await checkBackupTarget(file, options.force ?? false);
  const started = performance.now();
  const partial = `${target}.partial-${process.pid}`;
  let header: BackupHeader | undefined;
  try {
    await db.transaction(
      async (tx) => {
        await useValueSettings(tx);
        const tables = await readTables(tx);
        header = await readHeader(tx, tables);
        await pipeline(lines(tx, header, tables, options.onProgress), createGzip(), createWriteStream(partial, { flags: "wx", mode: 0o600 }));
      },
      { isolationLevel: "repeatable read", accessMode: "read only" },
    );
    await fs.rename(partial, target);
  } catch (error) {
    await fs.rm(partial, { force: true });
    throw error;
  }
  const { size } = await fs.stat(target);
  return {
    file: target,
    tables: header!.tables.map((table) => ({ name: table.name, rows: table.rows })),
    rows: header!.rows,
    bytes: size,
    ms: performance.now() - started,
  };
}

/** Refuses a file that exists (unless forced) or a folder that does not; answers the full path. */
export async function checkBackupTarget(file: string, force: boolean): Promise<string> {
  const target = path.resolve(file);
  const stat = await fs.stat(target).catch(() => null);
  if (stat?.isDirectory()) throw new BackupError(`${file} is a folder; name the file to write.`);
  if (stat && !force) throw new BackupError(`${file} exists already; add --force to overwrite it.`);
  const folder = await fs.stat(path.dirname(target)).catch(() => null);
  if (!folder?.isDirectory()) throw new BackupError(`The folder ${path.dirname(target)} does not exist.`);
  return target;
}

async function readHeader(tx: Database, tables: CatalogTable[]): Promise<BackupHeader> {
  const counted = [];
  for (const table of tables) {
    const [row] = await rowsOf<{ n: string }>(tx, sql.raw(`select count(*)::text as n from public.${quoteIdent(table.name)}`));
    counted.push({ name: table.name, columns: table.columns.map(({ name, type }) => ({ name, type })), rows: Number(row!.n) });
  }
  // Read after the snapshot was taken (by the reads above), so each is at least what any row in it used.
  const sequences = [];
  for (const name of await readSequenceNames(tx)) sequences.push({ name, ...(await readSequence(tx, name)) });
  const [version] = await rowsOf<{ version: string }>(tx, sql`select version() as version`);
  return {
    format: backupFormat,
    version: backupVersion,
    createdAt: new Date().toISOString(),
    database: version!.version,
    settings: valueSettings,
    migrations: await readMigrations(tx),
    tables: counted,
    sequences,
    rows: counted.reduce((sum, table) => sum + table.rows, 0),
  };
}

async function* lines(tx: Database, header: BackupHeader, tables: CatalogTable[], onProgress?: ProgressListener) {
  yield `${JSON.stringify(header)}\n`;
  for (const [index, table] of tables.entries()) {
    const total = header.tables[index]!.rows;
    if (total === 0) {
      await onProgress?.({ table: table.name, rows: 0, total, done: true });
      continue;
    }
    const values = table.columns.map((column) => `${quoteIdent(column.name)}::text`).join(", ");
    // Each row as a JSON array of its columns' text forms (null stays null).
    await tx.execute(sql.raw(`declare backup_rows no scroll cursor for select to_json(array[${values}]::text[])::text as r from public.${quoteIdent(table.name)}`));
    const prefix = `{"table":${JSON.stringify(table.name)},"rows":[`;
    // Wide rows (attachments) are fetched a few at a time, so that one fetch stays near `lineChars`.
    let fetch = fetchSize(table.bytes / total);
    let done = 0;
    for (;;) {
      const rows = await rowsOf<{ r: string }>(tx, sql.raw(`fetch ${fetch} from backup_rows`));
      let chars = 0;
      let batch: string[] = [];
      for (const { r } of rows) {
        batch.push(r);
        chars += r.length;
        if (chars >= lineChars) {
          yield `${prefix}${batch.join(",")}]}\n`;
          batch = [];
          chars = 0;
        }
      }
      if (batch.length > 0) yield `${prefix}${batch.join(",")}]}\n`;
      done += rows.length;
      await onProgress?.({ table: table.name, rows: done, total, done: rows.length < fetch });
      if (rows.length < fetch) break;
      fetch = fetchSize(rows.reduce((sum, { r }) => sum + r.length, 0) / rows.length);
    }
    await tx.execute(sql.raw("close backup_rows"));
    // The count and the rows come from one snapshot; a difference is a bug, not a race.
    if (done !== total) throw new Error(`Read ${done} rows of ${table.name}, but counted ${total}.`);
  }
  yield `${JSON.stringify({ end: true, tables: header.tables.length, rows: header.rows })}\n`;
}

const fetchSize = (charsPerRow: number) => Math.max(1, Math.min(maxFetch, Math.floor(lineChars / Math.max(1, charsPerRow))));

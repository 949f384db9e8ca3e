import "server-only";
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import { createGunzip } from "node:zlib";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { readMigrations, readOwnedSequences, readSequence, readSequenceNames, readTables, rowsOf, useValueSettings, type AppliedMigration, type CatalogTable } from "./catalog";
import type { ProgressListener } from "./dump";
import { BackupError, backupFormat, backupVersion, databaseCause, endSchema, formatCount, headerSchema, quoteIdent, type BackupHeader } from "./format";

export type RestoreSummary = { tables: { name: string; rows: number }[]; rows: number; ms: number };

/** A line longer than this is no line of ours: refuse it rather than hold it in memory. */
const maxLineChars = 256 * 1024 * 1024;

/**
 * The lines of a gzip file, read as a stream. Errors name the file and say what is wrong with it
 * in words: missing, not gzip, cut short.
 */
async function* readLines(file: string): AsyncGenerator<string> {
  const stat = await fs.stat(file).catch(() => null);
  if (!stat) throw new BackupError(`${file} does not exist.`);
  if (!stat.isFile()) throw new BackupError(`${file} is not a file.`);
  const input = createReadStream(file, { highWaterMark: 1 << 20 });
  const gunzip = createGunzip({ chunkSize: 1 << 18 });
  input.on("error", (error) => gunzip.destroy(error));
  input.pipe(gunzip);
  gunzip.setEncoding("utf8");
  // The pieces of the line under way: joined once its end arrives, not grown chunk by chunk.
  let pieces: string[] = [];
  let pending = 0;
  let read = false;
  try {
    for await (const chunk of gunzip as AsyncIterable<string>) {
      read = true;
      let start = 0;
      for (let end = chunk.indexOf("\n"); end >= 0; end = chunk.indexOf("\n", start)) {
        pieces.push(chunk.slice(start, end));
        yield pieces.join("");
        pieces = [];
        pending = 0;
        start = end + 1;
      }
      if (start < chunk.length) {
        pieces.push(chunk.slice(start));
        pending += chunk.length - start;
      }
      if (pending > maxLineChars) throw new BackupError(`${file} is not a Member CRM backup, or is damaged: it holds a line longer than any backup writes.`);
    }
  } catch (error) {
    if (error instanceof BackupError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "Z_DATA_ERROR" && !read) throw new BackupError(`${file} is not a Member CRM backup (it is not a gzip file).`);
    if (code === "Z_BUF_ERROR") throw new BackupError(`${file} is damaged: it ends early (was it copied completely?).`);
    if (code?.startsWith("Z_")) throw new BackupError(`${file} is damaged: ${(error as Error).message}.`);
    throw error;
  } finally {
    input.destroy();
    gunzip.destroy();
  }
  if (pieces.length > 0) yield pieces.join("");
}

function parseLine(file: string, line: string, what: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new BackupError(`${file} is damaged: ${what} is not JSON.`);
  }
}

function parseHeader(file: string, line: string | undefined): BackupHeader {
  const foreign = new BackupError(`${file} is not a Member CRM backup.`);
  if (line === undefined) throw foreign;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw foreign;
  }
  const kind = z.object({ format: z.literal(backupFormat), version: z.number() }).safeParse(value);
  if (!kind.success) throw foreign;
  if (kind.data.version !== backupVersion) {
    throw new BackupError(`${file} is a backup in format version ${kind.data.version}; this version of Member CRM reads version ${backupVersion}.`);
  }
  const header = headerSchema.safeParse(value);
  if (!header.success) throw new BackupError(`${file} is damaged: its header is not valid (${z.prettifyError(header.error).split("\n").join(" ")}).`);
  const names = header.data.tables.map((table) => table.name);
  if (new Set(names).size !== names.length) throw new BackupError(`${file} is damaged: its header names a table twice.`);
  return header.data;
}

/** Reads and checks the header of `file` (and nothing else): what a restore would bring in. */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  const lines = readLines(file);
  try {
    const first = await lines.next();
    return parseHeader(file, first.done ? undefined : first.value);
  } finally {
    await lines.return(undefined);
  }
}

const nameOf = (migration: AppliedMigration) => migration.tag ?? `the migration of ${new Date(migration.createdAt).toISOString()}`;

/** Refuses a backup whose schema is not this database's: another set of migrations, tables or columns. */
function checkSchema(file: string, header: BackupHeader, migrations: AppliedMigration[], tables: CatalogTable[], sequences: string[]) {
  const ours = new Set(migrations.map((migration) => migration.createdAt));
  const theirs = new Set(header.migrations.map((migration) => migration.createdAt));
  const onlyBackup = header.migrations.filter((migration) => !ours.has(migration.createdAt));
  const onlyHere = migrations.filter((migration) => !theirs.has(migration.createdAt));
  if (onlyBackup.length > 0 || onlyHere.length > 0) {
    const parts = [];
    if (onlyBackup.length > 0) parts.push(`only the backup has ${onlyBackup.map(nameOf).join(", ")}`);
    if (onlyHere.length > 0) parts.push(`only this database has ${onlyHere.map(nameOf).join(", ")}`);
    throw new BackupError(
      `${file} was written by another version of Member CRM: ${parts.join("; ")}. Restore it with the version that wrote it, then upgrade.`,
    );
  }
  const here = new Map(tables.map((table) => [table.name, table]));
  const differences: string[] = [];
  for (const table of header.tables) {
    const mine = here.get(table.name);
    if (!mine) {
      differences.push(`table ${table.name} is missing here`);
      continue;
    }
    const columns = new Map(mine.columns.map((column) => [column.name, column.type]));
    for (const column of table.columns) {
      if (!columns.has(column.name)) differences.push(`column ${table.name}.${column.name} is missing here`);
      else if (columns.get(column.name) !== column.type) differences.push(`column ${table.name}.${column.name} is ${column.type} in the backup, ${columns.get(column.name)} here`);
      columns.delete(column.name);
    }
    for (const column of columns.keys()) differences.push(`column ${table.name}.${column} is not in the backup`);
    here.delete(table.name);
  }
  for (const table of here.keys()) differences.push(`table ${table} is not in the backup`);
  const known = new Set(sequences);
  for (const sequence of header.sequences) if (!known.has(sequence.name)) differences.push(`sequence ${sequence.name} is missing here`);
  if (differences.length > 0) {
    throw new BackupError(`${file} does not match this database's tables, although both have the same migrations: ${differences.slice(0, 5).join("; ")}${differences.length > 5 ? "; …" : ""}.`);
  }
}

/**
 * Any row in these means the database is in use: every change made through the app writes the
 * audit log, and there is no app without users. Other tables may hold rows that the migrations or
 * a first start wrote (the default pipeline, the job schedules); the backup's replace them.
 */
const inUseTables = ["users", "customers", "audit_log"];

/** Refuses a database in use (see `inUseTables`); one not migrated yet passes. */
export async function assertNoData(db: Database, tables?: CatalogTable[]) {
  tables ??= await readTables(db);
  const found: string[] = [];
  for (const name of inUseTables.filter((table) => tables.some((candidate) => candidate.name === table))) {
    const [row] = await rowsOf<{ n: string }>(db, sql.raw(`select count(*)::text as n from public.${quoteIdent(name)}`));
    if (Number(row!.n) > 0) found.push(`${formatCount(Number(row!.n))} rows in ${name}`);
  }
  if (found.length > 0) {
    throw new BackupError(
      `This database holds data already (${found.join(", ")}); a restore goes only into a new, empty database. ` +
        "On a server, create one and point DATABASE_URL at it; for the embedded database, point DATA_DIR at a new folder.",
    );
  }
}

type Trigger = { table: string; name: string; enabled: string };
type ForeignKey = { table: string; name: string; definition: string };

/**
 * Loads `file` into `db`, which must be migrated to the same migrations as the backup and hold no
 * data. Everything happens in one transaction: a damaged file, a refused row or a broken reference
 * leaves the database as it was. Inside it, the app's triggers are off (the append-only guards of
 * the ledger and the audit log, the report queues: the backup holds their results already), and
 * foreign keys are dropped and added again at the end, which checks every reference at once and
 * lets rows come in any order (self-references too). All of it needs the role that owns the
 * tables, not a superuser (`session_replication_role` would need one, and would skip the checks).
 */
export async function restoreDatabase(
  db: Database,
  file: string,
  options: { onProgress?: ProgressListener; onRebuild?: () => void } = {},
): Promise<RestoreSummary> {
  const started = performance.now();
  const header = await readBackupHeader(file);
  const tables = await readTables(db);
  checkSchema(file, header, await readMigrations(db), tables, await readSequenceNames(db));
  await assertNoData(db, tables);
  const byName = new Map(tables.map((table) => [table.name, table]));

  await db.transaction(async (tx) => {
    await useValueSettings(tx);
    const foreignKeys = await rowsOf<ForeignKey>(
      tx,
      sql`select c.relname as "table", k.conname as name, pg_get_constraintdef(k.oid) as definition
        from pg_constraint k join pg_class c on c.oid = k.conrelid
        where k.contype = 'f' and c.relnamespace = 'public'::regnamespace order by 1, 2`,
    );
    const triggers = await rowsOf<Trigger>(
      tx,
      sql`select c.relname as "table", t.tgname as name, t.tgenabled::text as enabled
        from pg_trigger t join pg_class c on c.oid = t.tgrelid
        where not t.tgisinternal and t.tgenabled <> 'D' and c.relnamespace = 'public'::regnamespace order by 1, 2`,
    );
    // Indexes that back no constraint are built again after the load: one sort instead of a
    // million single inserts. Primary keys and unique constraints stay and refuse duplicate rows.
    const indexes = await rowsOf<{ name: string; definition: string }>(
      tx,
      sql`select ic.relname as name, pg_get_indexdef(i.indexrelid) as definition
        from pg_index i join pg_class ic on ic.oid = i.indexrelid join pg_class c on c.oid = i.indrelid
        where c.relnamespace = 'public'::regnamespace and c.relkind = 'r' and not c.relispartition
          and not exists (select from pg_constraint k where k.conindid = i.indexrelid)
        order by 1`,
    );
    const [role] = await rowsOf<{ name: string }>(tx, sql`select current_user as name`);
    await owning(role!.name, async () => {
      for (const key of foreignKeys) await tx.execute(sql.raw(`alter table public.${quoteIdent(key.table)} drop constraint ${quoteIdent(key.name)}`));
      for (const trigger of triggers) await tx.execute(sql.raw(`alter table public.${quoteIdent(trigger.table)} disable trigger ${quoteIdent(trigger.name)}`));
      for (const index of indexes) await tx.execute(sql.raw(`drop index public.${quoteIdent(index.name)}`));
    });
    // Checked again now that the tables are locked: nothing can have been written in between.
    await assertNoData(tx, tables);
    // Rows the migrations wrote (the default pipeline) or a first start did (job schedules).
    for (const table of tables) {
      const [row] = await rowsOf<{ found: string }>(tx, sql.raw(`select exists (select from public.${quoteIdent(table.name)})::text as found`));
      if (row!.found === "true") await tx.execute(sql.raw(`delete from public.${quoteIdent(table.name)}`));
    }

    await loadRows(tx, file, header, byName, options.onProgress);
    options.onRebuild?.();

    for (const index of indexes) {
      try {
        await tx.execute(sql.raw(index.definition));
      } catch (error) {
        throw new BackupError(`${file} is damaged: its rows break the index ${index.name} (${databaseCause(error).message}). Nothing was restored.`);
      }
    }
    for (const key of foreignKeys) {
      try {
        await tx.execute(sql.raw(`alter table public.${quoteIdent(key.table)} add constraint ${quoteIdent(key.name)} ${key.definition}`));
      } catch (error) {
        throw new BackupError(`${file} is damaged: its rows break the reference ${key.name} (${databaseCause(error).message}). Nothing was restored.`);
      }
    }
    for (const trigger of triggers) {
      const mode = trigger.enabled === "A" ? "always " : trigger.enabled === "R" ? "replica " : "";
      await tx.execute(sql.raw(`alter table public.${quoteIdent(trigger.table)} enable ${mode}trigger ${quoteIdent(trigger.name)}`));
    }
    await restoreSequences(tx, header);
  });

  return { tables: header.tables.map((table) => ({ name: table.name, rows: table.rows })), rows: header.rows, ms: performance.now() - started };
}

/** Runs `work`, turning Postgres's "must be owner" into what to do about it. */
async function owning(role: string, work: () => Promise<void>) {
  try {
    await work();
  } catch (error) {
    const cause = databaseCause(error);
    if (cause.code !== "42501") throw error;
    throw new BackupError(
      `A restore needs the database role that owns the tables (the one that ran the migrations) or a superuser; ${role} is neither (${cause.message}).`,
    );
  }
}

async function loadRows(tx: Database, file: string, header: BackupHeader, tables: Map<string, CatalogTable>, onProgress?: ProgressListener) {
  const damaged = (what: string) => new BackupError(`${file} is damaged: ${what}. Nothing was restored.`);
  const loaded = new Map<string, number>();
  let position = 0; // header.tables[position] is the table being read; earlier ones are complete
  let ended = false;
  let lineNumber = 0;

  const finish = async (upTo: number) => {
    for (; position < upTo; position++) {
      const table = header.tables[position]!;
      const rows = loaded.get(table.name) ?? 0;
      if (rows !== table.rows) throw damaged(`it holds ${formatCount(rows)} rows of ${table.name}, its header says ${formatCount(table.rows)}`);
      await onProgress?.({ table: table.name, rows, total: table.rows, done: true });
    }
  };

  // While the database inserts one batch, the next is read and checked.
  let inFlight: Promise<BackupError | undefined> | undefined;
  const settle = async () => {
    const failure = await inFlight;
    inFlight = undefined;
    if (failure) throw failure;
  };

  try {
    for await (const line of readLines(file)) {
      lineNumber++;
      if (lineNumber === 1) continue; // the header, checked already
      if (ended) throw damaged(`line ${lineNumber} follows its end`);
      const value = parseLine(file, line, `line ${lineNumber}`) as { table?: unknown; rows?: unknown; end?: unknown };
      if (value?.end === true) {
        const end = endSchema.safeParse(value);
        if (!end.success || end.data.rows !== header.rows || end.data.tables !== header.tables.length) throw damaged("its end line does not match its header");
        await finish(header.tables.length);
        ended = true;
        continue;
      }
      const index = header.tables.findIndex((table) => table.name === value?.table);
      if (index < position || !Array.isArray(value.rows)) throw damaged(`line ${lineNumber} is not a batch of rows of a table named in its header`);
      await finish(index);
      const table = header.tables[index]!;
      const width = table.columns.length;
      for (const row of value.rows as unknown[]) {
        if (!Array.isArray(row) || row.length !== width || !row.every((cell) => cell === null || typeof cell === "string")) {
          throw damaged(`line ${lineNumber} holds a row of ${table.name} that does not have its ${width} columns`);
        }
      }
      const rows = (loaded.get(table.name) ?? 0) + value.rows.length;
      if (rows > table.rows) throw damaged(`it holds more rows of ${table.name} than its header says`);
      await settle();
      const at = lineNumber;
      inFlight = tx.execute(insertStatement(tables.get(table.name)!, table.columns.map((column) => column.name), JSON.stringify(value.rows))).then(
        () => undefined,
        (error: unknown) =>
          new BackupError(`${file} could not be restored: a row of ${table.name} (line ${at}) was refused: ${databaseCause(error).message}. Nothing was restored.`),
      );
      loaded.set(table.name, rows);
      await onProgress?.({ table: table.name, rows, total: table.rows, done: false });
    }
  } finally {
    // A failure while a batch is under way waits for it, so that the rollback comes after it.
    await inFlight;
  }
  if (!ended) throw damaged("it ends early (was it copied completely?)");
  await settle();
}

/**
 * One INSERT for a batch: the rows travel as one JSON parameter, and each text value is cast to
 * its column's type, which reads it through the type's input function exactly as written. The
 * backup's own values for identity columns are kept. Names and types come from this database's
 * catalog, never from the file.
 */
function insertStatement(table: CatalogTable, order: string[], rows: string) {
  const columns = order.map((name) => table.columns.find((column) => column.name === name)!);
  const names = columns.map((column) => quoteIdent(column.name)).join(", ");
  const values = columns.map((column, index) => `(r ->> ${index})::${column.type}`).join(", ");
  const overriding = table.columns.some((column) => column.identity) ? " overriding system value" : "";
  return sql`${sql.raw(`insert into public.${quoteIdent(table.name)} (${names})${overriding} select ${values} from jsonb_array_elements(`)}${rows}${sql.raw("::jsonb) as r")}`;
}

/**
 * Sets each sequence where it stood in the backup, and never below the highest value in use:
 * numbers of deleted rows (orders, tickets) are not handed out again.
 */
async function restoreSequences(tx: Database, header: BackupHeader) {
  for (const sequence of header.sequences) {
    await tx.execute(sql`select setval(${`public.${quoteIdent(sequence.name)}`}::regclass, ${sequence.lastValue}::bigint, ${String(sequence.isCalled)}::boolean)`);
  }
  for (const owned of await readOwnedSequences(tx)) {
    const [row] = await rowsOf<{ max: string | null }>(tx, sql.raw(`select max(${quoteIdent(owned.column)})::text as max from public.${quoteIdent(owned.table)}`));
    if (row?.max == null) continue;
    const current = await readSequence(tx, owned.sequence);
    const next = BigInt(current.lastValue) + (current.isCalled ? 1n : 0n);
    if (BigInt(row.max) >= next) {
      await tx.execute(sql`select setval(${`public.${quoteIdent(owned.sequence)}`}::regclass, ${row.max}::bigint, true)`);
    }
  }
}

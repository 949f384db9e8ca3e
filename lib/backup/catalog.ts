import "server-only";
import fs from "node:fs/promises";
import path from "node:path";
import { sql, type SQL } from "drizzle-orm";
import { migrationsFolder, type Database } from "@/db/client";
import { quoteIdent, valueSettings } from "./format";

/**
 * What a backup reads from the database's own catalog rather than from the drizzle schema, so
 * that a column added by a later migration is backed up without a change here.
 */

/** The rows of a raw statement: postgres.js answers with them, PGlite with an object holding them. */
export async function rowsOf<T>(db: Database, statement: SQL): Promise<T[]> {
  const result: unknown = await db.execute(statement);
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];
}

export type CatalogColumn = { name: string; type: string; identity: boolean };
export type CatalogTable = { name: string; columns: CatalogColumn[]; bytes: number };

/**
 * The app's tables: every table of the `public` schema that the migrations create (drizzle keeps
 * its own bookkeeping in the `drizzle` schema). A partitioned table is read and written through
 * its parent. Generated columns are left out: Postgres computes them again.
 */
export async function readTables(db: Database): Promise<CatalogTable[]> {
  const rows = await rowsOf<{ name: string; columns: string; bytes: string }>(
    db,
    sql`select c.relname as name,
        (select json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod), 'identity', a.attidentity <> '') order by a.attnum)
           from pg_attribute a
          where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = '')::text as columns,
        pg_total_relation_size(c.oid)::text as bytes
      from pg_class c
      where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') and not c.relispartition
      order by c.relname`,
  );
  return rows
    .map((row) => ({ name: row.name, columns: (JSON.parse(row.columns ?? "[]") ?? []) as CatalogColumn[], bytes: Number(row.bytes) }))
    .filter((table) => table.columns.length > 0);
}

/** The sequences of the `public` schema (identity columns' and any other). */
export async function readSequenceNames(db: Database): Promise<string[]> {
  const rows = await rowsOf<{ name: string }>(db, sql`select relname as name from pg_class where relnamespace = 'public'::regnamespace and relkind = 'S' order by relname`);
  return rows.map((row) => row.name);
}

export async function readSequence(db: Database, name: string): Promise<{ lastValue: string; isCalled: boolean }> {
  const [row] = await rowsOf<{ last_value: string; is_called: string }>(db, sql.raw(`select last_value::text, is_called::text from public.${quoteIdent(name)}`));
  return { lastValue: row!.last_value, isCalled: row!.is_called === "true" };
}

/** Each identity (or serial) column with the sequence that feeds it. */
export async function readOwnedSequences(db: Database): Promise<{ table: string; column: string; sequence: string }[]> {
  return rowsOf(
    db,
    sql`select c.relname as "table", a.attname as "column", s.relname as "sequence"
      from pg_depend d
      join pg_class s on s.oid = d.objid and s.relkind = 'S'
      join pg_class c on c.oid = d.refobjid
      join pg_attribute a on a.attrelid = c.oid and a.attnum = d.refobjsubid
      where d.classid = 'pg_class'::regclass and d.refclassid = 'pg_class'::regclass and d.deptype in ('a', 'i')
        and c.relnamespace = 'public'::regnamespace
      order by 1, 2`,
  );
}

export type AppliedMigration = { tag: string | null; hash: string; createdAt: number };

/** The migrations drizzle has applied, oldest first, named by the journal where it knows them. */
export async function readMigrations(db: Database): Promise<AppliedMigration[]> {
  const [exists] = await rowsOf<{ found: boolean | string }>(db, sql`select to_regclass('drizzle.__drizzle_migrations') is not null as found`);
  if (exists?.found !== true && exists?.found !== "true") return [];
  const rows = await rowsOf<{ hash: string; created_at: string }>(db, sql`select hash, created_at::text from drizzle.__drizzle_migrations order by created_at, id`);
  const tags = await journalTags();
  return rows.map((row) => ({ tag: tags.get(Number(row.created_at)) ?? null, hash: row.hash, createdAt: Number(row.created_at) }));
}

async function journalTags(): Promise<Map<number, string>> {
  try {
    const journal = JSON.parse(await fs.readFile(path.join(migrationsFolder, "meta", "_journal.json"), "utf8")) as { entries: { when: number; tag: string }[] };
    return new Map(journal.entries.map((entry) => [entry.when, entry.tag]));
  } catch {
    return new Map();
  }
}

/** Fixes the text forms of values for the rest of the transaction (see `valueSettings`). */
export async function useValueSettings(tx: Database) {
  for (const [name, value] of Object.entries(valueSettings)) {
    await tx.execute(sql`select set_config(${name}, ${value}, true)`);
  }
}

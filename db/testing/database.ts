import crypto from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { connectPostgres, openPglite, type Connection } from "../client";

/**
 * Test databases: one migrated template, then a fresh copy per test file. On PGlite the template
 * is a dump of a migrated in-memory database; on a PostgreSQL server (DATABASE_URL) it is a
 * migrated database that each file's database is created from.
 */
const templateDump = path.join(os.tmpdir(), `crm-test-template-${process.ppid}.tar`);

export function serverUrl(database: string): string {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${database}`;
  return url.toString();
}

async function adminQuery(statement: string) {
  const { default: postgres } = await import("postgres");
  const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(statement);
  } finally {
    await admin.end();
  }
}

export async function prepareTemplate(runId: string): Promise<string> {
  if (process.env.DATABASE_URL) {
    const name = `crm_test_template_${runId}`;
    await adminQuery(`drop database if exists ${name}`);
    await adminQuery(`create database ${name}`);
    const connection = await connectPostgres(serverUrl(name), { migrate: true, max: 1 });
    await connection.close();
    return name;
  }
  const connection = await openPglite();
  const dump = await connection.client.dumpDataDir("none");
  await connection.close();
  const file = templateDump.replace(".tar", `-${runId}.tar`);
  await fs.writeFile(file, Buffer.from(await dump.arrayBuffer()));
  return file;
}

export async function dropTemplate(template: string) {
  if (process.env.DATABASE_URL) await adminQuery(`drop database if exists ${template} with (force)`);
  else await fs.rm(template, { force: true });
}

const state = globalThis as unknown as { __crmTestDatabaseUrl?: string };

/** The URL of this test file's database on the PostgreSQL server, for tests that need more connections. */
export function testDatabaseUrl(): string {
  if (!state.__crmTestDatabaseUrl) throw new Error("This test needs DATABASE_URL (a PostgreSQL server).");
  return state.__crmTestDatabaseUrl;
}

/** A fresh, migrated database for one test file; closing it drops it. */
export async function openTestDatabase(template: string): Promise<Connection> {
  if (process.env.DATABASE_URL) {
    const name = `crm_test_${crypto.randomBytes(6).toString("hex")}`;
    await adminQuery(`create database ${name} template ${template}`);
    state.__crmTestDatabaseUrl = serverUrl(name);
    const connection = await connectPostgres(serverUrl(name), { max: 10 });
    return {
      ...connection,
      close: async () => {
        await connection.close();
        await adminQuery(`drop database if exists ${name} with (force)`);
      },
    };
  }
  const dump = new Blob([await fs.readFile(template)]);
  return openPglite({ loadDataDir: dump, migrate: false });
}

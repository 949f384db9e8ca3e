/**
 * The CSV import of `rows` new customers (upload with its dry run, then the batched import job), on
 * a database of its own that is created on `serverUrl`'s server and dropped afterwards. The import
 * runs in this process: the process's database is the import's for the while, and none afterwards
 * (a caller with a database of its own sets it again).
 */
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { closeDb, connectPostgres, setConnection } from "@/db/client";
import { systemActor } from "@/lib/auth/permissions";
import { checkImport, getImport, runImport, startImport } from "@/lib/customers/import";
import { jobDefinitions } from "@/lib/jobs/registry";
import { createJobRunner } from "@/lib/jobs/runner";

export type ImportTiming = { rows: number; megabytes: number; checkSeconds: number; importSeconds: number; created: number; badRows: number; status: string };

export async function measureImport(serverUrl: string, rows: number): Promise<ImportTiming> {
  const name = `crm_bench_import_${process.pid}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name}`);
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let connected = false;
  try {
    const connection = await connectPostgres(url.toString(), { migrate: true, max: 4 });
    setConnection(connection);
    connected = true;
    // Every fifth person also has a further e-mail.
    const lines = ["name,email,phone,city,tags,other emails"];
    for (let i = 0; i < rows; i++) {
      lines.push(`Bench Person ${i},bench.${i}@example.com,139${String(i).padStart(8, "0")},Shanghai,bench,${i % 5 === 0 ? `bench.${i}@work.example.com` : ""}`);
    }
    const content = lines.join("\n");
    const actor = systemActor("bench");

    let start = performance.now();
    const upload = await startImport(actor, { filename: "bench.csv", content });
    const checked = await checkImport(actor, upload.id, { mapping: upload.mapping, onDuplicate: "skip" });
    const checkSeconds = (performance.now() - start) / 1000;

    start = performance.now();
    await runImport(actor, upload.id);
    await createJobRunner({ db: connection.db, definitions: jobDefinitions, workerId: "bench" }).drain();
    const importSeconds = (performance.now() - start) / 1000;
    const done = await getImport(actor, upload.id);
    return { rows, megabytes: content.length / 1e6, checkSeconds, importSeconds, created: done.createdCount, badRows: checked.errorCount, status: done.status };
  } finally {
    if (connected) await closeDb();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

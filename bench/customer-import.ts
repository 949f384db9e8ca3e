/**
 * Time to import 100,000 customers from CSV (dry run, then the batched import job), on a
 * PostgreSQL server: BENCH_DATABASE_URL names a server database it may create and drop, default
 * postgres://postgres@127.0.0.1:5432/postgres. Run: npm run bench:import
 */
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { closeDb, connectPostgres, setConnection } from "@/db/client";
import { systemActor } from "@/lib/auth/permissions";
import { checkImport, getImport, runImport, startImport } from "@/lib/customers/import";
import { jobDefinitions } from "@/lib/jobs/registry";
import { createJobRunner } from "@/lib/jobs/runner";

const rows = Number(process.env.BENCH_ROWS ?? 100_000);
const server = new URL(process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
const name = `crm_bench_import_${process.pid}`;
const admin = postgres(server.toString(), { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${name}`);
const url = new URL(server);
url.pathname = `/${name}`;

try {
  const connection = await connectPostgres(url.toString(), { migrate: true, max: 4 });
  setConnection(connection);
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
  const dryRun = performance.now() - start;

  start = performance.now();
  await runImport(actor, upload.id);
  await createJobRunner({ db: connection.db, definitions: jobDefinitions, workerId: "bench" }).drain();
  const imported = performance.now() - start;
  const done = await getImport(actor, upload.id);

  console.log(`CSV import of ${rows.toLocaleString("en")} rows (${(content.length / 1e6).toFixed(1)} MB) on PostgreSQL:`);
  console.log(`  upload + dry run: ${(dryRun / 1000).toFixed(1)} s (${checked.errorCount} bad rows)`);
  console.log(`  import:           ${(imported / 1000).toFixed(1)} s (${done.createdCount} created, status ${done.status})`);
} finally {
  await closeDb();
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
}

/**
 * Time to import 100,000 customers from CSV (dry run, then the batched import job) on a PostgreSQL
 * server, on its own: BENCH_DATABASE_URL names a server where it may create and drop a database,
 * default postgres://postgres@127.0.0.1:5432/postgres. `npm run bench` times the same as one of its
 * scenarios. Run: npm run bench:import
 */
import { measureImport } from "./import";

const rows = Number(process.env.BENCH_ROWS ?? 100_000);
const timing = await measureImport(process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres", rows);
console.log(`CSV import of ${rows.toLocaleString("en")} rows (${timing.megabytes.toFixed(1)} MB) on PostgreSQL:`);
console.log(`  upload + dry run: ${timing.checkSeconds.toFixed(1)} s (${timing.badRows} bad rows)`);
console.log(`  import:           ${timing.importSeconds.toFixed(1)} s (${timing.created} created, status ${timing.status})`);

/**
 * The performance bench: `npm run bench -- --scale S` fills the PostgreSQL database named by
 * DATABASE_URL with a generated business of scale S (bench/data.ts; 1 is 1,000,000 customers),
 * measures this machine's ceilings in the same run (bench/ceilings.ts: a bare Node HTTP server,
 * and the points earn and redemption transactions as raw SQL with contention on 1,000 members),
 * then the app's scenarios against the production build (bench/scenarios.ts) and a CSV import of
 * 100,000 × S customers (bench/import.ts). It refuses a database that holds anything but bench
 * data; one that holds bench data already is measured as it is. Ends with the ledger check, writes
 * the table to `--results` (.md and .json; by default bench/results/latest, which also updates the
 * README) and exits with 1 when refused, when any measurement had errors, when a paid order's
 * points are missing or doubled, or when the ledger disagrees; speed is reported, never asserted.
 */
import os from "node:os";
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { z } from "zod";
import { closeDb, connectPostgres, setConnection, type Connection } from "@/db/client";
import { verifyLedger } from "@/lib/membership/verify";
import { parseFlags, postgresUrlFromEnv } from "./args";
import { startApp } from "./app";
import { earnCeiling, httpCeiling, redeemCeiling, type BenchMember, type Load, type Throughput } from "./ceilings";
import { benchCounts, generateData, heldData } from "./data";
import { measureImport } from "./import";
import { defaultResults, machine, resultsTable, writeResults, type BenchResults } from "./results";
import { runScenarios, type Scenario } from "./scenarios";

const argsSchema = z.strictObject({
  scale: z.coerce.number().positive().max(10).default(1),
  seconds: z.coerce.number().positive().max(600).default(20),
  warmup: z.coerce.number().min(0).max(600).default(5),
  connections: z.coerce.number().int().positive().max(1000).default(50),
  port: z.coerce.number().int().min(1024).max(65534).default(3300),
  results: z.string().min(1).default(defaultResults),
});

const args = parseFlags(process.argv.slice(2), argsSchema);
const url = postgresUrlFromEnv("DATABASE_URL must name the PostgreSQL database to fill (postgres://…).");

/** Fills the database if it is empty, measures everything and writes the results; false when refused or anything failed. */
async function measure(sql: postgres.Sql, connection: Connection): Promise<boolean> {
  const held = await heldData(sql);
  if (!held.benchOnly) {
    console.error(`This database holds data that is not the bench's (${held.users} users, ${held.customers} customers): give the bench a database of its own.`);
    return false;
  }
  if (held.users === 0) {
    console.log(`Generating scale ${args.scale}:`);
    const generated = await generateData(sql, { scale: args.scale });
    console.log(`Generated in ${generated.seconds.toFixed(0)} s.`);
  } else {
    console.log(`The database holds bench data already (${held.customers.toLocaleString("en")} customers): measuring it as it is.`);
  }

  const load: Load = { connections: args.connections, seconds: args.seconds, warmupSeconds: args.warmup };
  const members = (await sql`
    select m.id as "membershipId", m.customer_id as "customerId"
    from memberships m join customers c on c.id = m.customer_id
    where m.status = 'active' and m.merged_into_id is null and c.deleted_at is null and m.balance > 0
    order by m.number limit 1000`) as unknown as BenchMember[];
  const row = (name: string, unit: string, result: Throughput) =>
    console.log(
      `  ${name.padEnd(44)} ${result.perSecond.toFixed(0).padStart(8)} ${unit}  p50 ${result.p50.toFixed(1).padStart(7)} ms  p95 ${result.p95.toFixed(1).padStart(7)} ms  p99 ${result.p99.toFixed(1).padStart(7)} ms  errors ${result.errors}${result.firstError ? ` (first: ${result.firstError})` : ""}`,
    );
  console.log(`\nCeilings, ${args.connections} connections for ${args.seconds} s after ${args.warmup} s of warm-up, on ${os.cpus().length} cores:`);
  const http = await httpCeiling(args.port, load);
  row("bare HTTP (small JSON)", "req/s", http);
  const earn = await earnCeiling(sql, members, load);
  row(`earn, raw SQL (${members.length} members)`, "tx/s ", earn);
  const redeem = await redeemCeiling(sql, members, load);
  row(`redeem, raw SQL (${members.length} members)`, "tx/s ", redeem);

  // The export and the import move 100,000 customers at scale 1, fewer below it.
  const perScale = Math.round(100_000 * Math.min(1, args.scale));
  console.log("\nScenarios against next start:");
  const app = await startApp(url, args.port + 1);
  let ran: Awaited<ReturnType<typeof runScenarios>>;
  let peakRssBytes: number;
  try {
    ran = await runScenarios(sql, app, {
      load,
      members,
      exportSize: perScale,
      earnPerSecond: earn.perSecond,
      log: (scenario: Scenario) => row(scenario.name, scenario.kind === "export" ? "rows/s" : "req/s", scenario.result),
    });
    peakRssBytes = app.peakRss();
  } finally {
    await app.stop();
  }
  console.log(`  orders paid ${ran.payments.paid}, points entries for them ${ran.payments.earned}; peak memory of the server ${(peakRssBytes / 2 ** 20).toFixed(0)} MB`);

  const server = new URL(url);
  server.pathname = "/postgres";
  const imported = await measureImport(server.toString(), perScale);
  setConnection(connection);
  console.log(`  CSV import of ${imported.rows} customers: dry run ${imported.checkSeconds.toFixed(1)} s, import ${imported.importSeconds.toFixed(1)} s (${imported.created} created, ${imported.status})`);

  const started = performance.now();
  const ledger = await verifyLedger(connection.db);
  const ledgerSeconds = (performance.now() - started) / 1000;
  console.log(`\nLedger check in ${ledgerSeconds.toFixed(1)} s: ${ledger.problems.length === 0 ? "every balance equals the sum of its ledger." : `${ledger.problems.length} mismatches.`}`);

  const [{ version }] = (await sql`select 'PostgreSQL ' || current_setting('server_version') as version`) as unknown as [{ version: string }];
  const results: BenchResults = {
    date: new Date().toISOString(),
    machine: machine(version),
    scale: args.scale,
    counts: await benchCounts(sql),
    load,
    ceilings: { http, earn, redeem },
    scenarios: ran.scenarios,
    payments: ran.payments,
    import: imported,
    peakRssBytes,
    ledger: { memberships: ledger.memberships, problems: ledger.problems.length, seconds: ledgerSeconds },
  };
  writeResults(results, args.results);
  console.log(`\n${resultsTable(results)}\n\nWritten to ${args.results}.md and .json.`);
  return (
    ledger.problems.length === 0 &&
    [http, earn, redeem, ...ran.scenarios.map((scenario) => scenario.result)].every((result) => result.errors === 0) &&
    ran.payments.paid === ran.payments.earned &&
    imported.status === "done" &&
    imported.created === imported.rows
  );
}

const connection = await connectPostgres(url, { migrate: true, max: 8 });
setConnection(connection);
const sql = postgres(url, { max: args.connections + 2, onnotice: () => {} });
let passed = false;
try {
  passed = await measure(sql, connection);
} finally {
  await sql.end();
  await closeDb();
}
process.exit(passed ? 0 : 1);

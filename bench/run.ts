/**
 * The performance bench: `npm run bench -- --scale S` fills the PostgreSQL database named by
 * DATABASE_URL with a generated business of scale S (bench/data.ts; 1 is 1,000,000 customers) and
 * measures this machine's ceilings in the same run (bench/ceilings.ts): a bare Node HTTP server,
 * and the points earn and redemption transactions as raw SQL with contention on 1,000 members. It
 * refuses a database that holds anything but bench data; one that holds bench data already is
 * measured as it is. Ends with the ledger check: the raw transactions must leave every balance
 * equal to its ledger. Exits with 1 when refused, when any measurement had errors, or when the
 * ledger disagrees; speed is reported, never asserted.
 */
import os from "node:os";
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { z } from "zod";
import { closeDb, connectPostgres, setConnection, type Database } from "@/db/client";
import { verifyLedger } from "@/lib/membership/verify";
import { parseFlags } from "./args";
import { earnCeiling, httpCeiling, redeemCeiling, type BenchMember, type Load, type Throughput } from "./ceilings";
import { generateData } from "./data";

const argsSchema = z.strictObject({
  scale: z.coerce.number().positive().max(10).default(1),
  seconds: z.coerce.number().positive().max(600).default(20),
  warmup: z.coerce.number().min(0).max(600).default(5),
  connections: z.coerce.number().int().positive().max(1000).default(50),
  port: z.coerce.number().int().min(1024).max(65535).default(3300),
});

const args = parseFlags(process.argv.slice(2), argsSchema);
const parsedUrl = z
  .string({ error: "DATABASE_URL must name the PostgreSQL database to fill (postgres://…)." })
  .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// URL: the bench runs on a PostgreSQL server, not the embedded database.")
  .safeParse(process.env.DATABASE_URL || undefined);
if (!parsedUrl.success) {
  console.error(parsedUrl.error.issues[0]!.message);
  process.exit(1);
}
const url = parsedUrl.data;

/** Fills the database if it is empty, measures the ceilings and checks the ledger; false when refused or the ledger disagrees. */
async function measure(sql: postgres.Sql, db: Database): Promise<boolean> {
  const [held] = (await sql`
    select (select count(*) from users where email not like '%@bench.example')::int as others,
      (select count(*) from users)::int as users,
      (select count(*) from customers)::int as customers`) as unknown as [{ others: number; users: number; customers: number }];
  if (held.others > 0 || (held.users === 0 && held.customers > 0)) {
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
  console.log(`\nCeilings, ${args.connections} connections for ${args.seconds} s after ${args.warmup} s of warm-up, on ${os.cpus().length} cores:`);
  const row = (name: string, unit: string, result: Throughput) =>
    console.log(
      `  ${name.padEnd(28)} ${result.perSecond.toFixed(0).padStart(8)} ${unit}  p50 ${result.p50.toFixed(1).padStart(7)} ms  p95 ${result.p95.toFixed(1).padStart(7)} ms  p99 ${result.p99.toFixed(1).padStart(7)} ms  errors ${result.errors}${result.firstError ? ` (first: ${result.firstError})` : ""}`,
    );
  const results = [
    ["bare HTTP (small JSON)", "req/s", await httpCeiling(args.port, load)],
    [`earn, raw SQL (${members.length} members)`, "tx/s ", await earnCeiling(sql, members, load)],
    [`redeem, raw SQL (${members.length} members)`, "tx/s ", await redeemCeiling(sql, members, load)],
  ] as const;
  for (const [name, unit, result] of results) row(name, unit, result);

  const started = performance.now();
  const ledger = await verifyLedger(db);
  console.log(`\nLedger check in ${((performance.now() - started) / 1000).toFixed(1)} s: ${ledger.problems.length === 0 ? "every balance equals the sum of its ledger." : `${ledger.problems.length} mismatches.`}`);
  return ledger.problems.length === 0 && results.every(([, , result]) => result.errors === 0);
}

const connection = await connectPostgres(url, { migrate: true, max: 8 });
setConnection(connection);
const sql = postgres(url, { max: args.connections + 2, onnotice: () => {} });
let passed = false;
try {
  passed = await measure(sql, connection.db);
} finally {
  await sql.end();
  await closeDb();
}
process.exit(passed ? 0 : 1);

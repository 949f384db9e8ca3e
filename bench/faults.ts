/**
 * The app killed under load: `npm run faults` makes a scratch database on the PostgreSQL server
 * that DATABASE_URL names (`--database`, crm_faults by default; one that holds anything but bench
 * data is refused), fills it with a small generated business, and starts the production build
 * (`npm run build` first). It then pays pending orders and redeems points over the REST API, each
 * request with an Idempotency-Key, ~20 at a time, and kills the server with SIGKILL in the middle —
 * twice — starting it again each time. Every request that got no answer is sent again with its own
 * key until it is answered. Finally it checks that nothing accepted was lost or doubled: each order
 * is paid with exactly one earn entry or still pending with none (and every order answered 2xx is
 * paid), each redemption answered 2xx has exactly one ledger row and none has two, and the ledger
 * agrees with every balance. Prints the counts; exits with 1 and the list of violations otherwise.
 * Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run faults
 */
import crypto from "node:crypto";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import postgres from "postgres";
import { z } from "zod";
import { closeDb, connectPostgres, setConnection } from "@/db/client";
import { systemActor } from "@/lib/auth/permissions";
import { createApiKey } from "@/lib/integration/api-keys";
import { ledgerKey } from "@/lib/integration/api/membership";
import { abandonedAfterMs } from "@/lib/integration/idempotency";
import { verifyLedger } from "@/lib/membership/verify";
import { startApp, type AppServer } from "./app";
import { parseFlags, postgresUrlFromEnv } from "./args";
import { generateData, heldData } from "./data";
import { pendingOrders } from "./scenarios";

const args = parseFlags(
  process.argv.slice(2),
  z.strictObject({
    database: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, "a plain lower-case name")
      .default("crm_faults"),
    /** 0.0005 is 500 customers, 350 of them members. */
    scale: z.coerce.number().positive().max(0.01).default(0.0005),
    orders: z.coerce.number().int().min(10).max(5_000).default(300),
    redemptions: z.coerce.number().int().min(10).max(5_000).default(300),
    concurrency: z.coerce.number().int().min(1).max(200).default(20),
    kills: z.coerce.number().int().min(1).max(5).default(2),
    port: z.coerce.number().int().min(1024).max(65534).default(3500),
  }),
);
const serverUrl = new URL(postgresUrlFromEnv("DATABASE_URL must name the PostgreSQL server (postgres://…); the run makes a database of its own on it."));
const url = new URL(serverUrl);
url.pathname = `/${args.database}`;

type Op = {
  kind: "pay" | "redeem";
  /** The order paid, or the customer whose points are redeemed. */
  id: string;
  key: string;
  /** Every answer's status, in order; a request that got none adds nothing. */
  answers: number[];
  /** The error code of the last answer, for the report. */
  code?: string;
  unanswered: number;
};

const counts = { sent: 0, answeredBeforeKill: [] as number[], lostInFlight: 0, retried: 0, inUseAfterRestart: 0 };

/** How the operations were answered in the end, e.g. `pay 200 ×290, pay 409 order_cannot_pay ×10`. */
function finalAnswers(ops: Op[]): string {
  const tally = new Map<string, number>();
  for (const op of ops) {
    const status = op.answers.at(-1);
    const label = `${op.kind} ${status ?? "none"}${status !== undefined && status >= 400 ? ` ${op.code ?? ""}` : ""}`;
    tally.set(label, (tally.get(label) ?? 0) + 1);
  }
  return [...tally].map(([label, n]) => `${label} ×${n}`).join(", ");
}

/** Whether the database may be made afresh: absent, empty, or holding bench data only. */
async function refusal(admin: postgres.Sql): Promise<string | null> {
  const [exists] = await admin`select 1 from pg_database where datname = ${args.database}`;
  if (!exists) return null;
  const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
  try {
    const tables = (await sql`select tablename from pg_tables where schemaname = 'public'`).map((row) => row.tablename as string);
    if (tables.length === 0) return null;
    if (!tables.includes("users") || !tables.includes("customers")) return `${args.database} holds tables that are not the CRM's.`;
    const held = await heldData(sql);
    if (!held.benchOnly) return `${args.database} holds data that is not the bench's (${held.users} users, ${held.customers} customers).`;
    return null;
  } finally {
    await sql.end();
  }
}

/** Sends one operation's request; records the answer, or that there was none (refused, reset, killed). */
async function send(app: AppServer, authorization: string, op: Op): Promise<boolean> {
  counts.sent++;
  const path = op.kind === "pay" ? `/api/v1/orders/${op.id}/pay` : `/api/v1/customers/${op.id}/points/redeem`;
  try {
    const response = await fetch(`${app.url}${path}`, {
      method: "POST",
      headers: { authorization, "idempotency-key": op.key, ...(op.kind === "redeem" && { "content-type": "application/json" }) },
      body: op.kind === "redeem" ? JSON.stringify({ points: 1, reason: "Restart test" }) : undefined,
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await response.json().catch(() => null)) as { error?: { code?: string } } | null;
    op.answers.push(response.status);
    op.code = body?.error?.code;
    return true;
  } catch {
    op.unanswered++;
    return false;
  }
}

/**
 * Sends `ops` `args.concurrency` at a time until all were sent or `stopAfter` answers came in;
 * then, when `kill` is given, kills the server while the requests still in flight wait for it.
 * Returns the operations that got no answer and those never sent.
 */
async function load(app: AppServer, authorization: string, ops: Op[], options: { stopAfter?: number; kill?: boolean } = {}) {
  const queue = [...ops];
  const unanswered: Op[] = [];
  let answered = 0;
  let killing: Promise<void> | null = null;
  const worker = async () => {
    while (!killing && queue.length > 0) {
      const op = queue.shift()!;
      if (await send(app, authorization, op)) answered++;
      else unanswered.push(op);
      if (options.kill && !killing && answered >= (options.stopAfter ?? Infinity)) {
        counts.answeredBeforeKill.push(answered);
        // The other workers' requests are in flight now: the kill cuts them off.
        killing = app.kill();
      }
    }
  };
  await Promise.all(Array.from({ length: args.concurrency }, worker));
  await killing;
  if (killing) counts.lostInFlight += unanswered.length;
  return { unanswered, unsent: queue };
}

const maintenance = new URL(serverUrl);
maintenance.pathname = "/postgres";
const admin = postgres(maintenance.toString(), { max: 1, onnotice: () => {} });
const refused = await refusal(admin);
if (refused) {
  console.error(`${refused} Give the run a database of its own (--database).`);
  await admin.end();
  process.exit(1);
}
await admin.unsafe(`drop database if exists ${args.database} with (force)`);
await admin.unsafe(`create database ${args.database}`);

const began = performance.now();
const connection = await connectPostgres(url.toString(), { migrate: true, max: 4 });
setConnection(connection);
const sql = postgres(url.toString(), { max: 2, onnotice: () => {} });
const violations: string[] = [];
let app: AppServer | null = null;
try {
  await generateData(sql, { scale: args.scale, log: () => {} });
  const customerIds = (
    (await sql`
      select m.customer_id as id from memberships m join customers c on c.id = m.customer_id
      where m.status = 'active' and m.merged_into_id is null and c.deleted_at is null and m.balance >= 100
      order by m.number limit 300`) as unknown as { id: string }[]
  ).map((row) => row.id);
  const orderIds = await pendingOrders(sql, customerIds, args.orders);
  const { apiKey, secret } = await createApiKey(systemActor("bench"), { name: `Faults ${Date.now()}`, scopes: ["orders:write", "points:write"], rateLimitPerMinute: 100_000 });
  const authorization = `Bearer ${secret}`;
  const redeemers = Array.from({ length: args.redemptions }, (_, n) => customerIds[n % customerIds.length]!);
  // Payments and redemptions interleaved, so that each kill lands among both.
  const ops: Op[] = [];
  for (let n = 0; n < Math.max(orderIds.length, redeemers.length); n++) {
    if (orderIds[n]) ops.push({ kind: "pay", id: orderIds[n]!, key: crypto.randomUUID(), answers: [], unanswered: 0 });
    if (redeemers[n]) ops.push({ kind: "redeem", id: redeemers[n]!, key: crypto.randomUUID(), answers: [], unanswered: 0 });
  }
  const [{ balanceBefore }] = (await sql`select sum(balance)::int as "balanceBefore" from memberships where customer_id = any(${customerIds}::uuid[])`) as unknown as [{ balanceBefore: number }];
  console.log(`Fixture: ${customerIds.length} members, ${orderIds.length} pending orders, ${redeemers.length} redemptions to make (${((performance.now() - began) / 1000).toFixed(0)} s).`);

  // Rounds of load, each cut off by a kill once its share of the work was answered.
  let pending = ops;
  const lost: Op[] = [];
  for (let round = 1; round <= args.kills; round++) {
    app = await startApp(url.toString(), args.port);
    const share = Math.floor(ops.length / (args.kills + 1));
    const { unanswered, unsent } = await load(app, authorization, pending, { stopAfter: share, kill: true });
    lost.push(...unanswered);
    pending = unsent;
    console.log(`Round ${round}: ${counts.answeredBeforeKill.at(-1) ?? 0} answered, then SIGKILL with ${unanswered.length} requests in flight.`);
  }

  // Started again: the rest of the work, and every request that got no answer sent again with its key.
  app = await startApp(url.toString(), args.port);
  counts.retried = lost.length;
  let { unanswered } = await load(app, authorization, [...lost, ...pending]);
  for (let attempt = 0; unanswered.length > 0 && attempt < 3; attempt++) {
    await sleep(500);
    ({ unanswered } = await load(app, authorization, unanswered));
  }
  for (const op of unanswered) violations.push(`${op.kind} ${op.id} (key ${op.key}) never got an answer`);

  // A request the killed server had begun holds its key "in progress" for abandonedAfterMs: the
  // client is told to retry later. Its claim is aged by that much, as if the client had waited.
  const inUse = ops.filter((op) => op.answers.at(-1) === 409 && op.code === "idempotency_key_in_use");
  counts.inUseAfterRestart = inUse.length;
  if (inUse.length > 0) {
    await sql`update api_idempotency_keys set updated_at = updated_at - ${`${abandonedAfterMs} milliseconds`}::interval where api_key_id = ${apiKey.id} and status is null`;
    ({ unanswered } = await load(app, authorization, inUse));
    for (const op of unanswered) violations.push(`${op.kind} ${op.id} (key ${op.key}) got no answer after its claim was taken over`);
  }
  await app.stop();
  app = null;

  // What each order and redemption came to.
  const orders = (await sql`
    select o.id, o.status::text as status,
      (select count(*) from points_ledger l where l.order_id = o.id and l.kind = 'earn')::int
        + (select count(*) from pending_points p where p.order_id = o.id)::int as earned
    from orders o where o.id = any(${orderIds}::uuid[])`) as unknown as { id: string; status: string; earned: number }[];
  const byOrder = new Map(orders.map((order) => [order.id, order]));
  const redeemOps = ops.filter((op) => op.kind === "redeem");
  const keys = redeemOps.map((op) => ledgerKey(`api:${apiKey.id}:${op.key}`));
  const entries = (await sql`
    select idempotency_key as key, count(*)::int as n from points_ledger
    where idempotency_scope = 'redeem' and idempotency_key = any(${keys}) group by idempotency_key`) as unknown as { key: string; n: number }[];
  const rowsOf = new Map(entries.map((entry) => [entry.key, entry.n]));
  const ok = (status: number | undefined) => status !== undefined && status >= 200 && status < 300;

  for (const op of ops.filter((candidate) => candidate.kind === "pay")) {
    const order = byOrder.get(op.id)!;
    const final = op.answers.at(-1);
    if (order.status === "paid" && order.earned !== 1) violations.push(`order ${op.id} is paid with ${order.earned} earn entries`);
    if (order.status === "pending" && order.earned !== 0) violations.push(`order ${op.id} is pending with ${order.earned} earn entries`);
    if (order.status !== "paid" && order.status !== "pending") violations.push(`order ${op.id} is ${order.status}`);
    if (op.answers.some(ok) && order.status !== "paid") violations.push(`order ${op.id} was answered ${op.answers.join(", ")} but is ${order.status}`);
    // A payment the killed server committed but could not answer is refused as already paid on the retry.
    const converged = ok(final) || (final === 409 && op.code === "order_cannot_pay" && order.status === "paid");
    if (!converged) violations.push(`order ${op.id}: answers ${op.answers.join(", ") || "none"} (${op.code ?? "no error code"}), order ${order.status}`);
  }
  redeemOps.forEach((op, index) => {
    const rows = rowsOf.get(keys[index]!) ?? 0;
    if (rows > 1) violations.push(`redemption ${op.key} has ${rows} ledger rows`);
    if (op.answers.some(ok) && rows !== 1) violations.push(`redemption ${op.key} was answered ${op.answers.join(", ")} but has ${rows} ledger rows`);
    if (!ok(op.answers.at(-1))) violations.push(`redemption ${op.key}: answers ${op.answers.join(", ") || "none"} (${op.code ?? "no error code"})`);
  });
  const ledger = await verifyLedger(connection.db);
  for (const problem of ledger.problems) violations.push(`ledger: ${problem.kind} ${problem.id} expected ${problem.expected}, found ${problem.actual}`);

  const paid = orders.filter((order) => order.status === "paid");
  const earned = paid.reduce((sum, order) => sum + order.earned, 0);
  const redeemRows = [...rowsOf.values()].reduce((sum, n) => sum + n, 0);
  const [{ balanceAfter, earnedPoints }] = (await sql`
    select (select sum(balance)::int from memberships where customer_id = any(${customerIds}::uuid[])) as "balanceAfter",
      (select coalesce(sum(delta), 0)::int from points_ledger where order_id = any(${orderIds}::uuid[]) and kind = 'earn') as "earnedPoints"`) as unknown as [
    { balanceAfter: number; earnedPoints: number },
  ];
  // Every point is accounted for: what the payments earned, less one per redemption row.
  if (balanceAfter !== balanceBefore + earnedPoints - redeemRows) violations.push(`the members' balances moved by ${balanceAfter - balanceBefore}, but the payments' earn rows and the redemptions' rows account for ${earnedPoints - redeemRows}`);

  console.log(
    [
      `Requests sent ${counts.sent} (${ops.length} operations: ${orderIds.length} payments, ${redeemOps.length} redemptions; ${args.concurrency} at a time)`,
      `Answered before each kill: ${counts.answeredBeforeKill.join(", ")}; lost in flight: ${counts.lostInFlight}; retried with the same key: ${counts.retried}`,
      `Answered "key in use" after the restart: ${counts.inUseAfterRestart} (claims of the killed server; retried once taken over)`,
      `Final answers: ${finalAnswers(ops)}`,
      `Orders paid ${paid.length} of ${orders.length}, earn entries for them ${earned}; redemption ledger rows ${redeemRows} for ${redeemOps.length} redemptions`,
      `Ledger check: ${ledger.problems.length === 0 ? "every balance equals the sum of its ledger" : `${ledger.problems.length} mismatches`} (${ledger.memberships} members, ${ledger.entries} entries)`,
      `In ${((performance.now() - began) / 1000).toFixed(0)} s.`,
    ].join("\n"),
  );
} catch (error) {
  violations.push(`the run failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
} finally {
  await app?.stop();
  await sql.end();
  await closeDb();
  // Kept after a violation, to be looked into.
  if (violations.length === 0) await admin.unsafe(`drop database if exists ${args.database} with (force)`);
  await admin.end();
}

if (violations.length > 0) {
  console.error(`\n${violations.length} violations (the database ${args.database} is kept):\n${violations.map((line) => `  - ${line}`).join("\n")}`);
  process.exit(1);
}
console.log("Nothing accepted was lost or doubled.");
process.exit(0);

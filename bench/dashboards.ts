/**
 * The report dashboards at scale on PostgreSQL: generates a business of `--scale` × (1,000,000
 * customers, 700,000 members, 5,000,000 orders, 10,000,000 ledger rows, 500,000 tickets, 200,000
 * deals) with bench/data.ts, then times each dashboard's data function as an admin and as a
 * manager who leads a team, with the default filters and with a 12-month span (the previous twelve
 * whole months; 365 days for the service dashboard): 3 warm-ups, then 20 timed runs, p50/p95/max.
 * A p95 over 300 ms is marked. Finally times the minute jobs: `refreshReports` after 1,000 new
 * paid orders, `refreshServiceReport` after 1,000 tickets solved and 1,000 opened. Creates the database `crm_bench_dash_<pid>` on BENCH_DATABASE_URL's server (default
 * postgres://postgres@127.0.0.1:5432/postgres) and drops it at the end unless BENCH_KEEP=1;
 * BENCH_REUSE=<name> times a database kept so instead of generating one (migrating it first).
 * Run: npm run bench:dashboards -- --scale 0.1
 */
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { z } from "zod";
import { closeDb, connectPostgres, setConnection } from "@/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { addDaysToDay, addMonths, currentMonth, dayIn } from "@/lib/dates";
import { actorOf } from "@/lib/factories";
import { getCohorts } from "@/lib/reports/cohorts";
import { getMembershipReport } from "@/lib/reports/membership";
import { getMyDashboard } from "@/lib/reports/mine";
import { getOverview } from "@/lib/reports/overview";
import { refreshDealReport } from "@/lib/reports/deals-rollup";
import { refreshReports } from "@/lib/reports/refresh";
import { getRfm } from "@/lib/reports/rfm";
import { getSalesDashboard } from "@/lib/reports/sales";
import { getServiceReport } from "@/lib/reports/service";
import { refreshServiceReport } from "@/lib/reports/service-rollup";
import { readSetting } from "@/lib/settings/queries";
import { parseFlags, percentile } from "./args";
import { benchCounts, benchPeople, generateData, type GeneratedData } from "./data";

const argsSchema = z.strictObject({
  scale: z.coerce.number().positive().max(10).default(0.1),
  runs: z.coerce.number().int().positive().max(1000).default(20),
  warmups: z.coerce.number().int().min(0).max(100).default(3),
});

const args = parseFlags(process.argv.slice(2), argsSchema);
const limitMs = 300;
const server = new URL(process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
const reuse = z
  .string()
  .regex(/^crm_bench_dash_\d+$/, "BENCH_REUSE names a database this bench kept (crm_bench_dash_<pid>).")
  .optional()
  .parse(process.env.BENCH_REUSE || undefined);
const name = reuse ?? `crm_bench_dash_${process.pid}`;
const admin = postgres(server.toString(), { max: 1, onnotice: () => {} });
if (!reuse) await admin.unsafe(`create database ${name}`);
const url = new URL(server);
url.pathname = `/${name}`;

const ms = (value: number) => value.toFixed(1).padStart(8);

type Case = { dashboard: string; filters: string; run: (actor: Actor) => Promise<unknown> };

try {
  const connection = await connectPostgres(url.toString(), { migrate: true, max: 8 });
  setConnection(connection);
  const loader = postgres(url.toString(), { max: 2, onnotice: () => {} });
  let data: Pick<GeneratedData, "admin" | "manager" | "counts">;
  if (reuse) {
    data = { ...(await benchPeople(loader)), counts: await benchCounts(loader) };
    console.log(`Reusing ${name}:`);
  } else {
    console.log(`Generating scale ${args.scale} into ${name}:`);
    const generated = await generateData(loader, { scale: args.scale });
    data = generated;
    console.log(`\nGenerated in ${generated.seconds.toFixed(0)} s:`);
  }
  for (const [table, count] of Object.entries(data.counts)) console.log(`  ${table.padEnd(28)} ${count.toLocaleString("en").padStart(12)}`);

  const { timeZone } = await readSetting("organisation", connection.db);
  const month = currentMonth(timeZone);
  const span = { from: addMonths(month, -12), to: addMonths(month, -1) };
  const today = dayIn(new Date(), timeZone);
  const days = { from: addDaysToDay(today, -365), to: addDaysToDay(today, -1) };
  const cases: Case[] = [
    { dashboard: "overview", filters: "default", run: (actor) => getOverview(actor, {}) },
    { dashboard: "overview", filters: "12 months", run: (actor) => getOverview(actor, span) },
    { dashboard: "sales", filters: "default", run: (actor) => getSalesDashboard(actor, {}) },
    { dashboard: "sales", filters: "12 months", run: (actor) => getSalesDashboard(actor, span) },
    { dashboard: "mine", filters: "default", run: (actor) => getMyDashboard(actor) },
    { dashboard: "membership", filters: "default", run: (actor) => getMembershipReport(actor, {}) },
    { dashboard: "membership", filters: "12 months", run: (actor) => getMembershipReport(actor, span) },
    { dashboard: "service", filters: "default (30 days)", run: (actor) => getServiceReport(actor, {}) },
    { dashboard: "service", filters: "365 days", run: (actor) => getServiceReport(actor, days) },
    { dashboard: "rfm", filters: "default", run: (actor) => getRfm(actor, {}) },
    { dashboard: "cohorts", filters: "default", run: (actor) => getCohorts(actor, {}) },
    { dashboard: "cohorts", filters: "12 months", run: (actor) => getCohorts(actor, span) },
  ];
  const actors: [string, Actor][] = [
    ["admin", actorOf(data.admin)],
    ["manager", actorOf(data.manager)],
  ];

  console.log(`\nDashboard data, ${args.warmups} warm-ups then ${args.runs} runs each (ms); * marks a p95 over ${limitMs} ms:`);
  console.log(`  ${"dashboard".padEnd(12)} ${"filters".padEnd(18)} ${"actor".padEnd(8)} ${"p50".padStart(8)} ${"p95".padStart(8)} ${"max".padStart(8)}`);
  const slow: string[] = [];
  for (const item of cases) {
    for (const [role, actor] of actors) {
      for (let index = 0; index < args.warmups; index++) await item.run(actor);
      const times: number[] = [];
      for (let index = 0; index < args.runs; index++) {
        const start = performance.now();
        await item.run(actor);
        times.push(performance.now() - start);
      }
      times.sort((a, b) => a - b);
      const p95 = percentile(times, 95);
      const mark = p95 > limitMs ? " *" : "";
      if (mark) slow.push(`${item.dashboard} (${item.filters}, ${role})`);
      console.log(`  ${item.dashboard.padEnd(12)} ${item.filters.padEnd(18)} ${role.padEnd(8)} ${ms(percentile(times, 50))} ${ms(p95)} ${ms(times.at(-1)!)}${mark}`);
    }
  }
  console.log(slow.length ? `\nOver ${limitMs} ms p95: ${slow.join("; ")}` : `\nEvery dashboard under ${limitMs} ms p95.`);

  // The minute job after 1,000 new paid orders of 1,000 customers.
  await loader.unsafe(`
    insert into orders (customer_id, channel, status, currency, subtotal, total, placed_at, paid_at)
    select c.id, 'store', 'paid', (select value->>'currency' from settings where key = 'organisation' union all select 'CNY' limit 1), 12800, 12800, now(), now()
    from customers c where c.number % ${Math.max(1, Math.floor(data.counts.customers! / 1000))} = 0 limit 1000`);
  const start = performance.now();
  const result = await refreshReports(connection.db);
  console.log(`\nrefreshReports after 1,000 new paid orders: ${((performance.now() - start) / 1000).toFixed(2)} s (${result.customers} customers recomputed)`);

  // The service job after 1,000 tickets solved now and 1,000 opened now.
  await loader.unsafe(`update tickets set status = 'solved', solved_at = now() where id in (select id from tickets where solved_at is null limit 1000)`);
  await loader.unsafe(`
    insert into tickets (customer_id, subject, description, channel, category, priority, status, tags, created_at, updated_at, last_activity_at)
    select c.id, 'Bench question', 'Bench ticket', 'phone', 'inquiry', 'normal', 'new', '{}', now(), now(), now()
    from customers c where c.number % ${Math.max(1, Math.floor(data.counts.customers! / 1000))} = 0 limit 1000`);
  const serviceStart = performance.now();
  const serviceResult = await refreshServiceReport(connection.db);
  console.log(`refreshServiceReport after 1,000 tickets solved and 1,000 opened: ${((performance.now() - serviceStart) / 1000).toFixed(2)} s (${serviceResult.days.length} days recomputed)`);

  // The sales job after 1,000 deals moved on (a thousandth of them won now) and 1,000 created now.
  await loader.unsafe(`
    update opportunities o set stage_id = s.id, closed_at = now(), stage_entered_at = now()
    from pipeline_stages s
    where s.pipeline_id = o.pipeline_id and s.outcome = 'won'
      and o.id in (select o2.id from opportunities o2 join pipeline_stages s2 on s2.id = o2.stage_id where s2.outcome = 'open' limit 1000)`);
  await loader.unsafe(`
    insert into opportunities (customer_id, pipeline_id, stage_id, title, amount, currency, owner_id)
    select o.customer_id, o.pipeline_id, o.stage_id, 'Bench deal', o.amount, o.currency, o.owner_id
    from opportunities o join pipeline_stages s on s.id = o.stage_id where s.outcome = 'open' limit 1000`);
  const dealStart = performance.now();
  const dealResult = await refreshDealReport(connection.db);
  console.log(`refreshDealReport after 1,000 deals won and 1,000 created: ${((performance.now() - dealStart) / 1000).toFixed(2)} s (${dealResult.days.length} days, ${dealResult.owners.length} owners recomputed)`);
  await loader.end();
} finally {
  await closeDb();
  if (process.env.BENCH_KEEP === "1" || reuse) console.log(`Kept database ${name}.`);
  else await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
}

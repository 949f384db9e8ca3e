/**
 * What users do, against the production build: API reads and search, paying orders and redeeming
 * points over the API with contention on 1,000 members, the customer pages and every dashboard as
 * HTML, a 100,000-customer segment exported. Each HTTP scenario is loaded with autocannon after a
 * warm-up, and read pages are also timed one request at a time (the server's time without
 * queueing). The fixtures they need (an API key per scenario, sign-in passwords, pending orders, a
 * segment) are made at the start, so any bench database can be measured again.
 */
import crypto from "node:crypto";
import { performance } from "node:perf_hooks";
import type postgres from "postgres";
import { actorOf } from "@/lib/factories";
import { systemActor } from "@/lib/auth/permissions";
import { createSegment } from "@/lib/customers/segments";
import { createApiKey } from "@/lib/integration/api-keys";
import type { Scope } from "@/lib/integration/scopes";
import { benchPassword, cycle, signIn, type AppServer } from "./app";
import { loadUrl, sequential, type BenchMember, type Load, type NextRequest, type Throughput } from "./ceilings";
import { benchPeople } from "./data";

export type Scenario = {
  name: string;
  /** What it is held to (bench/results.ts). */
  kind: "read" | "search" | "payment" | "page" | "dashboard" | "export";
  /** Under load (50 connections), or once for the export. */
  result: Throughput;
  /** One request at a time, for reads. */
  alone?: Throughput;
  /** Which ceiling its throughput is a share of. */
  ceiling: "http" | "earn" | "redeem" | null;
  /** Rows moved, for the export. */
  rows?: number;
};

/** An API key with `scopes` (one per scenario, so that no scenario meets another's rate window). */
async function apiKey(name: string, scopes: Scope[]) {
  const { secret } = await createApiKey(systemActor("bench"), { name: `Bench ${name} ${Date.now()}`, scopes, rateLimitPerMinute: 100_000 });
  return { authorization: `Bearer ${secret}` };
}

/**
 * `count` pending orders of one product for `customerIds` (round robin), made the way the app
 * stores them, for the pay scenario (and the fault run) to pay one by one.
 */
export async function pendingOrders(sql: postgres.Sql, customerIds: string[], count: number): Promise<string[]> {
  const rows = (await sql`
    with product as (select id, sku, name, category, price from products where active order by sku limit 1),
    currency as (select currency from orders limit 1),
    placed as (
      insert into orders (customer_id, channel, status, currency, subtotal, total)
      select (${customerIds}::uuid[])[1 + g % ${customerIds.length}], 'online', 'pending', c.currency, p.price, p.price
      from generate_series(0, ${count - 1}) g cross join product p cross join currency c
      returning id)
    insert into order_lines (order_id, position, product_id, sku, name, category, quantity, unit_price, amount)
    select placed.id, 1, p.id, p.sku, p.name, p.category, 1, p.price, p.price from placed cross join product p
    returning order_id as id`) as unknown as { id: string }[];
  return rows.map((row) => row.id);
}

export async function runScenarios(
  sql: postgres.Sql,
  app: AppServer,
  options: { load: Load; members: BenchMember[]; exportSize: number; earnPerSecond: number; log: (scenario: Scenario) => void },
): Promise<{ scenarios: Scenario[]; payments: { paid: number; earned: number } }> {
  const { load, members, log } = options;
  const scenarios: Scenario[] = [];
  const record = (scenario: Scenario) => {
    scenarios.push(scenario);
    log(scenario);
  };
  const aloneCount = Math.max(20, Math.min(200, Math.round(load.seconds * 10)));

  // Sign-in passwords for the admin and a rep, new each run.
  const people = await benchPeople(sql);
  const password = await benchPassword(sql, [people.admin.id, people.rep.id]);
  const adminCookie = { cookie: await signIn(app.url, "admin@bench.example", password) };
  const repCookie = { cookie: await signIn(app.url, "rep1@bench.example", password) };

  const sample = (await sql`select id, phone from customers where deleted_at is null and phone is not null order by random() limit 1000`) as unknown as { id: string; phone: string }[];

  // API reads.
  const readKey = await apiKey("reads", ["customers:read"]);
  const customerPaths = sample.map((customer) => ({ path: `/api/v1/customers/${customer.id}` }));
  record({
    name: "GET /api/v1/customers/{id}",
    kind: "read",
    ceiling: "http",
    result: await loadUrl(app.url, load, { headers: readKey, next: cycle(customerPaths) }),
    alone: await sequential(app.url, aloneCount, { headers: readKey, next: cycle(customerPaths) }),
  });
  // Seven digits of a phone number: a handful of customers each.
  const searchKey = await apiKey("search", ["customers:read"]);
  const searchPaths = sample.map((customer) => ({ path: `/api/v1/customers?q=${customer.phone.slice(-7)}` }));
  record({
    name: "GET /api/v1/customers?q=<phone fragment>",
    kind: "search",
    ceiling: "http",
    result: await loadUrl(app.url, load, { headers: searchKey, next: cycle(searchPaths) }),
    alone: await sequential(app.url, aloneCount, { headers: searchKey, next: cycle(searchPaths) }),
  });

  // Paying orders: enough pending ones for the raw SQL ceiling's pace over the warm-up and the run, once each.
  const orders = await pendingOrders(sql, members.map((member) => member.customerId), Math.ceil(options.earnPerSecond * (load.seconds + load.warmupSeconds) * 1.5) + 100);
  const payKey = await apiKey("pay", ["orders:write"]);
  const nextOrder = cycle(orders);
  const pay: NextRequest = () => ({ path: `/api/v1/orders/${nextOrder()}/pay`, headers: { "idempotency-key": crypto.randomUUID() } });
  record({ name: "POST /api/v1/orders/{id}/pay (earn)", kind: "payment", ceiling: "earn", result: await loadUrl(app.url, load, { method: "POST", headers: payKey, next: pay }) });
  // Nothing counted twice or lost: each order paid has exactly one points entry (earned, or held pending).
  const [payments] = (await sql`
    select (select count(*) from orders where id = any(${orders}::uuid[]) and status = 'paid')::int as paid,
      ((select count(*) from points_ledger where order_id = any(${orders}::uuid[]) and kind = 'earn')
        + (select count(*) from pending_points where order_id = any(${orders}::uuid[])))::int as earned`) as unknown as [{ paid: number; earned: number }];

  const redeemKey = await apiKey("redeem", ["points:write"]);
  const nextMember = cycle(members);
  const redeem: NextRequest = () => ({
    path: `/api/v1/customers/${nextMember().customerId}/points/redeem`,
    headers: { "idempotency-key": crypto.randomUUID(), "content-type": "application/json" },
    body: '{"points":1}',
  });
  record({ name: "POST /api/v1/customers/{id}/points/redeem", kind: "payment", ceiling: "redeem", result: await loadUrl(app.url, load, { method: "POST", headers: redeemKey, next: redeem }) });

  // Pages, as HTML, the way a browser asks for them.
  const page = async (name: string, kind: "page" | "dashboard", cookie: { cookie: string }, paths: string[]) => {
    const next = cycle(paths.map((path) => ({ path })));
    const headers = { ...cookie, accept: "text/html" };
    record({ name, kind, ceiling: "http", result: await loadUrl(app.url, load, { headers, next }), alone: await sequential(app.url, aloneCount, { headers, next }) });
  };
  await page("customer page /customers/{id}", "page", adminCookie, sample.map((customer) => `/customers/${customer.id}`));
  await page("customer list /customers", "page", adminCookie, ["/customers"]);
  for (const dashboard of ["/reports", "/reports/sales", "/reports/membership", "/reports/service", "/reports/rfm", "/reports/cohorts"]) {
    await page(`dashboard ${dashboard}`, "dashboard", adminCookie, [dashboard]);
  }
  await page("dashboard /reports/mine (a rep)", "dashboard", repCookie, ["/reports/mine"]);

  // The newest customers (100,000 at scale 1), as a saved segment, exported as CSV.
  const size = options.exportSize;
  const [since] = (await sql`
    select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') as day from customers where deleted_at is null order by created_at desc offset ${size - 1} limit 1`) as unknown as [{ day: string }];
  const segment = await createSegment(actorOf(people.admin), { name: `Bench newest ${Date.now()}`, filters: { createdFrom: since.day } });
  const started = performance.now();
  const response = await fetch(`${app.url}/customers/export?segment=${segment.id}`, { headers: adminCookie });
  const csv = await response.text();
  const seconds = (performance.now() - started) / 1000;
  const rows = csv.trimEnd().split("\n").length - 1;
  record({
    name: `export of a segment of ${rows.toLocaleString("en")} customers (CSV)`,
    kind: "export",
    ceiling: null,
    rows,
    result: { perSecond: rows / seconds, p50: seconds * 1000, p95: seconds * 1000, p99: seconds * 1000, count: 1, errors: response.ok ? 0 : 1, seconds, ...(response.ok ? {} : { firstError: `HTTP ${response.status}` }) },
  });
  return { scenarios, payments };
}

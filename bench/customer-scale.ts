/**
 * The customer module at 100,000 customers on PostgreSQL: the query plans of the list's filters
 * (no sequential scan on customers wanted) and the server time of a customer page whose timeline
 * holds 1,000 entries. Creates and drops its own database on BENCH_DATABASE_URL's server
 * (default postgres://postgres@127.0.0.1:5432/postgres). Run: npm run bench:scale
 */
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { closeDb, connectPostgres, setConnection } from "@/db/client";
import { actorOf, makeCustomer, makeUser } from "@/lib/factories";
import { customerListQueries, getCustomer, listConsentHistory } from "@/lib/customers/queries";
import { customerListParamsSchema } from "@/lib/customers/schemas";
import { listTimeline } from "@/lib/customers/timeline";

const size = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const server = new URL(process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
const name = `crm_bench_scale_${process.pid}`;
const admin = postgres(server.toString(), { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${name}`);
const url = new URL(server);
url.pathname = `/${name}`;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

try {
  const connection = await connectPostgres(url.toString(), { migrate: true, max: 4 });
  setConnection(connection);
  const { db } = connection;
  const rep = await makeUser("sales_rep", { name: "Bench Rep" });
  const actor = actorOf(rep);

  let start = performance.now();
  await db.execute(sql`
    insert into customers (name, email, phone, city, lifecycle_stage, source, tags, owner_id, created_at)
    select
      'Customer ' || i,
      'customer' || i || '@example.com',
      '+86139' || lpad(i::text, 8, '0'),
      (array['上海','北京','深圳','广州','杭州','成都','南京','武汉','苏州','西安','Singapore','London'])[1 + i % 12],
      (array['lead','prospect','customer','customer','churned']::lifecycle_stage[])[1 + i % 5],
      (array['walk_in','website','referral','social','event','import','other']::customer_source[])[1 + i % 7],
      case when i % 10 = 0 then array['vip'] when i % 7 = 0 then array['wholesale','newsletter'] else '{}'::text[] end,
      case when i % 50 = 0 then ${rep.id}::uuid else null end,
      now() - (i % 730) * interval '1 day'
    from generate_series(1, ${size}) as i`);
  // Every other customer a member (tiers by balance); every third a buyer with three paid orders.
  await db.execute(sql`
    insert into tiers (rank, name, name_zh, min_spend, multiplier_percent)
    values (0, 'Bronze', '青铜', null, 100), (1, 'Silver', '白银', 200000, 125), (2, 'Gold', '黄金', 800000, 150), (3, 'Platinum', '铂金', 2000000, 200)`);
  await db.execute(sql`
    insert into memberships (customer_id, enrolled_via, tier_id, reviewed_tier_id, next_review_on, balance)
    select c.id, 'staff', t.id, t.id, current_date + 365, (c.number * 37) % 20000
    from customers c join tiers t on t.rank = (c.number / 2) % 4
    where c.number % 2 = 0`);
  await db.execute(sql`
    insert into orders (customer_id, channel, status, currency, subtotal, total, placed_at, paid_at)
    select c.id, 'store', 'paid', 'CNY', x.amount, x.amount, x.at, x.at
    from customers c
    cross join lateral (select (c.number * 7919 + k * 104729) % 300000 + 1000 as amount, now() - ((c.number + k * 97) % 700) * interval '1 day' as at from generate_series(1, 3) k) x
    where c.number % 3 = 0`);
  // A tenth with a further e-mail and phone.
  await db.execute(sql`
    insert into customer_channels (customer_id, kind, value)
    select c.id, k.kind::channel_kind, case k.kind when 'email' then 'work' || c.number || '@corp.example' else '+86138' || lpad(c.number::text, 8, '0') end
    from customers c cross join (values ('email'), ('phone')) as k(kind)
    where c.number % 10 = 0`);
  await db.execute(sql`analyze`);
  console.log(`${size.toLocaleString("en")} customers (half of them members, a third with three paid orders each) inserted in ${((performance.now() - start) / 1000).toFixed(1)} s\n`);
  const [gold] = (await db.execute(sql`select id from tiers where rank = 2`)) as unknown as { id: string }[];

  const cases: Record<string, Record<string, string>> = {
    "first page": {},
    "search by name": { q: "Customer 4242" },
    "search by e-mail": { q: "customer777@" },
    "search by phone": { q: "139 0004 24" },
    "further e-mail": { q: "work4240@corp" },
    "further phone": { q: "138 0004 240" },
    "customer number": { q: "C-001234" },
    "tag vip": { tag: "vip" },
    "city 上海": { city: "上海" },
    "stage churned + city": { stage: "churned", city: "杭州" },
    "owner (mine)": { owner: "me" },
    "created last week": { createdFrom: new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10) },
    "spent over 1,000": { spendMin: "1000" },
    "上海, spent over 1,000": { city: "上海", spendMin: "1000" },
    "last order this week": { lastOrderFrom: new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10) },
    "tier Gold": { tier: gold!.id },
    "points 19,000 or more": { pointsMin: "19000" },
  };
  console.log(`${"list query".padEnd(22)} ${"rows ms".padStart(8)} ${"count ms".padStart(9)}  seq scan on customers?`);
  for (const [label, raw] of Object.entries(cases)) {
    const queries = customerListQueries(db, actor, customerListParamsSchema.parse(raw), { timeZone: "Asia/Shanghai", currency: "CNY" });
    const plans: string[] = [];
    const times: number[] = [];
    for (const query of [queries.rows, queries.count]) {
      const result = (await db.execute(sql`explain (analyze, format text) ${query}`)) as unknown as Record<string, string>[];
      const plan = result.map((row) => Object.values(row)[0]).join("\n");
      plans.push(plan);
      times.push(Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN));
    }
    const seq = plans.some((plan) => /Seq Scan on customers/.test(plan));
    console.log(`${label.padEnd(22)} ${times[0]!.toFixed(1).padStart(8)} ${times[1]!.toFixed(1).padStart(9)}  ${seq ? "YES" : "no"}`);
    if (seq && process.env.BENCH_VERBOSE) console.log(plans.join("\n---\n"));
  }

  // One customer with a long history: 1,000 activities and profile changes.
  const busy = await makeCustomer(actor, { name: "Busy Customer", city: "上海" });
  await db.execute(sql`
    insert into activities (customer_id, kind, subject, occurred_at, created_by)
    select ${busy.id}::uuid, 'call', 'Call ' || i, now() - i * interval '1 hour', ${rep.id}::uuid from generate_series(1, 800) i`);
  await db.execute(sql`
    insert into audit_log (actor_id, actor_label, action, entity_type, entity_id, changes, created_at)
    select ${rep.id}::uuid, 'Bench Rep', 'customer.update', 'customer', ${busy.id}, jsonb_build_object('city', jsonb_build_object('before', 'A', 'after', 'B')), now() - i * interval '90 minutes'
    from generate_series(1, 200) i`);
  await db.execute(sql`analyze`);
  const times: number[] = [];
  for (let i = 0; i < 30; i++) {
    start = performance.now();
    await Promise.all([getCustomer(actor, busy.id), listTimeline(actor, busy.id, {}), listConsentHistory(actor, busy.id)]);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(`\ncustomer page data, 1,000 timeline entries: p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms`);
} finally {
  await closeDb();
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
}

/**
 * Fills a freshly migrated PostgreSQL database with a business of `scale` × (1,000,000 customers,
 * 700,000 members, 5,000,000 orders with their lines and refunds, 10,000,000 points-ledger rows,
 * 500,000 tickets, 200,000 deals) for the dashboards' benchmarks (bench/dashboards.ts).
 *
 * Everything is generated inside PostgreSQL (INSERT … SELECT over generate_series), so no row makes
 * a round trip. "Random" values are hashes of the row's number (`hashint8extended`), so a scale
 * always gives the same business. Distributions: spend skewed towards a few customers (a power law
 * on the customer picked for each order), 24 months of orders with growth and seasonal peaks
 * (11.11, 6.18, December; a dip at the Spring Festival), three sales teams and a service team.
 *
 * The data keeps every constraint: ledger rows are inserted in time order with `balance_after` the
 * member's running sum and `memberships.balance` the total; every credit opens a lot, and every debit
 * (redemption, refund reversal, expiry) draws from one earlier credit of the same member, never more
 * than it holds, so no balance goes below zero. The triggers that keep derived data are switched
 * off for the load (the rollups are rebuilt whole afterwards, a deal's reached stages filled in one
 * statement); the non-constraint indexes of the big tables are
 * dropped and built again at the end, and their foreign keys dropped and added again (which checks
 * every row in one join), both much faster than maintaining them row by row.
 */
import { performance } from "node:perf_hooks";
import { drizzle } from "drizzle-orm/postgres-js";
import type postgres from "postgres";
import type { Database } from "@/db/client";
import * as schema from "@/db/schema";
import type { Role } from "@/lib/auth/permissions";
import { rebuildDealReport } from "@/lib/reports/deals-rollup";
import { rebuildMembershipReport } from "@/lib/reports/points-rollup";
import { rebuildReports } from "@/lib/reports/refresh";
import { rebuildServiceReport } from "@/lib/reports/service-rollup";
import { readSetting } from "@/lib/settings/queries";

export type BenchUser = { id: string; role: Role; name: string };

export type GeneratedData = {
  admin: BenchUser;
  /** Leads the first sales team (and belongs to it). */
  manager: BenchUser;
  /** A rep of the manager's team. */
  rep: BenchUser;
  /** Rows per table. */
  counts: Record<string, number>;
  /** Each step's seconds, in order. */
  timings: { step: string; rows: number | null; seconds: number }[];
  seconds: number;
};

/**
 * Triggers that keep derived data: the report notes for the refresh jobs (the rollups are rebuilt
 * after the load instead) and a deal's reached stages (filled in one statement after its history).
 */
const derivedTriggers: [table: string, trigger: string][] = [
  ["opportunity_stage_history", "opportunity_stage_history_reached"],
  ["orders", "orders_report_changes"],
  ["points_ledger", "points_ledger_report_changes"],
  ["tier_changes", "tier_changes_report_changes"],
  ["memberships", "memberships_report_changes"],
  ["team_members", "team_members_report_changes"],
  ["tickets", "tickets_service_report_changes"],
  ["ticket_sla_clocks", "ticket_sla_clocks_service_report_changes"],
  ["customers", "customers_service_report_changes"],
];

const bigTables = [
  "customers",
  "memberships",
  "orders",
  "order_lines",
  "order_refunds",
  "points_ledger",
  "points_lots",
  "points_draws",
  "tier_changes",
  "opportunities",
  "opportunity_stage_history",
  "tickets",
  "ticket_sla_clocks",
];

/** A uniform number in [0, 1) from `expr` (a bigint expression) and a stream `seed`. */
const u = (expr: string, seed: number) => `((abs(hashint8extended((${expr})::bigint, ${seed})) % 1000000)::float8 / 1000000)`;
/** An integer in [0, n) from `expr` and `seed`. */
const pick = (expr: string, seed: number, n: number | string) => `(abs(hashint8extended((${expr})::bigint, ${seed})) % (${n}))::int`;

export async function generateData(sql: postgres.Sql, options: { scale: number; log?: (line: string) => void }): Promise<GeneratedData> {
  const log = options.log ?? ((line: string) => console.log(line));
  const scale = options.scale;
  const n = (full: number) => Math.max(1, Math.round(full * scale));
  const C = n(1_000_000);
  const M = n(700_000);
  const O = n(5_000_000);
  const L = n(10_000_000);
  const T = n(500_000);
  const D = n(200_000);
  const P = 200;

  const db = drizzle({ client: sql, schema }) as unknown as Database;
  const { currency, timeZone } = await readSetting("organisation", db);
  const tz = timeZone.replaceAll("'", "''");
  const cur = currency.replaceAll("'", "''");

  const q = await sql.reserve();
  const timings: GeneratedData["timings"] = [];
  const began = performance.now();
  const run = async (step: string, text: string, table?: string) => {
    const start = performance.now();
    const result = await q.unsafe(text);
    const seconds = (performance.now() - start) / 1000;
    const rows = table ? result.count : null;
    // Fresh tables have no statistics: the joins of the next steps are planned on real sizes.
    const created = /^\s*(?:insert into|create temp table) (\w+)/i.exec(text)?.[1];
    if (created) await q.unsafe(`analyze ${created}`);
    timings.push({ step, rows, seconds });
    const rowsText = rows === null ? "".padStart(16) : `${rows.toLocaleString("en").padStart(11)} rows`;
    log(`  ${step.padEnd(34)} ${rowsText} ${seconds.toFixed(1).padStart(7)} s${rows ? `  ${Math.round(rows / seconds).toLocaleString("en").padStart(10)} rows/s` : ""}`);
    return result;
  };

  try {
    await q.unsafe(`set work_mem = '256MB'`);
    await q.unsafe(`set maintenance_work_mem = '1GB'`);
    await q.unsafe(`set synchronous_commit = off`);
    await q.unsafe(`set jit = off`);
    for (const [table, trigger] of derivedTriggers) await q.unsafe(`alter table ${table} disable trigger ${trigger}`);
    const indexes = (await q.unsafe(
      `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
       from pg_index i join pg_class t on t.oid = i.indrelid
       where t.relname = any($1) and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`,
      [bigTables],
    )) as unknown as { name: string; def: string }[];
    for (const index of indexes) await q.unsafe(`drop index ${index.name}`);
    const foreignKeys = (await q.unsafe(
      `select c.conrelid::regclass::text as "table", c.conname as name, pg_get_constraintdef(c.oid) as def
       from pg_constraint c join pg_class t on t.oid = c.conrelid
       where c.contype = 'f' and t.relname = any($1)`,
      [bigTables],
    )) as unknown as { table: string; name: string; def: string }[];
    for (const key of foreignKeys) await q.unsafe(`alter table ${key.table} drop constraint ${key.name}`);

    // The window: 24 of the organisation's months up to the current one, weighted for growth and seasons.
    await run(
      "months",
      `create temp table bench_months as
       select i, starts, ends,
         -- The current month so far weighs only its elapsed part.
         greatest(1, round(base * extract(epoch from ends - starts) / extract(epoch from full_end - starts)))::int as weight
       from (
         select i, (local_start at time zone '${tz}') as starts, ((local_start + interval '1 month') at time zone '${tz}') as full_end,
           least(((local_start + interval '1 month') at time zone '${tz}'), now() - interval '1 minute') as ends,
           greatest(10, 100 + i * 3 + case extract(month from local_start)::int when 11 then 90 when 12 then 45 when 6 then 40 when 1 then -15 when 2 then -35 else 0 end) as base
         from (select g as i, date_trunc('month', now() at time zone '${tz}') - make_interval(months => 23 - g) as local_start from generate_series(0, 23) g) m
       ) w`,
    );
    await run(
      "month slots",
      `create temp table bench_slots as
       select array_agg(i order by i) as slots, (select array_agg(starts order by i) from bench_months) as starts, (select array_agg(ends order by i) from bench_months) as ends
       from bench_months cross join lateral generate_series(1, weight) w`,
    );

    // People: an admin, three sales teams (a manager and four reps each), a service team of six agents.
    await run(
      "users",
      `insert into users (email, name, role, password_hash)
       select email, name, role::role, 'bench: no sign-in' from (values
         ('admin@bench.example', 'Bench Admin', 'admin'),
         ('manager1@bench.example', 'Manager North', 'manager'), ('manager2@bench.example', 'Manager South', 'manager'), ('manager3@bench.example', 'Manager Online', 'manager'),
         ('lead@bench.example', 'Service Lead', 'manager')) as v(email, name, role)
       union all select 'rep' || g || '@bench.example', 'Rep ' || g, 'sales_rep'::role, 'bench: no sign-in' from generate_series(1, 12) g
       union all select 'agent' || g || '@bench.example', 'Agent ' || g, 'support_agent'::role, 'bench: no sign-in' from generate_series(1, 6) g`,
      "users",
    );
    await run(
      "teams",
      `insert into teams (name, manager_id)
       select t.name, u.id from (values ('North', 'manager1'), ('South', 'manager2'), ('Online', 'manager3'), ('Service', 'lead')) t(name, login)
       join users u on u.email = t.login || '@bench.example'`,
      "teams",
    );
    await run(
      "team members",
      `insert into team_members (team_id, user_id)
       select t.id, u.id from users u join teams t on t.name = case
         when u.email like 'manager1@%' then 'North' when u.email like 'manager2@%' then 'South' when u.email like 'manager3@%' then 'Online' when u.email like 'lead@%' then 'Service'
         when u.role = 'sales_rep' then (array['North', 'South', 'Online'])[1 + (substring(u.email from 'rep([0-9]+)@')::int - 1) / 4]
         when u.role = 'support_agent' then 'Service' end`,
      "team_members",
    );
    // Sellers (reps and sales managers) in an array, the first ones selling most.
    await run(
      "sellers",
      `create temp table bench_sellers as
       select array_agg(id order by email) as ids, count(*)::int as n from users where role = 'sales_rep' or email like 'manager_@bench.example'`,
    );
    await run(
      "agents",
      `create temp table bench_agents as select array_agg(id order by email) as ids, count(*)::int as n from users where role = 'support_agent'`,
    );

    // Tiers and products.
    await run(
      "tiers",
      `insert into tiers (rank, name, name_zh, min_spend, multiplier_percent)
       values (0, 'Bronze', '青铜', null, 100), (1, 'Silver', '白银', 200000, 125), (2, 'Gold', '黄金', 800000, 150), (3, 'Platinum', '铂金', 2000000, 200)`,
      "tiers",
    );
    await run(
      "products",
      `insert into products (sku, name, category, price, currency)
       select 'SKU-' || lpad(g::text, 4, '0'), 'Product ' || g, (array['apparel', 'shoes', 'beauty', 'home', 'food', 'electronics'])[1 + g % 6],
         (round(exp(3 + 4 * ${u("g", 11)})) * 100)::bigint, '${cur}'
       from generate_series(1, ${P}) g`,
      "products",
    );
    await run(
      "product arrays",
      `create temp table bench_products as
       select array_agg(id order by sku) as ids, array_agg(sku order by sku) as skus, array_agg(name order by sku) as names, array_agg(category order by sku) as categories, array_agg(price order by sku) as prices
       from products`,
    );

    // Customers: created over three years; a third owned by a seller (the first sellers owning more).
    await run(
      "customers",
      `insert into customers (number, name, email, phone, city, gender, birthday, source, lifecycle_stage, tags, owner_id, email_consent, created_at, updated_at)
       overriding system value
       select i, 'Customer ' || i, 'customer' || i || '@example.com', '+86139' || lpad(i::text, 8, '0'),
         (array['上海', '北京', '深圳', '广州', '杭州', '成都', '南京', '武汉', '苏州', '西安', 'Singapore', 'London'])[1 + ${pick("i", 1, 12)}],
         (array['female', 'male']::gender[])[1 + ${pick("i", 2, 2)}],
         case when ${u("i", 3)} < 0.6 then date '1960-01-01' + ${pick("i", 4, 16000)} end,
         (array['walk_in', 'website', 'referral', 'social', 'event', 'import', 'other']::customer_source[])[1 + ${pick("i", 5, 7)}],
         case when i <= ${Math.round(C * 0.65)} then 'customer'::lifecycle_stage else (array['lead', 'prospect', 'churned']::lifecycle_stage[])[1 + ${pick("i", 6, 3)}] end,
         case when ${u("i", 7)} < 0.05 then array['vip'] when ${u("i", 7)} < 0.12 then array['newsletter'] else '{}'::text[] end,
         case when ${u("i", 8)} < 0.33 then s.ids[1 + floor(s.n * power(${u("i", 9)}, 1.5))::int] end,
         ${u("i", 10)} < 0.4,
         now() - interval '1095 days' * ${u("i", 12)}, now()
       from generate_series(1, ${C}) i cross join bench_sellers s`,
      "customers",
    );

    // Orders: the customer is drawn from a power law over the first 65% of customers (the buyers),
    // the month from the weighted slots; lines are a function of the order number.
    const nLines = (num: string) => `(1 + (array[0, 0, 0, 0, 1, 1, 1, 2, 2, 3])[1 + ${pick(num, 20, 10)}])`;
    const product = (num: string, k: string) => `(1 + ${pick(`${num} * 8 + ${k}`, 21, P)})`;
    const quantity = (num: string, k: string) => `(1 + (${pick(`${num} * 8 + ${k}`, 22, 4)} = 0)::int)`;
    await run(
      "orders",
      `insert into orders (number, customer_id, channel, status, currency, subtotal, total, refunded, owner_id, placed_at, paid_at, fulfilled_at, cancelled_at, created_at, updated_at)
       overriding system value
       select o.i, c.id, o.channel, o.status, '${cur}', o.total, o.total,
         case when o.status = 'refunded' then o.total when o.partial and o.status in ('paid', 'fulfilled') then greatest(1, o.total * 3 / 10) else 0 end,
         case when o.channel = 'sales' then c.owner_id end,
         o.placed, case when o.status not in ('pending', 'cancelled') then o.placed + interval '3 minutes' end,
         case when o.status in ('fulfilled', 'refunded') then o.placed + interval '2 days' end,
         case when o.status = 'cancelled' then o.placed + interval '1 hour' end,
         o.placed, o.placed
       from (
         select i, cnum, placed, partial,
           case when channel_u < 0.55 then 'store' when channel_u < 0.95 then 'online' else 'sales' end::order_channel as channel,
           case when status_u < 0.01 then 'pending' when status_u < 0.03 then 'cancelled' when status_u < 0.05 then 'refunded'
             when placed > now() - interval '2 days' then 'paid' else 'fulfilled' end::order_status as status,
           (select sum(p.prices[${product("i", "k")}] * ${quantity("i", "k")}) from generate_series(1, ${nLines("i")}) k) as total
         from (
           select i, 1 + floor(${Math.round(C * 0.65)} * power(${u("i", 23)}, 1.3))::bigint as cnum,
             s.starts[m] + (s.ends[m] - s.starts[m]) * ${u("i", 24)} as placed,
             ${u("i", 25)} as channel_u, ${u("i", 26)} as status_u, ${u("i", 27)} between 0.05 and 0.08 as partial
           from generate_series(1, ${O}) i cross join bench_slots s
           cross join lateral (select 1 + s.slots[1 + floor(array_length(s.slots, 1) * ${u("i", 28)})::int] as m) pickm
         ) r cross join bench_products p
       ) o join customers c on c.number = o.cnum`,
      "orders",
    );
    await q.unsafe(`select setval(pg_get_serial_sequence('orders', 'number'), ${O}), setval(pg_get_serial_sequence('customers', 'number'), ${C})`);
    await run(
      "order lines",
      `insert into order_lines (order_id, position, product_id, sku, name, category, quantity, unit_price, amount, created_at, updated_at)
       select o.id, k, p.ids[pi], p.skus[pi], p.names[pi], p.categories[pi], qty, p.prices[pi], p.prices[pi] * qty, o.placed_at, o.placed_at
       from orders o cross join bench_products p
       cross join lateral generate_series(1, ${nLines("o.number")}) k
       cross join lateral (select ${product("o.number", "k")} as pi, ${quantity("o.number", "k")} as qty) l`,
      "order_lines",
    );
    await run(
      "order refunds",
      `insert into order_refunds (order_id, amount, reason, request_key, created_at, updated_at)
       select id, refunded, 'Returned', 'bench-' || number, r.at, r.at
       from orders cross join lateral (select least(now() - interval '1 minute', paid_at + interval '1 day' * (1 + ${pick("number", 30, 20)})) as at) r
       where refunded > 0`,
      "order_refunds",
    );

    // Members: 70% of customers, spread so that big spenders are members as often as anyone; the
    // tier follows the customer's rank in spend (the lowest numbers buy most).
    await run(
      "members (staging)",
      `create temp table bench_members as
       select gen_random_uuid() as id, row_number() over (order by c.number) as k, c.id as customer_id, c.number,
         case when c.number <= ${Math.round(C * 0.01)} then 3 when c.number <= ${Math.round(C * 0.06)} then 2 when c.number <= ${Math.round(C * 0.2)} then 1 else 0 end as rank,
         least(c.created_at + interval '1 day' * ${pick("c.number", 40, 30)}, now() - interval '1 day') as joined_at, c.birthday
       from customers c
       where ${pick("c.number", 41, 1000)} < ${Math.round((M / C) * 1000)}`,
    );

    // Ledger movements. Credits first: sign-up bonus, each paid order (the tier's multiplier), birthday
    // bonuses and partner points; then debits, each drawing on one earlier credit of the member.
    await run(
      "credits (staging)",
      `create temp table bench_credits as
       select row_number() over () as seq, * from (
         select m.id as membership_id, 'earn'::points_kind as kind, 'signup'::points_source as source, 200::bigint as delta, 0::bigint as qspend, 'signup' as scope, m.id::text as key, null::uuid as order_id, m.joined_at as at, 0::bigint as refunded, 0::bigint as total
         from bench_members m
         union all
         select m.id, 'earn', 'order', (o.total / 100) * (array[100, 125, 150, 200])[m.rank + 1] / 100, o.total, 'order', o.id::text, o.id, o.paid_at, o.refunded, o.total
         from orders o join bench_members m on m.customer_id = o.customer_id
         where o.paid_at is not null and o.paid_at > m.joined_at
         union all
         select m.id, 'earn', 'birthday', 500, 0, 'birthday', m.id || ':' || y, null, b.at, 0, 0
         from bench_members m cross join generate_series(0, 2) y
         cross join lateral (select (make_date(extract(year from now())::int - y, extract(month from m.birthday)::int, least(28, extract(day from m.birthday)::int)))::timestamptz + interval '9 hours' as at) b
         where m.birthday is not null and b.at > m.joined_at and b.at < now()
       ) credits`,
    );
    const [{ count: fixedCredits }] = (await q.unsafe(`select count(*)::int as count from bench_credits`)) as unknown as [{ count: number }];
    const [{ count: refunds }] = (await q.unsafe(`select count(*)::int as count from bench_credits where refunded > 0 and delta > 0`)) as unknown as [{ count: number }];
    // The rest of the ledger: partner credits and redemptions, about 2 : 3, so that rows total L.
    const rest = Math.max(0, L - fixedCredits - refunds - Math.round(M * 0.3));
    const partner = Math.round(rest * 0.4);
    await run(
      "partner credits (staging)",
      `insert into bench_credits (seq, membership_id, kind, source, delta, qspend, scope, key, order_id, at, refunded, total)
       select ${fixedCredits} + g, m.id, 'earn', 'api', 50 + ${pick("g", 50, 951)}, 0, 'api', 'partner-' || g, null, m.joined_at + (now() - m.joined_at) * ${u("g", 51)}, 0, 0
       from generate_series(1, ${partner}) g
       join bench_members m on m.k = 1 + ${pick("g", 52, "(select count(*) from bench_members)")}`,
    );
    const [{ count: credits }] = (await q.unsafe(`select count(*)::int as count from bench_credits`)) as unknown as [{ count: number }];
    const redeems = Math.max(0, Math.min(rest - partner, credits));
    await run(
      "debits (staging)",
      `create temp table bench_debits as
       select row_number() over () + ${credits} as seq, * from (
         select c.seq as credit_seq, c.membership_id, 'reverse'::points_kind as kind, 'order'::points_source as source,
           -(c.delta * c.refunded / c.total) as delta, -c.refunded as qspend, 'order-refund' as scope, c.key as key, c.order_id,
           least(now() - interval '1 minute', c.at + interval '1 day' * (1 + ${pick("c.seq", 30, 20)})) as at
         from bench_credits c where c.refunded > 0 and c.total > 0 and c.delta * c.refunded / c.total > 0
         union all
         select c.seq, c.membership_id, 'redeem', 'manual', -greatest(1, c.delta * (3 + ${pick("c.seq", 60, 8)}) / 10), 0, 'redeem', 'redeem-' || c.seq, null,
           c.at + (now() - c.at) * ${u("c.seq", 61)}
         from bench_credits c where c.refunded = 0 and c.delta > 0 and ${pick("c.seq", 62, credits)} < ${redeems}
       ) debits`,
    );
    // Lots expire after the programme's 24 months: what is left of an expired lot goes.
    await run(
      "expiries (staging)",
      `insert into bench_debits (seq, credit_seq, membership_id, kind, source, delta, qspend, scope, key, order_id, at)
       select (select max(seq) from bench_debits) + row_number() over (), c.seq, c.membership_id, 'expire', 'expiry', -(c.delta + coalesce(d.drawn, 0)), 0, 'expiry', 'lot-' || c.seq, null, c.at + interval '24 months'
       from bench_credits c left join (select credit_seq, sum(delta) as drawn from bench_debits group by credit_seq) d on d.credit_seq = c.seq
       where c.delta > 0 and c.at + interval '24 months' < now() and c.delta + coalesce(d.drawn, 0) > 0`,
    );
    await run(
      "ledger order (staging)",
      `create temp table bench_moves as
       select row_number() over (order by at, seq) as id, * from (
         select seq, null::bigint as credit_seq, membership_id, kind, source, delta, qspend, scope, key, order_id, at from bench_credits where delta <> 0 or qspend <> 0
         union all
         select seq, credit_seq, membership_id, kind, source, delta, qspend, scope, key, order_id, at from bench_debits
       ) moves`,
    );
    await q.unsafe(`create index on bench_moves (seq)`);
    await q.unsafe(`analyze bench_moves`);

    await run(
      "memberships",
      `insert into memberships (id, customer_id, status, enrolled_via, tier_id, reviewed_tier_id, next_review_on, locale, balance, joined_at, created_at, updated_at)
       select m.id, m.customer_id, case when ${pick("m.number", 70, 100)} = 0 then 'frozen' else 'active' end::membership_status,
         (array['staff', 'portal', 'api']::enrolment_channel[])[1 + ${pick("m.number", 71, 3)}], t.id, t.id,
         (current_date + ${pick("m.number", 72, 365)})::text::date, case when ${pick("m.number", 73, 4)} = 0 then 'en' else 'zh-CN' end,
         coalesce(b.balance, 0), m.joined_at, m.joined_at, now()
       from bench_members m join tiers t on t.rank = m.rank
       left join (select membership_id, sum(delta) as balance from bench_moves group by membership_id) b on b.membership_id = m.id`,
      "memberships",
    );
    await run(
      "points ledger",
      `insert into points_ledger (id, membership_id, kind, source, delta, balance_after, qualifying_spend, qualifying_points, order_id, reverses_id, reason,
         idempotency_scope, idempotency_key, request_hash, actor_label, occurred_at, created_at, updated_at)
       overriding system value
       select mv.id, mv.membership_id, mv.kind, mv.source, mv.delta,
         sum(mv.delta) over (partition by mv.membership_id order by mv.id),
         mv.qspend, case when mv.kind = 'earn' then greatest(mv.delta, 0) when mv.kind = 'reverse' then mv.delta else 0 end,
         mv.order_id, case when mv.kind = 'reverse' then cr.id end, null,
         mv.scope, mv.key, md5(mv.scope || mv.key), 'bench', mv.at, mv.at, mv.at
       from bench_moves mv left join bench_moves cr on cr.seq = mv.credit_seq`,
      "points_ledger",
    );
    await q.unsafe(`select setval(pg_get_serial_sequence('points_ledger', 'id'), (select max(id) from points_ledger))`);
    await run(
      "points lots",
      `insert into points_lots (id, membership_id, entry_id, points, remaining, expires_at, created_at, updated_at)
       overriding system value
       select mv.id, mv.membership_id, mv.id, mv.delta, mv.delta + coalesce(d.drawn, 0), mv.at + interval '24 months', mv.at, mv.at
       from bench_moves mv left join (select credit_seq, sum(delta) as drawn from bench_debits group by credit_seq) d on d.credit_seq = mv.seq
       where mv.credit_seq is null and mv.delta > 0`,
      "points_lots",
    );
    await q.unsafe(`select setval(pg_get_serial_sequence('points_lots', 'id'), (select max(id) from points_lots))`);
    await run(
      "points draws",
      `insert into points_draws (entry_id, lot_id, points, created_at, updated_at)
       select mv.id, cr.id, -mv.delta, mv.at, mv.at from bench_moves mv join bench_moves cr on cr.seq = mv.credit_seq`,
      "points_draws",
    );
    await run(
      "tier changes",
      `insert into tier_changes (membership_id, from_tier_id, to_tier_id, reason, qualifying_spend, qualifying_points, actor_label, created_at, updated_at)
       select m.id, f.id, t.id, 'upgrade', 0, 0, 'bench', c.at, c.at
       from bench_members m join tiers t on t.rank = m.rank join tiers f on f.rank = m.rank - 1
       cross join lateral (select m.joined_at + (now() - m.joined_at) * ${u("m.number", 80)} as at) c
       where m.rank > 0`,
      "tier_changes",
    );

    // Deals: created over 24 months; older ones mostly closed (won 35%, lost 65%), recent ones open.
    await run(
      "stages",
      `create temp table bench_stages as
       select array_agg(s.id order by s.position) as ids, array_agg(s.outcome::text order by s.position) as outcomes, p.id as pipeline_id
       from pipeline_stages s join pipelines p on p.id = s.pipeline_id and p.is_default group by p.id`,
    );
    await run(
      "opportunities",
      `insert into opportunities (number, customer_id, pipeline_id, stage_id, title, amount, currency, expected_close_on, owner_id, source, stage_entered_at, closed_at, created_by, created_at, updated_at)
       overriding system value
       select d.i, c.id, st.pipeline_id, st.ids[d.pos + 1], 'Deal ' || d.i, d.amount, '${cur}', (d.created + interval '1 day' * d.cycle)::date,
         se.ids[d.owner], (array['inbound', 'outbound', 'referral', 'website', 'event', 'partner', 'existing_customer', 'other']::deal_source[])[1 + ${pick("d.i", 90, 8)}],
         case when d.pos >= 4 then d.created + interval '1 day' * d.cycle else d.created + interval '1 day' * least(d.cycle, d.furthest * 9) end, case when d.pos >= 4 then d.created + interval '1 day' * d.cycle end, se.ids[d.owner], d.created, d.created
       from (
         select i, created, cycle, furthest, amount, owner,
           case when created + interval '1 day' * cycle < now() and ${u("i", 91)} < 0.9 then case when ${u("i", 92)} < 0.35 then 4 else 5 end else furthest end as pos
         from (
           select i, now() - interval '730 days' * power(${u("i", 93)}, 0.8) as created, 10 + ${pick("i", 94, 110)} as cycle, ${pick("i", 95, 4)} as furthest,
             (round(exp(8 + 4 * ${u("i", 96)})) * 100)::bigint as amount, 1 + floor(15 * power(${u("i", 97)}, 1.4))::int as owner
           from generate_series(1, ${D}) i
         ) r
       ) d cross join bench_stages st cross join bench_sellers se
       join customers c on c.number = 1 + ${pick("d.i", 98, C)}`,
      "opportunities",
    );
    await q.unsafe(`select setval(pg_get_serial_sequence('opportunities', 'number'), ${D})`);
    await run(
      "stage history",
      `insert into opportunity_stage_history (opportunity_id, stage_id, entered_at, left_at, moved_by, created_at, updated_at)
       select o.id, st.ids[h.pos + 1], h.entered, h.left_at, o.owner_id, h.entered, h.entered
       from opportunities o cross join bench_stages st
       cross join lateral (select array_position(st.ids, o.stage_id) - 1 as pos, ${pick("o.number", 95, 4)} as furthest) cur
       cross join lateral (
         select g as pos, o.created_at + interval '1 day' * g * 9 as entered,
           case when g < cur.furthest or cur.pos >= 4 then least(o.created_at + interval '1 day' * (g + 1) * 9, coalesce(o.closed_at, now())) end as left_at
         from generate_series(0, cur.furthest) g
         union all
         select cur.pos, o.closed_at, null from (select 1) one where cur.pos >= 4
       ) h
       where h.entered <= coalesce(o.closed_at, now())`,
      "opportunity_stage_history",
    );
    await run(
      "reached stages",
      `update opportunities o set reached_stage_ids = h.stage_ids
       from (select opportunity_id, array_agg(distinct stage_id) as stage_ids from opportunity_stage_history group by opportunity_id) h
       where h.opportunity_id = o.id`,
    );
    await run(
      "sales targets",
      `insert into sales_targets (user_id, month, amount, currency)
       select u, (date_trunc('month', m.starts at time zone '${tz}'))::date, 50000000 + ${pick("m.i * 100 + k", 99, 50000000)}, '${cur}'
       from bench_sellers s cross join lateral unnest(s.ids) with ordinality as x(u, k) cross join bench_months m`,
      "sales_targets",
    );

    // Tickets: 60% to the service team, the rest to the sales teams' reps; SLA clocks by priority.
    await run(
      "tickets",
      `insert into tickets (number, customer_id, subject, description, channel, category, priority, status, assignee_id, team_id, tags, escalated_at, solved_at, closed_at, rating, rated_at, last_activity_at, created_at, updated_at)
       overriding system value
       select t.i, c.id, 'Question ' || t.i, 'Bench ticket', t.channel, t.category, t.priority, t.status, t.assignee, t.team_id, '{}',
         case when t.category = 'complaint' then t.created + interval '2 hours' end,
         t.solved, case when t.status = 'closed' then t.solved + interval '3 days' end,
         t.rating, case when t.rating is not null then t.solved + interval '1 day' end,
         coalesce(t.solved, t.created), t.created, t.created
       from (
         select r.*,
           case when r.solved is null then (array['new', 'open', 'pending', 'on_hold']::ticket_status[])[1 + ${pick("r.i", 110, 4)}]
             when r.solved + interval '3 days' < now() then 'closed'::ticket_status else 'solved'::ticket_status end as status,
           case when r.solved is not null and r.solved + interval '1 day' < now() and ${u("r.i", 111)} < 0.3 then (array[1, 2, 3, 4, 4, 4, 5, 5, 5, 5, 5])[1 + ${pick("r.i", 112, 11)}] end::smallint as rating
         from (
           select i, created, channel, category, priority, team_id, assignee,
             case when ${u("i", 113)} < 0.9 or created < now() - interval '14 days' then least(now() - interval '1 minute', created + interval '1 hour' * (1 + 200 * power(${u("i", 114)}, 3))) end as solved
           from (
             select i, now() - interval '730 days' * power(${u("i", 115)}, 0.9) as created,
               (array['portal', 'phone', 'email', 'walk_in', 'api']::ticket_channel[])[1 + ${pick("i", 116, 5)}] as channel,
               (array['inquiry', 'inquiry', 'inquiry', 'issue', 'issue', 'complaint', 'return', 'points_dispute']::ticket_category[])[1 + ${pick("i", 117, 8)}] as category,
               (array['low', 'normal', 'normal', 'normal', 'high', 'urgent']::ticket_priority[])[1 + ${pick("i", 118, 6)}] as priority,
               case when ${u("i", 119)} < 0.6 then (select id from teams where name = 'Service') else tm.team_id end as team_id,
               case when ${u("i", 119)} < 0.6 then a.ids[1 + ${pick("i", 120, "a.n")}] else tm.user_id end as assignee
             from generate_series(1, ${T}) i cross join bench_agents a cross join bench_sellers s
             join team_members tm on tm.user_id = s.ids[1 + ${pick("i", 121, "s.n")}]
           ) base
         ) r
       ) t join customers c on c.number = 1 + ${pick("t.i", 122, C)}`,
      "tickets",
    );
    await q.unsafe(`select setval(pg_get_serial_sequence('tickets', 'number'), ${T + 1000})`);
    await run(
      "SLA clocks",
      `insert into ticket_sla_clocks (ticket_id, kind, target_minutes, elapsed_minutes, running_since, due_at, stopped_at, breached_at, created_at, updated_at)
       select t.id, k.kind, k.target, k.elapsed,
         case when k.stopped is null then now() end, case when k.stopped is null then t.created_at + interval '1 minute' * k.target end,
         k.stopped, case when k.elapsed > k.target or (k.stopped is null and t.created_at + interval '1 minute' * k.target < now()) then t.created_at + interval '1 minute' * k.target end,
         t.created_at, t.created_at
       from tickets t
       cross join lateral (select (array[1440, 480, 240, 60])[array_position(array['low', 'normal', 'high', 'urgent']::ticket_priority[], t.priority)] as target) p
       cross join lateral (
         select 'first_response'::sla_clock_kind as kind, p.target as target, r.minutes as elapsed,
           case when t.created_at + interval '1 minute' * r.minutes < now() then t.created_at + interval '1 minute' * r.minutes end as stopped
         from (select (5 + p.target * 1.5 * power(${u("t.number", 130)}, 2))::int as minutes) r
         union all
         select 'resolution', p.target * 8, coalesce((extract(epoch from t.solved_at - t.created_at) / 60)::int, 0), t.solved_at
       ) k`,
      "ticket_sla_clocks",
    );

    // Indexes built again in one go, the derived-data triggers back on.
    const start = performance.now();
    for (const index of indexes) await q.unsafe(index.def);
    timings.push({ step: "indexes", rows: indexes.length, seconds: (performance.now() - start) / 1000 });
    log(`  ${"indexes rebuilt".padEnd(34)} ${`${indexes.length} indexes`.padStart(16)} ${((performance.now() - start) / 1000).toFixed(1).padStart(7)} s`);
    const checking = performance.now();
    for (const key of foreignKeys) await q.unsafe(`alter table ${key.table} add constraint ${key.name} ${key.def}`);
    timings.push({ step: "foreign keys", rows: foreignKeys.length, seconds: (performance.now() - checking) / 1000 });
    log(`  ${"foreign keys checked".padEnd(34)} ${`${foreignKeys.length} keys`.padStart(16)} ${((performance.now() - checking) / 1000).toFixed(1).padStart(7)} s`);
    for (const [table, trigger] of derivedTriggers) await q.unsafe(`alter table ${table} enable trigger ${trigger}`);
    for (const table of ["bench_months", "bench_slots", "bench_sellers", "bench_agents", "bench_products", "bench_members", "bench_credits", "bench_debits", "bench_moves", "bench_stages"]) {
      await q.unsafe(`drop table ${table}`);
    }
    await run("analyze", `analyze`);
  } finally {
    q.release();
  }

  const timed = async (step: string, work: () => Promise<unknown>) => {
    const start = performance.now();
    await work();
    const seconds = (performance.now() - start) / 1000;
    timings.push({ step, rows: null, seconds });
    log(`  ${step.padEnd(34)} ${"".padStart(16)} ${seconds.toFixed(1).padStart(7)} s`);
  };
  await timed("rebuildReports", () => rebuildReports(db));
  await timed("rebuildMembershipReport", () => rebuildMembershipReport(db));
  await timed("rebuildServiceReport", () => rebuildServiceReport(db));
  await timed("rebuildDealReport", () => rebuildDealReport(db));
  // Vacuumed as autovacuum keeps a live database: without it (autovacuum is off on some servers)
  // index-only scans read every heap page, and the rows that filling in reached stages rewrote stay dead.
  await timed("vacuum (analyze)", () => sql`vacuum (analyze)`);

  return { ...(await benchPeople(sql)), counts: await benchCounts(sql), timings, seconds: (performance.now() - began) / 1000 };
}

/** Rows per generated table and rollup. */
export async function benchCounts(sql: postgres.Sql): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of [...bigTables, "sales_targets", "report_customers", "report_customer_months", "report_monthly", "report_points_monthly", "report_service_daily", "report_service_responses", "report_deal_stages", "report_deals_created", "report_deals_closed"]) {
    const [{ count }] = (await sql.unsafe(`select count(*)::int as count from ${table}`)) as unknown as [{ count: number }];
    counts[table] = count;
  }
  return counts;
}

/** The generated admin, the manager who leads the first sales team, and a rep of that team. */
export async function benchPeople(sql: postgres.Sql): Promise<Pick<GeneratedData, "admin" | "manager" | "rep">> {
  const users = (await sql`select id, role, name, email from users where email in ('admin@bench.example', 'manager1@bench.example', 'rep1@bench.example')`) as unknown as (BenchUser & { email: string })[];
  const user = (email: string) => {
    const row = users.find((candidate) => candidate.email === email);
    if (!row) throw new Error(`${email} is missing: this database holds no generated bench data.`);
    return { id: row.id, role: row.role, name: row.name };
  };
  return { admin: user("admin@bench.example"), manager: user("manager1@bench.example"), rep: user("rep1@bench.example") };
}

export type HeldData = { others: number; users: number; customers: number };

/**
 * What the database holds, for the bench's guard: users other than the bench's, all users, and
 * customers. Bench data only means no other users and no customers without bench users.
 */
export async function heldData(sql: postgres.Sql): Promise<HeldData & { benchOnly: boolean }> {
  const [held] = (await sql`
    select (select count(*) from users where email not like '%@bench.example')::int as others,
      (select count(*) from users)::int as users,
      (select count(*) from customers)::int as customers`) as unknown as [HeldData];
  return { ...held, benchOnly: held.others === 0 && !(held.users === 0 && held.customers > 0) };
}

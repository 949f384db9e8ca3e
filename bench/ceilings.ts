/**
 * What this machine can do at all, measured in the same run as the app so that the app's figures
 * read as a share of it: a bare Node HTTP server answering a small JSON under the same load
 * generator, and the statements of the points earn and redemption transactions sent directly with
 * the `postgres` driver, in the order and shape the app sends them (captured from PostgreSQL's
 * statement log), without the app around them.
 */
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import type postgres from "postgres";
import { percentile } from "./args";

/** Requests or transactions per second, latency in milliseconds. */
export type Throughput = { perSecond: number; p50: number; p95: number; p99: number; count: number; errors: number; seconds: number; firstError?: string };


export function summarise(latencies: number[], errors: number, seconds: number): Throughput {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { perSecond: sorted.length / seconds, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), count: sorted.length, errors, seconds };
}

export type Load = { connections: number; seconds: number; warmupSeconds: number };

/** What one request of a load sends, when each differs from the last. */
export type NextRequest = () => { path: string; headers?: Record<string, string>; body?: string };

/**
 * Loads `url` with autocannon (keep-alive connections, one request at a time each) after a warm-up,
 * recording every response's latency so that p95 is exact (autocannon's own summary has no p95).
 * A response other than 2xx counts as an error. `next`, when given, makes each request's path,
 * headers and body.
 */
export async function loadUrl(
  url: string,
  load: Load,
  options: { method?: "GET" | "POST"; headers?: Record<string, string>; body?: string; next?: NextRequest } = {},
): Promise<Throughput> {
  const { next } = options;
  const requests = next
    ? [{ setupRequest: (request: autocannon.Request) => { const made = next(); return { ...request, ...made, headers: { ...request.headers, ...made.headers } }; } }]
    : undefined;
  const run = (seconds: number, record: boolean) =>
    new Promise<Throughput>((resolve, reject) => {
      const latencies: number[] = [];
      let errors = 0;
      let firstError: string | undefined;
      const instance = autocannon(
        { url, connections: load.connections, duration: seconds, method: options.method ?? "GET", headers: options.headers, body: options.body, requests },
        (error, result) => {
          if (error) return reject(error);
          resolve({ ...summarise(latencies, errors + result.errors + result.timeouts, seconds), ...(firstError ? { firstError } : {}) });
        },
      );
      instance.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
        if (!record) return;
        if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
        else {
          errors++;
          firstError ??= `HTTP ${statusCode}`;
        }
      });
    });
  if (load.warmupSeconds > 0) await run(load.warmupSeconds, false);
  return run(load.seconds, true);
}

/** One request at a time, `count` of them after a few unrecorded ones: the latency without queueing. */
export async function sequential(url: string, count: number, options: { headers?: Record<string, string>; next?: NextRequest } = {}): Promise<Throughput> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  for (let i = -3; i < count; i++) {
    const made = options.next?.();
    const start = performance.now();
    const response = await fetch(made ? new URL(made.path, url) : url, { headers: { ...options.headers, ...made?.headers }, redirect: "manual" });
    await response.arrayBuffer();
    if (i < 0) continue;
    if (response.ok) latencies.push(performance.now() - start);
    else {
      errors++;
      firstError ??= `HTTP ${response.status}`;
    }
  }
  return { ...summarise(latencies, errors, (performance.now() - started) / 1000), ...(firstError ? { firstError } : {}) };
}

/** The bare HTTP ceiling: a Node server that answers `{"ok":true}` to everything, on `port`. */
export async function httpCeiling(port: number, load: Load): Promise<Throughput> {
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { "content-type": "application/json" });
    response.end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  try {
    return await loadUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, load);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

/** A member the SQL ceilings move points for. */
export type BenchMember = { membershipId: string; customerId: string };

/** Runs `work` from `load.connections` clients at once for the load's seconds, after its warm-up. */
async function loadSql(sql: postgres.Sql, load: Load, work: (tx: postgres.TransactionSql) => Promise<boolean>): Promise<Throughput> {
  let firstError: string | undefined;
  const run = async (seconds: number) => {
    const latencies: number[] = [];
    let errors = 0;
    const end = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: load.connections }, async () => {
        while (performance.now() < end) {
          const start = performance.now();
          try {
            if (await sql.begin(work)) latencies.push(performance.now() - start);
          } catch (error) {
            errors++;
            firstError ??= error instanceof Error ? error.message : String(error);
          }
        }
      }),
    );
    return { ...summarise(latencies, errors, seconds), ...(firstError ? { firstError } : {}) };
  };
  if (load.warmupSeconds > 0) await run(load.warmupSeconds);
  return run(load.seconds);
}

/** The statements every points movement ends with: audit row, live event and webhook lookup. */
async function afterMovement(tx: postgres.TransactionSql, membershipId: string, action: string, webhookEvent: string, changes: Record<string, unknown>) {
  await tx`insert into audit_log (actor_id, actor_label, action, entity_type, entity_id, changes, ip) values (null, 'bench', ${action}, 'membership', ${membershipId}, ${JSON.stringify(changes)}::jsonb, null)`;
  const [event] = await tx`insert into events (type, entity_type, entity_id, permission) values ('points.changed', 'membership', ${membershipId}, 'membership.read') returning id`;
  await tx`select pg_notify('crm_events', ${JSON.stringify({ id: Number(event!.id), type: "points.changed", entityType: "membership", entityId: membershipId, permission: "membership.read" })})`;
  await tx`select id from webhook_endpoints where active = true and events @> ${`{${webhookEvent}}`}::text[]`;
}

/** The member's membership, locked, as the app finds it from the customer. */
async function lockMember(tx: postgres.TransactionSql, member: BenchMember) {
  await tx`select m.id from memberships m join customers c on c.id = m.customer_id where m.customer_id = ${member.customerId} and c.deleted_at is null`;
  const [membership] = await tx`select * from memberships where id = ${member.membershipId} for update`;
  return membership as { id: string; tier_id: string; balance: number | string };
}

const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)]!;

/** Points for a paid order of ¥100 (100 points), to a member drawn at random from `members`. */
export function earnCeiling(sql: postgres.Sql, members: BenchMember[], load: Load): Promise<Throughput> {
  return loadSql(sql, load, async (tx) => {
    const member = pick(members);
    const orderId = crypto.randomUUID();
    const membership = await lockMember(tx, member);
    await tx`select * from points_ledger where idempotency_scope = 'order' and idempotency_key = ${orderId}`;
    await tx`select * from pending_points where order_id = ${orderId}`;
    await tx`select value from settings where key = 'organisation'`;
    await tx`select value from settings where key = 'membership'`;
    await tx`select * from tiers where id = ${membership.tier_id}`;
    await tx`select * from points_campaigns where active = true and starts_on <= current_date and ends_on >= current_date`;
    const balance = Number(membership.balance) + 100;
    const [entry] = await tx`
      insert into points_ledger (membership_id, kind, source, delta, balance_after, qualifying_spend, qualifying_points, order_id, idempotency_scope, idempotency_key, request_hash, actor_label, occurred_at)
      values (${member.membershipId}, 'earn', 'order', 100, ${balance}, 10000, 100, ${orderId}, 'order', ${orderId}, ${crypto.randomBytes(32).toString("hex")}, 'bench', now())
      returning id`;
    await tx`insert into points_lots (membership_id, entry_id, points, remaining, expires_at) values (${member.membershipId}, ${entry!.id}, 100, 100, now() + interval '24 months')`;
    await tx`update memberships set balance = balance + 100, updated_at = now() where id = ${member.membershipId} returning balance`;
    await afterMovement(tx, member.membershipId, "points.earn", "points.earned", { delta: { after: 100, before: null }, balance: { after: balance, before: null } });
    await tx`select * from tiers order by rank`;
    await tx`select coalesce(sum(qualifying_spend), 0), coalesce(sum(qualifying_points), 0) from points_ledger where membership_id = ${member.membershipId} and occurred_at > now() - interval '12 months'`;
    return true;
  });
}

/** A redemption of one point by a member drawn at random from `members`, from their oldest open lot. */
export function redeemCeiling(sql: postgres.Sql, members: BenchMember[], load: Load): Promise<Throughput> {
  return loadSql(sql, load, async (tx) => {
    const member = pick(members);
    const key = crypto.randomUUID();
    const membership = await lockMember(tx, member);
    await tx`select * from points_ledger where idempotency_scope = 'redeem' and idempotency_key = ${key}`;
    if (Number(membership.balance) < 1) return false;
    const balance = Number(membership.balance) - 1;
    const [entry] = await tx`
      insert into points_ledger (membership_id, kind, source, delta, balance_after, idempotency_scope, idempotency_key, request_hash, actor_label, occurred_at)
      values (${member.membershipId}, 'redeem', 'api', -1, ${balance}, 'redeem', ${key}, ${crypto.randomBytes(32).toString("hex")}, 'bench', now())
      returning id`;
    const [lot] = await tx`select id, remaining from points_lots where membership_id = ${member.membershipId} and remaining > 0 order by expires_at asc, id asc for update`;
    if (!lot) throw new Error("A member with a balance has no open lot.");
    await tx`update points_lots set remaining = remaining - 1, updated_at = now() where id = ${lot.id}`;
    await tx`insert into points_draws (entry_id, lot_id, points) values (${entry!.id}, ${lot.id}, 1)`;
    const [updated] = await tx`update memberships set balance = balance - 1, updated_at = now() where id = ${member.membershipId} and balance >= 1 returning balance`;
    if (!updated) throw new Error("The balance did not cover the redemption.");
    await afterMovement(tx, member.membershipId, "points.redeem", "points.redeemed", { delta: { after: -1, before: null }, balance: { after: balance, before: null } });
    return true;
  });
}

import "server-only";
import crypto from "node:crypto";
import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { and, arrayContains, count, desc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Database } from "@/db/client";
import { webhookDeliveries, webhookDeliveryAttempts, webhookDeliveryStatusEnum, webhookEndpoints, type WebhookDelivery, type WebhookEndpoint } from "@/db/schema";
import { recordAudit } from "@/lib/audit/commands";
import { maskSecret } from "@/lib/audit/secrets";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { defineJob } from "@/lib/jobs/define";
import { enqueue, enqueueMany } from "@/lib/jobs/queue";
import { optionalText, parseInput, uuidParam } from "@/lib/validation";
import { signatureHeader } from "./signing";

/**
 * Signed webhooks out. A domain change calls `emitWebhook` in its own transaction: one delivery
 * row per subscribed endpoint and one job per row, so that a rolled-back change sends nothing and
 * a committed one is sent (and retried) by the job runner. Receivers check the
 * `Member-CRM-Signature` with the endpoint's secret and de-duplicate on the event id.
 */

/** Every event an endpoint can subscribe to, with what it means (shown in the form, documented in docs/webhooks.md). */
export const webhookEvents = {
  "customer.created": "A customer record was created (by staff, an import, the API or a portal sign-up).",
  "customer.updated": "A customer record changed: details, consent, tags or owner (also in bulk and by import), a merge, an erasure, or deletion and restore.",
  "order.paid": "An order was paid; carries the points it earned and the member's new balance.",
  "order.refunded": "Money was refunded on a paid order, in part or in full; carries the points taken back.",
  "points.earned": "Points were added to a member's balance for a purchase, a sign-up or a birthday.",
  "points.redeemed": "A member spent points (a reward, a coupon or paying an order).",
  "points.adjusted": "Points were corrected: a manual adjustment, a reversal after a refund, or expiry.",
  "tier.changed": "A member moved to another tier, up or down.",
  "ticket.created": "A support ticket was opened.",
  "ticket.solved": "A support ticket was marked solved.",
} as const;

export type WebhookEventType = keyof typeof webhookEvents;
export const webhookEventTypes = Object.keys(webhookEvents) as [WebhookEventType, ...WebhookEventType[]];

/** The message-catalogue key of an event's description (`webhooks.events.order_paid`): catalogue keys hold no dots. */
export const webhookEventKey = (type: WebhookEventType) => type.replace(".", "_");

type CustomerData = {
  customerId: string;
  /** `C-000123` */
  number: string;
  kind: string;
  lifecycleStage: string;
  ownerId: string | null;
  tags: string[];
  emailConsent: boolean;
  smsConsent: boolean;
  deleted: boolean;
  /** For `customer.updated`: the names of the fields that changed. */
  changed?: string[];
};

type PointsData = {
  entryId: number;
  customerId: string;
  membershipId: string;
  kind: string;
  source: string;
  /** Signed: positive when the balance went up. */
  points: number;
  balance: number;
  orderId: string | null;
  reason: string | null;
  occurredAt: Date;
};

type TicketData = {
  ticketId: string;
  /** `#1042` */
  number: string;
  customerId: string;
  category: string;
  priority: string;
  status: string;
  channel: string;
  orderId: string | null;
  createdAt: Date;
  solvedAt: Date | null;
  outcome: string | null;
};

/**
 * What each event's `data` holds: ids, numbers people read and the figures a receiver needs; no
 * contact details (receivers read those through the REST API, where scopes and masking apply,
 * and erasure leaves none behind here) and never passwords or secrets. Money in minor units.
 */
export type WebhookEventData = {
  "customer.created": CustomerData;
  "customer.updated": CustomerData;
  "order.paid": {
    orderId: string;
    /** `SO-2026-000123` */
    number: string;
    customerId: string;
    total: number;
    currency: string;
    paidAt: Date;
    /** Points now in the balance for this order (0 when none, or while they wait out the return window). */
    pointsEarned: number;
    /** Points that wait out the return window before they count. */
    pointsPending: number;
    /** The member's balance after the payment (points spent on the order included), pending or not, frozen or not; null only for a customer who is not a member. */
    balance: number | null;
  };
  "order.refunded": {
    orderId: string;
    number: string;
    customerId: string;
    refundId: string;
    /** This refund. */
    amount: number;
    /** All refunds of the order so far. */
    refunded: number;
    total: number;
    currency: string;
    fullyRefunded: boolean;
    reason: string;
    /** Points taken back for this refund. */
    pointsReversed: number;
    /** As for `order.paid`: the balance after this refund's points movements; null only for a non-member. */
    balance: number | null;
  };
  "points.earned": PointsData;
  "points.redeemed": PointsData;
  "points.adjusted": PointsData;
  "tier.changed": {
    customerId: string;
    membershipId: string;
    memberNumber: string;
    from: { id: string; name: string; rank: number };
    to: { id: string; name: string; rank: number };
    direction: "up" | "down";
    reason: string;
  };
  "ticket.created": TicketData;
  "ticket.solved": TicketData;
};

/** The body every delivery sends. */
export type WebhookPayload<T extends WebhookEventType = WebhookEventType> = { id: string; type: T; createdAt: string; data: WebhookEventData[T] };

/** The ledger kinds as the three points events: every entry is announced once. */
export function pointsEventType(kind: string): "points.earned" | "points.redeemed" | "points.adjusted" {
  return kind === "earn" ? "points.earned" : kind === "redeem" ? "points.redeemed" : "points.adjusted";
}

/**
 * Queues `type` for every active endpoint that subscribes to it, inside the caller's transaction
 * `tx`; the same event id goes to all of them. With no subscriber this is one query on the
 * (small) endpoints table and writes nothing. Returns the event id, or null when nobody listens.
 */
export async function emitWebhook<T extends WebhookEventType>(tx: Database, type: T, data: WebhookEventData[T], now = new Date()): Promise<string | null> {
  const [eventId] = await emitWebhooks(tx, type, [data], now);
  return eventId ?? null;
}

/** Rows per multi-row insert, well under PostgreSQL's 65,535 parameters a statement. */
const insertChunk = 1000;

/**
 * `emitWebhook` for many changes at once (an import batch, a bulk action): one event per item of
 * `dataList`, the subscribed endpoints looked up once, and the deliveries and their jobs written
 * in multi-row inserts. Nothing is written when nobody listens. Returns the event ids, in order.
 */
export async function emitWebhooks<T extends WebhookEventType>(tx: Database, type: T, dataList: readonly WebhookEventData[T][], now = new Date()): Promise<string[]> {
  if (dataList.length === 0) return [];
  const endpoints = await tx
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.active, true), arrayContains(webhookEndpoints.events, [type])));
  if (endpoints.length === 0) return [];
  const createdAt = now.toISOString();
  const events = dataList.map((data) => {
    const id = crypto.randomUUID();
    // Through JSON once, so that what is stored is exactly what is sent (dates as ISO strings).
    return { id, payload: JSON.parse(JSON.stringify({ id, type, createdAt, data })) as WebhookPayload<T> };
  });
  const deliveries = events.flatMap((event) => endpoints.map((endpoint) => ({ endpointId: endpoint.id, eventId: event.id, eventType: type, payload: event.payload })));
  for (let start = 0; start < deliveries.length; start += insertChunk) {
    const rows = await tx
      .insert(webhookDeliveries)
      .values(deliveries.slice(start, start + insertChunk))
      .returning({ id: webhookDeliveries.id });
    await enqueueMany(
      tx,
      deliverWebhookJob,
      rows.map((row) => ({ payload: { deliveryId: row.id, attempt: 1 }, key: row.id })),
    );
  }
  return events.map((event) => event.id);
}

// ————— Endpoints —————

/** The hosts that reach this machine only: plain http is allowed to them (see `webhookUrlProblem`). */
const localHosts = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Loopback, private, link-local, shared, reserved and multicast ranges: nothing a public receiver
 * lives in. `::/96` holds `::`, `::1` and the IPv4-compatible addresses; IPv4-mapped ones
 * (`::ffff:10.0.0.1`) are checked against the IPv4 ranges by `BlockList` itself.
 */
const privateRanges = new BlockList();
for (const range of [
  ...["0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4"],
  ...["::/96", "64:ff9b:1::/48", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8"],
]) {
  const [network, prefix] = range.split("/") as [string, string];
  privateRanges.addSubnet(network, Number(prefix), network.includes(":") ? "ipv6" : "ipv4");
}

/**
 * Whether an IP address (without brackets) only reaches this machine or a private network: the
 * one check behind both the URL rules and the resolved addresses at delivery time.
 */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  return family !== 0 && privateRanges.check(address, family === 4 ? "ipv4" : "ipv6");
}

/** A URL's host as `lookup` takes it: no brackets, no trailing dot, lower case. */
const bareHost = (hostname: string) => hostname.replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "").toLowerCase();

/**
 * Whether a URL's hostname is refused as private by its literal form: a private address, or a
 * `localhost` name. A local host is allowed when `allowLocal` is on. Other names pass here and are
 * checked at delivery time, once resolved.
 */
function isPrivateHost(hostname: string, allowLocal: boolean): boolean {
  if (allowLocal && localHosts.has(hostname)) return false;
  const host = bareHost(hostname);
  return host === "localhost" || host.endsWith(".localhost") || isPrivateAddress(host);
}

/**
 * Why `value` cannot receive webhooks (a message key), or null: https only; plain http only for
 * the local hosts (`localhost`, `127.0.0.1`, `[::1]`), outside production or with `allowLocal`
 * (`WEBHOOKS_ALLOW_LOCAL`); in production private, loopback and link-local addresses are refused,
 * except the local hosts when `allowLocal` is on. Names are resolved at delivery time (`deliveryHostProblem`).
 */
export function webhookUrlProblem(value: string, production = env.NODE_ENV === "production", allowLocal = env.WEBHOOKS_ALLOW_LOCAL === "true"): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "webhooks.validation.url";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "webhooks.validation.url";
  if (url.username || url.password) return "webhooks.validation.credentials";
  if (url.protocol === "http:" && !(localHosts.has(url.hostname) && (!production || allowLocal))) return "webhooks.validation.https";
  if (production && isPrivateHost(url.hostname, allowLocal)) return "webhooks.validation.privateHost";
  return null;
}

type LookupAll = (hostname: string, options: { all: true }) => Promise<{ address: string; family: number }[]>;

/** What the delivery check depends on; tests pass their own. */
export type DeliveryGuard = { production: boolean; allowLocal: boolean; lookup: LookupAll };

const defaultGuard = (): DeliveryGuard => ({ production: env.NODE_ENV === "production", allowLocal: env.WEBHOOKS_ALLOW_LOCAL === "true", lookup });

/**
 * Why a delivery to `url` is refused now (an error for the attempt log), or null. In production the
 * host is resolved and refused when any of its addresses is private, loopback or link-local
 * (unless it is a local host that `allowLocal` lets through), so that a public name pointing at an
 * internal address reaches nothing. Outside production nothing is checked here.
 */
export async function deliveryHostProblem(url: string, guard: DeliveryGuard): Promise<string | null> {
  if (!guard.production) return null;
  const { hostname } = new URL(url);
  if (guard.allowLocal && localHosts.has(hostname)) return null;
  if (isPrivateHost(hostname, guard.allowLocal)) return `Refused: ${hostname} is a private address`;
  const host = bareHost(hostname);
  if (isIP(host) !== 0) return null;
  const addresses = await guard.lookup(host, { all: true });
  const refused = addresses.find((entry) => isPrivateAddress(entry.address));
  return refused ? `Refused: ${host} resolves to a private address (${refused.address})` : null;
}

const webhookUrl = z.preprocess(
  (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
  z
    .string({ error: "validation.required" })
    .trim()
    .max(2000, { error: "validation.tooLong" })
    .superRefine((value, context) => {
      const problem = webhookUrlProblem(value);
      if (problem) context.addIssue({ code: "custom", message: problem });
    }),
);

export const webhookEndpointInputSchema = z.strictObject({
  url: webhookUrl,
  description: optionalText(200),
  /** An array (API, tests) or a comma-separated string; a form sends one `events` field per box ticked. */
  events: z.preprocess(
    (value) => (typeof value === "string" ? value.split(",").map((event) => event.trim()).filter(Boolean) : (value ?? [])),
    z
      .array(z.enum(webhookEventTypes, { error: "webhooks.validation.event" }), { error: "webhooks.validation.events" })
      .min(1, { error: "webhooks.validation.events" })
      .transform((events) => webhookEventTypes.filter((type) => events.includes(type))),
  ),
});
export type WebhookEndpointInput = z.input<typeof webhookEndpointInputSchema>;

const activeSchema = z.strictObject({
  active: z.preprocess((value) => (value === "true" || value === "on" ? true : value === "false" ? false : value), z.boolean({ error: "validation.invalid" })),
});

/** `whsec_` and 32 random bytes. */
export const newWebhookSecret = () => `whsec_${crypto.randomBytes(32).toString("base64url")}`;


/** What a delivery given up because its endpoint was disabled says. */
export const disabledError = "Endpoint disabled";

const audited = (endpoint: WebhookEndpoint) => ({ url: endpoint.url, description: endpoint.description, events: endpoint.events, active: endpoint.active });

async function lockEndpoint(tx: Database, endpointId: unknown): Promise<WebhookEndpoint> {
  const id = uuidParam.safeParse(endpointId);
  if (!id.success) throw new AppError("NOT_FOUND");
  const [endpoint] = await tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id.data)).for("update");
  if (!endpoint) throw new AppError("NOT_FOUND");
  return endpoint;
}

export async function createWebhookEndpoint(actor: Actor, input: unknown): Promise<WebhookEndpoint> {
  assertCan(actor, "integrations.manage");
  const values = parseInput(webhookEndpointInputSchema, input);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [endpoint] = (await tx
      .insert(webhookEndpoints)
      .values({ url: values.url, description: values.description ?? null, events: values.events, secret: newWebhookSecret(), createdBy: actor.kind === "user" ? actor.userId : null })
      .returning()) as [WebhookEndpoint];
    await recordAudit(tx, actor, { action: "webhook_endpoint.create", entityType: "webhook_endpoint", entityId: endpoint.id, after: { ...audited(endpoint), secret: maskSecret(endpoint.secret) } });
    return endpoint;
  });
}

export async function updateWebhookEndpoint(actor: Actor, endpointId: unknown, input: unknown): Promise<WebhookEndpoint> {
  assertCan(actor, "integrations.manage");
  const values = parseInput(webhookEndpointInputSchema, input);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const before = await lockEndpoint(tx, endpointId);
    const [after] = (await tx
      .update(webhookEndpoints)
      .set({ url: values.url, description: values.description ?? null, events: values.events })
      .where(eq(webhookEndpoints.id, before.id))
      .returning()) as [WebhookEndpoint];
    await recordAudit(tx, actor, { action: "webhook_endpoint.update", entityType: "webhook_endpoint", entityId: before.id, before: audited(before), after: audited(after) });
    return after;
  });
}

/**
 * Enables or disables an endpoint. Disabling stops it at once: its pending deliveries are given
 * up (`failed`, "Endpoint disabled"); after enabling it again they can be redelivered.
 */
export async function setWebhookEndpointActive(actor: Actor, endpointId: unknown, input: unknown): Promise<WebhookEndpoint> {
  assertCan(actor, "integrations.manage");
  const { active } = parseInput(activeSchema, input);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const before = await lockEndpoint(tx, endpointId);
    if (before.active === active) return before;
    const [after] = (await tx.update(webhookEndpoints).set({ active }).where(eq(webhookEndpoints.id, before.id)).returning()) as [WebhookEndpoint];
    if (!active) {
      await tx
        .update(webhookDeliveries)
        .set({ status: "failed", lastError: disabledError })
        .where(and(eq(webhookDeliveries.endpointId, before.id), eq(webhookDeliveries.status, "pending")));
    }
    await recordAudit(tx, actor, { action: active ? "webhook_endpoint.enable" : "webhook_endpoint.disable", entityType: "webhook_endpoint", entityId: before.id, before: { active: before.active }, after: { active } });
    return after;
  });
}


/** Deletes an endpoint with its delivery log; its queued deliveries find nothing to send. */
export async function deleteWebhookEndpoint(actor: Actor, endpointId: unknown): Promise<WebhookEndpoint> {
  assertCan(actor, "integrations.manage");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const before = await lockEndpoint(tx, endpointId);
    await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, before.id));
    await recordAudit(tx, actor, { action: "webhook_endpoint.delete", entityType: "webhook_endpoint", entityId: before.id, before: audited(before) });
    return before;
  });
}

/** A new signing secret for the endpoint; from now on deliveries are signed with it only. */
export async function rotateWebhookSecret(actor: Actor, endpointId: unknown): Promise<WebhookEndpoint> {
  assertCan(actor, "integrations.manage");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const before = await lockEndpoint(tx, endpointId);
    const [after] = (await tx.update(webhookEndpoints).set({ secret: newWebhookSecret() }).where(eq(webhookEndpoints.id, before.id)).returning()) as [WebhookEndpoint];
    await recordAudit(tx, actor, { action: "webhook_endpoint.rotate_secret", entityType: "webhook_endpoint", entityId: before.id, before: { secret: maskSecret(before.secret) }, after: { secret: maskSecret(after.secret) } });
    return after;
  });
}

/** The endpoints, newest first, each with the status of its latest delivery. */
export async function listWebhookEndpoints(actor: Actor) {
  assertCan(actor, "integrations.manage");
  const db = await getDb();
  // Written out with the outer table's name: inside a one-table select Drizzle leaves its columns unqualified.
  const latest = sql<WebhookDelivery["status"] | null>`(select d.status from webhook_deliveries d where d.endpoint_id = "webhook_endpoints"."id" order by d.created_at desc limit 1)`;
  const latestAt = sql<Date | null>`(select max(d.created_at) from webhook_deliveries d where d.endpoint_id = "webhook_endpoints"."id")`.mapWith((value: string | Date | null) =>
    value === null ? null : new Date(value),
  );
  return db
    .select({
      id: webhookEndpoints.id,
      url: webhookEndpoints.url,
      description: webhookEndpoints.description,
      events: webhookEndpoints.events,
      active: webhookEndpoints.active,
      createdAt: webhookEndpoints.createdAt,
      lastStatus: latest,
      lastDeliveryAt: latestAt,
    })
    .from(webhookEndpoints)
    .orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id));
}

/** One endpoint with its secret (shown to admins on the endpoint's page). */
export async function getWebhookEndpoint(actor: Actor, endpointId: unknown): Promise<WebhookEndpoint> {
  assertCan(actor, "integrations.manage");
  const id = uuidParam.safeParse(endpointId);
  if (!id.success) throw new AppError("NOT_FOUND");
  const db = await getDb();
  const [endpoint] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id.data));
  if (!endpoint) throw new AppError("NOT_FOUND");
  return endpoint;
}

export const webhookDeliveryStatuses = webhookDeliveryStatusEnum.enumValues;

export const deliveryListParamsSchema = z.object({
  status: z.enum(webhookDeliveryStatuses).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

const deliveriesPerPage = 25;

/** An endpoint's delivery log, newest first, with every attempt of each delivery (newest first). */
export async function listWebhookDeliveries(actor: Actor, endpointId: unknown, rawParams: unknown = {}) {
  const endpoint = await getWebhookEndpoint(actor, endpointId);
  const params = deliveryListParamsSchema.parse(rawParams ?? {});
  const db = await getDb();
  const where = and(eq(webhookDeliveries.endpointId, endpoint.id), params.status ? eq(webhookDeliveries.status, params.status) : undefined);
  const [rows, counts] = await Promise.all([
    db
      .select()
      .from(webhookDeliveries)
      .where(where)
      .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
      .limit(deliveriesPerPage)
      .offset((params.page - 1) * deliveriesPerPage),
    db.select({ status: webhookDeliveries.status, n: count() }).from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id)).groupBy(webhookDeliveries.status),
  ]);
  const attempts = rows.length
    ? await db
        .select()
        .from(webhookDeliveryAttempts)
        .where(
          inArray(
            webhookDeliveryAttempts.deliveryId,
            rows.map((row) => row.id),
          ),
        )
        .orderBy(desc(webhookDeliveryAttempts.createdAt), desc(webhookDeliveryAttempts.id))
    : [];
  const byStatus = Object.fromEntries(webhookDeliveryStatuses.map((status) => [status, counts.find((row) => row.status === status)?.n ?? 0])) as Record<WebhookDelivery["status"], number>;
  const total = params.status ? byStatus[params.status] : Object.values(byStatus).reduce((sum, n) => sum + n, 0);
  return {
    endpoint,
    rows: rows.map((row) => ({ ...row, attemptLog: attempts.filter((attempt) => attempt.deliveryId === row.id) })),
    counts: byStatus,
    total,
    params,
    page: params.page,
    pageCount: Math.max(1, Math.ceil(total / deliveriesPerPage)),
  };
}

/**
 * Sends a delivery again now, whatever its status: a new attempt, and retries as for a new event
 * if it fails. Refused while the endpoint is disabled.
 */
export async function redeliverWebhook(actor: Actor, deliveryId: unknown): Promise<WebhookDelivery> {
  assertCan(actor, "integrations.manage");
  const id = uuidParam.safeParse(deliveryId);
  if (!id.success) throw new AppError("NOT_FOUND");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ delivery: webhookDeliveries, active: webhookEndpoints.active })
      .from(webhookDeliveries)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
      .where(eq(webhookDeliveries.id, id.data))
      .for("update", { of: webhookDeliveries });
    if (!row) throw new AppError("NOT_FOUND");
    if (!row.active) throw new AppError("INVALID_STATE", "webhooks.errors.endpointDisabled");
    const before = row.delivery;
    const [after] = (await tx.update(webhookDeliveries).set({ status: "pending" }).where(eq(webhookDeliveries.id, before.id)).returning()) as [WebhookDelivery];
    // A key of its own: a retry already queued for the same attempt gives way to this one (see `claimAttempt`).
    await enqueue(tx, deliverWebhookJob, { deliveryId: before.id, attempt: before.attempts + 1 }, { key: `${before.id}:manual:${crypto.randomUUID()}` });
    await recordAudit(tx, actor, {
      action: "webhook_delivery.redeliver",
      entityType: "webhook_delivery",
      entityId: before.id,
      before: { status: before.status, attempts: before.attempts },
      after: { status: after.status, eventId: before.eventId, eventType: before.eventType },
    });
    return after;
  });
}

// ————— Delivery —————

export const deliveryTimeoutMs = 10_000;
/** Retries stop this long after the first attempt; the delivery is then `failed`. */
export const retryWindowMs = 24 * 60 * 60 * 1000;

/** The wait after failed attempt `attempt` (1-based): 30 s, 1 min, 2 min, 4 min … at most an hour. */
export function webhookRetryDelayMs(attempt: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 60 * 60 * 1000);
}

/** The body of a delivery, keys in their documented order. */
export function deliveryBody(delivery: Pick<WebhookDelivery, "payload">): string {
  const { id, type, createdAt, data } = delivery.payload as WebhookPayload;
  return JSON.stringify({ id, type, createdAt, data });
}

type Claimed = { delivery: WebhookDelivery; url: string; secret: string };

/**
 * Takes attempt number `attempt` of a delivery, or null when it is not this job's to make: the
 * delivery is gone, settled or its endpoint disabled, or another job (a manual redelivery) made
 * that attempt first. A job that the runner runs again after it died between taking and recording
 * its attempt makes it then.
 */
async function claimAttempt(db: Database, deliveryId: string, attempt: number, rerun: boolean, at: Date): Promise<Claimed | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ delivery: webhookDeliveries, url: webhookEndpoints.url, secret: webhookEndpoints.secret, active: webhookEndpoints.active })
      .from(webhookDeliveries)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
      .where(eq(webhookDeliveries.id, deliveryId))
      .for("update", { of: webhookDeliveries });
    if (!row || !row.active || row.delivery.status !== "pending") return null;
    if (row.delivery.attempts === attempt - 1) {
      const [delivery] = (await tx.update(webhookDeliveries).set({ attempts: attempt, lastAttemptAt: at }).where(eq(webhookDeliveries.id, deliveryId)).returning()) as [WebhookDelivery];
      return { delivery, url: row.url, secret: row.secret };
    }
    if (rerun && row.delivery.attempts === attempt) {
      const [logged] = await tx.select({ n: count() }).from(webhookDeliveryAttempts).where(eq(webhookDeliveryAttempts.deliveryId, deliveryId));
      if ((logged?.n ?? 0) < attempt) return { delivery: row.delivery, url: row.url, secret: row.secret };
    }
    return null;
  });
}

type Outcome = { responseStatus: number | null; error: string | null; durationMs: number };

function describeFailure(error: unknown, timeoutMs: number): string {
  if (!(error instanceof Error)) return String(error).slice(0, 500);
  if (error.name === "TimeoutError") return `Timed out after ${timeoutMs / 1000} s`;
  const cause = error.cause as { code?: string; message?: string } | undefined;
  return `${error.message}${cause ? ` (${cause.code ?? cause.message})` : ""}`.slice(0, 500);
}

async function post(claimed: Claimed, at: Date, guard: DeliveryGuard, timeoutMs: number): Promise<Outcome> {
  const body = deliveryBody(claimed.delivery);
  const started = performance.now();
  const duration = () => Math.round(performance.now() - started);
  try {
    // Checked before every attempt: where a name points can change after the endpoint was saved.
    const refused = await deliveryHostProblem(claimed.url, guard);
    if (refused) return { responseStatus: null, error: refused, durationMs: duration() };
    const response = await fetch(claimed.url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "Member-CRM-Webhooks/1",
        "Member-CRM-Event": claimed.delivery.eventType,
        "Member-CRM-Delivery": claimed.delivery.id,
        "Member-CRM-Signature": signatureHeader(claimed.secret, body, at),
      },
      body,
      // A redirect is not followed: the receiver answers itself, or it failed.
      redirect: "manual",
      // A receiver that takes the request and never answers costs one failed attempt, not a stuck job.
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel().catch(() => {});
    const ok = response.status >= 200 && response.status < 300;
    return { responseStatus: response.status, error: ok ? null : `HTTP ${response.status}`, durationMs: duration() };
  } catch (error) {
    return { responseStatus: null, error: describeFailure(error, timeoutMs), durationMs: duration() };
  }
}

export const deliverWebhookPayload = z.strictObject({
  deliveryId: z.uuid(),
  /** Which attempt of the delivery this job makes (1-based). */
  attempt: z.number().int().min(1),
  /** When the first attempt of this round was made: retries stop `retryWindowMs` later. */
  since: z.iso.datetime().optional(),
});

/**
 * Makes one attempt of a delivery and records it; after a failure it enqueues the next attempt
 * itself. The runner's own retries are a fixed 10 s × 2ⁿ for at most a few attempts, which
 * cannot say "every 30 s doubling up to an hour, for 24 hours from the first attempt"; one job per
 * attempt can, and keeps each attempt visible on the jobs screen. A job fails (and the runner
 * retries it) only when it could not record its attempt.
 */
export async function attemptDelivery(
  db: Database,
  payload: z.output<typeof deliverWebhookPayload>,
  options: { now: () => Date; rerun?: boolean; guard?: DeliveryGuard; timeoutMs?: number },
) {
  const startedAt = options.now();
  const claimed = await claimAttempt(db, payload.deliveryId, payload.attempt, options.rerun ?? false, startedAt);
  if (!claimed) return;
  const outcome = await post(claimed, startedAt, options.guard ?? defaultGuard(), options.timeoutMs ?? deliveryTimeoutMs);
  const succeeded = outcome.error === null;
  const since = payload.since ? new Date(payload.since) : startedAt;

  await db.transaction(async (tx) => {
    const [row] = await tx
      .select({ status: webhookDeliveries.status, active: webhookEndpoints.active })
      .from(webhookDeliveries)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
      .where(eq(webhookDeliveries.id, claimed.delivery.id))
      .for("update", { of: webhookDeliveries });
    // The endpoint was deleted while this attempt was under way: its log went with it.
    if (!row) return;
    await tx.insert(webhookDeliveryAttempts).values({ deliveryId: claimed.delivery.id, ...outcome, createdAt: startedAt, updatedAt: startedAt });
    const finishedAt = options.now();
    const result = { lastResponseStatus: outcome.responseStatus, lastError: outcome.error, lastAttemptAt: startedAt };
    if (succeeded) {
      await tx
        .update(webhookDeliveries)
        .set({ ...result, status: "succeeded", deliveredAt: finishedAt })
        .where(eq(webhookDeliveries.id, claimed.delivery.id));
      return;
    }
    // Disabled (or settled by a redelivery) while this attempt was under way: nothing more to do here.
    const stillPending = row.status === "pending" && row.active;
    const giveUpAt = since.getTime() + retryWindowMs;
    const retry = stillPending && finishedAt.getTime() < giveUpAt;
    await tx
      .update(webhookDeliveries)
      .set({ ...result, ...(stillPending && !retry ? { status: "failed" as const } : {}) })
      .where(eq(webhookDeliveries.id, claimed.delivery.id));
    if (retry) {
      const runAt = new Date(Math.min(finishedAt.getTime() + webhookRetryDelayMs(payload.attempt), giveUpAt));
      await enqueue(
        tx,
        deliverWebhookJob,
        { deliveryId: claimed.delivery.id, attempt: payload.attempt + 1, since: since.toISOString() },
        { runAt, key: `${claimed.delivery.id}:${payload.attempt + 1}` },
      );
    }
  });
}

export const deliverWebhookJob = defineJob({
  name: "webhooks.deliver",
  payload: deliverWebhookPayload,
  maxAttempts: 3,
  run: (payload, { db, job, now }) => attemptDelivery(db, payload, { now, rerun: job.attempts > 1 }),
});


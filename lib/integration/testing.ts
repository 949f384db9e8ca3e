import { count, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { jobs, webhookDeliveries } from "@/db/schema";
import { seedActor } from "@/lib/factories";
import { createApiKey } from "./api-keys";
import type { Scope } from "./scopes";
import { deliverWebhookJob } from "./webhooks";

/** A new API key with `scopes`; returns its secret. */
export async function makeApiKey(scopes: Scope[], options: { rateLimitPerMinute?: number } = {}): Promise<string> {
  const { secret } = await createApiKey(seedActor, { name: `Test key ${crypto.randomUUID().slice(0, 8)}`, scopes, ...options });
  return secret;
}

type Handler = (request: Request, context: { params: Promise<Record<string, string> | undefined> }) => Promise<Response>;

/**
 * Calls a route handler as an HTTP client would: `path` is under `/api/v1` and its `{name}`s are
 * filled from `params`; a `body` that is not a string is sent as JSON.
 */
export async function callApi(
  handler: Handler,
  { key, path, params = {}, body, headers = {} }: { key?: string; path: string; params?: Record<string, string>; body?: unknown; headers?: Record<string, string> },
) {
  const method = handler.name || "GET";
  const url = new URL(`/api/v1${path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ""))}`, "http://localhost");
  const request = new Request(url, {
    method: (handler as { operation?: { method: string } }).operation?.method ?? method,
    headers: { ...(key && { Authorization: `Bearer ${key}` }), ...(body !== undefined && { "Content-Type": "application/json" }), ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  // As Next.js does: a route without dynamic segments gets no params.
  const response = await handler(request, { params: Promise.resolve(Object.keys(params).length > 0 ? params : undefined) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

/** How many webhook deliveries and delivery jobs the outbox holds. */
export async function countWebhookOutbox(): Promise<{ deliveries: number; jobs: number }> {
  const db = await getDb();
  const [[deliveries], [queued]] = await Promise.all([
    db.select({ n: count() }).from(webhookDeliveries),
    db.select({ n: count() }).from(jobs).where(eq(jobs.name, deliverWebhookJob.name)),
  ]);
  return { deliveries: deliveries!.n, jobs: queued!.n };
}

import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { and, asc, count, eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, jobs, webhookDeliveries, webhookDeliveryAttempts, webhookEndpoints, type WebhookDelivery, type WebhookEndpoint } from "@/db/schema";
import { addChannel, makeChannelPrimary, removeChannel } from "@/lib/customers/channels";
import { createCustomer, updateCustomer } from "@/lib/customers/commands";
import { mergeCustomers } from "@/lib/customers/merge";
import { eraseCustomer } from "@/lib/customers/privacy";
import { updateOwnProfile } from "@/lib/customers/self-service";
import { expectAppError } from "@/lib/expect-app-error";
import { makeActor, makeCustomer, makeMember, makeMemberAccount, makeProduct, seedActor } from "@/lib/factories";
import en from "@/lib/i18n/messages/en.json";
import zh from "@/lib/i18n/messages/zh-CN.json";
import { createJobRunner } from "@/lib/jobs/runner";
import { adjustPoints, setMembershipStatus } from "@/lib/membership/commands";
import { memberBalance } from "@/lib/membership/queries";
import { createOrder, payOrder, refundOrder } from "@/lib/sales/orders";
import { changeTicketStatus, createTicket } from "@/lib/service/tickets";
import { updateSetting } from "@/lib/settings/commands";
import { readSetting } from "@/lib/settings/queries";
import { verifySignature } from "./signing";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  deliverWebhookJob,
  listWebhookDeliveries,
  listWebhookEndpoints,
  redeliverWebhook,
  rotateWebhookSecret,
  setWebhookEndpointActive,
  updateWebhookEndpoint,
  webhookEventKey,
  webhookEventTypes,
  webhookRetryDelayMs,
  webhookUrlProblem,
  attemptDelivery,
  deliveryHostProblem,
  deliveryTimeoutMs,
  isPrivateAddress,
  type DeliveryGuard,
} from "./webhooks";

type Received = { headers: http.IncomingHttpHeaders; body: string; at: Date; status: number };

/** A receiver on a free local port that answers each request with `answer(n)` (n from 1), noting the runner's clock. */
async function receiver(answer: (n: number) => number, clock: () => Date) {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (body += chunk));
    request.on("end", () => {
      const status = answer(received.length + 1);
      received.push({ headers: request.headers, body, at: clock(), status });
      response.writeHead(status, { "Content-Type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  servers.push(close);
  return { url: `http://127.0.0.1:${port}/hooks`, received };
}

const servers: (() => Promise<void>)[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((close) => close()));
  // Each test starts without endpoints, so that the domain changes of one do not deliver to another's.
  await (await getDb()).delete(webhookEndpoints);
});

let clock = new Date();
const now = () => clock;
const later = (ms: number) => (clock = new Date(clock.getTime() + ms));

/** A runner whose clock starts a minute ahead of the real one, so that work enqueued during the test is due. */
async function runnerAt(start = new Date(Date.now() + 60_000)) {
  clock = start;
  return createJobRunner({ db: await getDb(), definitions: [deliverWebhookJob], workerId: `test-${crypto.randomUUID()}`, now });
}

async function deliveriesOf(endpoint: Pick<WebhookEndpoint, "id">): Promise<WebhookDelivery[]> {
  const db = await getDb();
  return db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id)).orderBy(asc(webhookDeliveries.createdAt));
}

async function attemptsOf(delivery: Pick<WebhookDelivery, "id">) {
  const db = await getDb();
  return db.select().from(webhookDeliveryAttempts).where(eq(webhookDeliveryAttempts.deliveryId, delivery.id)).orderBy(asc(webhookDeliveryAttempts.createdAt));
}

/** When the delivery's next attempt is due, or null when none is queued. */
async function nextAttemptAt(delivery: Pick<WebhookDelivery, "id">): Promise<Date | null> {
  const db = await getDb();
  const [job] = await db
    .select({ runAt: jobs.runAt })
    .from(jobs)
    .where(and(eq(jobs.name, deliverWebhookJob.name), eq(jobs.status, "queued"), sql`${jobs.payload}->>'deliveryId' = ${delivery.id}`))
    .orderBy(asc(jobs.runAt))
    .limit(1);
  return job?.runAt ?? null;
}

async function deliveryJobCount() {
  const db = await getDb();
  const [row] = await db.select({ n: count() }).from(jobs).where(eq(jobs.name, deliverWebhookJob.name));
  return row!.n;
}

async function deliveryCount() {
  const db = await getDb();
  const [row] = await db.select({ n: count() }).from(webhookDeliveries);
  return row!.n;
}

async function reload(delivery: Pick<WebhookDelivery, "id">) {
  const db = await getDb();
  const [row] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, delivery.id));
  return row;
}

describe("delivering webhooks", () => {
  it("retries a failing receiver with growing delays and delivers the event once, signed", async () => {
    const admin = await makeActor("admin");
    const runner = await runnerAt();
    const hook = await receiver((n) => (n <= 3 ? 500 : 200), now);
    const endpoint = await createWebhookEndpoint(admin, { url: hook.url, description: "CDP", events: ["customer.created"] });
    const customer = await makeCustomer(seedActor);

    const [delivery] = await deliveriesOf(endpoint);
    expect(delivery).toMatchObject({ status: "pending", attempts: 0, eventType: "customer.created" });
    const [job] = await (await getDb()).select().from(jobs).where(eq(jobs.key, delivery!.id));
    expect(job).toMatchObject({ name: "webhooks.deliver", status: "queued" });

    const waits: number[] = [];
    for (let round = 0; round < 10 && (await reload(delivery!))?.status === "pending"; round++) {
      await runner.drain();
      const next = await nextAttemptAt(delivery!);
      if (!next) break;
      waits.push(next.getTime() - clock.getTime());
      clock = next;
    }
    expect(waits).toEqual([webhookRetryDelayMs(1), webhookRetryDelayMs(2), webhookRetryDelayMs(3)]);
    expect(waits).toEqual([30_000, 60_000, 120_000]);

    const done = await reload(delivery!);
    expect(done).toMatchObject({ status: "succeeded", attempts: 4, lastResponseStatus: 200, lastError: null });
    expect(done!.deliveredAt).toBeInstanceOf(Date);
    const attempts = await attemptsOf(delivery!);
    expect(attempts.map((attempt) => [attempt.responseStatus, attempt.error])).toEqual([
      [500, "HTTP 500"],
      [500, "HTTP 500"],
      [500, "HTTP 500"],
      [200, null],
    ]);
    expect(attempts.every((attempt) => attempt.durationMs >= 0)).toBe(true);

    // Four requests, one of them answered 200: the event arrived once.
    expect(hook.received).toHaveLength(4);
    expect(hook.received.filter((request) => request.status === 200)).toHaveLength(1);
    for (const request of hook.received) {
      expect(request.headers["content-type"]).toBe("application/json");
      expect(request.headers["member-crm-event"]).toBe("customer.created");
      expect(request.headers["member-crm-delivery"]).toBe(delivery!.id);
      expect(verifySignature(endpoint.secret, request.body, request.headers["member-crm-signature"] as string, request.at)).toMatchObject({ ok: true });
      expect(verifySignature("whsec_another", request.body, request.headers["member-crm-signature"] as string, request.at)).toMatchObject({ ok: false });
    }
    const bodies = new Set(hook.received.map((request) => request.body));
    expect(bodies.size).toBe(1);
    const body = JSON.parse(hook.received[0]!.body);
    expect(Object.keys(body)).toEqual(["id", "type", "createdAt", "data"]);
    expect(body).toMatchObject({ id: delivery!.eventId, type: "customer.created", data: { customerId: customer.id, number: expect.stringMatching(/^C-\d{6}$/), deleted: false } });
    expect(JSON.stringify(body)).not.toContain(customer.name);

    // Settled: a later tick sends nothing more.
    later(2 * 3_600_000);
    await runner.drain();
    expect(hook.received).toHaveLength(4);
    const log = await listWebhookDeliveries(admin, endpoint.id);
    expect(log.rows).toHaveLength(1);
    expect(log.rows[0]!.attemptLog).toHaveLength(4);
    expect((await listWebhookEndpoints(admin)).find((row) => row.id === endpoint.id)).toMatchObject({ lastStatus: "succeeded" });
  });

  it("gives up 24 hours after the first attempt on a receiver that stays down", async () => {
    const admin = await makeActor("admin");
    const runner = await runnerAt();
    const hook = await receiver(() => 503, now);
    const endpoint = await createWebhookEndpoint(admin, { url: hook.url, events: ["customer.created"] });
    await makeCustomer(seedActor);
    const [delivery] = await deliveriesOf(endpoint);

    for (let round = 0; round < 60; round++) {
      await runner.drain();
      const next = await nextAttemptAt(delivery!);
      if (!next) break;
      clock = next;
    }
    const failed = await reload(delivery!);
    const attempts = await attemptsOf(delivery!);
    // 30 s doubling to an hour: 7 growing waits (3,810 s), 22 hourly ones, and the last try at 24 h sharp.
    expect(attempts).toHaveLength(31);
    expect(failed).toMatchObject({ status: "failed", attempts: 31, lastResponseStatus: 503, lastError: "HTTP 503" });
    const gaps = attempts.slice(1).map((attempt, index) => (attempt.createdAt.getTime() - attempts[index]!.createdAt.getTime()) / 1000);
    expect(gaps.slice(0, 8)).toEqual([30, 60, 120, 240, 480, 960, 1920, 3600]);
    expect(attempts.at(-1)!.createdAt.getTime() - attempts[0]!.createdAt.getTime()).toBe(24 * 3_600_000);
    expect(hook.received).toHaveLength(31);
    expect(await nextAttemptAt(delivery!)).toBeNull();
  });

  it("records a receiver that cannot be reached, and a redelivery sends it again", async () => {
    const admin = await makeActor("admin");
    const runner = await runnerAt();
    // A port that was free a moment ago: nothing listens there.
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const endpoint = await createWebhookEndpoint(admin, { url: `http://127.0.0.1:${port}/gone`, events: ["customer.created"] });
    await makeCustomer(seedActor);
    const [delivery] = await deliveriesOf(endpoint);
    await runner.drain();
    const [attempt] = await attemptsOf(delivery!);
    expect(attempt).toMatchObject({ responseStatus: null, error: expect.stringMatching(/ECONNREFUSED|fetch failed/) });
    expect(await reload(delivery!)).toMatchObject({ status: "pending", attempts: 1, lastResponseStatus: null });

    // The receiver is back: an admin sends it again at once, without waiting for the retry.
    const hook = await receiver(() => 204, now);
    await updateWebhookEndpoint(admin, endpoint.id, { url: hook.url, events: ["customer.created"] });
    await redeliverWebhook(admin, delivery!.id);
    await runner.drain();
    expect(hook.received).toHaveLength(1);
    expect(await reload(delivery!)).toMatchObject({ status: "succeeded", attempts: 2, lastResponseStatus: 204 });
    // The retry that was queued finds the delivery settled and sends nothing.
    later(webhookRetryDelayMs(1) + 1000);
    await runner.drain();
    expect(hook.received).toHaveLength(1);

    // A delivered event can be sent again too: a new attempt, audited.
    await redeliverWebhook(admin, delivery!.id);
    await runner.drain();
    expect(hook.received).toHaveLength(2);
    expect(hook.received[1]!.body).toBe(hook.received[0]!.body);
    expect(await reload(delivery!)).toMatchObject({ status: "succeeded", attempts: 3 });
    const db = await getDb();
    const audits = await db.select().from(auditLog).where(and(eq(auditLog.action, "webhook_delivery.redeliver"), eq(auditLog.entityId, delivery!.id)));
    expect(audits).toHaveLength(2);
  });

  it("gives up on a receiver that takes the request and never answers, and delivers on the retry once it answers", async () => {
    const admin = await makeActor("admin");
    const runner = await runnerAt();
    // Reads each request and holds it open without a word, until it is told to answer.
    let answering = false;
    const requests: Date[] = [];
    const server = http.createServer((request, response) => {
      request.resume();
      requests.push(clock);
      if (answering) response.writeHead(204).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    servers.push(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));
    const { port } = server.address() as AddressInfo;
    const endpoint = await createWebhookEndpoint(admin, { url: `http://127.0.0.1:${port}/hooks`, events: ["customer.created"] });
    await makeCustomer(seedActor);
    const [delivery] = await deliveriesOf(endpoint);

    // The attempt the queued job makes, with the timeout shortened from deliveryTimeoutMs.
    const started = performance.now();
    await attemptDelivery(await getDb(), { deliveryId: delivery!.id, attempt: 1 }, { now, timeoutMs: 1_000 });
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(990);
    expect(waited).toBeLessThan(deliveryTimeoutMs);
    expect(requests).toHaveLength(1);
    expect((await attemptsOf(delivery!)).map((attempt) => [attempt.responseStatus, attempt.error])).toEqual([[null, "Timed out after 1 s"]]);
    expect(await reload(delivery!)).toMatchObject({ status: "pending", attempts: 1, lastResponseStatus: null, lastError: "Timed out after 1 s" });
    // The retry is queued as for any failed attempt (the job that was queued for this one finds it made).
    const [retry] = await (await getDb()).select().from(jobs).where(eq(jobs.key, `${delivery!.id}:2`));
    expect(retry!.runAt.getTime() - clock.getTime()).toBe(webhookRetryDelayMs(1));

    answering = true;
    clock = retry!.runAt;
    await runner.drain();
    expect(requests).toHaveLength(2);
    expect(await reload(delivery!)).toMatchObject({ status: "succeeded", attempts: 2, lastResponseStatus: 204, lastError: null });
    expect((await attemptsOf(delivery!)).map((attempt) => attempt.responseStatus)).toEqual([null, 204]);
    expect(await nextAttemptAt(delivery!)).toBeNull();
  });

  it("stops the pending deliveries of a disabled or deleted endpoint", async () => {
    const admin = await makeActor("admin");
    const runner = await runnerAt();
    const hook = await receiver(() => 500, now);
    const endpoint = await createWebhookEndpoint(admin, { url: hook.url, events: ["customer.created"] });
    await makeCustomer(seedActor);
    const [delivery] = await deliveriesOf(endpoint);
    await runner.drain();
    expect(hook.received).toHaveLength(1);

    await setWebhookEndpointActive(admin, endpoint.id, { active: "false" });
    expect(await reload(delivery!)).toMatchObject({ status: "failed", lastError: "Endpoint disabled" });
    later(3_600_000);
    await runner.drain();
    expect(hook.received).toHaveLength(1);
    await expectAppError(redeliverWebhook(admin, delivery!.id), "INVALID_STATE", "webhooks.errors.endpointDisabled");
    // Disabled, it is sent nothing new.
    await makeCustomer(seedActor);
    expect(await deliveriesOf(endpoint)).toHaveLength(1);

    await setWebhookEndpointActive(admin, endpoint.id, { active: "true" });
    await makeCustomer(seedActor);
    const [, second] = await deliveriesOf(endpoint);
    await deleteWebhookEndpoint(admin, endpoint.id);
    expect(await reload(second!)).toBeUndefined();
    later(1000);
    await runner.drain();
    expect(hook.received).toHaveLength(1);
  });
});

describe("checking the receiver at delivery time", () => {
  const looked: string[] = [];
  /** A production guard whose lookup answers `addresses` and notes the names asked. */
  const guard = (addresses: string[], overrides: Partial<DeliveryGuard> = {}): DeliveryGuard => ({
    production: true,
    allowLocal: false,
    lookup: async (hostname) => {
      looked.push(hostname);
      return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
    },
    ...overrides,
  });

  it("resolves the name in production and refuses it when any address is private", async () => {
    looked.length = 0;
    expect(await deliveryHostProblem("https://hooks.example.com/x", guard(["93.184.216.34", "2606:2800:220:1::1"]))).toBeNull();
    expect(looked).toEqual(["hooks.example.com"]);
    expect(await deliveryHostProblem("https://hooks.example.com/x", guard(["93.184.216.34", "10.0.0.7"]))).toBe("Refused: hooks.example.com resolves to a private address (10.0.0.7)");
    expect(await deliveryHostProblem("https://Rebind.Example.com./x", guard(["::ffff:169.254.169.254"]))).toBe("Refused: rebind.example.com resolves to a private address (::ffff:169.254.169.254)");
    expect(await deliveryHostProblem("https://v6.example.com/x", guard(["fe80::1"]))).toMatch(/private address/);

    // Addresses are judged as they are written, without a lookup.
    looked.length = 0;
    expect(await deliveryHostProblem("https://169.254.169.254/latest", guard([]))).toBe("Refused: 169.254.169.254 is a private address");
    expect(await deliveryHostProblem("https://8.8.8.8/x", guard([]))).toBeNull();
    expect(await deliveryHostProblem("https://[2606:4700::1111]/x", guard([]))).toBeNull();
    expect(looked).toEqual([]);

    // WEBHOOKS_ALLOW_LOCAL lets the local hosts through, and nothing else that resolves inside.
    expect(await deliveryHostProblem("http://localhost:3000/x", guard(["127.0.0.1"], { allowLocal: true }))).toBeNull();
    expect(await deliveryHostProblem("http://[::1]:3000/x", guard([], { allowLocal: true }))).toBeNull();
    expect(await deliveryHostProblem("http://localhost:3000/x", guard(["127.0.0.1"]))).toBe("Refused: localhost is a private address");
    expect(await deliveryHostProblem("https://internal.example.com/x", guard(["127.0.0.1"], { allowLocal: true }))).toMatch(/private address \(127\.0\.0\.1\)/);
    // Outside production nothing is looked up.
    looked.length = 0;
    expect(await deliveryHostProblem("https://internal.example.com/x", guard(["10.0.0.7"], { production: false }))).toBeNull();
    expect(looked).toEqual([]);
  });

  it("records a refused address as a failed attempt and retries it like any failure", async () => {
    const admin = await makeActor("admin");
    const endpoint = await createWebhookEndpoint(admin, { url: "https://internal.example.com/hooks", events: ["customer.created"] });
    await makeCustomer(seedActor);
    const [delivery] = await deliveriesOf(endpoint);
    const at = new Date(Date.now() + 60_000);
    await attemptDelivery(await getDb(), { deliveryId: delivery!.id, attempt: 1 }, { now: () => at, guard: guard(["10.0.0.7"]) });

    const error = "Refused: internal.example.com resolves to a private address (10.0.0.7)";
    expect(await attemptsOf(delivery!)).toEqual([expect.objectContaining({ responseStatus: null, error })]);
    expect(await reload(delivery!)).toMatchObject({ status: "pending", attempts: 1, lastError: error });
    const [retry] = await (await getDb()).select().from(jobs).where(eq(jobs.key, `${delivery!.id}:2`));
    expect(retry).toMatchObject({ status: "queued", runAt: new Date(at.getTime() + webhookRetryDelayMs(1)) });
  });

  it("records nothing, and fails no job, for an endpoint deleted while its attempt was under way", async () => {
    const admin = await makeActor("admin");
    let endpointId = "";
    // The receiver deletes the endpoint before it answers: the attempt ends with nothing to record it on.
    const server = http.createServer((request, response) => {
      request.resume();
      request.on("end", () => void deleteWebhookEndpoint(admin, endpointId).then(() => response.writeHead(500).end()));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    servers.push(
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );
    const { port } = server.address() as AddressInfo;
    const endpoint = await createWebhookEndpoint(admin, { url: `http://127.0.0.1:${port}/hooks`, events: ["customer.created"] });
    endpointId = endpoint.id;
    await makeCustomer(seedActor);
    const [delivery] = await deliveriesOf(endpoint);
    const at = new Date(Date.now() + 60_000);

    await expect(attemptDelivery(await getDb(), { deliveryId: delivery!.id, attempt: 1 }, { now: () => at })).resolves.toBeUndefined();
    expect(await reload(delivery!)).toBeUndefined();
    expect(await attemptsOf(delivery!)).toEqual([]);
    expect(await (await getDb()).select().from(jobs).where(eq(jobs.key, `${delivery!.id}:2`))).toEqual([]);
  });
});

describe("emitting webhooks", () => {
  it("writes nothing when no active endpoint subscribes to the event", async () => {
    const admin = await makeActor("admin");
    await createWebhookEndpoint(admin, { url: "https://hooks.example.com/tickets", events: ["ticket.solved"] });
    const off = await createWebhookEndpoint(admin, { url: "https://hooks.example.com/customers", events: ["customer.created"] });
    await setWebhookEndpointActive(admin, off.id, { active: false });
    const [deliveries, jobCount] = [await deliveryCount(), await deliveryJobCount()];
    await makeCustomer(seedActor);
    expect(await deliveryCount()).toBe(deliveries);
    expect(await deliveryJobCount()).toBe(jobCount);
  });

  it("sends nothing for a change that is rolled back", async () => {
    const admin = await makeActor("admin");
    const runner = await runnerAt();
    const hook = await receiver(() => 200, now);
    await createWebhookEndpoint(admin, { url: hook.url, events: ["customer.created"] });
    const [deliveries, jobCount] = [await deliveryCount(), await deliveryJobCount()];
    const db = await getDb();
    await expect(
      db.transaction(async (tx) => {
        await createCustomer(seedActor, { name: "Never saved" }, tx);
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    await runner.drain();
    expect(await deliveryCount()).toBe(deliveries);
    expect(await deliveryJobCount()).toBe(jobCount);
    expect(hook.received).toHaveLength(0);
  });

  it("gives every subscribed endpoint the same event id, one job each", async () => {
    const admin = await makeActor("admin");
    const first = await createWebhookEndpoint(admin, { url: "https://a.example.com/hooks", events: ["customer.created", "customer.updated"] });
    const second = await createWebhookEndpoint(admin, { url: "https://b.example.com/hooks", events: ["customer.created"] });
    const customer = await makeCustomer(seedActor);
    await updateCustomer(seedActor, customer.id, { name: customer.name, lifecycleStage: "lead" });
    const [created, updated] = await deliveriesOf(first);
    const [other] = await deliveriesOf(second);
    expect(created!.eventId).toBe(other!.eventId);
    expect(created!.id).not.toBe(other!.id);
    expect(updated).toMatchObject({ eventType: "customer.updated" });
    expect(updated!.payload).toMatchObject({ type: "customer.updated", data: { customerId: customer.id, lifecycleStage: "lead", changed: ["lifecycleStage"] } });
    const db = await getDb();
    for (const delivery of [created!, updated!, other!]) {
      expect(await db.select({ id: jobs.id }).from(jobs).where(eq(jobs.key, delivery.id))).toHaveLength(1);
    }
  });

  it("announces orders, points, tiers and tickets with the figures a receiver needs", async () => {
    const admin = await makeActor("admin");
    const endpoint = await createWebhookEndpoint(admin, { url: "https://hooks.example.com/all", events: webhookEventTypes });
    const { customer, membership } = await makeMember();
    const product = await makeProduct({ price: "2500" });
    const rep = await makeActor("sales_rep");
    const order = await createOrder(rep, { customerId: customer.id, channel: "store", lines: [{ productId: product.id, quantity: 1 }] });
    const { points } = await payOrder(rep, order.id);
    const agent = await makeActor("support_agent");
    await refundOrder(agent, order.id, { amount: "100", reason: "Damaged box", idempotencyKey: crypto.randomUUID() });
    const ticket = await createTicket(agent, { customerId: customer.id, subject: "Where is my parcel", description: "Private details", channel: "email" });
    await changeTicketStatus(agent, ticket.id, { status: "solved" });

    const payloads = (await deliveriesOf(endpoint)).map((delivery) => delivery.payload as { type: string; data: Record<string, unknown> });
    const ofType = (type: string) => payloads.filter((payload) => payload.type === type).map((payload) => payload.data);
    expect(ofType("customer.created")).toHaveLength(1);
    const earned = points && "entry" in points ? points : null;
    expect(earned).not.toBeNull();
    expect(ofType("order.paid")).toEqual([
      {
        orderId: order.id,
        number: expect.stringMatching(/^SO-\d{4}-\d{6}$/),
        customerId: customer.id,
        total: 250_000,
        currency: "CNY",
        paidAt: expect.any(String),
        pointsEarned: earned!.entry.delta,
        pointsPending: 0,
        balance: earned!.balance,
      },
    ]);
    expect(ofType("order.refunded")).toEqual([
      expect.objectContaining({ orderId: order.id, amount: 10_000, refunded: 10_000, total: 250_000, fullyRefunded: false, reason: "Damaged box", pointsReversed: expect.any(Number) }),
    ]);
    // The sign-up bonus and the order's points; the refund's reversal.
    expect(ofType("points.earned").map((data) => data.source)).toEqual(["signup", "order"]);
    expect(ofType("points.earned")[1]).toMatchObject({ customerId: customer.id, membershipId: membership.id, kind: "earn", points: earned!.entry.delta, balance: earned!.balance, orderId: order.id });
    expect(ofType("points.adjusted")).toEqual([expect.objectContaining({ kind: "reverse", orderId: order.id, points: -(ofType("order.refunded")[0]!.pointsReversed as number) })]);
    // ¥2,500 moves a Bronze member to Silver; ¥2,400 after the refund still holds it.
    expect(ofType("tier.changed")).toEqual([expect.objectContaining({ customerId: customer.id, from: expect.objectContaining({ name: "Bronze" }), to: expect.objectContaining({ name: "Silver" }), direction: "up" })]);
    expect(ofType("ticket.created")).toEqual([expect.objectContaining({ ticketId: ticket.id, number: expect.stringMatching(/^#\d+$/), customerId: customer.id, status: "new" })]);
    expect(ofType("ticket.solved")).toEqual([expect.objectContaining({ ticketId: ticket.id, status: "solved", solvedAt: expect.any(String) })]);
    expect(JSON.stringify(payloads)).not.toContain("Private details");
    expect(JSON.stringify(payloads)).not.toContain(customer.name);
  });
});

describe("order balances", () => {
  const paidOrRefunded = async (endpoint: Pick<WebhookEndpoint, "id">, orderId: string) =>
    (await deliveriesOf(endpoint)).map((delivery) => delivery.payload as { type: string; data: { orderId: string; balance: number | null; pointsEarned?: number; pointsPending?: number } }).filter((payload) => payload.data.orderId === orderId);

  it("are the member's balance after every points movement, also while points are pending", async () => {
    const admin = await makeActor("admin");
    const endpoint = await createWebhookEndpoint(admin, { url: "https://hooks.example.com/orders", events: ["order.paid", "order.refunded"] });
    const rep = await makeActor("sales_rep");
    const agent = await makeActor("support_agent");
    const product = await makeProduct({ price: "100" });
    const settings = await readSetting("membership");
    await updateSetting(seedActor, "membership", { ...settings, pendingDays: 14 });
    try {
      const { customer } = await makeMember();
      await adjustPoints(seedActor, customer.id, { delta: 1_000, reason: "Welcome", idempotencyKey: crypto.randomUUID() });
      const start = await memberBalance(await getDb(), customer.id);
      // 500 points pay part of the order; what it earns waits out the return window.
      const order = await createOrder(rep, { customerId: customer.id, channel: "store", lines: [{ productId: product.id, quantity: 1 }], pointsUsed: 500 });
      await payOrder(rep, order.id);
      await refundOrder(agent, order.id, { amount: "10", reason: "Scratch", idempotencyKey: crypto.randomUUID() });
      // The last refund gives the 500 points back.
      await refundOrder(agent, order.id, { reason: "Returned", idempotencyKey: crypto.randomUUID() });
      const payloads = await paidOrRefunded(endpoint, order.id);
      expect(payloads.map((payload) => [payload.type, payload.data.balance])).toEqual([
        ["order.paid", start! - 500],
        ["order.refunded", start! - 500],
        ["order.refunded", start!],
      ]);
      expect(payloads[0]!.data).toMatchObject({ pointsEarned: 0, pointsPending: expect.any(Number) });
      expect(payloads[0]!.data.pointsPending).toBeGreaterThan(0);
    } finally {
      await updateSetting(seedActor, "membership", settings);
    }
  });

  it("are the balance of a frozen member who earns nothing, and null only for a customer who is not a member", async () => {
    const admin = await makeActor("admin");
    const endpoint = await createWebhookEndpoint(admin, { url: "https://hooks.example.com/orders", events: ["order.paid"] });
    const rep = await makeActor("sales_rep");
    const product = await makeProduct({ price: "100" });
    const { customer: frozen } = await makeMember();
    await setMembershipStatus(await makeActor("manager"), frozen.id, { status: "frozen", reason: "Card lost" });
    const held = await memberBalance(await getDb(), frozen.id);
    expect(held).toEqual(expect.any(Number));
    const frozenOrder = await createOrder(rep, { customerId: frozen.id, channel: "store", lines: [{ productId: product.id, quantity: 1 }] });
    await payOrder(rep, frozenOrder.id);
    expect((await paidOrRefunded(endpoint, frozenOrder.id)).map((payload) => payload.data)).toEqual([expect.objectContaining({ pointsEarned: 0, pointsPending: 0, balance: held })]);

    const guest = await makeCustomer(seedActor);
    expect(await memberBalance(await getDb(), guest.id)).toBeNull();
    const guestOrder = await createOrder(rep, { customerId: guest.id, channel: "store", lines: [{ productId: product.id, quantity: 1 }] });
    await payOrder(rep, guestOrder.id);
    expect((await paidOrRefunded(endpoint, guestOrder.id)).map((payload) => payload.data)).toEqual([expect.objectContaining({ pointsEarned: 0, balance: null })]);
  });
});

describe("customer events from every write", () => {
  it("announce merges, erasure, a member's own edits and further e-mails and phones", async () => {
    const admin = await makeActor("admin");
    const endpoint = await createWebhookEndpoint(admin, { url: "https://hooks.example.com/customers", events: ["customer.updated"] });
    const keep = await makeCustomer(admin, { name: "Kept Kim", email: "kim.kept@example.com" });
    const gone = await makeCustomer(admin, { name: "Gone Kim", phone: "13800001111", tags: "vip" });
    await mergeCustomers(admin, { keepId: keep.id, mergeId: gone.id });
    const channel = await addChannel(admin, keep.id, { kind: "email", value: "kim.work@example.com" });
    await makeChannelPrimary(admin, channel.id);
    await removeChannel(admin, channel.id);
    await eraseCustomer(admin, keep.id, { confirmName: "Kept Kim" });
    const { actor: member, membership } = await makeMemberAccount();
    await updateOwnProfile(member, { name: "Renamed Member" });

    const payloads = (await deliveriesOf(endpoint)).map((delivery) => delivery.payload as { type: string; data: Record<string, unknown> });
    expect(payloads.every((payload) => payload.type === "customer.updated")).toBe(true);
    const of = (customerId: string) => payloads.filter((payload) => payload.data.customerId === customerId).map((payload) => payload.data);
    expect(of(keep.id)).toEqual([
      expect.objectContaining({ tags: ["vip"], deleted: false, changed: expect.arrayContaining(["phone", "tags"]) }),
      expect.objectContaining({ changed: ["otherEmail"] }),
      expect.objectContaining({ changed: ["email"] }),
      expect.objectContaining({ changed: ["otherEmail"] }),
      expect.objectContaining({ tags: [], deleted: true, changed: expect.arrayContaining(["name", "email", "erasedAt", "deletedAt"]) }),
    ]);
    expect(of(gone.id)).toEqual([expect.objectContaining({ deleted: true, changed: expect.arrayContaining(["mergedIntoId", "deletedAt"]) })]);
    expect(of(membership.customerId)).toEqual([expect.objectContaining({ deleted: false, changed: ["name"] })]);
    const sent = JSON.stringify(payloads);
    for (const personal of ["Kept Kim", "kim.kept@example.com", "kim.work@example.com", "13800001111", "Renamed Member"]) expect(sent).not.toContain(personal);
  });
});

describe("managing endpoints", () => {
  it("creates, changes, rotates and deletes endpoints, audited without the secret", async () => {
    const admin = await makeActor("admin");
    const endpoint = await createWebhookEndpoint(admin, { url: " https://hooks.example.com/crm ", description: "Warehouse", events: "order.paid, customer.created,order.paid" });
    expect(endpoint).toMatchObject({ url: "https://hooks.example.com/crm", description: "Warehouse", events: ["customer.created", "order.paid"], active: true });
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const updated = await updateWebhookEndpoint(admin, endpoint.id, { url: "https://hooks.example.com/v2", description: "", events: ["ticket.created"] });
    expect(updated).toMatchObject({ url: "https://hooks.example.com/v2", description: null, events: ["ticket.created"], secret: endpoint.secret });
    const rotated = await rotateWebhookSecret(admin, endpoint.id);
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(endpoint.secret);
    expect(await setWebhookEndpointActive(admin, endpoint.id, { active: "false" })).toMatchObject({ active: false });
    await deleteWebhookEndpoint(admin, endpoint.id);
    await expectAppError(rotateWebhookSecret(admin, endpoint.id), "NOT_FOUND");

    const db = await getDb();
    const audits = await db.select().from(auditLog).where(eq(auditLog.entityId, endpoint.id)).orderBy(asc(auditLog.id));
    expect(audits.map((row) => row.action)).toEqual([
      "webhook_endpoint.create",
      "webhook_endpoint.update",
      "webhook_endpoint.rotate_secret",
      "webhook_endpoint.disable",
      "webhook_endpoint.delete",
    ]);
    const logged = JSON.stringify(audits);
    expect(logged).not.toContain(endpoint.secret);
    expect(logged).not.toContain(rotated.secret);
  });

  it("refuses everyone but admins", async () => {
    const admin = await makeActor("admin");
    const endpoint = await createWebhookEndpoint(admin, { url: "https://hooks.example.com/x", events: ["order.paid"] });
    for (const role of ["manager", "sales_rep", "support_agent", "member"] as const) {
      const actor = await makeActor(role);
      await expectAppError(createWebhookEndpoint(actor, { url: "https://hooks.example.com/y", events: ["order.paid"] }), "FORBIDDEN");
      await expectAppError(updateWebhookEndpoint(actor, endpoint.id, { url: "https://evil.example.com", events: ["order.paid"] }), "FORBIDDEN");
      await expectAppError(rotateWebhookSecret(actor, endpoint.id), "FORBIDDEN");
      await expectAppError(setWebhookEndpointActive(actor, endpoint.id, { active: false }), "FORBIDDEN");
      await expectAppError(deleteWebhookEndpoint(actor, endpoint.id), "FORBIDDEN");
      await expectAppError(listWebhookEndpoints(actor), "FORBIDDEN");
      await expectAppError(listWebhookDeliveries(actor, endpoint.id), "FORBIDDEN");
      await expectAppError(redeliverWebhook(actor, crypto.randomUUID()), "FORBIDDEN");
    }
    expect((await listWebhookEndpoints(admin)).map((row) => row.url)).toEqual(["https://hooks.example.com/x"]);
  });

  it("refuses bad URLs and unknown events field by field, and stores nothing", async () => {
    const admin = await makeActor("admin");
    const refused = async (input: unknown) => (await expectAppError(createWebhookEndpoint(admin, input), "VALIDATION")).fieldErrors;
    expect(await refused({ url: "http://hooks.example.com/x", events: ["customer.created", "order.shipped"] })).toEqual({
      url: ["webhooks.validation.https"],
      events: ["webhooks.validation.event"],
    });
    expect(await refused({ url: "not a url", events: [] })).toEqual({ url: ["webhooks.validation.url"], events: ["webhooks.validation.events"] });
    expect(await refused({ url: "ftp://files.example.com", events: "customer.created" })).toEqual({ url: ["webhooks.validation.url"] });
    expect(await refused({ url: "https://user:pw@hooks.example.com", events: ["order.paid"] })).toEqual({ url: ["webhooks.validation.credentials"] });
    expect(await refused({ url: "", description: "x".repeat(201), events: ["order.paid"], secret: "mine" })).toEqual({
      url: ["validation.required"],
      description: ["validation.tooLong"],
      secret: ["validation.unknownField"],
    });
    await expectAppError(setWebhookEndpointActive(admin, crypto.randomUUID(), { active: "maybe" }), "VALIDATION");
    await expectAppError(updateWebhookEndpoint(admin, "not-an-id", { url: "https://hooks.example.com", events: ["order.paid"] }), "NOT_FOUND");
    expect(await listWebhookEndpoints(admin)).toEqual([]);
  });

  it("allows plain http for this machine only, and never in production", () => {
    expect(webhookUrlProblem("http://localhost:3000/hooks", false, false)).toBeNull();
    expect(webhookUrlProblem("http://127.0.0.1:8080/hooks", false, false)).toBeNull();
    expect(webhookUrlProblem("http://[::1]:8080/hooks", false, false)).toBeNull();
    expect(webhookUrlProblem("http://10.0.0.5/hooks", false, false)).toBe("webhooks.validation.https");
    expect(webhookUrlProblem("http://localhost:3000/hooks", true, false)).toBe("webhooks.validation.https");
    expect(webhookUrlProblem("https://localhost/hooks", true, false)).toBe("webhooks.validation.privateHost");
    expect(webhookUrlProblem("https://192.168.1.20/hooks", true, false)).toBe("webhooks.validation.privateHost");
    expect(webhookUrlProblem("https://hooks.example.com/crm?team=1", true, false)).toBeNull();
  });

  it("refuses private, loopback and link-local addresses in production, in every spelling", () => {
    for (const url of [
      "https://169.254.169.254/latest/meta-data/",
      "https://10.1.2.3/hooks",
      "https://172.20.0.1/hooks",
      "https://100.64.0.1/hooks",
      "https://0.0.0.0/hooks",
      "https://0x7f.1/hooks",
      "https://2130706433/hooks",
      "https://[::]/hooks",
      "https://[::ffff:169.254.169.254]/hooks",
      "https://[fd00::1]/hooks",
      "https://[fe80::1]/hooks",
      "https://app.localhost/hooks",
      "https://localhost./hooks",
    ]) {
      expect([url, webhookUrlProblem(url, true, false)]).toEqual([url, "webhooks.validation.privateHost"]);
    }
    expect(webhookUrlProblem("https://[::1]/hooks", true, false)).toBe("webhooks.validation.privateHost");
    expect(webhookUrlProblem("https://8.8.8.8/hooks", true, false)).toBeNull();
    expect(webhookUrlProblem("https://[2606:4700::1111]/hooks", true, false)).toBeNull();
    // Outside production private networks are fine over https (a staging receiver).
    expect(webhookUrlProblem("https://10.1.2.3/hooks", false, false)).toBeNull();
  });

  it("lets WEBHOOKS_ALLOW_LOCAL open this machine only, never private networks", () => {
    for (const url of ["http://localhost:3000/hooks", "http://127.0.0.1:8080/hooks", "http://[::1]:8080/hooks", "https://localhost/hooks"]) {
      expect([url, webhookUrlProblem(url, true, true)]).toEqual([url, null]);
    }
    expect(webhookUrlProblem("https://169.254.169.254/latest/meta-data/", true, true)).toBe("webhooks.validation.privateHost");
    expect(webhookUrlProblem("https://10.0.0.5/hooks", true, true)).toBe("webhooks.validation.privateHost");
    expect(webhookUrlProblem("https://127.0.0.2/hooks", true, true)).toBe("webhooks.validation.privateHost");
    expect(webhookUrlProblem("https://app.localhost/hooks", true, true)).toBe("webhooks.validation.privateHost");
    expect(webhookUrlProblem("http://10.0.0.5/hooks", true, true)).toBe("webhooks.validation.https");
    expect(webhookUrlProblem("http://hooks.example.com/x", true, true)).toBe("webhooks.validation.https");
  });

  it("classifies addresses as private or public", () => {
    for (const address of ["127.0.0.1", "10.0.0.1", "172.31.255.255", "192.168.0.1", "169.254.169.254", "100.127.0.1", "0.0.0.0", "224.0.0.1", "::1", "::", "fc00::1", "fe80::abcd", "::ffff:10.0.0.1", "::ffff:7f00:1"]) {
      expect([address, isPrivateAddress(address)]).toEqual([address, true]);
    }
    for (const address of ["8.8.8.8", "172.32.0.1", "192.169.0.1", "2606:4700::1111", "::ffff:8.8.8.8", "hooks.example.com", ""]) {
      expect([address, isPrivateAddress(address)]).toEqual([address, false]);
    }
  });

  it("describes every event in both languages", () => {
    for (const type of webhookEventTypes) {
      expect((en.webhooks.events as Record<string, string>)[webhookEventKey(type)]).toBeTruthy();
      expect((zh.webhooks.events as Record<string, string>)[webhookEventKey(type)]).toBeTruthy();
    }
  });
});

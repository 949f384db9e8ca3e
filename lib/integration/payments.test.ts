import crypto from "node:crypto";
import { and, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, memberships, orderRefunds, orders, paymentEvents, pointsLedger } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { expectAppError } from "@/lib/expect-app-error";
import { makeActor, makeMember, makeProduct } from "@/lib/factories";
import { createOrder } from "@/lib/sales/orders";
import { getPaymentWebhookSecret, receivePaymentWebhook, rotatePaymentWebhookSecret } from "./payments";
import { signatureHeader } from "./signing";

let admin: Actor;
let secret: string;

type Event = { id: string; type: string; createdAt: string; data: Record<string, unknown> };

const eventId = () => `evt_${crypto.randomBytes(12).toString("hex")}`;

function paymentEvent(type: "payment.succeeded" | "payment.refunded", data: { orderId: string; amount: number; currency?: string; reason?: string }): Event {
  return { id: eventId(), type, createdAt: new Date().toISOString(), data: { currency: "CNY", ...data } };
}

/** Sends `event` as the provider would: signed with `key` at `signedAt`, received at `now`. */
function deliver(event: Event | string, options: { key?: string; signedAt?: Date; now?: Date; signature?: string | null } = {}) {
  const body = typeof event === "string" ? event : JSON.stringify(event);
  const now = options.now ?? new Date();
  const signature = options.signature !== undefined ? options.signature : signatureHeader(options.key ?? secret, body, options.signedAt ?? now);
  return receivePaymentWebhook({ body, signature }, now);
}

/** A member's unpaid ¥100 order. */
async function unpaidOrder() {
  const { customer, membership } = await makeMember();
  const product = await makeProduct({ price: "100" });
  const order = await createOrder(await makeActor("sales_rep"), { customerId: customer.id, channel: "online", lines: [{ productId: product.id, quantity: 1 }] });
  return { order, membership };
}

async function orderRow(id: string) {
  const [row] = await (await getDb()).select().from(orders).where(eq(orders.id, id));
  return row!;
}

async function ledgerOf(orderId: string) {
  return (await getDb()).select().from(pointsLedger).where(eq(pointsLedger.orderId, orderId));
}

async function balanceOf(membershipId: string) {
  const [row] = await (await getDb()).select({ balance: memberships.balance }).from(memberships).where(eq(memberships.id, membershipId));
  return row!.balance;
}

async function recorded(id: string) {
  const [row] = await (await getDb()).select().from(paymentEvents).where(eq(paymentEvents.eventId, id));
  return row;
}

async function eventCount() {
  const [row] = await (await getDb()).select({ n: count() }).from(paymentEvents);
  return row!.n;
}

beforeAll(async () => {
  admin = await makeActor("admin");
});

describe("the payment provider's signing secret", () => {
  it("answers 503 while none is configured, and changes nothing", async () => {
    const { order } = await unpaidOrder();
    const response = await receivePaymentWebhook({ body: JSON.stringify(paymentEvent("payment.succeeded", { orderId: order.id, amount: order.total })), signature: "t=1,v1=00" });
    expect(response).toMatchObject({ status: 503, body: { error: { code: "not_configured", message: expect.any(String) } } });
    expect((await orderRow(order.id)).status).toBe("pending");
    expect(await eventCount()).toBe(0);
  });

  it("is generated and rotated by admins only, and audited masked", async () => {
    await expectAppError(rotatePaymentWebhookSecret(await makeActor("manager")), "FORBIDDEN");
    await expectAppError(getPaymentWebhookSecret(await makeActor("support_agent")), "FORBIDDEN");
    const first = await rotatePaymentWebhookSecret(admin);
    secret = await rotatePaymentWebhookSecret(admin);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(secret).not.toBe(first);
    expect(await getPaymentWebhookSecret(admin)).toBe(secret);
    const audits = await (await getDb()).select().from(auditLog).where(and(eq(auditLog.entityType, "setting"), eq(auditLog.entityId, "payments")));
    expect(audits).toHaveLength(2);
    expect(JSON.stringify(audits)).not.toContain(first);
    expect(JSON.stringify(audits)).not.toContain(secret);

    // Events signed with the old secret are refused from now on.
    const { order } = await unpaidOrder();
    expect((await deliver(paymentEvent("payment.succeeded", { orderId: order.id, amount: order.total }), { key: first })).status).toBe(401);
  });
});

describe("receiving payment events", () => {
  it("refuses a missing, wrong or tampered signature with 401, and records nothing", async () => {
    const { order } = await unpaidOrder();
    const event = paymentEvent("payment.succeeded", { orderId: order.id, amount: order.total });
    const before = await eventCount();
    for (const response of [
      await deliver(event, { signature: null }),
      await deliver(event, { signature: "v1=abc" }),
      await deliver(event, { key: "whsec_someone-else-entirely-0123456789abcdef" }),
      await receivePaymentWebhook({ body: JSON.stringify({ ...event, data: { ...event.data, amount: 1 } }), signature: signatureHeader(secret, JSON.stringify(event)) }),
    ]) {
      expect(response).toEqual({ status: 401, body: { error: { code: "invalid_signature", message: expect.any(String) } } });
    }
    expect(await eventCount()).toBe(before);
    expect((await orderRow(order.id)).status).toBe("pending");
  });

  it("refuses a timestamp more than five minutes off", async () => {
    const { order } = await unpaidOrder();
    const event = paymentEvent("payment.succeeded", { orderId: order.id, amount: order.total });
    const now = new Date();
    const old = await deliver(event, { signedAt: new Date(now.getTime() - 6 * 60_000), now });
    expect(old).toMatchObject({ status: 401, body: { error: { code: "timestamp_out_of_tolerance" } } });
    const future = await deliver(event, { signedAt: new Date(now.getTime() + 6 * 60_000), now });
    expect(future.status).toBe(401);
    expect(await recorded(event.id)).toBeUndefined();
    // Four minutes late is still in time.
    expect((await deliver(event, { signedAt: new Date(now.getTime() - 4 * 60_000), now })).status).toBe(200);
  });

  it("pays the order once, earning its points, however often the event is sent", async () => {
    const { order, membership } = await unpaidOrder();
    const balance = await balanceOf(membership.id);
    const event = paymentEvent("payment.succeeded", { orderId: order.id, amount: order.total });
    const first = await deliver(event);
    expect(first).toEqual({ status: 200, body: { received: true, outcome: "paid", orderId: order.id } });
    expect(await orderRow(order.id)).toMatchObject({ status: "paid" });
    const earned = await ledgerOf(order.id);
    expect(earned).toHaveLength(1);
    expect(earned[0]).toMatchObject({ kind: "earn", delta: 100, actorLabel: "Payment provider" });
    expect(await balanceOf(membership.id)).toBe(balance + 100);
    expect(await recorded(event.id)).toMatchObject({ type: "payment.succeeded", orderId: order.id, outcome: "paid" });

    const replay = await deliver(event);
    expect(replay).toEqual({ status: 200, body: { received: true, duplicate: true, outcome: "paid" } });
    expect(await ledgerOf(order.id)).toHaveLength(1);
    expect(await balanceOf(membership.id)).toBe(balance + 100);
  });

  it("lets two concurrent deliveries of one event pay once and earn once", async () => {
    const { order, membership } = await unpaidOrder();
    const balance = await balanceOf(membership.id);
    const event = paymentEvent("payment.succeeded", { orderId: order.id, amount: order.total });
    const responses = await Promise.all([deliver(event), deliver(event)]);
    expect(responses.map((response) => response.status)).toEqual([200, 200]);
    expect(responses.filter((response) => (response.body as { duplicate?: boolean }).duplicate)).toHaveLength(1);
    expect(await ledgerOf(order.id)).toHaveLength(1);
    expect(await balanceOf(membership.id)).toBe(balance + 100);
    const pays = await (await getDb()).select().from(auditLog).where(and(eq(auditLog.action, "order.pay"), eq(auditLog.entityId, order.id)));
    expect(pays).toHaveLength(1);
  });

  it("refunds the amount and reverses the points, once per event", async () => {
    const { order, membership } = await unpaidOrder();
    const balance = await balanceOf(membership.id);
    await deliver(paymentEvent("payment.succeeded", { orderId: order.id, amount: order.total }));
    expect(await balanceOf(membership.id)).toBe(balance + 100);

    const partial = paymentEvent("payment.refunded", { orderId: order.id, amount: 4_000, reason: "Returned one item" });
    expect(await deliver(partial)).toEqual({ status: 200, body: { received: true, outcome: "refunded", orderId: order.id } });
    expect(await orderRow(order.id)).toMatchObject({ status: "paid", refunded: 4_000 });
    expect(await balanceOf(membership.id)).toBe(balance + 60);
    expect((await deliver(partial)).body).toMatchObject({ duplicate: true, outcome: "refunded" });

    const rest = paymentEvent("payment.refunded", { orderId: order.id, amount: 6_000 });
    expect((await deliver(rest)).status).toBe(200);
    expect(await orderRow(order.id)).toMatchObject({ status: "refunded", refunded: 10_000 });
    expect(await balanceOf(membership.id)).toBe(balance);
    const refunds = await (await getDb()).select().from(orderRefunds).where(eq(orderRefunds.orderId, order.id));
    expect(refunds.map((refund) => [refund.amount, refund.requestKey, refund.reason])).toEqual([
      [4_000, partial.id, "Returned one item"],
      [6_000, rest.id, "Refunded by the payment provider"],
    ]);
    expect((await ledgerOf(order.id)).map((entry) => entry.kind)).toEqual(["earn", "reverse", "reverse"]);

    // Nothing left to refund.
    const more = await deliver(paymentEvent("payment.refunded", { orderId: order.id, amount: 100 }));
    expect(more).toMatchObject({ status: 409, body: { error: { code: "order_cannot_refund" } } });
  });

  it("records and refuses events the order cannot take, with a clear 4xx", async () => {
    const { order } = await unpaidOrder();
    const short = paymentEvent("payment.succeeded", { orderId: order.id, amount: order.total - 1 });
    expect(await deliver(short)).toEqual({ status: 422, body: { error: { code: "amount_mismatch", message: expect.stringContaining("amount") } } });
    expect(await recorded(short.id)).toMatchObject({ outcome: "amount_mismatch", orderId: order.id });
    expect((await orderRow(order.id)).status).toBe("pending");
    // A replay answers 200 with the first outcome, so that the provider stops sending it.
    expect(await deliver(short)).toEqual({ status: 200, body: { received: true, duplicate: true, outcome: "amount_mismatch" } });

    const dollars = paymentEvent("payment.succeeded", { orderId: order.id, amount: order.total, currency: "USD" });
    expect(await deliver(dollars)).toMatchObject({ status: 422, body: { error: { code: "currency_mismatch" } } });

    const early = paymentEvent("payment.refunded", { orderId: order.id, amount: 100 });
    expect(await deliver(early)).toMatchObject({ status: 409, body: { error: { code: "order_cannot_refund" } } });

    const unknown = paymentEvent("payment.succeeded", { orderId: crypto.randomUUID(), amount: 100 });
    expect(await deliver(unknown)).toMatchObject({ status: 404, body: { error: { code: "order_not_found" } } });
    expect(await recorded(unknown.id)).toMatchObject({ outcome: "order_not_found", orderId: null });

    expect((await deliver(paymentEvent("payment.succeeded", { orderId: order.id, amount: order.total }))).status).toBe(200);
    const twice = paymentEvent("payment.succeeded", { orderId: order.id, amount: order.total });
    expect(await deliver(twice)).toMatchObject({ status: 409, body: { error: { code: "order_cannot_pay" } } });
    expect(await ledgerOf(order.id)).toHaveLength(1);

    const tooMuch = paymentEvent("payment.refunded", { orderId: order.id, amount: order.total + 1 });
    expect(await deliver(tooMuch)).toMatchObject({ status: 422, body: { error: { code: "refund_too_large" } } });
    expect((await orderRow(order.id)).refunded).toBe(0);

    // Bad input that only the refund itself finds is answered 422 and not recorded: corrected, the same event still works.
    const corrupt = paymentEvent("payment.refunded", { orderId: order.id, amount: 100, reason: "damaged\u0000" });
    expect(await deliver(corrupt)).toMatchObject({ status: 422, body: { error: { code: "validation", fields: { "data.reason": [expect.any(String)] } } } });
    expect(await recorded(corrupt.id)).toBeUndefined();
    expect((await orderRow(order.id)).refunded).toBe(0);
  });

  it("answers 400 to a body that is not JSON and 422 to one that is not an event, recording nothing", async () => {
    const before = await eventCount();
    expect(await deliver("{ not json")).toEqual({ status: 400, body: { error: { code: "malformed_json", message: expect.any(String) } } });
    const bad = await deliver({ id: "123", type: "payment.pending", createdAt: "yesterday", data: { orderId: "x", amount: 10.5, currency: "cny" }, extra: true } as unknown as Event);
    expect(bad.status).toBe(422);
    expect((bad.body as { error: { code: string; fields: Record<string, string[]> } }).error).toMatchObject({
      code: "validation",
      fields: {
        id: [expect.any(String)],
        type: [expect.any(String)],
        createdAt: [expect.any(String)],
        "data.orderId": [expect.any(String)],
        "data.amount": [expect.any(String)],
        "data.currency": [expect.any(String)],
        extra: [expect.any(String)],
      },
    });
    expect(await eventCount()).toBe(before);
  });
});

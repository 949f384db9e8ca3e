import crypto from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, coupons, mailOutbox, memberships, orders, pointsLedger, ticketMessages, tickets } from "@/db/schema";
import { connectionLossHarness, lockMembership } from "@/db/testing/connection-loss";
import { makeActor, makeCustomer, makeMember, makeProduct, seedActor } from "@/lib/factories";
import { countWebhookOutbox } from "@/lib/integration/testing";
import { createWebhookEndpoint } from "@/lib/integration/webhooks";
import { adjustPoints } from "@/lib/membership/commands";
import { createCouponTemplate, issueCoupon } from "@/lib/membership/coupons";
import { verifyLedger } from "@/lib/membership/verify";
import { createOrder, payOrder } from "@/lib/sales/orders";
import { createTicket, replyToTicket } from "@/lib/service/tickets";

/*
 * The database connection lost in the middle of a write: the write fails, nothing of it remains,
 * and the same call then succeeds on the pool's other connections. How the loss is made, and what
 * the driver does wrong meanwhile, is told in db/testing/connection-loss.ts. These writes span
 * sales, membership and service, so the file sits at the top of lib/; what the API answers is in
 * app/api/v1/connection-loss.test.ts.
 */

// Ending a backend needs a PostgreSQL server: CI runs this file again with DATABASE_URL set.
describe.runIf(process.env.DATABASE_URL)("a database connection lost mid-transaction", () => {
  const { fingerprint, loseConnectionDuring } = connectionLossHarness();

  /** A member with 1,000 points and a ¥10 coupon, an endpoint listening for payments and points, and a pending ¥100 order using both. */
  async function pendingOrderWithCouponAndPoints() {
    const admin = await makeActor("admin");
    await createWebhookEndpoint(admin, { url: "https://hooks.example.com/orders", events: ["order.paid", "points.redeemed", "points.earned"] });
    const { customer, membership } = await makeMember();
    await adjustPoints(seedActor, customer.id, { delta: 1_000, reason: "Gift", idempotencyKey: crypto.randomUUID() });
    const template = await createCouponTemplate(seedActor, { name: `¥10 off ${crypto.randomUUID().slice(0, 6)}`, kind: "fixed", amountOff: "10", validDays: "30" });
    const coupon = await issueCoupon(seedActor, customer.id, { templateId: template.id, idempotencyKey: crypto.randomUUID() });
    const product = await makeProduct({ price: "100" });
    const rep = await makeActor("sales_rep");
    const order = await createOrder(rep, { customerId: customer.id, channel: "store", lines: [{ productId: product.id, quantity: 1 }], couponCode: coupon.code, pointsUsed: 500 });
    return { rep, customer, membership, coupon, order };
  }

  async function stateOf(orderId: string, couponId: string, membershipId: string) {
    const db = await getDb();
    const [order] = await db.select({ status: orders.status }).from(orders).where(eq(orders.id, orderId));
    const [coupon] = await db.select({ status: coupons.status, orderId: coupons.orderId }).from(coupons).where(eq(coupons.id, couponId));
    const [member] = await db.select({ balance: memberships.balance }).from(memberships).where(eq(memberships.id, membershipId));
    const entries = await db.select({ kind: pointsLedger.kind, delta: pointsLedger.delta }).from(pointsLedger).where(eq(pointsLedger.orderId, orderId));
    const audits = await db.select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.entityType, "order"), eq(auditLog.entityId, orderId)));
    const couponAudits = await db.select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.entityType, "coupon"), eq(auditLog.entityId, couponId)));
    return { order: order!.status, coupon: coupon!, balance: member!.balance, entries, audits: audits.map((row) => row.action), couponAudits: couponAudits.map((row) => row.action) };
  }

  it("leaves a payment with a coupon and points wholly undone, and the same payment then goes through", async () => {
    const { rep, membership, coupon, order } = await pendingOrderWithCouponAndPoints();
    const before = await stateOf(order.id, coupon.id, membership.id);
    expect(before).toMatchObject({ order: "pending", coupon: { status: "available", orderId: null }, balance: 1_200, entries: [], audits: ["order.create"] });
    const outbox = await countWebhookOutbox();
    const tables = await fingerprint();

    // The coupon is used and audited first; spending the points waits on the member's row.
    const lost = await loseConnectionDuring(lockMembership(membership.id), ["coupons", "audit_log", "events"], () => payOrder(rep, order.id));
    expect(lost.status).toBe("rejected");

    expect(await stateOf(order.id, coupon.id, membership.id)).toEqual(before);
    expect(await countWebhookOutbox()).toEqual(outbox);
    expect(await fingerprint()).toEqual(tables);
    expect((await verifyLedger(await getDb())).problems).toEqual([]);

    // The pool opens a fresh connection: the same call now succeeds, once.
    const { order: paid } = await payOrder(rep, order.id);
    expect(paid.status).toBe("paid");
    const after = await stateOf(order.id, coupon.id, membership.id);
    // ¥100 − ¥10 coupon − ¥5 in points = ¥85 paid, 85 points earned.
    expect(after).toMatchObject({ order: "paid", coupon: { status: "redeemed", orderId: order.id }, balance: 1_200 - 500 + 85, audits: ["order.create", "order.pay"], couponAudits: ["coupon.issue", "coupon.redeem"] });
    expect(after.entries.map((entry) => [entry.kind, entry.delta]).sort()).toEqual([
      ["earn", 85],
      ["redeem", -500],
    ]);
    // order.paid, points.redeemed and points.earned, one delivery and one job each.
    expect(await countWebhookOutbox()).toEqual({ deliveries: outbox.deliveries + 3, jobs: outbox.jobs + 3 });
    expect((await verifyLedger(await getDb())).problems).toEqual([]);
  });

  it("leaves a ticket reply wholly undone: no message, no status change, no mail, no audit", async () => {
    const agent = await makeActor("support_agent");
    const customer = await makeCustomer(seedActor, { email: `reply.${crypto.randomUUID().slice(0, 8)}@example.com` });
    const ticket = await createTicket(agent, { customerId: customer.id, subject: "Where is my parcel?", description: "Ordered last week.", channel: "email" });
    const db = await getDb();
    const messagesOf = () => db.select({ body: ticketMessages.body }).from(ticketMessages).where(eq(ticketMessages.ticketId, ticket.id));
    const mailsTo = () => db.select({ template: mailOutbox.template }).from(mailOutbox).where(eq(mailOutbox.toAddress, customer.email!));
    const messages = await messagesOf();
    const mails = await mailsTo();
    const tables = await fingerprint();

    // The message is written first; stopping the first-response clock waits on the clocks' rows.
    const lost = await loseConnectionDuring((sql) => sql`select 1 from ticket_sla_clocks where ticket_id = ${ticket.id} for update`, ["ticket_messages"], () =>
      replyToTicket(agent, ticket.id, { body: "It ships tomorrow." }),
    );
    expect(lost.status).toBe("rejected");
    expect(await messagesOf()).toEqual(messages);
    expect(await mailsTo()).toEqual(mails);
    expect((await db.select({ status: tickets.status }).from(tickets).where(eq(tickets.id, ticket.id)))[0]!.status).toBe(ticket.status);
    expect(await fingerprint()).toEqual(tables);

    await replyToTicket(agent, ticket.id, { body: "It ships tomorrow." });
    expect((await messagesOf()).map((message) => message.body)).toEqual([...messages.map((message) => message.body), "It ships tomorrow."]);
    expect((await mailsTo()).map((mail) => mail.template)).toEqual([...mails.map((mail) => mail.template), "ticketReply"]);
    const audits = await db.select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.entityType, "ticket"), eq(auditLog.entityId, ticket.id)));
    expect(audits.filter((row) => row.action === "ticket.reply")).toHaveLength(1);
  });
});

import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { coupons, memberships, orders, tiers } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { expectAppError } from "@/lib/expect-app-error";
import { actorOf, makeActor, makeCustomer, makeMember, makeProduct, makeUser, seedActor } from "@/lib/factories";
import { createTeam } from "./teams";
import { adjustPoints } from "@/lib/membership/commands";
import { createCouponTemplate, issueCoupon } from "@/lib/membership/coupons";
import { verifyLedger } from "@/lib/membership/verify";
import { updateSetting } from "@/lib/settings/commands";
import { cancelOrder, createOrder, fulfilOrder, getOrder, getOwnOrder, listCustomerOrders, listOrders, listOwnOrders, payOrder, refundOrder } from "./orders";

const key = () => crypto.randomUUID();

async function balanceOf(customerId: string) {
  const db = await getDb();
  const [row] = await db.select({ balance: memberships.balance, tierId: memberships.tierId }).from(memberships).where(eq(memberships.customerId, customerId));
  const [tier] = await db.select({ name: tiers.name }).from(tiers).where(eq(tiers.id, row!.tierId));
  return { balance: row!.balance, tier: tier!.name };
}

async function memberActor(customerId: string): Promise<Actor> {
  const user = await makeUser("member");
  return { kind: "user", userId: user.id, role: "member", name: user.name, ip: null, customerId };
}

describe("order totals", () => {
  it("are computed on the server from the catalogue, line discounts, the coupon and the points", async () => {
    const rep = await makeActor("sales_rep");
    const { customer } = await makeMember();
    await adjustPoints(seedActor, customer.id, { delta: 1_000, reason: "Welcome", idempotencyKey: key() });
    const template = await createCouponTemplate(seedActor, { name: `¥20 off ${key().slice(0, 6)}`, kind: "fixed", amountOff: "20", minSpend: "100", validDays: "30" });
    const coupon = await issueCoupon(seedActor, customer.id, { templateId: template.id, idempotencyKey: key() });
    const shirt = await makeProduct({ price: "89.90", category: "Apparel" });
    const mug = await makeProduct({ price: "25", category: "Home" });

    const order = await createOrder(rep, {
      customerId: customer.id,
      channel: "store",
      lines: [
        { productId: shirt.id, quantity: 2, discount: "10" },
        { productId: mug.id, quantity: "3" },
      ],
      couponCode: coupon.code.toLowerCase(),
      pointsUsed: 500,
    });
    // 2 × 89.90 − 10 = 169.80; 3 × 25 = 75; coupon 20; 500 points at 100 per yuan = 5.
    expect(order).toMatchObject({ status: "pending", subtotal: 24_480, couponDiscount: 2_000, pointsUsed: 500, pointsValue: 500, total: 21_980, currency: "CNY" });
    const detail = await getOrder(rep, order.id);
    expect(detail.lines.map((line) => [line.sku, line.quantity, line.unitPrice, line.discount, line.amount])).toEqual([
      [shirt.sku, 2, 8_990, 1_000, 16_980],
      [mug.sku, 3, 2_500, 0, 7_500],
    ]);
    expect(detail.label).toMatch(/^SO-\d{4}-\d{6}$/);
    expect(detail.actions).toEqual(["pay", "cancel"]);
  });

  it("refuses bad input field by field and stores nothing", async () => {
    const rep = await makeActor("sales_rep");
    const customer = await makeCustomer(seedActor);
    const product = await makeProduct({ price: "10" });
    const inactive = await makeProduct({ price: "10", active: false });
    const db = await getDb();
    const count = async () => (await db.select().from(orders).where(eq(orders.customerId, customer.id))).length;

    const empty = await expectAppError(createOrder(rep, { customerId: customer.id, channel: "fax", lines: [] }), "VALIDATION");
    expect(empty.fieldErrors).toMatchObject({ channel: expect.any(Array), lines: ["validation.linesNeeded"] });
    const discount = await expectAppError(createOrder(rep, { customerId: customer.id, channel: "store", lines: [{ productId: product.id, quantity: 1, discount: "11" }] }), "VALIDATION");
    expect(discount.fieldErrors).toEqual({ lines: ["validation.discountTooLarge"] });
    const gone = await expectAppError(createOrder(rep, { customerId: customer.id, channel: "store", lines: [{ productId: inactive.id, quantity: 1 }] }), "VALIDATION");
    expect(gone.fieldErrors).toEqual({ lines: ["validation.productUnavailable"] });
    const notMember = await expectAppError(createOrder(rep, { customerId: customer.id, channel: "store", lines: [{ productId: product.id, quantity: 1 }], pointsUsed: 100 }), "VALIDATION");
    expect(notMember.fieldErrors).toEqual({ pointsUsed: ["validation.pointsNotMember"] });
    const tooMany = await expectAppError(createOrder(rep, { customerId: customer.id, channel: "store", lines: [{ productId: product.id, quantity: 1 }], pointsUsed: 1_001 }), "VALIDATION");
    expect(tooMany.fieldErrors).toEqual({ pointsUsed: ["validation.pointsTooMany"] });
    const coupon = await expectAppError(createOrder(rep, { customerId: customer.id, channel: "store", lines: [{ productId: product.id, quantity: 1 }], couponCode: "NOPE-1234" }), "VALIDATION");
    expect(coupon.fieldErrors).toEqual({ couponCode: ["errors.couponUnknown"] });
    await expectAppError(createOrder(rep, { customerId: crypto.randomUUID(), channel: "store", lines: [{ productId: product.id, quantity: 1 }] }), "VALIDATION");
    await expectAppError(createOrder(rep, { customerId: customer.id, channel: "store", lines: [{ productId: product.id, quantity: 1 }], total: 1 }), "VALIDATION");
    expect(await count()).toBe(0);
  });

  it("takes points only in steps that make whole cents at the configured rate", async () => {
    await updateSetting(seedActor, "sales", { pointsPerCurrencyUnit: 300 });
    try {
      const { customer } = await makeMember();
      await adjustPoints(seedActor, customer.id, { delta: 900, reason: "Gift", idempotencyKey: key() });
      const product = await makeProduct({ price: "50" });
      const rep = await makeActor("sales_rep");
      const uneven = await expectAppError(createOrder(rep, { customerId: customer.id, channel: "online", lines: [{ productId: product.id, quantity: 1 }], pointsUsed: 100 }), "VALIDATION");
      expect(uneven.fieldErrors).toEqual({ pointsUsed: ["validation.pointsStep"] });
      const order = await createOrder(rep, { customerId: customer.id, channel: "online", lines: [{ productId: product.id, quantity: 1 }], pointsUsed: 300 });
      expect(order).toMatchObject({ pointsValue: 100, total: 4_900 });
    } finally {
      await updateSetting(seedActor, "sales", { pointsPerCurrencyUnit: 100 });
    }
  });

  it("are for sales staff: a support agent cannot place one", async () => {
    const customer = await makeCustomer(seedActor);
    const product = await makeProduct();
    await expectAppError(createOrder(await makeActor("support_agent"), { customerId: customer.id, channel: "store", lines: [{ productId: product.id, quantity: 1 }] }), "FORBIDDEN");
  });
});

describe("order status", () => {
  it("follows pending → paid → fulfilled and refuses every other move with a clear reason", async () => {
    const rep = await makeActor("sales_rep");
    const manager = await makeActor("manager");
    const customer = await makeCustomer(seedActor);
    const product = await makeProduct({ price: "100" });
    const place = () => createOrder(rep, { customerId: customer.id, channel: "sales", lines: [{ productId: product.id, quantity: 1 }] });

    const order = await place();
    await expect(expectAppError(fulfilOrder(rep, order.id), "INVALID_STATE")).resolves.toMatchObject({ message: "errors.orderCannot_fulfil" });
    await expect(expectAppError(refundOrder(manager, order.id, { reason: "x", idempotencyKey: key() }), "INVALID_STATE")).resolves.toMatchObject({ message: "errors.orderCannot_refund" });
    expect((await payOrder(rep, order.id)).order.status).toBe("paid");
    await expect(expectAppError(payOrder(rep, order.id), "INVALID_STATE")).resolves.toMatchObject({ message: "errors.orderCannot_pay" });
    await expect(expectAppError(cancelOrder(rep, order.id, { reason: "Changed mind" }), "INVALID_STATE")).resolves.toMatchObject({ message: "errors.orderCannot_cancel" });
    expect((await fulfilOrder(rep, order.id)).status).toBe("fulfilled");
    await expectAppError(fulfilOrder(rep, order.id), "INVALID_STATE");
    expect((await refundOrder(manager, order.id, { reason: "Broken", idempotencyKey: key() })).order.status).toBe("refunded");
    await expectAppError(refundOrder(manager, order.id, { reason: "Again", idempotencyKey: key() }), "INVALID_STATE");
    expect((await getOrder(rep, order.id)).actions).toEqual([]);

    const other = await place();
    await expectAppError(cancelOrder(rep, other.id, { reason: "" }), "VALIDATION");
    const cancelled = await cancelOrder(rep, other.id, { reason: "Customer changed their mind" });
    expect(cancelled.status).toBe("cancelled");
    await expectAppError(payOrder(rep, other.id), "INVALID_STATE");
    await expectAppError(payOrder(rep, crypto.randomUUID()), "NOT_FOUND");
    await expectAppError(payOrder(rep, "not-an-id"), "NOT_FOUND");
    await expectAppError(refundOrder(rep, other.id, { reason: "x", idempotencyKey: key() }), "FORBIDDEN");
  });
});

describe("orders and points", () => {
  it("earn points and move the tier when paid, in the same transaction", async () => {
    const rep = await makeActor("sales_rep");
    const { customer } = await makeMember();
    const product = await makeProduct({ price: "1000", category: "Electronics" });
    const order = await createOrder(rep, { customerId: customer.id, channel: "store", lines: [{ productId: product.id, quantity: 2 }] });
    const before = await balanceOf(customer.id);
    expect(before.tier).toBe("Bronze");

    const { points } = await payOrder(rep, order.id);
    expect(points).toMatchObject({ balance: before.balance + 2_000, tier: { name: "Silver" } });
    expect(await balanceOf(customer.id)).toEqual({ balance: before.balance + 2_000, tier: "Silver" });
    expect((await getOrder(rep, order.id)).points).toEqual([expect.objectContaining({ kind: "earn", delta: 2_000 })]);
  });

  it("use the coupon and the points at payment, or change nothing when the balance is short by then", async () => {
    const rep = await makeActor("sales_rep");
    const { customer } = await makeMember();
    await adjustPoints(seedActor, customer.id, { delta: 1_000, reason: "Gift", idempotencyKey: key() });
    const template = await createCouponTemplate(seedActor, { name: `¥10 off ${key().slice(0, 6)}`, kind: "fixed", amountOff: "10", validDays: "30" });
    const coupon = await issueCoupon(seedActor, customer.id, { templateId: template.id, idempotencyKey: key() });
    const product = await makeProduct({ price: "100" });
    const order = await createOrder(rep, { customerId: customer.id, channel: "store", lines: [{ productId: product.id, quantity: 1 }], couponCode: coupon.code, pointsUsed: 1_000 });
    expect(order.total).toBe(8_000);
    const start = await balanceOf(customer.id);

    // The member spends points elsewhere before paying.
    await adjustPoints(seedActor, customer.id, { delta: -500, reason: "Correction", idempotencyKey: key() });
    await expectAppError(payOrder(rep, order.id), "CONFLICT");
    const db = await getDb();
    expect((await db.select().from(orders).where(eq(orders.id, order.id)))[0]!.status).toBe("pending");
    expect((await db.select().from(coupons).where(eq(coupons.id, coupon.id)))[0]!.status).toBe("available");

    await adjustPoints(seedActor, customer.id, { delta: 500, reason: "Back", idempotencyKey: key() });
    const { points } = await payOrder(rep, order.id);
    // −1,000 points paid with, +80 earned on the ¥80 paid in money.
    expect(points).toMatchObject({ balance: start.balance - 1_000 + 80 });
    expect((await db.select().from(coupons).where(eq(coupons.id, coupon.id)))[0]).toMatchObject({ status: "redeemed", orderId: order.id, discount: 1_000 });
    expect((await verifyLedger(db)).problems).toEqual([]);
  });

  it("are reversed by refunds: partial refunds add up to the whole, the last gives back the points paid with, a replay refunds once", async () => {
    const rep = await makeActor("sales_rep");
    const agent = await makeActor("support_agent");
    const { customer } = await makeMember();
    await adjustPoints(seedActor, customer.id, { delta: 300, reason: "Gift", idempotencyKey: key() });
    const product = await makeProduct({ price: "333.33" });
    const order = await createOrder(rep, { customerId: customer.id, channel: "online", lines: [{ productId: product.id, quantity: 3 }], pointsUsed: 300 });
    expect(order.total).toBe(99_699);
    const start = await balanceOf(customer.id);
    await payOrder(rep, order.id);
    expect((await balanceOf(customer.id)).balance).toBe(start.balance - 300 + 996);

    const first = key();
    const partial = await refundOrder(agent, order.id, { amount: "333.33", reason: "One returned", idempotencyKey: first });
    expect(partial.order).toMatchObject({ status: "paid", refunded: 33_333 });
    const replay = await refundOrder(agent, order.id, { amount: "333.33", reason: "One returned", idempotencyKey: first });
    expect(replay).toMatchObject({ replayed: true, refund: { id: partial.refund.id } });
    await expectAppError(refundOrder(agent, order.id, { amount: "10", reason: "Other", idempotencyKey: first }), "CONFLICT");
    const tooMuch = await expectAppError(refundOrder(agent, order.id, { amount: "700", reason: "All", idempotencyKey: key() }), "VALIDATION");
    expect(tooMuch.fieldErrors).toEqual({ amount: ["validation.refundTooLarge"] });

    const rest = await refundOrder(agent, order.id, { reason: "The rest", idempotencyKey: key() });
    expect(rest.order).toMatchObject({ status: "refunded", refunded: 99_699 });
    // Everything earned is taken back, and the 300 points paid with come back.
    expect((await balanceOf(customer.id)).balance).toBe(start.balance);
    const detail = await getOrder(rep, order.id);
    expect(detail.points.map((entry) => [entry.kind, entry.delta])).toEqual([
      ["redeem", -300],
      ["earn", 996],
      ["reverse", -332],
      ["reverse", -664],
      ["reverse", 300],
    ]);
    expect(detail.refunds.map((refund) => refund.amount)).toEqual([33_333, 66_366]);
    expect((await verifyLedger(await getDb())).problems).toEqual([]);
  });

  it("earn nothing for a customer who is not a member, and still take payment", async () => {
    const rep = await makeActor("sales_rep");
    const customer = await makeCustomer(seedActor);
    const product = await makeProduct({ price: "10" });
    const order = await createOrder(rep, { customerId: customer.id, channel: "store", lines: [{ productId: product.id, quantity: 1 }] });
    expect(await payOrder(rep, order.id)).toMatchObject({ order: { status: "paid" }, points: null });
  });
});

describe("reading orders", () => {
  it("lists and finds them by number or customer name, and a member sees only their own", async () => {
    const rep = await makeActor("sales_rep");
    const { customer } = await makeMember(seedActor, { name: `Zhao Lei ${key().slice(0, 6)}` });
    const { customer: other } = await makeMember();
    const product = await makeProduct({ price: "20" });
    const mine = await createOrder(rep, { customerId: customer.id, channel: "online", lines: [{ productId: product.id, quantity: 1 }] });
    const theirs = await createOrder(rep, { customerId: other.id, channel: "store", lines: [{ productId: product.id, quantity: 1 }] });
    const detail = await getOrder(rep, mine.id);

    expect((await listOrders(rep, { q: detail.label })).rows.map((row) => row.id)).toEqual([mine.id]);
    expect((await listOrders(rep, { q: customer.name })).rows.map((row) => row.id)).toEqual([mine.id]);
    expect((await listCustomerOrders(rep, other.id)).rows.map((row) => row.id)).toEqual([theirs.id]);
    expect((await listOrders(rep, { status: "bogus", page: "-1" })).page).toBe(1);

    // By the day it was paid (the reports' drill-down), in the organisation's time zone: paid at
    // 23:30 on 31 January in Shanghai, it was placed on 30 January and is no order of 1 February.
    const payer = await makeCustomer(seedActor, { name: `Late Payer ${key().slice(0, 6)}` });
    const late = await createOrder(rep, { customerId: payer.id, channel: "store", lines: [{ productId: product.id, quantity: 1 }] }, new Date("2031-01-30T04:00:00Z"));
    await payOrder(rep, late.id, new Date("2031-01-31T15:30:00Z"));
    const paidOn = (from: string, to: string) => listOrders(rep, { dates: "paid", from, to, q: payer.name }).then((result) => result.rows.map((row) => row.id));
    expect(await paidOn("2031-01-31", "2031-01-31")).toEqual([late.id]);
    expect(await paidOn("2031-02-01", "2031-02-28")).toEqual([]);
    expect((await listOrders(rep, { from: "2031-01-31", to: "2031-01-31", q: payer.name })).rows).toEqual([]);

    const member = await memberActor(customer.id);
    expect((await listOwnOrders(member)).rows.map((row) => row.id)).toEqual([mine.id]);
    expect((await getOwnOrder(member, mine.id)).label).toBe(detail.label);
    await expectAppError(getOwnOrder(member, theirs.id), "NOT_FOUND");
    await expectAppError(getOrder(member, mine.id), "FORBIDDEN");
  });
});

describe("orders of another team's customer", () => {
  it("are not found by a rep of another team, in the list or by id, and cannot be paid", async () => {
    const [owner, outsider] = [await makeUser("sales_rep"), await makeUser("sales_rep")];
    await createTeam(seedActor, { name: `Orders East ${key().slice(0, 6)}`, managerId: null, memberIds: [owner.id] });
    await createTeam(seedActor, { name: `Orders West ${key().slice(0, 6)}`, managerId: null, memberIds: [outsider.id] });
    const rep = actorOf(owner);
    const other = actorOf(outsider);
    const customer = await makeCustomer(rep);
    const product = await makeProduct({ price: "30" });
    const order = await createOrder(rep, { customerId: customer.id, channel: "store", lines: [{ productId: product.id, quantity: 1 }] });

    await expectAppError(getOrder(other, order.id), "NOT_FOUND");
    await expectAppError(payOrder(other, order.id), "NOT_FOUND");
    expect((await listOrders(other, { q: customer.name })).rows).toEqual([]);
    expect((await listOrders(rep, { q: customer.name })).rows.map((row) => row.id)).toEqual([order.id]);
    expect((await getOrder(await makeActor("support_agent"), order.id)).id).toBe(order.id);
  });
});

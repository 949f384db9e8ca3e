import crypto from "node:crypto";
import { addDays } from "date-fns";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, couponBatches, coupons, couponTemplates, memberships, pointsLedger, tiers } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { createSegment } from "@/lib/customers/segments";
import { expectAppError } from "@/lib/expect-app-error";
import { makeActor, makeMember, makeUser, seedActor } from "@/lib/factories";
import { adjustPoints, reverseRedemption } from "./commands";
import {
  couponDiscount,
  createCouponTemplate,
  exchangePointsForCoupon,
  expireCoupons,
  getMemberCoupon,
  issueCoupon,
  listCatalogue,
  listMemberCoupons,
  normaliseCouponCode,
  redeemCoupon,
  runCouponBatch,
  startCouponBatch,
  updateCouponTemplate,
  validateCoupon,
  voidCoupon,
} from "./coupons";
import { verifyLedger } from "./verify";

const key = () => crypto.randomUUID();

const template = (overrides: Record<string, unknown> = {}) => createCouponTemplate(seedActor, { name: `¥20 off ${key().slice(0, 6)}`, kind: "fixed", amountOff: "20", minSpend: "100", validDays: "30", ...overrides });

/** A member signed in to the portal, acting for their own customer record. */
async function memberActor(customerId: string): Promise<Actor> {
  const user = await makeUser("member");
  return { kind: "user", userId: user.id, role: "member", name: user.name, ip: null, customerId };
}

describe("coupon templates", () => {
  it("are validated field by field", async () => {
    const manager = await makeActor("manager");
    const error = await expectAppError(createCouponTemplate(manager, { name: "", kind: "fixed", amountOff: "-3" }), "VALIDATION");
    expect(Object.keys(error.fieldErrors ?? {})).toEqual(expect.arrayContaining(["name", "amountOff"]));
    const noValidity = await expectAppError(createCouponTemplate(manager, { name: "Open-ended", kind: "percent", percentOff: "10" }), "VALIDATION");
    expect(noValidity.fieldErrors).toEqual({ validDays: ["validation.couponValidity"] });
    await expectAppError(createCouponTemplate(manager, { name: "Too much", kind: "percent", percentOff: "120", validDays: 5 }), "VALIDATION");
    await expectAppError(createCouponTemplate(await makeActor("support_agent"), { name: "Agent", kind: "fixed", amountOff: "5", validDays: 5 }), "FORBIDDEN");
    const saved = await createCouponTemplate(manager, { name: "10% off", kind: "percent", percentOff: "10", maxDiscount: "50", validUntil: "2099-12-31" });
    expect(saved).toMatchObject({ percentOff: 10, maxDiscount: 5_000, minSpend: 0, currency: "CNY", amountOff: null });
  });

  it("cannot shrink below what was issued", async () => {
    const { customer } = await makeMember();
    const saved = await template({ totalQuantity: "5" });
    await issueCoupon(seedActor, customer.id, { templateId: saved.id, idempotencyKey: key() });
    await issueCoupon(seedActor, customer.id, { templateId: saved.id, idempotencyKey: key() });
    await expectAppError(updateCouponTemplate(seedActor, saved.id, { name: saved.name, kind: "fixed", amountOff: "20", validDays: "30", totalQuantity: "1" }), "VALIDATION");
  });
});

describe("issuing coupons", () => {
  it("issues unguessable codes, once per key, within the limits", async () => {
    const agent = await makeActor("support_agent");
    const { customer } = await makeMember();
    const limited = await template({ perMemberLimit: "1", totalQuantity: "2" });
    const issueKey = key();
    const coupon = await issueCoupon(agent, customer.id, { templateId: limited.id, idempotencyKey: issueKey });
    expect(coupon.code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    expect(coupon.expiresAt.getTime() - coupon.validFrom.getTime()).toBe(30 * 24 * 3600 * 1000);
    expect((await issueCoupon(agent, customer.id, { templateId: limited.id, idempotencyKey: issueKey })).id).toBe(coupon.id);
    await expectAppError(issueCoupon(agent, customer.id, { templateId: limited.id, idempotencyKey: key() }), "CONFLICT", "errors.couponLimitReached");
    const other = await makeMember();
    await issueCoupon(agent, other.customer.id, { templateId: limited.id, idempotencyKey: key() });
    const third = await makeMember();
    await expectAppError(issueCoupon(agent, third.customer.id, { templateId: limited.id, idempotencyKey: key() }), "CONFLICT", "errors.couponSoldOut");
    const db = await getDb();
    const [row] = await db.select().from(couponTemplates).where(eq(couponTemplates.id, limited.id));
    expect(row!.issuedCount).toBe(2);
  });

  it("refuses tiers the template does not allow, inactive templates and roles without the permission", async () => {
    const { customer } = await makeMember();
    const db = await getDb();
    const [gold] = await db.select({ id: tiers.id }).from(tiers).where(eq(tiers.name, "Gold"));
    const goldOnly = await template({ eligibleTierIds: gold!.id });
    await expectAppError(issueCoupon(seedActor, customer.id, { templateId: goldOnly.id, idempotencyKey: key() }), "INVALID_STATE", "errors.couponTierNotEligible");
    const inactive = await template({ active: false });
    await expectAppError(issueCoupon(seedActor, customer.id, { templateId: inactive.id, idempotencyKey: key() }), "INVALID_STATE", "errors.couponTemplateInactive");
    await expectAppError(issueCoupon(await makeActor("sales_rep"), customer.id, { templateId: inactive.id, idempotencyKey: key() }), "FORBIDDEN");
    await expectAppError(issueCoupon(seedActor, customer.id, { templateId: "nope", idempotencyKey: key() }), "VALIDATION");
    expect(await db.select().from(coupons).innerJoin(memberships, eq(memberships.id, coupons.membershipId)).where(eq(memberships.customerId, customer.id))).toHaveLength(0);
  });

  it("issues to every active member of a segment in a batch, once even when run again", async () => {
    const manager = await makeActor("manager");
    const tag = `batch-${key().slice(0, 8)}`;
    const members = await Promise.all([makeMember(seedActor, { tags: [tag] }), makeMember(seedActor, { tags: [tag] })]);
    await makeMember(seedActor, { tags: ["other"] });
    const segment = await createSegment(manager, { name: `Batch ${tag}`, filters: { tag } });
    const offer = await template();
    const batch = await startCouponBatch(manager, { templateId: offer.id, segmentId: segment.id });
    await runCouponBatch(batch.id);
    const db = await getDb();
    const issued = await db.select().from(coupons).where(eq(coupons.templateId, offer.id));
    expect(issued.map((coupon) => coupon.membershipId).sort()).toEqual(members.map((member) => member.membership.id).sort());
    // A batch that stopped part-way (a crash) runs again without issuing anyone a second coupon.
    await db.update(couponBatches).set({ status: "running" }).where(eq(couponBatches.id, batch.id));
    await runCouponBatch(batch.id);
    expect(await db.select().from(coupons).where(eq(coupons.templateId, offer.id))).toHaveLength(2);
    await expectAppError(startCouponBatch(await makeActor("sales_rep"), { templateId: offer.id, segmentId: segment.id }), "FORBIDDEN");
  });
});

describe("exchanging points for coupons", () => {
  it("moves the points and the coupon together, once per key", async () => {
    const { customer, membership } = await makeMember();
    const me = await memberActor(customer.id);
    const offer = await template({ pointsPrice: "150" });
    const idempotencyKey = key();
    const { coupon, balance } = await exchangePointsForCoupon(me, customer.id, { templateId: offer.id, idempotencyKey });
    expect(balance).toBe(50);
    expect(coupon).toMatchObject({ issuedVia: "exchange", status: "available" });
    const again = await exchangePointsForCoupon(me, customer.id, { templateId: offer.id, idempotencyKey });
    expect(again.coupon.id).toBe(coupon.id);
    const db = await getDb();
    const debits = await db.select().from(pointsLedger).where(and(eq(pointsLedger.membershipId, membership.id), eq(pointsLedger.source, "coupon")));
    expect(debits).toMatchObject([{ kind: "redeem", delta: -150, couponId: coupon.id }]);
    await expectAppError(exchangePointsForCoupon(me, customer.id, { templateId: offer.id, idempotencyKey: key() }), "CONFLICT", "errors.insufficientPoints");
    expect(await listMemberCoupons(me, customer.id)).toHaveLength(1);
    expect((await verifyLedger(db)).problems).toEqual([]);
  });

  it("gives the points back only with the coupon: reversing the exchange voids it, with its own audit row", async () => {
    const { customer } = await makeMember();
    const offer = await template({ pointsPrice: "150" });
    const { coupon, balance } = await exchangePointsForCoupon(await memberActor(customer.id), customer.id, { templateId: offer.id, idempotencyKey: key() });
    const db = await getDb();
    const [debit] = await db.select().from(pointsLedger).where(and(eq(pointsLedger.couponId, coupon.id), eq(pointsLedger.kind, "redeem")));
    const agent = await makeActor("support_agent");
    expect(await reverseRedemption(agent, debit!.id, { reason: "Bought by mistake" })).toMatchObject({ balance: balance + 150 });
    expect((await db.select().from(coupons).where(eq(coupons.id, coupon.id)))[0]).toMatchObject({ status: "void", voidReason: "Bought by mistake" });
    const audited = await db.select().from(auditLog).where(and(eq(auditLog.entityId, coupon.id), eq(auditLog.action, "coupon.void")));
    expect(audited).toMatchObject([{ entityType: "coupon", actorId: (agent as { userId: string }).userId }]);
    expect((await verifyLedger(db)).problems).toEqual([]);
  });

  it("keeps members to their own coupons and refuses templates outside the catalogue", async () => {
    const mine = await makeMember();
    const theirs = await makeMember();
    const me = await memberActor(mine.customer.id);
    const notForPoints = await template();
    await expectAppError(exchangePointsForCoupon(me, mine.customer.id, { templateId: notForPoints.id, idempotencyKey: key() }), "INVALID_STATE", "errors.couponNotExchangeable");
    await expectAppError(exchangePointsForCoupon(me, theirs.customer.id, { templateId: notForPoints.id, idempotencyKey: key() }), "NOT_FOUND");
    const theirCoupon = await issueCoupon(seedActor, theirs.customer.id, { templateId: notForPoints.id, idempotencyKey: key() });
    await expectAppError(getMemberCoupon(me, mine.customer.id, theirCoupon.id), "NOT_FOUND");
    await expectAppError(listMemberCoupons(me, theirs.customer.id), "NOT_FOUND");
    await expectAppError(issueCoupon(me, mine.customer.id, { templateId: notForPoints.id, idempotencyKey: key() }), "FORBIDDEN");
    const offer = await template({ pointsPrice: "5000" });
    const once = await template({ pointsPrice: "10", perMemberLimit: "1" });
    expect((await listCatalogue(me, mine.customer.id)).find((item) => item.template.id === once.id)?.refusal).toBeNull();
    const { coupon } = await exchangePointsForCoupon(me, mine.customer.id, { templateId: once.id, idempotencyKey: key() });
    expect((await getMemberCoupon(me, mine.customer.id, coupon.id)).code).toBe(coupon.code);
    const catalogue = await listCatalogue(me, mine.customer.id);
    expect(catalogue.find((item) => item.template.id === offer.id)?.refusal).toBe("errors.insufficientPoints");
    expect(catalogue.find((item) => item.template.id === once.id)?.refusal).toBe("errors.couponLimitReached");
  });
});

describe("redeeming coupons", () => {
  it("works out the discount: fixed up to the order, percent with its cap", () => {
    expect(couponDiscount({ kind: "fixed", amountOff: 2_000, percentOff: null, maxDiscount: null }, 1_500)).toBe(1_500);
    expect(couponDiscount({ kind: "percent", amountOff: null, percentOff: 15, maxDiscount: null }, 9_999)).toBe(1_499);
    expect(couponDiscount({ kind: "percent", amountOff: null, percentOff: 50, maxDiscount: 3_000 }, 100_000)).toBe(3_000);
    expect(normaliseCouponCode(" abcd efgh-jkmn ")).toBe("ABCD-EFGH-JKMN");
  });

  it("redeems once on one order, checking owner, minimum spend and dates", async () => {
    const rep = await makeActor("sales_rep");
    const { customer } = await makeMember();
    const stranger = await makeMember();
    const coupon = await issueCoupon(seedActor, customer.id, { templateId: (await template()).id, idempotencyKey: key() });
    const order = { code: coupon.code.toLowerCase().replaceAll("-", " "), customerId: customer.id, orderAmount: 50_000, currency: "CNY", orderId: key() };
    const { orderId: _orderId, ...check } = order;
    expect(await validateCoupon(rep, check)).toMatchObject({ valid: true, discount: 2_000 });
    expect(await validateCoupon(rep, { ...check, orderAmount: 9_999 })).toEqual({ valid: false, reason: "errors.couponMinSpend" });
    await expectAppError(redeemCoupon(rep, { ...order, customerId: stranger.customer.id }), "NOT_FOUND", "errors.couponUnknown");
    await expectAppError(redeemCoupon(rep, { ...order, currency: "USD" }), "INVALID_STATE", "errors.couponCurrency");
    await expectAppError(redeemCoupon(rep, order, undefined, addDays(new Date(), 31)), "INVALID_STATE", "errors.coupon_expired");
    const used = await redeemCoupon(rep, order);
    expect(used).toMatchObject({ discount: 2_000, replayed: false, coupon: { status: "redeemed", orderId: order.orderId } });
    expect(await redeemCoupon(rep, order)).toMatchObject({ replayed: true, discount: 2_000 });
    await expectAppError(redeemCoupon(rep, { ...order, orderId: key() }), "INVALID_STATE", "errors.coupon_redeemed");
    await expectAppError(redeemCoupon(await makeActor("member"), order), "FORBIDDEN");
    await expectAppError(redeemCoupon(rep, { ...order, orderAmount: -1 }), "VALIDATION");
  });

  it("can be voided with a reason while unused, and expires after its end", async () => {
    const { customer } = await makeMember();
    const offer = await template();
    const first = await issueCoupon(seedActor, customer.id, { templateId: offer.id, idempotencyKey: key() });
    await expectAppError(voidCoupon(await makeActor("support_agent"), first.id, { reason: "No" }), "FORBIDDEN");
    await expectAppError(voidCoupon(seedActor, first.id, {}), "VALIDATION");
    expect(await voidCoupon(await makeActor("manager"), first.id, { reason: "Issued by mistake" })).toMatchObject({ status: "void", voidReason: "Issued by mistake" });
    await expectAppError(voidCoupon(seedActor, first.id, { reason: "Again" }), "INVALID_STATE", "errors.coupon_void");
    const second = await issueCoupon(seedActor, customer.id, { templateId: offer.id, idempotencyKey: key() });
    expect(await expireCoupons(seedActor, addDays(new Date(), 31))).toBeGreaterThanOrEqual(1);
    const db = await getDb();
    const [row] = await db.select().from(coupons).where(eq(coupons.id, second.id));
    expect(row!.status).toBe("expired");
  });

  it("exchanges only within the member's balance after points are adjusted", async () => {
    const { customer } = await makeMember();
    await adjustPoints(seedActor, customer.id, { delta: 800, reason: "Test", idempotencyKey: key() });
    const me = await memberActor(customer.id);
    const offer = await template({ pointsPrice: "500" });
    await exchangePointsForCoupon(me, customer.id, { templateId: offer.id, idempotencyKey: key() });
    await exchangePointsForCoupon(me, customer.id, { templateId: offer.id, idempotencyKey: key() });
    await expectAppError(exchangePointsForCoupon(me, customer.id, { templateId: offer.id, idempotencyKey: key() }), "CONFLICT", "errors.insufficientPoints");
  });
});

import crypto from "node:crypto";
import { addDays, addMonths, subMonths } from "date-fns";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { coupons, memberships, pointsLedger, tiers } from "@/db/schema";
import { mergeCustomers } from "@/lib/customers/merge";
import type { Actor } from "@/lib/auth/permissions";
import { earnNow, makeActor, makeMember, makeUser, refundNow, seedActor } from "@/lib/factories";
import { updateSetting } from "@/lib/settings/commands";
import { earnPointsForOrder, expirePoints, redeemPoints, releasePendingPoints, reversePointsForRefund, reverseRedemption } from "./commands";
import { createCouponTemplate, exchangePointsForCoupon, redeemCoupon, voidCoupon } from "./coupons";
import { verifyLedger } from "./verify";

/** Cases where points could be lost, invented or counted twice, each pinned by a test. */

const key = () => crypto.randomUUID();
const order = (customerId: string, amount: number, extra: Record<string, unknown> = {}) => ({ orderId: key(), customerId, amount, currency: "CNY", ...extra });

async function balanceOf(membershipId: string) {
  const db = await getDb();
  const [row] = await db.select({ balance: memberships.balance, tier: tiers.name }).from(memberships).innerJoin(tiers, eq(tiers.id, memberships.tierId)).where(eq(memberships.id, membershipId));
  return row!;
}

async function memberActor(customerId: string): Promise<Actor> {
  const user = await makeUser("member");
  return { kind: "user", userId: user.id, role: "member", name: user.name, ip: null, customerId };
}

describe("points integrity", () => {
  it("expires a lot again after a reversed redemption gave points back to it, and the run ends", async () => {
    const rep = await makeActor("sales_rep");
    const { customer, membership } = await makeMember();
    await earnNow(rep, order(customer.id, 10_000, { paidAt: subMonths(new Date(), 23).toISOString() }));
    // 50 of the order's 100 points (its lot is the oldest) are spent; the other 50 expire in a month.
    const spent = await redeemPoints(rep, customer.id, { points: 50, idempotencyKey: key() });
    const later = addMonths(new Date(), 2);
    await expirePoints(seedActor, later);
    expect((await balanceOf(membership.id)).balance).toBe(200);
    // The reversal gives the 50 back to the order's lot, past its expiry: the next run expires them too.
    await reverseRedemption(await makeActor("manager"), spent.entry.id, { reason: "Till error" });
    expect((await balanceOf(membership.id)).balance).toBe(250);
    await expirePoints(seedActor, later);
    expect((await balanceOf(membership.id)).balance).toBe(200);
    expect((await verifyLedger(await getDb())).problems).toEqual([]);
  });

  it("does not count a refund twice when it is sent again after its pending points were released", async () => {
    const rep = await makeActor("sales_rep");
    const settings = { pointsPerUnit: 1, expiryMonths: 24, signupBonus: 200, birthdayBonus: 500, agentAdjustCap: 500 };
    await updateSetting(seedActor, "membership", { ...settings, pendingDays: 7 });
    try {
      const { customer, membership } = await makeMember();
      const paid = order(customer.id, 30_000);
      await earnPointsForOrder(rep, paid);
      const refund = { orderId: paid.orderId, refundId: key(), amount: 10_000 };
      await reversePointsForRefund(rep, refund);
      await releasePendingPoints(seedActor, addDays(new Date(), 8));
      expect((await balanceOf(membership.id)).balance).toBe(400);
      expect(await reversePointsForRefund(rep, refund)).toMatchObject({ replayed: true });
      expect((await balanceOf(membership.id)).balance).toBe(400);
    } finally {
      await updateSetting(seedActor, "membership", { ...settings, pendingDays: 0 });
    }
  });

  it("sends a refund after a merge to the kept membership", async () => {
    const rep = await makeActor("sales_rep");
    const keep = await makeMember();
    const merged = await makeMember();
    const paid = order(merged.customer.id, 50_000);
    await earnNow(rep, paid);
    await mergeCustomers(await makeActor("manager"), { keepId: keep.customer.id, mergeId: merged.customer.id });
    expect((await balanceOf(keep.membership.id)).balance).toBe(900);
    await refundNow(rep, { orderId: paid.orderId, refundId: key(), amount: 50_000 });
    expect((await balanceOf(keep.membership.id)).balance).toBe(400);
    expect((await balanceOf(merged.membership.id)).balance).toBe(0);
    expect((await verifyLedger(await getDb())).problems).toEqual([]);
  });

  it("gives back points spent on a coupon only with the coupon", async () => {
    const rep = await makeActor("sales_rep");
    const manager = await makeActor("manager");
    const { customer, membership } = await makeMember();
    const me = await memberActor(customer.id);
    const template = await createCouponTemplate(seedActor, { name: "Exchange", kind: "fixed", amountOff: "5", validDays: 10, pointsPrice: 50 });
    const used = await exchangePointsForCoupon(me, customer.id, { templateId: template.id, idempotencyKey: key() });
    await redeemCoupon(rep, { code: used.coupon.code, customerId: customer.id, orderAmount: 1_000, currency: "CNY", orderId: key() });
    const db = await getDb();
    const [paidForUsed] = await db.select().from(pointsLedger).where(eq(pointsLedger.couponId, used.coupon.id));
    await expect(reverseRedemption(manager, paidForUsed!.id, { reason: "Try" })).rejects.toMatchObject({ message: "errors.coupon_redeemed" });

    const unused = await exchangePointsForCoupon(me, customer.id, { templateId: template.id, idempotencyKey: key() });
    expect((await balanceOf(membership.id)).balance).toBe(100);
    await voidCoupon(manager, unused.coupon.id, { reason: "Changed their mind" });
    expect((await balanceOf(membership.id)).balance).toBe(150);
    const third = await exchangePointsForCoupon(me, customer.id, { templateId: template.id, idempotencyKey: key() });
    const [paid] = await db.select().from(pointsLedger).where(eq(pointsLedger.couponId, third.coupon.id));
    await reverseRedemption(manager, paid!.id, { reason: "Exchanged by mistake" });
    const [cancelled] = await db.select().from(coupons).where(eq(coupons.id, third.coupon.id));
    expect(cancelled!.status).toBe("void");
    expect((await balanceOf(membership.id)).balance).toBe(150);
    expect((await verifyLedger(db)).problems).toEqual([]);
  });

  it("takes a refund's spend out of the months the purchase counted in", async () => {
    const rep = await makeActor("sales_rep");
    const { customer, membership } = await makeMember();
    const old = order(customer.id, 200_000, { paidAt: subMonths(new Date(), 13).toISOString() });
    await earnNow(rep, old);
    await earnNow(rep, order(customer.id, 200_000));
    expect((await balanceOf(membership.id)).tier).toBe("Silver");
    await refundNow(rep, { orderId: old.orderId, refundId: key(), amount: 200_000 });
    expect((await balanceOf(membership.id)).tier).toBe("Silver");
  });
});

import crypto from "node:crypto";
import { subMonths } from "date-fns";
import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { coupons, memberships, pointsLots, tiers } from "@/db/schema";
import { mergeCustomers } from "@/lib/customers/merge";
import { earnNow, makeActor, makeCustomer, makeMember, refundNow, seedActor } from "@/lib/factories";
import { redeemPoints } from "./commands";
import { createCouponTemplate, issueCoupon } from "./coupons";
import { verifyLedger } from "./verify";

const key = () => crypto.randomUUID();

async function membershipOf(customerId: string) {
  const db = await getDb();
  const [row] = await db.select({ membership: memberships, tier: tiers.name }).from(memberships).innerJoin(tiers, eq(tiers.id, memberships.tierId)).where(eq(memberships.customerId, customerId));
  return row ? { ...row.membership, tier: row.tier } : null;
}

describe("merging members", () => {
  it("adds the balances up, keeps each lot's expiry, moves coupons and the qualifying spend, and closes the merged membership", async () => {
    const rep = await makeActor("sales_rep");
    const manager = await makeActor("manager");
    const keep = await makeMember();
    const merged = await makeMember();
    await earnNow(rep, { orderId: key(), customerId: merged.customer.id, amount: 150_000, currency: "CNY", paidAt: subMonths(new Date(), 20).toISOString() });
    await earnNow(rep, { orderId: key(), customerId: keep.customer.id, amount: 100_000, currency: "CNY" });
    const template = await createCouponTemplate(seedActor, { name: "Merge coupon", kind: "fixed", amountOff: "5", validDays: 10 });
    const coupon = await issueCoupon(seedActor, merged.customer.id, { templateId: template.id, idempotencyKey: key() });
    const before = { keep: (await membershipOf(keep.customer.id))!.balance, merged: (await membershipOf(merged.customer.id))!.balance };
    expect(before).toEqual({ keep: 1_200, merged: 1_700 });

    await mergeCustomers(manager, { keepId: keep.customer.id, mergeId: merged.customer.id });

    const kept = (await membershipOf(keep.customer.id))!;
    expect(kept.balance).toBe(2_900);
    // The merged member bought 20 months ago, outside the twelve months: only ¥1,000 counts, still Bronze.
    expect(kept.tier).toBe("Bronze");
    const db = await getDb();
    const [old] = await db.select().from(memberships).where(eq(memberships.id, merged.membership.id));
    expect(old).toMatchObject({ status: "closed", balance: 0 });
    const lots = await db.select().from(pointsLots).where(eq(pointsLots.membershipId, kept.id)).orderBy(asc(pointsLots.expiresAt));
    expect(lots.filter((lot) => lot.remaining > 0).map((lot) => lot.remaining)).toEqual([1_500, 200, 200, 1_000]);
    const [moved] = await db.select().from(coupons).where(eq(coupons.id, coupon.id));
    expect(moved!.membershipId).toBe(kept.id);
    expect((await verifyLedger(db)).problems).toEqual([]);
  });

  it("moves the qualifying spend, so the kept member may move up", async () => {
    const rep = await makeActor("sales_rep");
    const keep = await makeMember();
    const merged = await makeMember();
    await earnNow(rep, { orderId: key(), customerId: keep.customer.id, amount: 120_000, currency: "CNY" });
    await earnNow(rep, { orderId: key(), customerId: merged.customer.id, amount: 120_000, currency: "CNY" });
    await mergeCustomers(await makeActor("admin"), { keepId: keep.customer.id, mergeId: merged.customer.id });
    expect((await membershipOf(keep.customer.id))!.tier).toBe("Silver");
  });

  it("carries a refund's debt over, and hands a membership to a kept customer without one", async () => {
    const rep = await makeActor("sales_rep");
    const keep = await makeMember();
    const merged = await makeMember();
    const order = { orderId: key(), customerId: merged.customer.id, amount: 50_000, currency: "CNY" };
    await earnNow(rep, order);
    await redeemPoints(rep, merged.customer.id, { points: 700, idempotencyKey: key() });
    await refundNow(rep, { orderId: order.orderId, refundId: key(), amount: 50_000 });
    expect((await membershipOf(merged.customer.id))!.balance).toBe(-500);
    await mergeCustomers(await makeActor("manager"), { keepId: keep.customer.id, mergeId: merged.customer.id });
    expect((await membershipOf(keep.customer.id))!.balance).toBe(200 - 500);
    expect((await verifyLedger(await getDb())).problems).toEqual([]);

    const plain = await makeCustomer(seedActor);
    const member = await makeMember();
    await mergeCustomers(await makeActor("manager"), { keepId: plain.id, mergeId: member.customer.id });
    expect((await membershipOf(plain.id))!.id).toBe(member.membership.id);
  });
});

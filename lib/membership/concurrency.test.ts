import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { memberships, pointsLedger } from "@/db/schema";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/auth/permissions";
import { makeActor, makeMember, makeUser, seedActor } from "@/lib/factories";
import { adjustPoints, earnPointsForOrder, redeemPoints } from "./commands";
import { createCouponTemplate, exchangePointsForCoupon, issueCoupon, redeemCoupon } from "./coupons";
import { verifyLedger } from "./verify";

const key = () => crypto.randomUUID();

async function memberWith(balance: number) {
  const { customer, membership } = await makeMember();
  const manager = await makeActor("manager");
  await adjustPoints(manager, customer.id, { delta: balance - membership.balance, reason: "Test balance", idempotencyKey: key() });
  return { customer, membership };
}

async function balanceOf(membershipId: string) {
  const db = await getDb();
  const [row] = await db.select({ balance: memberships.balance }).from(memberships).where(eq(memberships.id, membershipId));
  return row!.balance;
}

// Real concurrency needs a PostgreSQL server (several connections): CI runs this file with DATABASE_URL set.
describe.runIf(process.env.DATABASE_URL)("points under concurrency on PostgreSQL", () => {
  it("lets exactly 10 of 50 concurrent redemptions of 100 through on a balance of 1,000", async () => {
    const rep = await makeActor("sales_rep");
    const { customer, membership } = await memberWith(1_000);
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => redeemPoints(rep, customer.id, { points: 100, idempotencyKey: key() })));
    const succeeded = results.filter((result) => result.status === "fulfilled");
    const refused = results.filter((result) => result.status === "rejected").map((result) => (result as PromiseRejectedResult).reason);
    expect(succeeded).toHaveLength(10);
    expect(refused.every((error) => error instanceof AppError && error.message === "errors.insufficientPoints")).toBe(true);
    expect(await balanceOf(membership.id)).toBe(0);
    expect((await verifyLedger(await getDb())).problems).toEqual([]);
  });

  it("applies one idempotency key sent 20 times at once exactly once", async () => {
    const rep = await makeActor("sales_rep");
    const { customer, membership } = await memberWith(1_000);
    const idempotencyKey = key();
    const results = await Promise.all(Array.from({ length: 20 }, () => redeemPoints(rep, customer.id, { points: 100, idempotencyKey })));
    expect(new Set(results.map((result) => result.entry.id)).size).toBe(1);
    expect(results.filter((result) => !result.replayed)).toHaveLength(1);
    expect(results.every((result) => result.balance === 900)).toBe(true);
    expect(await balanceOf(membership.id)).toBe(900);
  });

  it("earns each order once when its payment is reported 20 times at once", async () => {
    const rep = await makeActor("sales_rep");
    const { customer, membership } = await makeMember();
    const order = { orderId: key(), customerId: customer.id, amount: 50_000, currency: "CNY" };
    await Promise.all(Array.from({ length: 20 }, () => earnPointsForOrder(rep, order)));
    const db = await getDb();
    const earned = await db.select().from(pointsLedger).where(eq(pointsLedger.orderId, order.orderId));
    expect(earned).toHaveLength(1);
    expect(await balanceOf(membership.id)).toBe(200 + 500);
  });

  it("keeps every balance equal to its ledger under mixed concurrent work", async () => {
    const rep = await makeActor("sales_rep");
    const members = await Promise.all(Array.from({ length: 5 }, () => memberWith(500)));
    const work = members.flatMap(({ customer }) => [
      ...Array.from({ length: 10 }, () => redeemPoints(rep, customer.id, { points: 70, idempotencyKey: key() })),
      ...Array.from({ length: 5 }, (_, n) => earnPointsForOrder(rep, { orderId: key(), customerId: customer.id, amount: 1_000 * (n + 1), currency: "CNY" })),
    ]);
    await Promise.allSettled(work);
    const result = await verifyLedger(await getDb());
    expect(result.problems).toEqual([]);
    for (const { membership } of members) expect(await balanceOf(membership.id)).toBeGreaterThanOrEqual(0);
  });

  it("redeems a coupon on exactly one of 10 orders placed at once", async () => {
    const rep = await makeActor("sales_rep");
    const { customer } = await makeMember();
    const template = await createCouponTemplate(seedActor, { name: "Race", kind: "fixed", amountOff: "10", validDays: 10 });
    const coupon = await issueCoupon(seedActor, customer.id, { templateId: template.id, idempotencyKey: key() });
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => redeemCoupon(rep, { code: coupon.code, customerId: customer.id, orderAmount: 5_000, currency: "CNY", orderId: key() })),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
  });

  it("exchanges points for coupons no further than the balance allows when asked at once", async () => {
    const { customer, membership } = await memberWith(1_000);
    const user = await makeUser("member");
    const me: Actor = { kind: "user", userId: user.id, role: "member", name: user.name, ip: null, customerId: customer.id };
    const template = await createCouponTemplate(seedActor, { name: "Catalogue", kind: "fixed", amountOff: "10", validDays: 10, pointsPrice: 400 });
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => exchangePointsForCoupon(me, customer.id, { templateId: template.id, idempotencyKey: key() })));
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(2);
    expect(await balanceOf(membership.id)).toBe(200);
    expect((await verifyLedger(await getDb())).problems).toEqual([]);
  });
});

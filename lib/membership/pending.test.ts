import crypto from "node:crypto";
import { addDays } from "date-fns";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { memberships, pendingPoints, pointsLedger } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { makeActor, makeMember, seedActor } from "@/lib/factories";
import { updateSetting } from "@/lib/settings/commands";
import { earnPointsForOrder, isPending, redeemPoints, releasePendingPoints, reversePointsForRefund } from "./commands";
import { getMemberSummary } from "./queries";
import { verifyLedger } from "./verify";

const settings = { pointsPerUnit: 1, expiryMonths: 24, signupBonus: 200, birthdayBonus: 500, agentAdjustCap: 500 };
beforeAll(() => updateSetting(seedActor, "membership", { ...settings, pendingDays: 14 }));
afterAll(() => updateSetting(seedActor, "membership", { ...settings, pendingDays: 0 }));

const order = (customerId: string, amount: number) => ({ orderId: crypto.randomUUID(), customerId, amount, currency: "CNY" });

async function balanceOf(membershipId: string) {
  const db = await getDb();
  const [row] = await db.select({ balance: memberships.balance }).from(memberships).where(eq(memberships.id, membershipId));
  return row!.balance;
}

describe("the return window", () => {
  it("keeps purchase points pending, unspendable and out of the ledger, until it ends", async () => {
    const rep = await makeActor("sales_rep");
    const { customer, membership } = await makeMember();
    const paid = order(customer.id, 250_000);
    const result = await earnPointsForOrder(rep, paid);
    expect(isPending(result) && result.pending).toMatchObject({ points: 2_500, status: "pending" });
    expect(await balanceOf(membership.id)).toBe(200);
    expect((await getMemberSummary(rep, customer.id))!.pending.points).toBe(2_500);
    await expect(redeemPoints(rep, customer.id, { points: 201, idempotencyKey: crypto.randomUUID() })).rejects.toBeInstanceOf(AppError);
    // The same order again is the same pending points; with another amount it is refused.
    expect(await earnPointsForOrder(rep, paid)).toMatchObject({ replayed: true });
    await expect(earnPointsForOrder(rep, { ...paid, amount: 1 })).rejects.toMatchObject({ message: "errors.idempotencyMismatch" });

    expect(await releasePendingPoints(seedActor, addDays(new Date(), 13))).toBe(0);
    expect(await releasePendingPoints(seedActor, addDays(new Date(), 15))).toBe(1);
    expect(await balanceOf(membership.id)).toBe(2_700);
    const db = await getDb();
    const earned = await db.select().from(pointsLedger).where(eq(pointsLedger.orderId, paid.orderId));
    expect(earned).toMatchObject([{ kind: "earn", delta: 2_500, qualifyingSpend: 250_000 }]);
    expect((await getMemberSummary(rep, customer.id))!.tier.name).toBe("Silver");
    // Released once: a second run and a late duplicate of the order add nothing.
    expect(await releasePendingPoints(seedActor, addDays(new Date(), 16))).toBe(0);
    expect(await earnPointsForOrder(rep, paid)).toMatchObject({ replayed: true });
    expect(await balanceOf(membership.id)).toBe(2_700);
    expect((await verifyLedger(db)).problems).toEqual([]);
  });

  it("lets a refund in the window shrink or cancel the points without touching the balance", async () => {
    const rep = await makeActor("sales_rep");
    const { customer, membership } = await makeMember();
    const partly = order(customer.id, 30_000);
    const whole = order(customer.id, 10_000);
    await earnPointsForOrder(rep, partly);
    await earnPointsForOrder(rep, whole);
    const refundId = crypto.randomUUID();
    await reversePointsForRefund(rep, { orderId: partly.orderId, refundId, amount: 10_000 });
    expect(await reversePointsForRefund(rep, { orderId: partly.orderId, refundId, amount: 10_000 })).toMatchObject({ replayed: true });
    await reversePointsForRefund(rep, { orderId: whole.orderId, refundId: crypto.randomUUID(), amount: 10_000 });
    await expect(reversePointsForRefund(rep, { orderId: partly.orderId, refundId: crypto.randomUUID(), amount: 20_001 })).rejects.toMatchObject({ code: "VALIDATION" });
    expect((await getMemberSummary(rep, customer.id))!.pending.points).toBe(200);
    expect(await balanceOf(membership.id)).toBe(200);

    await releasePendingPoints(seedActor, addDays(new Date(), 15));
    expect(await balanceOf(membership.id)).toBe(400);
    const db = await getDb();
    const rows = await db.select().from(pendingPoints).where(eq(pendingPoints.membershipId, membership.id));
    expect(rows.map((row) => row.status).sort()).toEqual(["cancelled", "released"]);
    const [released] = await db.select().from(pointsLedger).where(eq(pointsLedger.orderId, partly.orderId));
    expect(released).toMatchObject({ delta: 200, qualifyingSpend: 20_000 });
    // After the window a refund takes back from the ledger as usual.
    const after = await reversePointsForRefund(rep, { orderId: partly.orderId, refundId: crypto.randomUUID(), amount: 20_000 });
    expect(after && !isPending(after) && after.entry.delta).toBe(-200);
    expect((await verifyLedger(db)).problems).toEqual([]);
  });
});

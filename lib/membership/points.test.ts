import crypto from "node:crypto";
import { addMonths, subMonths } from "date-fns";
import { and, asc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, customers, memberships, pointsDraws, pointsLedger, pointsLots, tierChanges, tiers } from "@/db/schema";
import { updateSetting } from "@/lib/settings/commands";
import { expectAppError } from "@/lib/expect-app-error";
import { earnNow, makeActor, makeCustomer, makeMember, makeTiers, refundNow, seedActor } from "@/lib/factories";
import {
  adjustPoints,
  awardBirthdayBonuses,
  earnPointsForOrder,
  enrolMember,
  expirePoints,
  redeemPoints,
  reversePointsForRefund,
  reverseRedemption,
  reviewDueTiers,
  setMembershipStatus,
} from "./commands";
import { createCampaign } from "./programme";
import { verifyLedger } from "./verify";

const key = () => crypto.randomUUID();
const order = (customerId: string, amount: number, extra: Record<string, unknown> = {}) => ({
  orderId: crypto.randomUUID(),
  customerId,
  amount,
  currency: "CNY",
  ...extra,
});

async function ledgerOf(membershipId: string) {
  const db = await getDb();
  return db.select().from(pointsLedger).where(eq(pointsLedger.membershipId, membershipId)).orderBy(asc(pointsLedger.id));
}

async function membershipOf(id: string) {
  const db = await getDb();
  const [row] = await db.select({ membership: memberships, tier: tiers.name }).from(memberships).innerJoin(tiers, eq(tiers.id, memberships.tierId)).where(eq(memberships.id, id));
  return { ...row!.membership, tier: row!.tier };
}

async function expectLedgerSound() {
  const result = await verifyLedger(await getDb());
  expect(result.problems).toEqual([]);
}

describe("enrolMember", () => {
  it("gives a member number, the entry tier, a review in a year and the sign-up bonus", async () => {
    const agent = await makeActor("support_agent");
    const { membership } = await makeMember(agent);
    expect(membership.number).toBeGreaterThan(10_000);
    const stored = await membershipOf(membership.id);
    expect(stored).toMatchObject({ status: "active", tier: "Bronze", balance: 200 });
    expect(stored.nextReviewOn > new Date().toISOString().slice(0, 10)).toBe(true);
    const [entry] = await ledgerOf(membership.id);
    expect(entry).toMatchObject({ kind: "earn", source: "signup", delta: 200, balanceAfter: 200 });
    const db = await getDb();
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.entityId, membership.id), eq(auditLog.action, "membership.enrol")));
    expect(audit).toHaveLength(1);
    await expectLedgerSound();
  });

  it("refuses a second enrolment, an unknown customer, and a member acting as staff", async () => {
    const { customer } = await makeMember();
    await expectAppError(enrolMember(seedActor, customer.id), "CONFLICT", "errors.alreadyMember");
    await expectAppError(enrolMember(seedActor, crypto.randomUUID()), "NOT_FOUND");
    await expectAppError(enrolMember(seedActor, "not-an-id"), "NOT_FOUND");
    await expectAppError(enrolMember(await makeActor("member"), (await makeCustomer(seedActor)).id), "FORBIDDEN");
  });
});

describe("earnPointsForOrder", () => {
  it("earns the base rate, once per order, and replays the stored answer", async () => {
    const rep = await makeActor("sales_rep");
    const { customer, membership } = await makeMember();
    const paid = order(customer.id, 12_345);
    const first = await earnNow(rep, paid);
    expect(first).toMatchObject({ balance: 200 + 123, replayed: false });
    expect(first!.entry).toMatchObject({ kind: "earn", source: "order", delta: 123, qualifyingSpend: 12_345, orderId: paid.orderId });
    const again = await earnNow(rep, paid);
    expect(again).toMatchObject({ balance: 323, replayed: true });
    expect(again!.entry.id).toBe(first!.entry.id);
    expect(await ledgerOf(membership.id)).toHaveLength(2);
    // The same order sent with another amount is not the same request.
    await expectAppError(earnPointsForOrder(rep, { ...paid, amount: 99_999 }), "CONFLICT", "errors.idempotencyMismatch");
    await expectLedgerSound();
  });

  it("applies the tier multiplier and moves the member up as soon as they qualify", async () => {
    const rep = await makeActor("sales_rep");
    const { customer, membership } = await makeMember();
    const silver = await earnNow(rep, order(customer.id, 200_000));
    expect(silver).toMatchObject({ tier: { name: "Silver" } });
    expect(silver!.entry.delta).toBe(2_000);
    // Silver earns 1.25 points per yuan from the next purchase.
    const next = await earnNow(rep, order(customer.id, 10_000));
    expect(next!.entry.delta).toBe(125);
    const db = await getDb();
    const changes = await db.select().from(tierChanges).where(eq(tierChanges.membershipId, membership.id));
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ reason: "upgrade", entryIds: [silver!.entry.id], qualifyingSpend: 200_000 });
    // Straight to Gold from Silver in one big purchase (the tier counts base points, not multiplied ones).
    const gold = await earnNow(rep, order(customer.id, 600_000));
    expect(gold!.tier!.name).toBe("Gold");
    expect(gold!.entry.qualifyingPoints).toBe(6_000);
  });

  it("adds campaign points for the campaign's days and category", async () => {
    const rep = await makeActor("sales_rep");
    const manager = await makeActor("manager");
    const today = new Date().toISOString().slice(0, 10);
    await createCampaign(manager, { name: "Tea week", kind: "multiplier", multiplier: "3", category: "tea-" + key().slice(0, 4), startsOn: today, endsOn: today });
    const tea = await createCampaign(manager, { name: "Tea bonus", kind: "bonus", bonusPoints: "88", category: "oolong", startsOn: "2020-01-01", endsOn: "2099-12-31" });
    const { customer } = await makeMember();
    const result = await earnNow(rep, order(customer.id, 30_000, { lines: [{ amount: 10_000, category: "oolong" }, { amount: 20_000, category: "cups" }] }));
    expect(result!.entry.delta).toBe(300 + 88);
    expect(result!.entry.reason).toBe(`campaigns:${tea.id}`);
    // Outside the campaign's dates it does not apply.
    const earlier = await earnNow(rep, order(customer.id, 10_000, { paidAt: "2019-06-01T10:00:00Z", lines: [{ amount: 10_000, category: "oolong" }] }));
    expect(earlier!.entry.delta).toBe(100);
  });

  it("earns nothing for customers who are not active members, and refuses bad input", async () => {
    const rep = await makeActor("sales_rep");
    const stranger = await makeCustomer(seedActor);
    expect(await earnNow(rep, order(stranger.id, 10_000))).toBeNull();
    const { customer, membership } = await makeMember();
    const before = await ledgerOf(membership.id);
    const invalid = await expectAppError(earnPointsForOrder(rep, order(customer.id, -5)), "VALIDATION");
    expect(invalid.fieldErrors).toHaveProperty("amount");
    await expectAppError(earnPointsForOrder(rep, order(customer.id, 100, { currency: "USD" })), "VALIDATION");
    await expectAppError(earnPointsForOrder(rep, order(customer.id, 100, { lines: [{ amount: 50 }] })), "VALIDATION");
    await expectAppError(earnPointsForOrder(rep, { ...order(customer.id, 100), balance: 1e9 }), "VALIDATION");
    await expectAppError(earnPointsForOrder(await makeActor("member"), order(customer.id, 100)), "FORBIDDEN");
    expect(await ledgerOf(membership.id)).toEqual(before);
    await setMembershipStatus(await makeActor("manager"), customer.id, { status: "frozen", reason: "Card lost" });
    expect(await earnNow(rep, order(customer.id, 10_000))).toBeNull();
  });
});

describe("redeemPoints", () => {
  it("spends the oldest lots first and never goes below zero", async () => {
    const rep = await makeActor("sales_rep");
    const { customer, membership } = await makeMember();
    // An order paid 20 months ago expires in 4 months, before the sign-up bonus.
    const old = await earnNow(rep, order(customer.id, 10_000, { paidAt: subMonths(new Date(), 20).toISOString() }));
    const redeemed = await redeemPoints(rep, customer.id, { points: 150, idempotencyKey: key() });
    expect(redeemed.balance).toBe(150);
    const db = await getDb();
    const draws = await db
      .select({ lot: pointsLots.entryId, points: pointsDraws.points })
      .from(pointsDraws)
      .innerJoin(pointsLots, eq(pointsLots.id, pointsDraws.lotId))
      .where(eq(pointsDraws.entryId, redeemed.entry.id))
      .orderBy(asc(pointsLots.expiresAt));
    const signup = (await ledgerOf(membership.id))[0]!;
    expect(draws).toEqual([
      { lot: old!.entry.id, points: 100 },
      { lot: signup.id, points: 50 },
    ]);
    const short = await expectAppError(redeemPoints(rep, customer.id, { points: 151, idempotencyKey: key() }), "CONFLICT", "errors.insufficientPoints");
    expect(short).toBeDefined();
    expect((await membershipOf(membership.id)).balance).toBe(150);
    await expectLedgerSound();
  });

  it("applies a key once and refuses it with another request", async () => {
    const rep = await makeActor("sales_rep");
    const { customer, membership } = await makeMember();
    const idempotencyKey = key();
    const first = await redeemPoints(rep, customer.id, { points: "100", idempotencyKey });
    const second = await redeemPoints(rep, customer.id, { points: 100, idempotencyKey });
    expect(second).toMatchObject({ replayed: true, balance: 100, entry: { id: first.entry.id } });
    await expectAppError(redeemPoints(rep, customer.id, { points: 50, idempotencyKey }), "CONFLICT", "errors.idempotencyMismatch");
    expect((await membershipOf(membership.id)).balance).toBe(100);
  });

  it("refuses bad input, frozen members and roles without the permission, writing nothing", async () => {
    const rep = await makeActor("sales_rep");
    const { customer, membership } = await makeMember();
    for (const points of [0, -5, 1.5, "lots", 10_000_001]) {
      await expectAppError(redeemPoints(rep, customer.id, { points, idempotencyKey: key() }), "VALIDATION");
    }
    await expectAppError(redeemPoints(rep, customer.id, { points: 10, idempotencyKey: "short" }), "VALIDATION");
    await expectAppError(redeemPoints(await makeActor("member"), customer.id, { points: 10, idempotencyKey: key() }), "FORBIDDEN");
    await setMembershipStatus(await makeActor("admin"), customer.id, { status: "frozen", reason: "Suspected fraud" });
    await expectAppError(redeemPoints(rep, customer.id, { points: 10, idempotencyKey: key() }), "INVALID_STATE", "errors.membershipNotActive");
    expect(await ledgerOf(membership.id)).toHaveLength(1);
  });

  it("can be reversed once, giving the points back to the lots they came from", async () => {
    const rep = await makeActor("sales_rep");
    const agent = await makeActor("support_agent");
    const { customer, membership } = await makeMember();
    const redeemed = await redeemPoints(rep, customer.id, { points: 120, idempotencyKey: key() });
    const reversed = await reverseRedemption(agent, redeemed.entry.id, { reason: "Till error" });
    expect(reversed).toMatchObject({ balance: 200, entry: { kind: "reverse", delta: 120, reversesId: redeemed.entry.id } });
    const db = await getDb();
    const [lot] = await db.select().from(pointsLots).where(eq(pointsLots.membershipId, membership.id));
    expect(lot!.remaining).toBe(200);
    await expectAppError(reverseRedemption(agent, redeemed.entry.id, { reason: "Again" }), "CONFLICT", "errors.alreadyReversed");
    await expectAppError(reverseRedemption(agent, reversed.entry.id, { reason: "Not a redemption" }), "INVALID_STATE");
    await expectAppError(reverseRedemption(agent, redeemed.entry.id, {}), "VALIDATION");
    await expectAppError(reverseRedemption(rep, redeemed.entry.id, { reason: "No" }), "FORBIDDEN");
    await expectLedgerSound();
  });
});

describe("reversePointsForRefund", () => {
  it("takes back what the order earned, proportionally, adding up to the whole", async () => {
    const rep = await makeActor("sales_rep");
    const { customer } = await makeMember();
    const paid = order(customer.id, 30_000, { lines: [{ amount: 30_000, category: null }] });
    const earned = await earnNow(rep, paid);
    expect(earned!.entry.delta).toBe(300);
    const first = await refundNow(rep, { orderId: paid.orderId, refundId: `r1-${key()}`, amount: 10_001 });
    expect(first!.entry.delta).toBe(-100);
    const refundId = `r2-${key()}`;
    const second = await refundNow(rep, { orderId: paid.orderId, refundId, amount: 19_999 });
    expect(second!.entry.delta).toBe(-200);
    expect(second!.balance).toBe(200);
    // The same refund again changes nothing; a refund beyond the order is refused.
    expect(await refundNow(rep, { orderId: paid.orderId, refundId, amount: 19_999 })).toMatchObject({ replayed: true });
    await expectAppError(reversePointsForRefund(rep, { orderId: paid.orderId, refundId: `r3-${key()}`, amount: 1 }), "VALIDATION");
    expect(await refundNow(rep, { orderId: crypto.randomUUID(), refundId: `r4-${key()}`, amount: 1 })).toBeNull();
    await expectLedgerSound();
  });

  it("takes the balance below zero when the points were spent, and refuses redemptions until it recovers", async () => {
    const rep = await makeActor("sales_rep");
    const { customer, membership } = await makeMember();
    const paid = order(customer.id, 100_000);
    await earnNow(rep, paid);
    await redeemPoints(rep, customer.id, { points: 1_100, idempotencyKey: key() });
    const refunded = await refundNow(rep, { orderId: paid.orderId, refundId: key(), amount: 100_000 });
    expect(refunded!.balance).toBe(-900);
    await expectAppError(redeemPoints(rep, customer.id, { points: 1, idempotencyKey: key() }), "CONFLICT", "errors.insufficientPoints");
    await expectLedgerSound();
    // New points pay the debt first; only the rest is spendable.
    const next = await earnNow(rep, order(customer.id, 100_000));
    expect(next!.balance).toBe(100);
    const db = await getDb();
    const [lot] = await db.select().from(pointsLots).where(eq(pointsLots.entryId, next!.entry.id));
    expect(lot).toMatchObject({ points: 1_000, remaining: 100 });
    expect((await membershipOf(membership.id)).balance).toBe(100);
    await expectLedgerSound();
  });

  it("moves the member down when the refund takes the spend below the tier, no lower than the reviewed tier", async () => {
    const rep = await makeActor("sales_rep");
    const { customer, membership } = await makeMember();
    const paid = order(customer.id, 250_000);
    expect((await earnNow(rep, paid))!.tier!.name).toBe("Silver");
    const small = await refundNow(rep, { orderId: paid.orderId, refundId: key(), amount: 40_000 });
    expect(small!.tier!.name).toBe("Silver");
    const big = await refundNow(rep, { orderId: paid.orderId, refundId: key(), amount: 20_000 });
    expect(big!.tier!.name).toBe("Bronze");
    const db = await getDb();
    const changes = await db.select().from(tierChanges).where(eq(tierChanges.membershipId, membership.id)).orderBy(asc(tierChanges.id));
    expect(changes.map((change) => change.reason)).toEqual(["upgrade", "refund"]);
    expect(changes[1]!.entryIds).toContain(big!.entry.id);
  });
});

describe("adjustPoints", () => {
  it("caps support agents per adjustment but not managers, and needs a reason", async () => {
    const agent = await makeActor("support_agent");
    const manager = await makeActor("manager");
    const { customer, membership } = await makeMember();
    expect((await adjustPoints(agent, customer.id, { delta: "500", reason: "Goodwill", idempotencyKey: key() })).balance).toBe(700);
    const capped = await expectAppError(adjustPoints(agent, customer.id, { delta: 501, reason: "Too generous", idempotencyKey: key() }), "VALIDATION");
    expect(capped.fieldErrors).toEqual({ delta: ["validation.adjustCap"] });
    await expectAppError(adjustPoints(agent, customer.id, { delta: -501, reason: "Too harsh", idempotencyKey: key() }), "VALIDATION");
    expect((await adjustPoints(manager, customer.id, { delta: 5_000, reason: "Complaint settled", idempotencyKey: key() })).balance).toBe(5_700);
    const noReason = await expectAppError(adjustPoints(manager, customer.id, { delta: 10, reason: " ", idempotencyKey: key() }), "VALIDATION");
    expect(noReason.fieldErrors).toHaveProperty("reason");
    await expectAppError(adjustPoints(manager, customer.id, { delta: 0, reason: "Nothing", idempotencyKey: key() }), "VALIDATION");
    await expectAppError(adjustPoints(manager, customer.id, { delta: -6_000, reason: "Too much", idempotencyKey: key() }), "CONFLICT", "errors.insufficientPoints");
    await expectAppError(adjustPoints(await makeActor("sales_rep"), customer.id, { delta: 10, reason: "Rep", idempotencyKey: key() }), "FORBIDDEN");
    expect((await membershipOf(membership.id)).balance).toBe(5_700);
    const taken = await adjustPoints(manager, customer.id, { delta: -700, reason: "Duplicate credit", idempotencyKey: key() });
    expect(taken.entry).toMatchObject({ kind: "adjust", delta: -700, reason: "Duplicate credit" });
    await expectLedgerSound();
  });

  it("follows the cap setting", async () => {
    const agent = await makeActor("support_agent");
    const { customer } = await makeMember();
    await updateSetting(seedActor, "membership", { pointsPerUnit: 1, expiryMonths: 24, signupBonus: 200, birthdayBonus: 500, agentAdjustCap: 1_000 });
    expect((await adjustPoints(agent, customer.id, { delta: 1_000, reason: "Raised cap", idempotencyKey: key() })).balance).toBe(1_200);
    await updateSetting(seedActor, "membership", { pointsPerUnit: 1, expiryMonths: 24, signupBonus: 200, birthdayBonus: 500, agentAdjustCap: 500 });
  });
});

describe("scheduled work", () => {
  it("expires lots oldest first, once", async () => {
    const rep = await makeActor("sales_rep");
    const { customer, membership } = await makeMember();
    await earnNow(rep, order(customer.id, 50_000, { paidAt: subMonths(new Date(), 23).toISOString() }));
    await redeemPoints(rep, customer.id, { points: 300, idempotencyKey: key() });
    // A month on, the order's lot (500 − 300 spent) expires; the sign-up bonus does not.
    const later = addMonths(new Date(), 1);
    expect(await expirePoints(seedActor, later)).toBeGreaterThanOrEqual(1);
    const entries = await ledgerOf(membership.id);
    expect(entries.at(-1)).toMatchObject({ kind: "expire", delta: -200, balanceAfter: 200 });
    const count = entries.length;
    await expirePoints(seedActor, later);
    expect(await ledgerOf(membership.id)).toHaveLength(count);
    await expectLedgerSound();
  });

  it("awards the birthday bonus once a year", async () => {
    await makeTiers();
    const today = new Date();
    const birthday = `1990-${String(today.getUTCMonth() + 1).padStart(2, "0")}-${String(today.getUTCDate()).padStart(2, "0")}`;
    const noon = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), 4));
    const { membership } = await makeMember(seedActor, { birthday });
    expect(await awardBirthdayBonuses(seedActor, noon)).toBeGreaterThanOrEqual(1);
    expect(await awardBirthdayBonuses(seedActor, noon)).toBe(0);
    const entries = await ledgerOf(membership.id);
    expect(entries.filter((entry) => entry.source === "birthday")).toMatchObject([{ delta: 500 }]);
  });

  it("reviews tiers on the anniversary, one tier down at a time", async () => {
    const rep = await makeActor("sales_rep");
    const { customer, membership } = await makeMember();
    // Platinum from a purchase 13 months ago, now outside the twelve months.
    await earnNow(rep, order(customer.id, 2_500_000, { paidAt: subMonths(new Date(), 13).toISOString() }));
    expect((await membershipOf(membership.id)).tier).toBe("Platinum");
    const db = await getDb();
    await db.update(memberships).set({ nextReviewOn: "2020-01-01" }).where(eq(memberships.id, membership.id));
    await reviewDueTiers(seedActor);
    const reviewed = await membershipOf(membership.id);
    expect(reviewed.tier).toBe("Gold");
    expect(reviewed.nextReviewOn > new Date().toISOString().slice(0, 10)).toBe(true);
    const [{ id: goldId }] = (await db.select({ id: tiers.id }).from(tiers).where(eq(tiers.name, "Gold"))) as [{ id: string }];
    expect(reviewed.reviewedTierId).toBe(goldId);
  });
});

describe("the ledger", () => {
  it("cannot be edited, and verification finds a tampered balance", async () => {
    const { membership } = await makeMember();
    const db = await getDb();
    await expect(db.update(pointsLedger).set({ delta: 1_000_000 }).where(eq(pointsLedger.membershipId, membership.id))).rejects.toThrow();
    await expect(db.delete(pointsLedger).where(eq(pointsLedger.membershipId, membership.id))).rejects.toThrow();
    await db.update(memberships).set({ balance: sql`${memberships.balance} + 1` }).where(eq(memberships.id, membership.id));
    const { problems } = await verifyLedger(db);
    expect(problems).toContainEqual(expect.objectContaining({ kind: "balance", id: membership.id, expected: 200, actual: 201 }));
    await db.update(memberships).set({ balance: 200 }).where(eq(memberships.id, membership.id));
  });

  it("keeps members of erased customers out of reach", async () => {
    const { customer } = await makeMember();
    const db = await getDb();
    await db.update(customers).set({ deletedAt: new Date() }).where(eq(customers.id, customer.id));
    await expectAppError(redeemPoints(await makeActor("sales_rep"), customer.id, { points: 1, idempotencyKey: key() }), "NOT_FOUND");
  });
});

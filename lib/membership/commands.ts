import "server-only";
import { addDays, addMonths } from "date-fns";
import { and, eq, inArray, lte, sql } from "drizzle-orm";
import { getDb, type Database } from "@/db/client";
import { coupons, customers, memberships, pendingPoints, pendingRefunds, pointsCampaigns, pointsDraws, pointsLedger, pointsLots, tiers, type Membership, type PendingPoints, type Tier } from "@/db/schema";
import { recordAudit } from "@/lib/audit/commands";
import { assertCan, can, type Actor } from "@/lib/auth/permissions";
import { lockCustomer } from "@/lib/customers/queries";
import { addMonthsToDay, dayIn } from "@/lib/dates";
import { AppError, uniqueViolation } from "@/lib/errors";
import { publishEvent } from "@/lib/events/publish";
import { minorUnitDigits } from "@/lib/money";
import { readSetting } from "@/lib/settings/queries";
import { parseInput } from "@/lib/validation";
import { inTransaction, lockLiveMembership, lockMemberOf, lockMembership, replay, requestHash, reverseRedemptionIn, writeEntry, type LedgerResult } from "./ledger";
import { earnPoints } from "./rules";
import {
  adjustInputSchema,
  enrolInputSchema,
  membershipStatusInputSchema,
  orderEarnSchema,
  orderPaymentSchema,
  orderPointsReturnSchema,
  redeemInputSchema,
  refundReversalSchema,
  reverseInputSchema,
} from "./schemas";
import { entryTier, reviewTier, settleTier } from "./tiers";

export type PointsResult = LedgerResult & { tier: Tier | null };

/** Points of a purchase that wait out the return window: nothing is in the ledger yet. */
export type PendingResult = { pending: PendingPoints; replayed: boolean };

export const isPending = (result: PointsResult | PendingResult | null): result is PendingResult => result !== null && "pending" in result;

const expiryFrom = async (db: Database, from: Date) => addMonths(from, (await readSetting("membership", db)).expiryMonths);

function assertActive(membership: Membership) {
  if (membership.status !== "active") throw new AppError("INVALID_STATE", "errors.membershipNotActive");
}

/**
 * Makes a customer a member: a member number, the entry tier, the anniversary review a year on,
 * and the sign-up bonus. A customer is a member at most once.
 */
export async function enrolMember(actor: Actor, customerId: unknown, input: unknown = {}, outer?: Database): Promise<Membership> {
  assertCan(actor, "membership.enrol");
  const { via, locale } = parseInput(enrolInputSchema, input);
  const db = outer ?? (await getDb());
  try {
    return await inTransaction(db, outer, async (tx) => {
      const customer = await lockCustomer(tx, customerId, actor, "read");
      if (customer.erasedAt) throw new AppError("NOT_FOUND");
      const [existing] = await tx.select({ id: memberships.id }).from(memberships).where(eq(memberships.customerId, customer.id));
      if (existing) throw new AppError("CONFLICT", "errors.alreadyMember");
      const [tier, { timeZone }, settings] = await Promise.all([entryTier(tx), readSetting("organisation", tx), readSetting("membership", tx)]);
      const now = new Date();
      const [membership] = (await tx
        .insert(memberships)
        .values({
          customerId: customer.id,
          enrolledVia: via,
          locale,
          tierId: tier.id,
          reviewedTierId: tier.id,
          nextReviewOn: addMonthsToDay(dayIn(now, timeZone), 12),
          joinedAt: now,
        })
        .returning()) as [Membership];
      await recordAudit(tx, actor, { action: "membership.enrol", entityType: "membership", entityId: membership.id, after: membership });
      await publishEvent(tx, { type: "membership.enrolled", entityType: "customer", entityId: customer.id, permission: "membership.read" });
      if (settings.signupBonus > 0) {
        await writeEntry(
          tx,
          actor,
          membership,
          { scope: "signup", key: membership.id, request: { membershipId: membership.id } },
          { kind: "earn", source: "signup", points: settings.signupBonus, movement: { type: "credit", expiresAt: addMonths(now, settings.expiryMonths) } },
        );
      }
      return membership;
    });
  } catch (error) {
    if (uniqueViolation(error) === "memberships_customer_key") throw new AppError("CONFLICT", "errors.alreadyMember");
    throw error;
  }
}

/**
 * Points for a paid order, once per order: the base rate × the member's tier multiplier × the
 * campaigns of the day, with the paid amount counted towards the tier (which may move up at
 * once). With a return window (`pendingDays`), the points wait as pending and reach the ledger
 * when it ends. Returns null when the customer is not an active member. Sales calls this in the
 * transaction that marks the order paid.
 */
export async function earnPointsForOrder(actor: Actor, input: unknown, outer?: Database): Promise<PointsResult | PendingResult | null> {
  assertCan(actor, "points.earn");
  const order = parseInput(orderEarnSchema, input);
  const db = outer ?? (await getDb());
  return inTransaction(db, outer, async (tx) => {
    let membership: Membership;
    try {
      membership = await lockMemberOf(tx, actor, order.customerId);
    } catch (error) {
      if (error instanceof AppError && error.code === "NOT_FOUND") return null;
      throw error;
    }
    const idempotency = { scope: "order", key: order.orderId, request: order };
    const stored = await replay(tx, idempotency);
    if (stored) return { ...stored, tier: null };
    const [waiting] = await tx.select().from(pendingPoints).where(eq(pendingPoints.orderId, order.orderId));
    if (waiting) {
      if (waiting.requestHash !== requestHash(order)) throw new AppError("CONFLICT", "errors.idempotencyMismatch");
      return { pending: waiting, replayed: true };
    }
    if (membership.status !== "active") return null;

    const [organisation, settings] = await Promise.all([readSetting("organisation", tx), readSetting("membership", tx)]);
    if (order.currency !== organisation.currency) throw new AppError("VALIDATION", "errors.VALIDATION", { currency: ["validation.currency"] });
    const paidAt = order.paidAt ?? new Date();
    const day = dayIn(paidAt, organisation.timeZone);
    const [[tier], campaigns] = await Promise.all([
      tx.select().from(tiers).where(eq(tiers.id, membership.tierId)),
      tx
        .select()
        .from(pointsCampaigns)
        .where(and(eq(pointsCampaigns.active, true), lte(pointsCampaigns.startsOn, day), sql`${pointsCampaigns.endsOn} >= ${day}`)),
    ]);
    const lines = order.lines ?? [{ amount: order.amount, category: null }];
    const currencyDigits = minorUnitDigits(order.currency);
    const earned = earnPoints({ lines, currencyDigits, pointsPerUnit: settings.pointsPerUnit, tierMultiplierPercent: tier!.multiplierPercent, campaigns });
    // The tier is decided on the base rate, so that a multiplier does not feed itself.
    const base = earnPoints({ lines, currencyDigits, pointsPerUnit: settings.pointsPerUnit, tierMultiplierPercent: 100, campaigns: [] });
    if (earned.points === 0 && order.amount === 0) return null;
    const reason = earned.campaignIds.length ? `campaigns:${earned.campaignIds.join(",")}` : null;

    if (settings.pendingDays > 0) {
      const [pending] = (await tx
        .insert(pendingPoints)
        .values({
          membershipId: membership.id,
          orderId: order.orderId,
          points: earned.points,
          qualifyingSpend: order.amount,
          qualifyingPoints: base.points,
          paidAt,
          availableAt: addDays(paidAt, settings.pendingDays),
          reason,
          requestHash: requestHash(order),
        })
        .returning()) as [PendingPoints];
      await recordAudit(tx, actor, { action: "points.pending", entityType: "membership", entityId: membership.id, after: { orderId: order.orderId, points: earned.points, availableAt: pending.availableAt } });
      await publishEvent(tx, { type: "points.changed", entityType: "membership", entityId: membership.id, permission: "membership.read" });
      return { pending, replayed: false };
    }

    const result = await writeEntry(tx, actor, membership, idempotency, {
      kind: "earn",
      source: "order",
      points: earned.points,
      movement: { type: "credit", expiresAt: addMonths(paidAt, settings.expiryMonths) },
      qualifyingSpend: order.amount,
      qualifyingPoints: base.points,
      orderId: order.orderId,
      occurredAt: paidAt,
      reason,
    });
    const newTier = await settleTier(tx, actor, membership, { refund: false, entryIds: [result.entry.id], now: paidAt });
    return { ...result, tier: newTier };
  });
}

/**
 * Takes back what a refunded order earned: all of it for a full refund, the refunded share for a
 * partial one, so that partial refunds add up to the whole. Points already spent take the
 * balance below zero. The tier is re-evaluated without the refunded spend.
 */
export async function reversePointsForRefund(actor: Actor, input: unknown, outer?: Database): Promise<PointsResult | PendingResult | null> {
  assertCan(actor, "points.earn");
  const refund = parseInput(refundReversalSchema, input);
  const db = outer ?? (await getDb());
  return inTransaction(db, outer, async (tx) => {
    const earnedFor = () =>
      tx
        .select()
        .from(pointsLedger)
        .where(and(eq(pointsLedger.idempotencyScope, "order"), eq(pointsLedger.idempotencyKey, refund.orderId)));
    // Whose points these are; then that member is locked before anything that may change is read
    // (pending points may be released meanwhile), following a merge to the kept membership.
    const [earned] = await earnedFor();
    const [waiting] = earned ? [] : await tx.select({ membershipId: pendingPoints.membershipId }).from(pendingPoints).where(eq(pendingPoints.orderId, refund.orderId));
    const owner = earned?.membershipId ?? waiting?.membershipId;
    if (!owner) return null;
    const membership = await lockLiveMembership(tx, owner);

    const [inWindow] = await tx.select().from(pendingRefunds).where(eq(pendingRefunds.refundId, refund.refundId));
    if (inWindow) {
      const [pending] = (await tx.select().from(pendingPoints).where(eq(pendingPoints.id, inWindow.pendingId))) as [PendingPoints];
      return { pending, replayed: true };
    }
    const idempotency = { scope: "refund", key: refund.refundId, request: refund };
    const stored = await replay(tx, idempotency);
    if (stored) return { ...stored, tier: null };
    const [earn] = await earnedFor();
    if (!earn) return refundPending(tx, actor, refund);

    const [before] = await tx
      .select({
        points: sql<number>`coalesce(-sum(${pointsLedger.delta}), 0)`.mapWith(Number),
        spend: sql<number>`coalesce(-sum(${pointsLedger.qualifyingSpend}), 0)`.mapWith(Number),
        qualifying: sql<number>`coalesce(-sum(${pointsLedger.qualifyingPoints}), 0)`.mapWith(Number),
      })
      .from(pointsLedger)
      .where(eq(pointsLedger.reversesId, earn.id));
    const refundedBefore = before!.spend;
    if (refundedBefore + refund.amount > earn.qualifyingSpend) {
      throw new AppError("VALIDATION", "errors.VALIDATION", { amount: ["validation.refundTooLarge"] });
    }
    const share = (earned: number, reversedBefore: number) => {
      const refunded = BigInt(refundedBefore + refund.amount);
      const due = earn.qualifyingSpend > 0 ? Number((BigInt(earned) * refunded) / BigInt(earn.qualifyingSpend)) : earned;
      return Math.max(0, due - reversedBefore);
    };
    const [lot] = await tx.select({ id: pointsLots.id }).from(pointsLots).where(eq(pointsLots.entryId, earn.id));
    const result = await writeEntry(tx, actor, membership, idempotency, {
      kind: "reverse",
      source: "order",
      points: share(earn.delta, before!.points),
      movement: { type: "debit", firstLotId: lot?.id, allowNegative: true },
      qualifyingSpend: -refund.amount,
      qualifyingPoints: -share(earn.qualifyingPoints, before!.qualifying),
      orderId: refund.orderId,
      reversesId: earn.id,
      reason: `refund:${refund.refundId}`,
      // The refund takes its spend out of the months the purchase counted in.
      occurredAt: earn.occurredAt,
    });
    const tier = await settleTier(tx, actor, membership, { refund: true, entryIds: [earn.id, result.entry.id] });
    return { ...result, tier };
  });
}

/**
 * A refund inside the return window, with the member locked: the order's pending points shrink
 * in proportion, or are cancelled by a full refund; the ledger is not touched. Each refund applies
 * once (`pending_refunds` keeps its id, also after the points are released).
 */
async function refundPending(tx: Database, actor: Actor, refund: { orderId: string; refundId: string; amount: number }): Promise<PendingResult | null> {
  const [pending] = await tx.select().from(pendingPoints).where(eq(pendingPoints.orderId, refund.orderId));
  if (!pending) return null;
  if (pending.status !== "pending") throw new AppError("INVALID_STATE", "errors.pendingSettled");
  const refunded = pending.refundedSpend + refund.amount;
  if (refunded > pending.qualifyingSpend) throw new AppError("VALIDATION", "errors.VALIDATION", { amount: ["validation.refundTooLarge"] });
  const [after] = (await tx
    .update(pendingPoints)
    .set({ refundedSpend: refunded, status: refunded === pending.qualifyingSpend ? "cancelled" : "pending" })
    .where(eq(pendingPoints.id, pending.id))
    .returning()) as [PendingPoints];
  await tx.insert(pendingRefunds).values({ refundId: refund.refundId, pendingId: pending.id, amount: refund.amount });
  await recordAudit(tx, actor, { action: "points.pending_refund", entityType: "membership", entityId: pending.membershipId, after: { refundId: refund.refundId, orderId: refund.orderId, amount: refund.amount } });
  await publishEvent(tx, { type: "points.changed", entityType: "membership", entityId: pending.membershipId, permission: "membership.read" });
  return { pending: after, replayed: false };
}

/** The part of pending points that a partial refund leaves: exact shares, as for the ledger. */
const remainingShare = (total: number, spend: number, refunded: number) => (spend > 0 ? total - Number((BigInt(total) * BigInt(refunded)) / BigInt(spend)) : total);

/**
 * Pending points whose return window has ended reach the ledger: one earn row each, under the
 * order's own idempotency key, so a retried run or a late duplicate of the order earns nothing
 * more. The tier moves up if they qualify the member.
 */
export async function releasePendingPoints(actor: Actor, now = new Date()): Promise<number> {
  const db = await getDb();
  const { expiryMonths } = await readSetting("membership", db);
  let released = 0;
  for (;;) {
    const due = await db
      .select({ id: pendingPoints.id, membershipId: pendingPoints.membershipId })
      .from(pendingPoints)
      .where(and(eq(pendingPoints.status, "pending"), lte(pendingPoints.availableAt, now)))
      .orderBy(pendingPoints.availableAt, pendingPoints.id)
      .limit(500);
    if (due.length === 0) return released;
    for (const { id, membershipId } of due) {
      await inTransaction(db, undefined, async (tx) => {
        const membership = await lockMembership(tx, membershipId);
        const [pending] = await tx.select().from(pendingPoints).where(eq(pendingPoints.id, id));
        if (!pending || pending.status !== "pending") return;
        const spend = pending.qualifyingSpend - pending.refundedSpend;
        const points = remainingShare(pending.points, pending.qualifyingSpend, pending.refundedSpend);
        const qualifying = remainingShare(pending.qualifyingPoints, pending.qualifyingSpend, pending.refundedSpend);
        // The order's own key and request, so that the order sent again finds this row.
        const idempotency = { scope: "order", key: pending.orderId, hash: pending.requestHash };
        const result = await writeEntry(tx, actor, membership, idempotency, {
          kind: "earn",
          source: "order",
          points,
          movement: { type: "credit", expiresAt: addMonths(pending.paidAt, expiryMonths) },
          qualifyingSpend: spend,
          qualifyingPoints: qualifying,
          orderId: pending.orderId,
          occurredAt: pending.paidAt,
          reason: pending.reason,
        });
        await tx.update(pendingPoints).set({ status: "released", entryId: result.entry.id }).where(eq(pendingPoints.id, pending.id));
        await settleTier(tx, actor, membership, { refund: false, entryIds: [result.entry.id], now });
        released++;
      });
    }
  }
}

/** Spends points at the till or for the member; never below zero. */
export async function redeemPoints(actor: Actor, customerId: unknown, input: unknown, outer?: Database): Promise<LedgerResult> {
  assertCan(actor, "points.redeem");
  const values = parseInput(redeemInputSchema, input);
  const db = outer ?? (await getDb());
  return inTransaction(db, outer, async (tx) => {
    const membership = await lockMemberOf(tx, actor, customerId);
    const idempotency = { scope: "redeem", key: values.idempotencyKey, request: { customerId, points: values.points, reason: values.reason ?? null } };
    const stored = await replay(tx, idempotency);
    if (stored) return stored;
    assertActive(membership);
    return writeEntry(tx, actor, membership, idempotency, {
      kind: "redeem",
      source: actor.kind === "system" ? "api" : "manual",
      points: values.points,
      movement: { type: "debit" },
      reason: values.reason ?? null,
    });
  });
}

/**
 * Points paying for (part of) an order, once per order: the order's id is the key. Sales calls
 * this in the transaction that marks the order paid; a short balance refuses the payment.
 */
export async function spendPointsOnOrder(actor: Actor, input: unknown, outer?: Database): Promise<LedgerResult> {
  assertCan(actor, "points.redeem");
  const values = parseInput(orderPaymentSchema, input);
  const db = outer ?? (await getDb());
  return inTransaction(db, outer, async (tx) => {
    const membership = await lockMemberOf(tx, actor, values.customerId);
    const idempotency = { scope: "order-payment", key: values.orderId, request: values };
    const stored = await replay(tx, idempotency);
    if (stored) return stored;
    assertActive(membership);
    return writeEntry(tx, actor, membership, idempotency, {
      kind: "redeem",
      source: "order",
      points: values.points,
      movement: { type: "debit" },
      orderId: values.orderId,
      reason: values.reason ?? null,
    });
  });
}

/**
 * Gives back the points an order was paid with (a cancelled or fully refunded order), to the lots
 * they came from; once. Null when the order used no points.
 */
export async function returnOrderPoints(actor: Actor, input: unknown, outer?: Database): Promise<LedgerResult | null> {
  assertCan(actor, "points.earn");
  const values = parseInput(orderPointsReturnSchema, input);
  const db = outer ?? (await getDb());
  return inTransaction(db, outer, async (tx) => {
    const [payment] = await tx
      .select()
      .from(pointsLedger)
      .where(and(eq(pointsLedger.idempotencyScope, "order-payment"), eq(pointsLedger.idempotencyKey, values.orderId)));
    if (!payment) return null;
    const [done] = await tx
      .select()
      .from(pointsLedger)
      .where(and(eq(pointsLedger.idempotencyScope, "reverse"), eq(pointsLedger.idempotencyKey, String(payment.id))));
    if (done) return { entry: done, balance: done.balanceAfter, replayed: true };
    return reverseRedemptionIn(tx, actor, payment, values.reason);
  });
}

/**
 * A manual correction with a reason. Support agents may move at most the capped number of points
 * at once (a setting); managers and admins have no cap. Points added expire like earned ones.
 */
export async function adjustPoints(actor: Actor, customerId: unknown, input: unknown, outer?: Database): Promise<LedgerResult> {
  assertCan(actor, "points.adjust");
  const values = parseInput(adjustInputSchema, input);
  const db = outer ?? (await getDb());
  const { agentAdjustCap } = await readSetting("membership", db);
  if (!can(actor, "points.adjust.uncapped") && Math.abs(values.delta) > agentAdjustCap) {
    throw new AppError("VALIDATION", "errors.VALIDATION", { delta: ["validation.adjustCap"] });
  }
  return inTransaction(db, outer, async (tx) => {
    const membership = await lockMemberOf(tx, actor, customerId);
    const idempotency = { scope: "adjust", key: values.idempotencyKey, request: { customerId, delta: values.delta, reason: values.reason } };
    const stored = await replay(tx, idempotency);
    if (stored) return stored;
    if (membership.status === "closed") throw new AppError("INVALID_STATE", "errors.membershipNotActive");
    const credit = values.delta > 0;
    return writeEntry(tx, actor, membership, idempotency, {
      kind: "adjust",
      source: actor.kind === "system" ? "api" : "manual",
      points: Math.abs(values.delta),
      movement: credit ? { type: "credit", expiresAt: await expiryFrom(tx, new Date()) } : { type: "debit" },
      reason: values.reason,
    });
  });
}

/** Gives back exactly the points a redemption took, to the lots it took them from; once. */
export async function reverseRedemption(actor: Actor, entryId: unknown, input: unknown, outer?: Database): Promise<LedgerResult> {
  assertCan(actor, "points.adjust");
  const { reason } = parseInput(reverseInputSchema, input);
  const id = Number(entryId);
  if (!Number.isSafeInteger(id) || id <= 0) throw new AppError("NOT_FOUND");
  const db = outer ?? (await getDb());
  return inTransaction(db, outer, async (tx) => {
    const [redemption] = await tx.select().from(pointsLedger).where(eq(pointsLedger.id, id));
    if (!redemption) throw new AppError("NOT_FOUND");
    if (redemption.kind !== "redeem") throw new AppError("INVALID_STATE", "errors.notARedemption");
    await lockLiveMembership(tx, redemption.membershipId);
    if (redemption.couponId) {
      // Points spent on a coupon come back only with the coupon: an unused one is cancelled.
      const [coupon] = await tx.select().from(coupons).where(eq(coupons.id, redemption.couponId)).for("update");
      if (coupon && coupon.status !== "available") throw new AppError("INVALID_STATE", `errors.coupon_${coupon.status}`);
      if (coupon) {
        await tx.update(coupons).set({ status: "void", voidReason: reason }).where(eq(coupons.id, coupon.id));
        await recordAudit(tx, actor, { action: "coupon.void", entityType: "coupon", entityId: coupon.id, before: { status: coupon.status }, after: { status: "void", reason } });
        await publishEvent(tx, { type: "coupon.voided", entityType: "membership", entityId: coupon.membershipId, permission: "membership.read" });
      }
    }
    return reverseRedemptionIn(tx, actor, redemption, reason);
  });
}

/** Freezes (no earning or spending), reopens or closes a membership, with a reason. */
export async function setMembershipStatus(actor: Actor, customerId: unknown, input: unknown): Promise<Membership> {
  assertCan(actor, "membership.manage");
  const { status, reason } = parseInput(membershipStatusInputSchema, input);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const before = await lockMemberOf(tx, actor, customerId);
    if (before.status === "closed") throw new AppError("INVALID_STATE", "errors.membershipClosed");
    if (before.status === status) return before;
    const [after] = (await tx.update(memberships).set({ status }).where(eq(memberships.id, before.id)).returning()) as [Membership];
    await recordAudit(tx, actor, { action: `membership.${status === "active" ? "reopen" : status === "frozen" ? "freeze" : "close"}`, entityType: "membership", entityId: after.id, before: { status: before.status }, after: { status, reason } });
    await publishEvent(tx, { type: "membership.updated", entityType: "membership", entityId: after.id, permission: "membership.read" });
    return after;
  });
}

/** Points of lots past their expiry date leave the balance: one ledger row per lot, once. */
export async function expirePoints(actor: Actor, now = new Date()): Promise<number> {
  const db = await getDb();
  let expired = 0;
  for (;;) {
    const due = await db
      .select({ id: pointsLots.id, membershipId: pointsLots.membershipId })
      .from(pointsLots)
      .where(and(lte(pointsLots.expiresAt, now), sql`${pointsLots.remaining} > 0`))
      .orderBy(pointsLots.expiresAt, pointsLots.id)
      .limit(500);
    if (due.length === 0) return expired;
    let progress = 0;
    for (const { id, membershipId } of due) {
      await inTransaction(db, undefined, async (tx) => {
        const membership = await lockMembership(tx, membershipId);
        const [lot] = await tx.select().from(pointsLots).where(eq(pointsLots.id, id));
        if (!lot || lot.remaining === 0) return;
        // The key counts the lot's expiries, so that a lot given back after it expired (a
        // reversed redemption) expires again under a new key.
        const [{ n }] = (await tx
          .select({ n: sql<number>`count(*)::int` })
          .from(pointsDraws)
          .innerJoin(pointsLedger, eq(pointsLedger.id, pointsDraws.entryId))
          .where(and(eq(pointsDraws.lotId, lot.id), eq(pointsLedger.kind, "expire")))) as [{ n: number }];
        const idempotency = { scope: "expire", key: `${lot.id}#${n + 1}`, request: { lotId: lot.id } };
        await writeEntry(tx, actor, membership, idempotency, {
          kind: "expire",
          source: "expiry",
          points: lot.remaining,
          movement: { type: "debit", firstLotId: lot.id },
          occurredAt: lot.expiresAt,
        });
        expired++;
        progress++;
      });
    }
    // Every lot was settled by someone else meanwhile: the next query finds what is left.
    if (progress === 0 && due.length < 500) return expired;
  }
}

/** The birthday bonus for active members whose birthday is today in the organisation's time zone; once a year. */
export async function awardBirthdayBonuses(actor: Actor, now = new Date()): Promise<number> {
  const db = await getDb();
  const [{ timeZone }, settings] = await Promise.all([readSetting("organisation", db), readSetting("membership", db)]);
  if (settings.birthdayBonus <= 0) return 0;
  const today = dayIn(now, timeZone);
  const [year, monthDay] = [today.slice(0, 4), today.slice(5)];
  const leap = new Date(Date.UTC(Number(year), 1, 29)).getUTCDate() === 29;
  // People born on 29 February celebrate on the 28th in other years.
  const days = monthDay === "02-28" && !leap ? ["02-28", "02-29"] : [monthDay];
  const due = await db
    .select({ id: memberships.id })
    .from(memberships)
    .innerJoin(customers, eq(customers.id, memberships.customerId))
    .where(
      and(
        eq(memberships.status, "active"),
        sql`${customers.deletedAt} is null`,
        inArray(sql`to_char(${customers.birthday}, 'MM-DD')`, days),
      ),
    );
  let awarded = 0;
  for (const { id } of due) {
    await inTransaction(db, undefined, async (tx) => {
      const membership = await lockMembership(tx, id);
      const idempotency = { scope: "birthday", key: `${id}:${year}`, request: { membershipId: id, year } };
      if (await replay(tx, idempotency)) return;
      await writeEntry(tx, actor, membership, idempotency, {
        kind: "earn",
        source: "birthday",
        points: settings.birthdayBonus,
        movement: { type: "credit", expiresAt: addMonths(now, settings.expiryMonths) },
      });
      awarded++;
    });
  }
  return awarded;
}

/** Reviews the tier of every member whose anniversary has come (one tier down at most). */
export async function reviewDueTiers(actor: Actor, now = new Date()): Promise<number> {
  const db = await getDb();
  const { timeZone } = await readSetting("organisation", db);
  const today = dayIn(now, timeZone);
  const due = await db
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(lte(memberships.nextReviewOn, today), sql`${memberships.status} <> 'closed'`));
  for (const { id } of due) {
    await inTransaction(db, undefined, async (tx) => {
      const membership = await lockMembership(tx, id);
      if (membership.nextReviewOn > today) return;
      let next = membership.nextReviewOn;
      while (next <= today) next = addMonthsToDay(next, 12);
      await reviewTier(tx, actor, membership, now, next);
    });
  }
  return due.length;
}


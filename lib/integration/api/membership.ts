import crypto from "node:crypto";
import { z } from "zod";
import { couponKinds, couponStatuses, enrolmentChannels, membershipStatuses, pointsKinds, pointsSources, type PointsEntry, type Tier } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { locales } from "@/lib/i18n/locales";
import { expiringSoonDays, type MemberSummary } from "@/lib/membership/queries";
import { formatMemberNumber } from "@/lib/membership/rules";
import { adjustInputSchema, enrolInputSchema, idempotencyKey, redeemInputSchema } from "@/lib/membership/schemas";
import { requiredText, wholeNumber } from "@/lib/validation";
import { listOf, pageParams } from "../cursor";
import { defineOperation } from "../operation";

const tierRef = z
  .object({
    id: z.uuid(),
    name: z.string().meta({ example: "Gold" }),
    nameZh: z.string().meta({ example: "黄金" }),
    rank: z.int().meta({ description: "0 is the entry tier; higher is better." }),
  })
  .meta({ id: "TierRef" });

const toTierRef = (tier: Tier): z.input<typeof tierRef> => ({ id: tier.id, name: tier.name, nameZh: tier.nameZh, rank: tier.rank });

const needed = {
  spendNeeded: z.int().nullable().meta({ description: "Qualifying spend still needed, in minor units of `currency`; null when the tier has no spend threshold." }),
  pointsNeeded: z.int().nullable().meta({ description: "Qualifying points still needed; null when the tier has no points threshold." }),
};

export const membershipResource = z
  .object({
    id: z.uuid(),
    customerId: z.uuid(),
    memberNumber: z.string().meta({ example: "M-00010001" }),
    status: z.enum(membershipStatuses).meta({ description: "A frozen membership neither earns nor spends; a closed one is final." }),
    enrolledVia: z.enum(enrolmentChannels),
    locale: z.string().meta({ description: `The member's language: ${locales.join(" or ")}.` }),
    joinedAt: z.iso.datetime(),
    tier: tierRef,
    balance: z.int().meta({ description: "Points the member can spend now; below zero only when a refund took back points already spent." }),
    pending: z
      .object({ points: z.int(), nextAt: z.iso.datetime().nullable().meta({ description: "When the first of them reach the balance." }) })
      .meta({ description: "Purchase points waiting out the return window." }),
    expiringSoon: z
      .object({
        points: z.int(),
        on: z.iso.datetime().nullable().meta({ description: "When the first of them expire; null when none do." }),
        withinDays: z.int(),
      })
      .meta({ description: "Points of the balance that expire within `withinDays` days." }),
    currency: z.string().meta({ description: "ISO 4217; the currency of every spend figure.", example: "CNY" }),
    qualifying: z
      .object({ spend: z.int().meta({ description: "In minor units of `currency`." }), points: z.int() })
      .meta({ description: "Qualifying spend and points of the rolling twelve months, which decide the tier." }),
    nextTier: z
      .object({ tier: tierRef, ...needed })
      .nullable()
      .meta({ description: "What is still needed for the next tier (either threshold is enough); null at the top." }),
    keepTier: z
      .object({ by: z.iso.date(), ...needed })
      .nullable()
      .meta({ description: "What is still needed by the review day `by` to keep the tier; null when it is kept already." }),
    nextReviewOn: z.iso.date().meta({ description: "The anniversary review, when the tier may go down by one." }),
  })
  .meta({ id: "Membership" });

export function toMembershipResource(summary: MemberSummary, currency: string): z.input<typeof membershipResource> {
  const { membership, next, keep } = summary;
  return {
    id: membership.id,
    customerId: membership.customerId,
    memberNumber: formatMemberNumber(membership.number),
    status: membership.status,
    enrolledVia: membership.enrolledVia,
    locale: membership.locale,
    joinedAt: membership.joinedAt.toISOString(),
    tier: toTierRef(summary.tier),
    balance: membership.balance,
    pending: { points: summary.pending.points, nextAt: summary.pending.nextAt?.toISOString() ?? null },
    expiringSoon: { points: summary.expiringSoon.points, on: summary.expiringSoon.firstAt?.toISOString() ?? null, withinDays: expiringSoonDays },
    currency,
    qualifying: { spend: summary.figures.spend, points: summary.figures.points },
    nextTier: next ? { tier: toTierRef(next.tier), spendNeeded: next.spend, pointsNeeded: next.points } : null,
    keepTier: keep ? { by: keep.by, spendNeeded: keep.spend, pointsNeeded: keep.points } : null,
    nextReviewOn: membership.nextReviewOn,
  };
}

export const pointsEntryResource = z
  .object({
    id: z.int().meta({ description: "Sequential; a later entry has a higher id." }),
    kind: z.enum(pointsKinds),
    source: z.enum(pointsSources),
    delta: z.int().meta({ description: "Points in (positive) or out (negative)." }),
    balanceAfter: z.int(),
    reason: z.string().nullable(),
    orderId: z.uuid().nullable(),
    couponId: z.uuid().nullable(),
    reversesId: z.int().nullable().meta({ description: "The entry this one reverses (a refund's earn, a cancelled redemption)." }),
    occurredAt: z.iso.datetime().meta({ description: "When it happened in business terms (an order's payment)." }),
    createdAt: z.iso.datetime().meta({ description: "When it was recorded." }),
  })
  .meta({ id: "PointsEntry" });

export function toPointsEntryResource(entry: PointsEntry): z.input<typeof pointsEntryResource> {
  return {
    id: entry.id,
    kind: entry.kind,
    source: entry.source,
    delta: entry.delta,
    balanceAfter: entry.balanceAfter,
    reason: entry.reason,
    orderId: entry.orderId,
    couponId: entry.couponId,
    reversesId: entry.reversesId,
    occurredAt: entry.occurredAt.toISOString(),
    createdAt: entry.createdAt.toISOString(),
  };
}

const pointsChangeResource = z
  .object({ balance: z.int().meta({ description: "The member's balance after the change." }), entry: pointsEntryResource })
  .meta({ id: "PointsChange" });

export const toPointsChangeResource = (result: { entry: PointsEntry; balance: number }): z.input<typeof pointsChangeResource> => ({
  balance: result.balance,
  entry: toPointsEntryResource(result.entry),
});

export const couponResource = z
  .object({
    id: z.uuid(),
    code: z.string().meta({ example: "AB3D-7KQM-9PXZ" }),
    status: z.enum(couponStatuses),
    templateName: z.string(),
    templateNameZh: z.string().nullable(),
    description: z.string(),
    kind: z.enum(couponKinds).meta({ description: "`fixed` takes `amountOff` off; `percent` takes `percentOff` % off, at most `maxDiscount`." }),
    amountOff: z.int().nullable().meta({ description: "In minor units of `currency`." }),
    percentOff: z.int().nullable(),
    maxDiscount: z.int().nullable().meta({ description: "In minor units of `currency`; null for no cap." }),
    minSpend: z.int().meta({ description: "The smallest order it applies to, in minor units of `currency`." }),
    currency: z.string().meta({ example: "CNY" }),
    validFrom: z.iso.datetime(),
    validUntil: z.iso.datetime().meta({ description: "The coupon can be used before this moment." }),
    redeemedAt: z.iso.datetime().nullable(),
    discount: z.int().nullable().meta({ description: "What it took off the order it was used on, in minor units of `currency`." }),
  })
  .meta({ id: "Coupon" });

type MemberCoupon = {
  id: string;
  code: string;
  status: (typeof couponStatuses)[number];
  validFrom: Date;
  expiresAt: Date;
  redeemedAt: Date | null;
  discount: number | null;
  name: string;
  nameZh: string | null;
  description: string;
  kind: (typeof couponKinds)[number];
  amountOff: number | null;
  percentOff: number | null;
  maxDiscount: number | null;
  minSpend: number;
  currency: string;
};

export function toCouponResource(coupon: MemberCoupon): z.input<typeof couponResource> {
  return {
    id: coupon.id,
    code: coupon.code,
    status: coupon.status,
    templateName: coupon.name,
    templateNameZh: coupon.nameZh,
    description: coupon.description,
    kind: coupon.kind,
    amountOff: coupon.amountOff,
    percentOff: coupon.percentOff,
    maxDiscount: coupon.maxDiscount,
    minSpend: coupon.minSpend,
    currency: coupon.currency,
    validFrom: coupon.validFrom.toISOString(),
    validUntil: coupon.expiresAt.toISOString(),
    redeemedAt: coupon.redeemedAt?.toISOString() ?? null,
    discount: coupon.discount,
  };
}

const couponCheckInput = z
  .strictObject({
    code: requiredText(40).meta({ description: "As printed or typed: any case, with or without dashes." }),
    customerId: z.uuid().meta({ description: "The customer the order is for; a coupon is valid only for its owner." }),
    orderAmount: wholeNumber(0, 10_000_000_000_000).meta({ description: "The order's amount before the coupon, in minor units of `currency`." }),
    currency: z.string({ error: "validation.required" }).trim().length(3, { error: "validation.currency" }).toUpperCase().meta({ example: "CNY" }),
  })
  .meta({ id: "CouponCheckInput" });

const couponCheckResource = z
  .object({
    valid: z.literal(true),
    couponId: z.uuid(),
    templateName: z.string(),
    discount: z.int().meta({ description: "What the coupon takes off this order, in minor units of `currency`; never more than the order." }),
    currency: z.string(),
  })
  .meta({ id: "CouponCheck" });

/** Why a coupon does not apply, as the API says it: a code or currency that does not fit is bad input; anything else conflicts with the coupon's state. */
export function couponRefusal(reason: string): AppError {
  if (reason === "errors.couponUnknown") return new AppError("VALIDATION", reason, { code: [reason] });
  if (reason === "errors.couponCurrency") return new AppError("VALIDATION", reason, { currency: [reason] });
  return new AppError("INVALID_STATE", reason);
}

/**
 * The request's idempotency key as the ledger keeps it: as it is when it fits the ledger's key
 * format, else its digest, so that any `Idempotency-Key` the API accepts works.
 */
export const ledgerKey = (key: string) => (idempotencyKey.safeParse(key).success ? key : `api:sha256:${crypto.createHash("sha256").update(key).digest("hex")}`);

export const membershipOperations = {
  enrol: defineOperation({
    method: "POST",
    path: "/customers/{customerId}/membership",
    operationId: "enrolMember",
    summary: "Enrol a customer as a member",
    description: "Gives the customer a member number and the entry tier, and credits the sign-up bonus. A customer is a member at most once: enrolling again answers 409 `already_member`.",
    tag: "Membership",
    scope: "membership:write",
    body: enrolInputSchema.pick({ locale: true }).meta({ id: "MembershipEnrolment" }),
    example: { locale: "zh-CN" },
    response: membershipResource,
    status: 201,
    errors: [404, 409],
  }),
  get: defineOperation({
    method: "GET",
    path: "/customers/{customerId}/membership",
    operationId: "getMembership",
    summary: "Get a customer's membership",
    description: "The member's tier, balance, pending and soon expiring points, and what the next tier and keeping the current one take. 404 when the customer is not a member.",
    tag: "Membership",
    scope: "membership:read",
    response: membershipResource,
    errors: [404],
  }),
  listPoints: defineOperation({
    method: "GET",
    path: "/customers/{customerId}/points",
    operationId: "listPointsEntries",
    summary: "List a member's points entries",
    description: "The points ledger, newest recorded first. 404 when the customer is not a member.",
    tag: "Membership",
    scope: "membership:read",
    query: z.object(pageParams),
    response: listOf(pointsEntryResource),
    errors: [404],
  }),
  adjust: defineOperation({
    method: "POST",
    path: "/customers/{customerId}/points",
    operationId: "adjustPoints",
    summary: "Adjust a member's points",
    description: "A manual correction with a reason: a positive `delta` adds points (which expire like earned ones), a negative one takes them away. Send an `Idempotency-Key`, so that a retry adjusts once.",
    tag: "Membership",
    scope: "points:write",
    body: adjustInputSchema.omit({ idempotencyKey: true }).meta({ id: "PointsAdjustment" }),
    example: { delta: 500, reason: "Goodwill for a late delivery" },
    response: pointsChangeResource,
    status: 201,
    errors: [404, 409],
  }),
  redeem: defineOperation({
    method: "POST",
    path: "/customers/{customerId}/points/redeem",
    operationId: "redeemPoints",
    summary: "Spend a member's points",
    description: "Takes points from the balance, soonest expiring first; never below zero: a short balance answers 409 `insufficient_points`. Send an `Idempotency-Key`, so that a retry spends once.",
    tag: "Membership",
    scope: "points:write",
    body: redeemInputSchema.omit({ idempotencyKey: true }).meta({ id: "PointsRedemption" }),
    example: { points: 100, reason: "Tea tasting voucher" },
    response: pointsChangeResource,
    status: 201,
    errors: [404, 409],
  }),
  listCoupons: defineOperation({
    method: "GET",
    path: "/customers/{customerId}/coupons",
    operationId: "listMemberCoupons",
    summary: "List a member's coupons",
    description: "Every coupon the member holds or held (at most 500), newest first, in one page: `nextCursor` is null. 404 when the customer is not a member.",
    tag: "Coupons",
    scope: "membership:read",
    response: listOf(couponResource),
    errors: [404],
  }),
  validateCoupon: defineOperation({
    method: "POST",
    path: "/coupons/validate",
    operationId: "validateCoupon",
    summary: "Check a coupon for an order",
    description:
      "Whether the coupon applies to an order of the customer now, and what it takes off; nothing changes. A code that is not the customer's answers 422 `coupon_unknown`, another currency 422 `coupon_currency`; " +
      "a coupon that cannot be used answers 409 with the reason: `coupon_redeemed`, `coupon_void`, `coupon_expired`, `coupon_not_yet_valid`, `membership_not_active`, `coupon_tier_not_eligible`, `coupon_min_spend`. " +
      "The scope is that of placing orders, which redeem coupons.",
    tag: "Coupons",
    scope: "orders:write",
    body: couponCheckInput,
    example: { code: "AB3D-7KQM-9PXZ", customerId: "3f1c2a9e-8b7d-4c6e-9a5b-1d2e3f4a5b6c", orderAmount: 29900, currency: "CNY" },
    response: couponCheckResource,
    errors: [409],
  }),
};

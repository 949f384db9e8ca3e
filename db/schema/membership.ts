import { sql } from "drizzle-orm";
import { type AnyPgColumn, bigint, boolean, check, date, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "./columns";
import { customerSegments, customers } from "./customers";
import { users } from "./platform";

/**
 * Ordered tiers. A member qualifies for a tier when the rolling 12 months reach either threshold
 * (spend in minor units of the organisation's currency, or qualifying points); a tier with neither
 * is the entry tier that everyone holds.
 */
export const tiers = pgTable(
  "tiers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** 0 is the entry tier; higher is better. */
    rank: integer("rank").notNull(),
    name: text("name").notNull(),
    nameZh: text("name_zh").notNull(),
    minSpend: bigint("min_spend", { mode: "number" }),
    minPoints: bigint("min_points", { mode: "number" }),
    /** Earn multiplier in percent: 150 earns 1.5 × the base rate. */
    multiplierPercent: integer("multiplier_percent").notNull().default(100),
    benefits: text("benefits").notNull().default(""),
    benefitsZh: text("benefits_zh").notNull().default(""),
    ...timestamps,
  },
  (table) => [
    uniqueIndex("tiers_rank_key").on(table.rank),
    check("tiers_multiplier_check", sql`${table.multiplierPercent} between 0 and 10000`),
    check("tiers_thresholds_check", sql`coalesce(${table.minSpend}, 0) >= 0 and coalesce(${table.minPoints}, 0) >= 0`),
  ],
);

export type Tier = typeof tiers.$inferSelect;

export const membershipStatuses = ["active", "frozen", "closed"] as const;
export const membershipStatusEnum = pgEnum("membership_status", membershipStatuses);
export const enrolmentChannels = ["staff", "portal", "api"] as const;
export const enrolmentChannelEnum = pgEnum("enrolment_channel", enrolmentChannels);

export const memberships = pgTable(
  "memberships",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Shown to people and printed as a QR code as `M-00001234`. */
    number: bigint("number", { mode: "number" }).notNull().generatedAlwaysAsIdentity({ startWith: 10001 }),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id),
    /** The member's portal account, once they have one. */
    userId: uuid("user_id").references(() => users.id),
    status: membershipStatusEnum("status").notNull().default("active"),
    enrolledVia: enrolmentChannelEnum("enrolled_via").notNull(),
    tierId: uuid("tier_id")
      .notNull()
      .references(() => tiers.id),
    /** The tier confirmed at the last review: a refund never takes the member below it before the next one. */
    reviewedTierId: uuid("reviewed_tier_id")
      .notNull()
      .references(() => tiers.id),
    /** The member's anniversary, when a downgrade of one tier is considered. */
    nextReviewOn: date("next_review_on", { mode: "string" }).notNull(),
    /** The language of the member's e-mails and portal: `en` or `zh-CN`. */
    locale: text("locale").notNull().default("en"),
    /** The sum of the member's ledger, kept in the same transaction as every ledger row. */
    balance: bigint("balance", { mode: "number" }).notNull().default(0),
    joinedAt: timestamp("joined_at", { withTimezone: true }).notNull().defaultNow(),
    /** Set when the customer was merged into another: later movements (a refund) go there. */
    mergedIntoId: uuid("merged_into_id").references((): AnyPgColumn => memberships.id),
    ...timestamps,
  },
  (table) => [
    uniqueIndex("memberships_number_key").on(table.number),
    uniqueIndex("memberships_customer_key").on(table.customerId),
    uniqueIndex("memberships_user_key").on(table.userId),
    index("memberships_tier_idx").on(table.tierId),
    index("memberships_review_idx").on(table.nextReviewOn),
  ],
);

export type Membership = typeof memberships.$inferSelect;

export const pointsKinds = ["earn", "redeem", "expire", "adjust", "reverse"] as const;
export const pointsKindEnum = pgEnum("points_kind", pointsKinds);
/** What a ledger row was for. */
export const pointsSources = ["order", "signup", "birthday", "manual", "coupon", "expiry", "merge", "api"] as const;
export const pointsSourceEnum = pgEnum("points_source", pointsSources);

/**
 * The points ledger: append-only. A member's balance is the sum of `delta`; corrections are
 * compensating rows. Every row carries an idempotency key, unique in its scope, so that a retried
 * request finds the row it already wrote instead of writing another.
 */
export const pointsLedger = pgTable(
  "points_ledger",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    membershipId: uuid("membership_id")
      .notNull()
      .references(() => memberships.id),
    kind: pointsKindEnum("kind").notNull(),
    source: pointsSourceEnum("source").notNull(),
    delta: bigint("delta", { mode: "number" }).notNull(),
    balanceAfter: bigint("balance_after", { mode: "number" }).notNull(),
    /** What the row adds to (or, reversed, takes from) the rolling 12 months that decide the tier. */
    qualifyingSpend: bigint("qualifying_spend", { mode: "number" }).notNull().default(0),
    qualifyingPoints: bigint("qualifying_points", { mode: "number" }).notNull().default(0),
    orderId: uuid("order_id"),
    couponId: uuid("coupon_id"),
    /** The row this one reverses (a refund's earn, a cancelled redemption). */
    reversesId: bigint("reverses_id", { mode: "number" }).references((): AnyPgColumn => pointsLedger.id),
    reason: text("reason"),
    idempotencyScope: text("idempotency_scope").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    /** A digest of the request, so that a key sent again with another body is refused. */
    requestHash: text("request_hash").notNull(),
    actorId: uuid("actor_id").references(() => users.id),
    actorLabel: text("actor_label").notNull(),
    /** When it happened in business terms (an order's payment), which decides the tier's twelve months. */
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull().defaultNow(),
    ...timestamps,
  },
  (table) => [
    uniqueIndex("points_ledger_idempotency_key").on(table.idempotencyScope, table.idempotencyKey),
    index("points_ledger_membership_idx").on(table.membershipId, table.occurredAt),
    // Months of the ledger for the reports and the organisation's ledger screen.
    index("points_ledger_occurred_idx").on(table.occurredAt, table.id),
    index("points_ledger_order_idx").on(table.orderId),
    index("points_ledger_reverses_idx").on(table.reversesId),
    // A purchase too small to earn a point still counts towards the tier.
    check("points_ledger_delta_check", sql`${table.delta} <> 0 or ${table.qualifyingSpend} <> 0`),
  ],
);

export type PointsEntry = typeof pointsLedger.$inferSelect;

export const pendingStatuses = ["pending", "released", "cancelled"] as const;
export const pendingStatusEnum = pgEnum("pending_points_status", pendingStatuses);

/**
 * Points for a purchase that wait out the return window (the `pendingDays` setting) before they
 * reach the ledger: a refund in the window shrinks or cancels them without touching the balance;
 * at `availableAt` a job writes the earn row under the order's own idempotency key.
 */
export const pendingPoints = pgTable(
  "pending_points",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    membershipId: uuid("membership_id")
      .notNull()
      .references(() => memberships.id),
    orderId: uuid("order_id").notNull(),
    points: bigint("points", { mode: "number" }).notNull(),
    qualifyingSpend: bigint("qualifying_spend", { mode: "number" }).notNull(),
    qualifyingPoints: bigint("qualifying_points", { mode: "number" }).notNull(),
    /** Refunded within the window, in minor units; the points shrink in proportion. */
    refundedSpend: bigint("refunded_spend", { mode: "number" }).notNull().default(0),
    paidAt: timestamp("paid_at", { withTimezone: true }).notNull(),
    availableAt: timestamp("available_at", { withTimezone: true }).notNull(),
    status: pendingStatusEnum("status").notNull().default("pending"),
    reason: text("reason"),
    requestHash: text("request_hash").notNull(),
    /** The ledger row that released them. */
    entryId: bigint("entry_id", { mode: "number" }).references(() => pointsLedger.id),
    ...timestamps,
  },
  (table) => [
    uniqueIndex("pending_points_order_key").on(table.orderId),
    index("pending_points_due_idx").on(table.availableAt).where(sql`${table.status} = 'pending'`),
    index("pending_points_membership_idx").on(table.membershipId).where(sql`${table.status} = 'pending'`),
    check("pending_points_refund_check", sql`${table.refundedSpend} between 0 and ${table.qualifyingSpend}`),
  ],
);

export type PendingPoints = typeof pendingPoints.$inferSelect;

/** Refunds applied to pending points, once each: a refund sent again after the release finds its row here. */
export const pendingRefunds = pgTable("pending_refunds", {
  refundId: text("refund_id").primaryKey(),
  pendingId: bigint("pending_id", { mode: "number" })
    .notNull()
    .references(() => pendingPoints.id),
  amount: bigint("amount", { mode: "number" }).notNull(),
  ...timestamps,
});

/** Points earned together, spent and expired oldest first. */
export const pointsLots = pgTable(
  "points_lots",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    membershipId: uuid("membership_id")
      .notNull()
      .references(() => memberships.id),
    /** The ledger row that credited the lot. */
    entryId: bigint("entry_id", { mode: "number" })
      .notNull()
      .references(() => pointsLedger.id),
    points: bigint("points", { mode: "number" }).notNull(),
    remaining: bigint("remaining", { mode: "number" }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    ...timestamps,
  },
  (table) => [
    index("points_lots_open_idx").on(table.membershipId, table.expiresAt, table.id).where(sql`${table.remaining} > 0`),
    index("points_lots_expiry_idx").on(table.expiresAt).where(sql`${table.remaining} > 0`),
    index("points_lots_entry_idx").on(table.entryId),
    check("points_lots_remaining_check", sql`${table.points} > 0 and ${table.remaining} between 0 and ${table.points}`),
  ],
);

export type PointsLot = typeof pointsLots.$inferSelect;

/**
 * Which lots a ledger row drew from (positive) or gave back to (negative), so that reversing a
 * redemption returns exactly the points it took.
 */
export const pointsDraws = pgTable(
  "points_draws",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    entryId: bigint("entry_id", { mode: "number" })
      .notNull()
      .references(() => pointsLedger.id),
    lotId: bigint("lot_id", { mode: "number" })
      .notNull()
      .references(() => pointsLots.id),
    points: bigint("points", { mode: "number" }).notNull(),
    ...timestamps,
  },
  (table) => [index("points_draws_entry_idx").on(table.entryId), index("points_draws_lot_idx").on(table.lotId), check("points_draws_points_check", sql`${table.points} <> 0`)],
);

export const tierChangeReasons = ["upgrade", "review", "refund", "manual"] as const;
export const tierChangeReasonEnum = pgEnum("tier_change_reason", tierChangeReasons);

/** Every tier change, with the ledger rows that caused it and the figures it was decided on. */
export const tierChanges = pgTable(
  "tier_changes",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    membershipId: uuid("membership_id")
      .notNull()
      .references(() => memberships.id),
    fromTierId: uuid("from_tier_id").references(() => tiers.id),
    toTierId: uuid("to_tier_id")
      .notNull()
      .references(() => tiers.id),
    reason: tierChangeReasonEnum("reason").notNull(),
    entryIds: bigint("entry_ids", { mode: "number" }).array().notNull().default(sql`'{}'::bigint[]`),
    qualifyingSpend: bigint("qualifying_spend", { mode: "number" }).notNull(),
    qualifyingPoints: bigint("qualifying_points", { mode: "number" }).notNull(),
    actorLabel: text("actor_label").notNull(),
    ...timestamps,
  },
  (table) => [index("tier_changes_membership_idx").on(table.membershipId, table.createdAt), index("tier_changes_created_idx").on(table.createdAt)],
);

export type TierChange = typeof tierChanges.$inferSelect;

export const campaignKinds = ["multiplier", "bonus"] as const;
export const campaignKindEnum = pgEnum("campaign_kind", campaignKinds);

/** Extra points for purchases in a date range, optionally of one product category. */
export const pointsCampaigns = pgTable(
  "points_campaigns",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    kind: campaignKindEnum("kind").notNull(),
    /** `multiplier`: 200 doubles the points of matching lines. */
    multiplierPercent: integer("multiplier_percent"),
    /** `bonus`: fixed points once per order with a matching line. */
    bonusPoints: integer("bonus_points"),
    /** Only lines of this product category; none means every line. */
    category: text("category"),
    startsOn: date("starts_on", { mode: "string" }).notNull(),
    endsOn: date("ends_on", { mode: "string" }).notNull(),
    active: boolean("active").notNull().default(true),
    ...timestamps,
  },
  (table) => [
    index("points_campaigns_dates_idx").on(table.startsOn, table.endsOn),
    check("points_campaigns_dates_check", sql`${table.startsOn} <= ${table.endsOn}`),
    check(
      "points_campaigns_kind_check",
      sql`(${table.kind} = 'multiplier' and ${table.multiplierPercent} > 0) or (${table.kind} = 'bonus' and ${table.bonusPoints} > 0)`,
    ),
  ],
);

export type PointsCampaign = typeof pointsCampaigns.$inferSelect;

export const couponKinds = ["fixed", "percent"] as const;
export const couponKindEnum = pgEnum("coupon_kind", couponKinds);

export const couponTemplates = pgTable(
  "coupon_templates",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    nameZh: text("name_zh"),
    description: text("description").notNull().default(""),
    kind: couponKindEnum("kind").notNull(),
    /** `fixed`: minor units off. */
    amountOff: bigint("amount_off", { mode: "number" }),
    /** `percent`: percent off, at most `maxDiscount` minor units when set. */
    percentOff: integer("percent_off"),
    maxDiscount: bigint("max_discount", { mode: "number" }),
    minSpend: bigint("min_spend", { mode: "number" }).notNull().default(0),
    currency: text("currency").notNull(),
    /** Either a fixed window… */
    validFrom: timestamp("valid_from", { withTimezone: true }),
    validUntil: timestamp("valid_until", { withTimezone: true }),
    /** …or this many days from issue. */
    validDays: integer("valid_days"),
    totalQuantity: integer("total_quantity"),
    issuedCount: integer("issued_count").notNull().default(0),
    perMemberLimit: integer("per_member_limit"),
    /** Empty means every tier. */
    eligibleTierIds: uuid("eligible_tier_ids").array().notNull().default(sql`'{}'::uuid[]`),
    /** Members may exchange this many points for one coupon; none keeps it out of the catalogue. */
    pointsPrice: integer("points_price"),
    active: boolean("active").notNull().default(true),
    ...timestamps,
  },
  (table) => [
    check(
      "coupon_templates_kind_check",
      sql`(${table.kind} = 'fixed' and ${table.amountOff} > 0) or (${table.kind} = 'percent' and ${table.percentOff} between 1 and 100)`,
    ),
    check("coupon_templates_validity_check", sql`${table.validDays} > 0 or ${table.validUntil} is not null`),
    check("coupon_templates_quantity_check", sql`${table.totalQuantity} is null or ${table.issuedCount} <= ${table.totalQuantity}`),
  ],
);

export type CouponTemplate = typeof couponTemplates.$inferSelect;

export const couponStatuses = ["available", "redeemed", "void", "expired"] as const;
export const couponStatusEnum = pgEnum("coupon_status", couponStatuses);
export const couponIssueChannels = ["staff", "bulk", "exchange", "api"] as const;
export const couponIssueChannelEnum = pgEnum("coupon_issue_channel", couponIssueChannels);

export const coupons = pgTable(
  "coupons",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Random and unguessable; typed at the till or in the shop. */
    code: text("code").notNull(),
    templateId: uuid("template_id")
      .notNull()
      .references(() => couponTemplates.id),
    membershipId: uuid("membership_id")
      .notNull()
      .references(() => memberships.id),
    status: couponStatusEnum("status").notNull().default("available"),
    issuedVia: couponIssueChannelEnum("issued_via").notNull(),
    /** Makes an issue idempotent: a retried exchange or bulk run finds the coupon it made. */
    issueKey: text("issue_key").notNull(),
    validFrom: timestamp("valid_from", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    redeemedAt: timestamp("redeemed_at", { withTimezone: true }),
    orderId: uuid("order_id"),
    discount: bigint("discount", { mode: "number" }),
    voidReason: text("void_reason"),
    issuedBy: uuid("issued_by").references(() => users.id),
    ...timestamps,
  },
  (table) => [
    uniqueIndex("coupons_code_key").on(table.code),
    uniqueIndex("coupons_issue_key").on(table.issueKey),
    index("coupons_membership_idx").on(table.membershipId, table.status),
    index("coupons_template_idx").on(table.templateId, table.status),
    // Coupons issued in a span, per template: the reports count them from the index alone.
    index("coupons_issued_idx").on(table.createdAt, table.templateId, table.status),
    index("coupons_template_issued_idx").on(table.templateId, table.createdAt),
    index("coupons_expiry_idx").on(table.expiresAt).where(sql`${table.status} = 'available'`),
  ],
);

export type Coupon = typeof coupons.$inferSelect;

export const couponBatchStatuses = ["queued", "running", "done", "failed"] as const;
export const couponBatchStatusEnum = pgEnum("coupon_batch_status", couponBatchStatuses);

/** A bulk issue of one template to a segment, run as a job with progress. */
export const couponBatches = pgTable("coupon_batches", {
  id: uuid("id").primaryKey().defaultRandom(),
  templateId: uuid("template_id")
    .notNull()
    .references(() => couponTemplates.id),
  segmentId: uuid("segment_id")
    .notNull()
    .references(() => customerSegments.id),
  status: couponBatchStatusEnum("status").notNull().default("queued"),
  total: integer("total").notNull().default(0),
  issued: integer("issued").notNull().default(0),
  skipped: integer("skipped").notNull().default(0),
  error: text("error"),
  createdBy: uuid("created_by").references(() => users.id),
  ...timestamps,
});

export type CouponBatch = typeof couponBatches.$inferSelect;

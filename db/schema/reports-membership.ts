import { bigint, date, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "./columns";
import { tiers } from "./membership";

/**
 * What changed for the membership dashboard since it last looked, written by triggers in the
 * writing transaction: `month` with the instant of a ledger row or tier change (its month, in the
 * organisation's time zone, is recomputed), `all` when tier ranks changed (every month is), and
 * `members` when a membership's tier or status or a member's customer changed (the counts of
 * members are redone). No key beyond the id: concurrent writers never wait on each other here.
 */
export const reportPointsChanges = pgTable("report_points_changes", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  scope: text("scope").notNull(),
  occurredAt: timestamp("occurred_at", { withTimezone: true }),
  ...timestamps,
});

/**
 * The points that moved in a month (by the ledger's `occurred_at`, in the organisation's time
 * zone), one column per kind of movement, all positive, and the tier moves made in it.
 * The sum over every month of `earned − earnReversed − redeemed + redeemReturned − expired +
 * adjustedIn − adjustedOut + merged` is the sum of all balances.
 */
export const reportPointsMonthly = pgTable("report_points_monthly", {
  /** The first day of the month. */
  month: date("month", { mode: "string" }).primaryKey(),
  /** `earn` rows: purchases, sign-up and birthday bonuses. */
  earned: bigint("earned", { mode: "number" }).notNull(),
  /** `reverse` rows that take back earned points (a refund). */
  earnReversed: bigint("earn_reversed", { mode: "number" }).notNull(),
  /** `redeem` rows: points spent at the till, on an order or for a coupon. */
  redeemed: bigint("redeemed", { mode: "number" }).notNull(),
  /** `reverse` rows that give back a redemption (a cancelled order or coupon). */
  redeemReturned: bigint("redeem_returned", { mode: "number" }).notNull(),
  /** `expire` rows. */
  expired: bigint("expired", { mode: "number" }).notNull(),
  /** `adjust` rows by staff or the API that add points… */
  adjustedIn: bigint("adjusted_in", { mode: "number" }).notNull(),
  /** …and that take them. */
  adjustedOut: bigint("adjusted_out", { mode: "number" }).notNull(),
  /** `adjust` rows of customer merges, signed: points moved between members, next to nothing in sum. */
  merged: bigint("merged", { mode: "number" }).notNull(),
  /** Tier changes to a higher rank, and to a lower one (by `tier_changes.created_at`). */
  upgrades: integer("upgrades").notNull(),
  downgrades: integer("downgrades").notNull(),
  ...timestamps,
});

/** Members (not closed, of a live customer) holding each tier when last counted. */
export const reportMembershipTiers = pgTable("report_membership_tiers", {
  tierId: uuid("tier_id")
    .primaryKey()
    .references(() => tiers.id),
  members: integer("members").notNull(),
  ...timestamps,
});

/**
 * The membership dashboard's one row: the time zone its months were computed in (a change
 * rebuilds them), the member totals and when they were counted.
 */
export const reportMembershipState = pgTable("report_membership_state", {
  name: text("name").primaryKey(),
  timeZone: text("time_zone").notNull(),
  /** Members not closed, of live customers. */
  members: integer("members").notNull(),
  /** Of those, the ones with a points movement or a paid order in the 90 days before `countedAt`. */
  activeMembers: integer("active_members").notNull(),
  countedAt: timestamp("counted_at", { withTimezone: true }).notNull(),
  refreshedAt: timestamp("refreshed_at", { withTimezone: true }).notNull(),
  ...timestamps,
});

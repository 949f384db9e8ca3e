import "server-only";
import { and, asc, between, eq, gte, lt, sql } from "drizzle-orm";
import { getDb, type Database } from "@/db/client";
import { couponTemplates, coupons, reportMembershipState, reportMembershipTiers, reportPointsMonthly, tiers } from "@/db/schema";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { addMonths, startOfDayIn } from "@/lib/dates";
import { toMajorUnitsText } from "@/lib/money";
import { readSetting } from "@/lib/settings/queries";
import { activeDays } from "./points-rollup";
import { monthsBetween, ratio, reportSpan } from "./rules";
import { reportParamsSchema } from "./schemas";
import { exportedCsv } from "./shared";

/**
 * Points that moved in one month, by the ledger's `occurred_at` in the organisation's time zone
 * (a purchase's points in the month it was paid, an expiry in the month the lot ran out, a
 * refund's take-back in the month of the purchase it reverses), and the tier moves made in it.
 */
export type PointsMonth = {
  /** `YYYY-MM`. */
  month: string;
  /** Earned: purchases, sign-up and birthday bonuses. */
  earned: number;
  /** Taken back from purchases refunded. */
  earnReversed: number;
  /** Issued: earned less taken back. */
  issued: number;
  /** Spent at the till, on orders and for coupons. */
  redeemed: number;
  /** Given back from cancelled redemptions (an order cancelled, a coupon voided). */
  redeemReturned: number;
  /** Run out unused. */
  expired: number;
  /** Manual and API corrections, added less taken (merges of customers excluded). */
  adjusted: number;
  /** Every movement added up, merges included: what the month added to all balances. */
  net: number;
  /** Tier changes to a higher tier, and to a lower one. */
  upgrades: number;
  downgrades: number;
};

export type TierCount = { id: string; rank: number; name: string; nameZh: string; members: number };
export type CouponRate = { id: string; name: string; nameZh: string | null; issued: number; redeemed: number; rate: number | null };

export type MembershipReport = {
  /** The span; no team: points and coupons belong to members, whoever owns the customer. */
  params: { from: string; to: string };
  currency: string;
  timeZone: string;
  months: PointsMonth[];
  totals: Omit<PointsMonth, "month">;
  /** Every member's balance added up (a negative balance counts against it), and its worth in minor units. */
  outstanding: { points: number; value: number; pointValue: number };
  /** Every tier, lowest first, with the members holding it. */
  tiers: TierCount[];
  /** Members not closed, of live customers, and the active ones among them; null before the first count. */
  members: { total: number; active: number; activeRate: number | null; activeDays: number; countedAt: Date } | null;
  /** Per template, the coupons issued in the span and how many of them have been redeemed. */
  coupons: CouponRate[];
  /** When the figures were last brought up to date; null before the first refresh. */
  refreshedAt: Date | null;
};

/**
 * `points` valued at `pointValue` minor units each (two decimals), in whole minor units rounded
 * half away from zero; exact for any balance.
 */
export function pointsWorth(points: number, pointValue: number): number {
  const product = BigInt(points) * BigInt(Math.round(pointValue * 100));
  const whole = product / 100n;
  const rest = product % 100n;
  return Number(whole + (rest >= 50n ? 1n : rest <= -50n ? -1n : 0n));
}

const emptyMonth = { earned: 0, earnReversed: 0, redeemed: 0, redeemReturned: 0, expired: 0, adjustedIn: 0, adjustedOut: 0, merged: 0, upgrades: 0, downgrades: 0 };

function pointsMonth(month: string, row: typeof emptyMonth): PointsMonth {
  const issued = row.earned - row.earnReversed;
  const adjusted = row.adjustedIn - row.adjustedOut;
  return {
    month,
    earned: row.earned,
    earnReversed: row.earnReversed,
    issued,
    redeemed: row.redeemed,
    redeemReturned: row.redeemReturned,
    expired: row.expired,
    adjusted,
    net: issued - row.redeemed + row.redeemReturned - row.expired + adjusted + row.merged,
    upgrades: row.upgrades,
    downgrades: row.downgrades,
  };
}

type Figures = Pick<MembershipReport, "params" | "currency" | "timeZone" | "months" | "totals">;

/** The months of the span and their totals, from the monthly rollup. */
async function readFigures(db: Database, rawParams: unknown): Promise<Figures> {
  const parsed = reportParamsSchema.parse(rawParams ?? {});
  const { currency, timeZone } = await readSetting("organisation", db);
  const { from, to } = reportSpan(parsed, timeZone);
  const rows = await db
    .select()
    .from(reportPointsMonthly)
    .where(between(reportPointsMonthly.month, `${from}-01`, `${to}-01`));
  const byMonth = new Map(rows.map((row) => [row.month.slice(0, 7), row]));
  const months = monthsBetween(from, to).map((month) => pointsMonth(month, byMonth.get(month) ?? emptyMonth));
  const sum = (key: keyof Omit<PointsMonth, "month">) => months.reduce((total, month) => total + month[key], 0);
  const keys = ["earned", "earnReversed", "issued", "redeemed", "redeemReturned", "expired", "adjusted", "net", "upgrades", "downgrades"] as const;
  return {
    params: { from, to },
    currency,
    timeZone,
    months,
    totals: Object.fromEntries(keys.map((key) => [key, sum(key)])) as Omit<PointsMonth, "month">,
  };
}

/**
 * Coupons issued in the span (by their issue time, in the organisation's time zone), per
 * template: all of them, and those redeemed since. From `coupons_issued_idx` alone.
 */
async function readCoupons(db: Database, span: { from: string; to: string }, timeZone: string): Promise<CouponRate[]> {
  const start = startOfDayIn(`${span.from}-01`, timeZone);
  const end = startOfDayIn(`${addMonths(span.to, 1)}-01`, timeZone);
  const counted = db
    .select({
      templateId: coupons.templateId,
      issued: sql<number>`count(*)`.mapWith(Number).as("issued"),
      redeemed: sql<number>`count(*) filter (where ${coupons.status} = 'redeemed')`.mapWith(Number).as("redeemed"),
    })
    .from(coupons)
    .where(and(gte(coupons.createdAt, start), lt(coupons.createdAt, end)))
    .groupBy(coupons.templateId)
    .as("counted");
  const rows = await db
    .select({ id: couponTemplates.id, name: couponTemplates.name, nameZh: couponTemplates.nameZh, issued: counted.issued, redeemed: counted.redeemed })
    .from(counted)
    .innerJoin(couponTemplates, eq(couponTemplates.id, counted.templateId))
    .orderBy(sql`${counted.issued} desc`, asc(couponTemplates.name));
  return rows.map((row) => ({ ...row, rate: ratio(row.redeemed, row.issued) }));
}

/**
 * The membership dashboard: members per tier and active members, tier moves and points issued,
 * redeemed and expired by month, the outstanding points and what they are worth, and how coupons
 * issued in the span were redeemed. Points and counts come from the rollups (at most a minute
 * behind; who is active, at most an hour); coupons are counted from an index.
 */
export async function getMembershipReport(actor: Actor, rawParams: unknown): Promise<MembershipReport> {
  assertCan(actor, "reports.read");
  const db = await getDb();
  const figures = await readFigures(db, rawParams);
  const [{ pointValue }, [balance], tierRows, [state], couponRows] = await Promise.all([
    readSetting("membership", db),
    db
      .select({
        points: sql<number>`coalesce(sum(${reportPointsMonthly.earned} - ${reportPointsMonthly.earnReversed} - ${reportPointsMonthly.redeemed} + ${reportPointsMonthly.redeemReturned} - ${reportPointsMonthly.expired} + ${reportPointsMonthly.adjustedIn} - ${reportPointsMonthly.adjustedOut} + ${reportPointsMonthly.merged}), 0)`.mapWith(Number),
      })
      .from(reportPointsMonthly),
    db
      .select({ id: tiers.id, rank: tiers.rank, name: tiers.name, nameZh: tiers.nameZh, members: sql<number>`coalesce(${reportMembershipTiers.members}, 0)`.mapWith(Number) })
      .from(tiers)
      .leftJoin(reportMembershipTiers, eq(reportMembershipTiers.tierId, tiers.id))
      .orderBy(asc(tiers.rank)),
    db.select().from(reportMembershipState).where(eq(reportMembershipState.name, "membership")),
    readCoupons(db, figures.params, figures.timeZone),
  ]);
  const points = balance?.points ?? 0;
  return {
    ...figures,
    outstanding: { points, value: pointsWorth(points, pointValue), pointValue },
    tiers: tierRows,
    members: state
      ? { total: state.members, active: state.activeMembers, activeRate: ratio(state.activeMembers, state.members), activeDays, countedAt: state.countedAt }
      : null,
    coupons: couponRows,
    refreshedAt: state?.refreshedAt ?? null,
  };
}

/**
 * The dashboard's months as CSV: points per kind of movement and tier moves.
 */
export async function exportMembershipReport(actor: Actor, rawParams: unknown): Promise<{ filename: string; csv: string }> {
  assertCan(actor, "reports.read");
  const db = await getDb();
  const figures = await readFigures(db, rawParams);
  const { pointValue } = await readSetting("membership", db);
  const header = [
    "month",
    "points_earned",
    "points_taken_back_on_refund",
    "points_issued",
    "points_redeemed",
    "points_returned_from_redemptions",
    "points_expired",
    "points_adjusted",
    "points_net_change",
    `net_change_value_${figures.currency}`,
    "tier_upgrades",
    "tier_downgrades",
  ];
  const rows = figures.months.map((month) => [
    month.month,
    month.earned,
    month.earnReversed,
    month.issued,
    month.redeemed,
    month.redeemReturned,
    month.expired,
    month.adjusted,
    month.net,
    toMajorUnitsText(pointsWorth(month.net, pointValue), figures.currency),
    month.upgrades,
    month.downgrades,
  ]);
  const csv = await exportedCsv(db, actor, "membership", { from: figures.params.from, to: figures.params.to }, [header, ...rows]);
  return { filename: `membership-${figures.params.from}-to-${figures.params.to}.csv`, csv };
}

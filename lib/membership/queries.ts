import "server-only";
import { addDays, subMonths } from "date-fns";
import { and, asc, count, desc, eq, gt, gte, inArray, isNull, lt, lte, sql } from "drizzle-orm";
import { cache } from "react";
import { z } from "zod";
import { getDb, type Database } from "@/db/client";
import { customers, memberships, pendingPoints, pointsKinds, pointsLedger, pointsLots, type Membership, type PointsEntry, type Tier } from "@/db/schema";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { visibleCustomerId } from "@/lib/customers/queries";
import { dayRange, startOfDayIn } from "@/lib/dates";
import { ownerVisibleTo } from "@/lib/sales/teams";
import { readSetting } from "@/lib/settings/queries";
import { dayFilter } from "@/lib/validation";
import { qualifiedTier, shortfall, type Qualification } from "./rules";
import { loadTiers, qualificationSince, rollingWindowStart } from "./tiers";

/** Points expiring within this many days are "expiring soon" (and members are e-mailed about them). */
export const expiringSoonDays = 30;

export type TierGoal = { tier: Tier; spend: number | null; points: number | null };

export type MemberSummary = {
  membership: Membership;
  tier: Tier;
  tiers: Tier[];
  /** Qualifying spend and points in the rolling twelve months. */
  figures: Qualification;
  /** What is still needed for the next tier, or null at the top. */
  next: TierGoal | null;
  /** What is still needed by the next review to keep the tier, or null when it is kept already (or is the entry tier). */
  keep: (TierGoal & { by: string }) | null;
  expiringSoon: { points: number; firstAt: Date | null };
  /** Purchase points waiting out the return window, and when the first of them arrive. */
  pending: { points: number; nextAt: Date | null };
};

/**
 * A member's standing, explained: tier, balance, the way to the next tier and what keeps the
 * current one at the review.
 */
export async function summarise(db: Database, membership: Membership, now = new Date()): Promise<MemberSummary> {
  const { timeZone } = await readSetting("organisation", db);
  const reviewDay = startOfDayIn(membership.nextReviewOn, timeZone);
  const [tiers, figures, reviewFigures, [expiring], [waiting]] = await Promise.all([
    loadTiers(db),
    qualificationSince(db, membership.id, rollingWindowStart(now)),
    // At the review the twelve months before it count: everything since then counts already.
    qualificationSince(db, membership.id, subMonths(reviewDay, 12)),
    db
      .select({ points: sql<number>`coalesce(sum(${pointsLots.remaining}), 0)`.mapWith(Number), firstAt: sql<Date | null>`min(${pointsLots.expiresAt})`.mapWith((value) => (value ? new Date(value) : null)) })
      .from(pointsLots)
      .where(and(eq(pointsLots.membershipId, membership.id), gt(pointsLots.remaining, 0), lte(pointsLots.expiresAt, addDays(now, expiringSoonDays)))),
    db
      .select({
        // What partial refunds leave of each, as the release will compute it.
        points: sql<number>`coalesce(sum(${pendingPoints.points} - (${pendingPoints.points} * ${pendingPoints.refundedSpend}) / nullif(${pendingPoints.qualifyingSpend}, 0)), 0)`.mapWith(Number),
        nextAt: sql<Date | null>`min(${pendingPoints.availableAt})`.mapWith((value) => (value ? new Date(value) : null)),
      })
      .from(pendingPoints)
      .where(and(eq(pendingPoints.membershipId, membership.id), eq(pendingPoints.status, "pending"))),
  ]);
  const tier = tiers.find((candidate) => candidate.id === membership.tierId)!;
  const above = tiers.find((candidate) => candidate.rank > tier.rank) ?? null;
  const next = above ? { tier: above, ...shortfall(above, figures) } : null;
  const kept = tier.rank === tiers[0]!.rank || qualifiedTier(tiers, reviewFigures).rank >= tier.rank;
  const keep = kept ? null : { tier, by: membership.nextReviewOn, ...shortfall(tier, reviewFigures) };
  return {
    membership,
    tier,
    tiers,
    figures,
    next,
    keep,
    expiringSoon: { points: expiring?.points ?? 0, firstAt: expiring?.firstAt ?? null },
    pending: { points: waiting?.points ?? 0, nextAt: waiting?.nextAt ?? null },
  };
}

/** A customer's points balance as `db` (a transaction, too) sees it now, or null when they are not a member. */
export async function memberBalance(db: Database, customerId: string): Promise<number | null> {
  const [row] = await db.select({ balance: memberships.balance }).from(memberships).where(eq(memberships.customerId, customerId));
  return row?.balance ?? null;
}

/**
 * The membership of a customer the actor may read, or null when the customer is not a member;
 * read once per request however many parts of the page ask.
 */
export const getMembership = cache(async (actor: Actor, customerId: unknown): Promise<Membership | null> => {
  assertCan(actor, "membership.read");
  const id = await visibleCustomerId(actor, customerId);
  const db = await getDb();
  const [row] = await db.select().from(memberships).where(eq(memberships.customerId, id));
  return row ?? null;
});

export async function getMemberSummary(actor: Actor, customerId: unknown): Promise<MemberSummary | null> {
  const membership = await getMembership(actor, customerId);
  return membership ? summarise(await getDb(), membership) : null;
}

export const historyParamsSchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

const historyPageSize = 20;

/** A page of a member's ledger, newest first. */
export async function pointsHistory(db: Database, membershipId: string, rawParams: unknown) {
  const params = historyParamsSchema.parse(rawParams ?? {});
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(pointsLedger)
      .where(eq(pointsLedger.membershipId, membershipId))
      .orderBy(desc(pointsLedger.occurredAt), desc(pointsLedger.id))
      .limit(historyPageSize)
      .offset((params.page - 1) * historyPageSize),
    db.select({ n: count() }).from(pointsLedger).where(eq(pointsLedger.membershipId, membershipId)),
  ]);
  const ids = rows.map((row) => row.id);
  const reversals = ids.length ? await db.select({ id: pointsLedger.reversesId }).from(pointsLedger).where(inArray(pointsLedger.reversesId, ids)) : [];
  return {
    rows,
    /** Rows of this page that a later row reversed. */
    reversedIds: new Set(reversals.map((row) => row.id!)),
    total: total!.n,
    page: params.page,
    pageCount: Math.max(1, Math.ceil(total!.n / historyPageSize)),
  };
}

export async function listPointsHistory(actor: Actor, customerId: unknown, rawParams: unknown) {
  const membership = await getMembership(actor, customerId);
  if (!membership) return null;
  return pointsHistory(await getDb(), membership.id, rawParams);
}

/**
 * A page of a member's ledger for the API, newest recorded first: the rows before the row id
 * `before`, `limit + 1` of them, so that the caller sees whether there is more. Null when the
 * customer is not a member.
 */
export async function listPointsEntriesBefore(actor: Actor, customerId: unknown, page: { before?: number; limit: number }): Promise<PointsEntry[] | null> {
  const membership = await getMembership(actor, customerId);
  if (!membership) return null;
  const db = await getDb();
  return db
    .select()
    .from(pointsLedger)
    .where(and(eq(pointsLedger.membershipId, membership.id), page.before !== undefined ? lt(pointsLedger.id, page.before) : undefined))
    .orderBy(desc(pointsLedger.id))
    .limit(page.limit + 1);
}

/** The member's lots that still hold points, soonest expiry first. */
export async function openLots(db: Database, membershipId: string) {
  return db
    .select({ id: pointsLots.id, points: pointsLots.points, remaining: pointsLots.remaining, expiresAt: pointsLots.expiresAt, earnedAt: pointsLots.createdAt })
    .from(pointsLots)
    .where(and(eq(pointsLots.membershipId, membershipId), gt(pointsLots.remaining, 0)))
    .orderBy(asc(pointsLots.expiresAt), asc(pointsLots.id))
    .limit(100);
}

export async function listOpenLots(actor: Actor, customerId: unknown) {
  const membership = await getMembership(actor, customerId);
  return membership ? openLots(await getDb(), membership.id) : [];
}

/** How many rows the organisation's ledger screen counts at most: past it the pages say "more". */
export const ledgerCountCap = 10_000;
const ledgerPageSize = 25;

/**
 * The organisation's ledger screen's URL: a span of days (the organisation's, both included, by
 * when each movement happened) and a kind; a bad value falls back to no filter.
 */
export const ledgerListParamsSchema = z.object({
  from: dayFilter,
  to: dayFilter,
  kind: z.enum(pointsKinds).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(400).catch(1).default(1),
});

export type LedgerListParams = z.infer<typeof ledgerListParamsSchema>;

/**
 * Every member's ledger rows, newest first, of the customers the actor may see: what the
 * membership dashboard's months are made of. A span reads a range of `points_ledger_occurred_idx`.
 * The total is counted up to `ledgerCountCap`.
 */
export async function listLedger(actor: Actor, rawParams: unknown) {
  assertCan(actor, "membership.read");
  const params = ledgerListParamsSchema.parse(rawParams ?? {});
  const db = await getDb();
  const { timeZone } = await readSetting("organisation", db);
  const [from, to] = params.from && params.to && params.from > params.to ? [params.to, params.from] : [params.from, params.to];
  const { start, end } = dayRange(from, to, timeZone);
  const where = and(
    start ? gte(pointsLedger.occurredAt, start) : undefined,
    end ? lt(pointsLedger.occurredAt, end) : undefined,
    params.kind ? eq(pointsLedger.kind, params.kind) : undefined,
    isNull(customers.deletedAt),
    ownerVisibleTo(actor, customers.ownerId),
  );
  const rows = db
    .select({
      id: pointsLedger.id,
      occurredAt: pointsLedger.occurredAt,
      kind: pointsLedger.kind,
      source: pointsLedger.source,
      delta: pointsLedger.delta,
      reason: pointsLedger.reason,
      actorLabel: pointsLedger.actorLabel,
      customerId: customers.id,
      customerName: customers.name,
      memberNumber: memberships.number,
    })
    .from(pointsLedger)
    .innerJoin(memberships, eq(memberships.id, pointsLedger.membershipId))
    .innerJoin(customers, eq(customers.id, memberships.customerId))
    .where(where);
  const [page, [counted]] = await Promise.all([
    rows
      .orderBy(desc(pointsLedger.occurredAt), desc(pointsLedger.id))
      .limit(ledgerPageSize)
      .offset((params.page - 1) * ledgerPageSize),
    db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(
        db
          .select({ id: pointsLedger.id })
          .from(pointsLedger)
          .innerJoin(memberships, eq(memberships.id, pointsLedger.membershipId))
          .innerJoin(customers, eq(customers.id, memberships.customerId))
          .where(where)
          .limit(ledgerCountCap)
          .as("capped"),
      ),
  ]);
  const total = counted?.n ?? 0;
  return {
    params: { ...params, from, to },
    rows: page,
    total,
    capped: total >= ledgerCountCap,
    page: params.page,
    pageCount: Math.max(1, Math.ceil(total / ledgerPageSize)),
  };
}

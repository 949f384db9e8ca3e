import "server-only";
import { subMonths } from "date-fns";
import { and, asc, eq, gt, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { memberships, pointsLedger, tierChanges, tiers, type Membership, type Tier, type TierChange } from "@/db/schema";
import { recordAudit } from "@/lib/audit/commands";
import type { Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { publishEvent } from "@/lib/events/publish";
import { emitWebhook } from "@/lib/integration/webhooks";
import { notifyTierChange } from "./notify";
import { formatMemberNumber, qualifiedTier, rankAfterChange, reviewedRank, type Qualification } from "./rules";

/** The tiers, lowest first. */
export async function loadTiers(db: Database): Promise<Tier[]> {
  return db.select().from(tiers).orderBy(asc(tiers.rank));
}

export async function entryTier(db: Database): Promise<Tier> {
  const [tier] = await db.select().from(tiers).orderBy(asc(tiers.rank)).limit(1);
  if (!tier) throw new AppError("INVALID_STATE", "errors.noTiers");
  return tier;
}

/** What counts towards the tier since `since`: qualifying spend and points, net of refunds. */
export async function qualificationSince(db: Database, membershipId: string, since: Date): Promise<Qualification> {
  const [row] = await db
    .select({
      spend: sql<number>`coalesce(sum(${pointsLedger.qualifyingSpend}), 0)`.mapWith(Number),
      points: sql<number>`coalesce(sum(${pointsLedger.qualifyingPoints}), 0)`.mapWith(Number),
    })
    .from(pointsLedger)
    .where(and(eq(pointsLedger.membershipId, membershipId), gt(pointsLedger.occurredAt, since)));
  return { spend: Math.max(0, row?.spend ?? 0), points: Math.max(0, row?.points ?? 0) };
}

/** The rolling twelve months that decide upgrades. */
export const rollingWindowStart = (now: Date) => subMonths(now, 12);

async function moveTier(
  tx: Database,
  actor: Actor,
  membership: Membership,
  change: { to: Tier; from: Tier; reason: TierChange["reason"]; entryIds: number[]; figures: Qualification; reviewed?: Tier; nextReviewOn?: string },
) {
  const values: Partial<Membership> = { tierId: change.to.id };
  if (change.reviewed) values.reviewedTierId = change.reviewed.id;
  if (change.nextReviewOn) values.nextReviewOn = change.nextReviewOn;
  const [after] = await tx.update(memberships).set(values).where(eq(memberships.id, membership.id)).returning();
  if (change.to.id !== change.from.id) {
    await tx.insert(tierChanges).values({
      membershipId: membership.id,
      fromTierId: change.from.id,
      toTierId: change.to.id,
      reason: change.reason,
      entryIds: change.entryIds,
      qualifyingSpend: change.figures.spend,
      qualifyingPoints: change.figures.points,
      actorLabel: actor.name,
    });
    await recordAudit(tx, actor, {
      action: `membership.tier_${change.reason}`,
      entityType: "membership",
      entityId: membership.id,
      before: { tier: change.from.name },
      after: { tier: change.to.name },
    });
    await publishEvent(tx, { type: "membership.tier_changed", entityType: "membership", entityId: membership.id, permission: "membership.read" });
    await emitWebhook(tx, "tier.changed", {
      customerId: membership.customerId,
      membershipId: membership.id,
      memberNumber: formatMemberNumber(membership.number),
      from: { id: change.from.id, name: change.from.name, rank: change.from.rank },
      to: { id: change.to.id, name: change.to.name, rank: change.to.rank },
      direction: change.to.rank > change.from.rank ? "up" : "down",
      reason: change.reason,
    });
    await notifyTierChange(tx, after!, change.to, change.to.rank > change.from.rank);
  }
  Object.assign(membership, after);
}

/**
 * Moves the member to the tier their rolling figures now earn, after ledger rows that changed
 * them: up as soon as they qualify; down after a refund, no lower than the tier confirmed at the
 * last review. Returns the tier held afterwards.
 */
export async function settleTier(tx: Database, actor: Actor, membership: Membership, cause: { refund: boolean; entryIds: number[]; now?: Date }): Promise<Tier> {
  const all = await loadTiers(tx);
  const figures = await qualificationSince(tx, membership.id, rollingWindowStart(cause.now ?? new Date()));
  const current = all.find((tier) => tier.id === membership.tierId)!;
  const reviewed = all.find((tier) => tier.id === membership.reviewedTierId) ?? all[0]!;
  const qualified = qualifiedTier(all, figures);
  const rank = rankAfterChange({ currentRank: current.rank, qualifiedRank: qualified.rank, reviewedRank: reviewed.rank, refund: cause.refund });
  if (rank === current.rank) return current;
  const to = all.find((tier) => tier.rank === rank)!;
  await moveTier(tx, actor, membership, { from: current, to, reason: rank > current.rank ? "upgrade" : "refund", entryIds: cause.entryIds, figures });
  return to;
}

/**
 * The anniversary review: the member keeps the tier their last twelve months earn, or drops one
 * tier; either way that tier is confirmed until the next anniversary.
 */
export async function reviewTier(tx: Database, actor: Actor, membership: Membership, now: Date, nextReviewOn: string): Promise<Tier> {
  const all = await loadTiers(tx);
  const figures = await qualificationSince(tx, membership.id, rollingWindowStart(now));
  const current = all.find((tier) => tier.id === membership.tierId)!;
  const qualified = qualifiedTier(all, figures);
  const rank = reviewedRank(
    current.rank,
    qualified.rank,
    all.map((tier) => tier.rank),
  );
  const to = all.find((tier) => tier.rank === rank)!;
  await moveTier(tx, actor, membership, { from: current, to, reason: "review", entryIds: [], figures, reviewed: to, nextReviewOn });
  return to;
}

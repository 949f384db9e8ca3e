import "server-only";
import { and, asc, eq, gt, inArray } from "drizzle-orm";
import type { Database } from "@/db/client";
import { coupons, memberships, pendingPoints, pointsLots, type Membership } from "@/db/schema";
import { recordAudit } from "@/lib/audit/commands";
import type { Actor } from "@/lib/auth/permissions";
import { writeEntry } from "./ledger";
import { qualificationSince, rollingWindowStart, settleTier } from "./tiers";

/**
 * When two customers are merged, the merged one's membership joins the kept one's. A kept
 * customer without a membership simply takes it over. Otherwise every open lot moves across with
 * its expiry date (a ledger row out, a ledger row in), so that the balances add up; the rolling
 * twelve months' qualifying figures move with the first pair; coupons move as they are; the
 * merged membership is closed. Runs in the merge's transaction.
 */
export async function mergeMemberships(tx: Database, actor: Actor, fromCustomerId: string, toCustomerId: string): Promise<void> {
  const held = await tx
    .select()
    .from(memberships)
    .where(inArray(memberships.customerId, [fromCustomerId, toCustomerId]))
    .orderBy(asc(memberships.id))
    .for("update");
  const from = held.find((row) => row.customerId === fromCustomerId);
  const to = held.find((row) => row.customerId === toCustomerId);
  if (!from) return;
  if (!to) {
    await tx.update(memberships).set({ customerId: toCustomerId }).where(eq(memberships.id, from.id));
    await recordAudit(tx, actor, { action: "membership.move", entityType: "membership", entityId: from.id, before: { customerId: fromCustomerId }, after: { customerId: toCustomerId } });
    return;
  }
  await moveBalance(tx, actor, from, to);
  await tx.update(coupons).set({ membershipId: to.id }).where(eq(coupons.membershipId, from.id));
  await tx.update(pendingPoints).set({ membershipId: to.id }).where(and(eq(pendingPoints.membershipId, from.id), eq(pendingPoints.status, "pending")));
  // Later movements of the merged membership's points (a refund, a reversal) land on the kept one.
  await tx.update(memberships).set({ status: "closed", mergedIntoId: to.id }).where(eq(memberships.id, from.id));
  await recordAudit(tx, actor, { action: "membership.merge", entityType: "membership", entityId: to.id, after: { mergedMembershipId: from.id } });
  await settleTier(tx, actor, to, { refund: false, entryIds: [] });
}

async function moveBalance(tx: Database, actor: Actor, from: Membership, to: Membership) {
  const figures = await qualificationSince(tx, from.id, rollingWindowStart(new Date()));
  const moved = { qualifyingSpend: figures.spend, qualifyingPoints: figures.points };
  const pair = async (key: string, points: number, out: Parameters<typeof writeEntry>[4]["movement"], into: Parameters<typeof writeEntry>[4]["movement"], carry: typeof moved | null) => {
    const request = { from: from.id, to: to.id, key };
    const reason = "merge";
    await writeEntry(tx, actor, from, { scope: "merge", key: `${from.id}:out:${key}`, request }, { kind: "adjust", source: "merge", points, movement: out, reason, qualifyingSpend: -(carry?.qualifyingSpend ?? 0), qualifyingPoints: -(carry?.qualifyingPoints ?? 0) });
    await writeEntry(tx, actor, to, { scope: "merge", key: `${from.id}:in:${key}`, request }, { kind: "adjust", source: "merge", points, movement: into, reason, qualifyingSpend: carry?.qualifyingSpend ?? 0, qualifyingPoints: carry?.qualifyingPoints ?? 0 });
  };
  // A row must move points or spend (the ledger's check), so figures without spend stay behind.
  let carry: typeof moved | null = moved.qualifyingSpend ? moved : null;
  const lots = await tx
    .select()
    .from(pointsLots)
    .where(and(eq(pointsLots.membershipId, from.id), gt(pointsLots.remaining, 0)))
    .orderBy(asc(pointsLots.expiresAt), asc(pointsLots.id));
  for (const lot of lots) {
    await pair(`lot-${lot.id}`, lot.remaining, { type: "debit", firstLotId: lot.id }, { type: "credit", expiresAt: lot.expiresAt }, carry);
    carry = null;
  }
  // Points owed after a refund of spent points are owed by the kept membership now.
  if (from.balance < 0) {
    await pair("debt", -from.balance, { type: "credit", expiresAt: new Date() }, { type: "debit", allowNegative: true }, carry);
    carry = null;
  }
  if (carry) await pair("figures", 0, { type: "debit" }, { type: "credit", expiresAt: new Date() }, carry);
}

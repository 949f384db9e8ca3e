import "server-only";
import crypto from "node:crypto";
import { and, asc, eq, gt, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { customers, memberships, pointsDraws, pointsLedger, pointsLots, type Membership, type PointsEntry } from "@/db/schema";
import { recordAudit } from "@/lib/audit/commands";
import type { Actor } from "@/lib/auth/permissions";
import { AppError, isContention, uniqueViolation } from "@/lib/errors";
import { publishEvent } from "@/lib/events/publish";
import { emitWebhook, pointsEventType } from "@/lib/integration/webhooks";
import { ownerVisibleTo } from "@/lib/sales/teams";
import { uuidParam } from "@/lib/validation";
import { planDraws } from "./rules";

/**
 * The one place that writes the points ledger. Every write runs with the member's row locked, so
 * that one member's balance changes queue up; every write carries an idempotency key, so that a
 * retried request returns the row it already wrote.
 */

export type LedgerResult = { entry: PointsEntry; balance: number; replayed: boolean };

/**
 * The request a key was first used with; sending the key again with another request is refused.
 * `hash` stands in for the request when only its digest was kept (pending points released later).
 */
export type Idempotency = { scope: string; key: string; request?: unknown; hash?: string };

const hashOf = (idempotency: Idempotency) => idempotency.hash ?? requestHash(idempotency.request);

/** How the points move between lots. */
export type Movement =
  /** Points into a new lot that expires at `expiresAt`. */
  | { type: "credit"; expiresAt: Date }
  /** Points back into the lots that the ledger row `entryId` drew from. */
  | { type: "restore"; entryId: number }
  /** Points out of the open lots, oldest first (`firstLotId` first); below zero only when allowed. */
  | { type: "debit"; firstLotId?: number; allowNegative?: boolean };

export type EntryRequest = {
  kind: PointsEntry["kind"];
  source: PointsEntry["source"];
  /** How many points move; the movement says which way. */
  points: number;
  movement: Movement;
  qualifyingSpend?: number;
  qualifyingPoints?: number;
  orderId?: string | null;
  couponId?: string | null;
  reversesId?: number | null;
  reason?: string | null;
  /** When it happened, if not now (an order paid earlier). */
  occurredAt?: Date;
};

function canonical(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`)
      .join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

export const requestHash = (request: unknown) => crypto.createHash("sha256").update(canonical(request)).digest("hex");

/** The member's row, locked until the transaction ends. */
export async function lockMembership(tx: Database, membershipId: string): Promise<Membership> {
  const [row] = await tx.select().from(memberships).where(eq(memberships.id, membershipId)).for("update");
  if (!row) throw new AppError("NOT_FOUND");
  return row;
}

/**
 * The membership of a live customer that `actor` may see, locked; NOT_FOUND when the customer is
 * not a member or belongs to another team.
 */
export async function lockMemberOf(tx: Database, actor: Actor, customerId: unknown): Promise<Membership> {
  const id = uuidParam.safeParse(customerId);
  if (!id.success) throw new AppError("NOT_FOUND");
  const [row] = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .innerJoin(customers, eq(customers.id, memberships.customerId))
    .where(and(eq(memberships.customerId, id.data), sql`${customers.deletedAt} is null`, ownerVisibleTo(actor, customers.ownerId)));
  if (!row) throw new AppError("NOT_FOUND");
  return lockMembership(tx, row.id);
}

/**
 * The membership that now holds a member's points, locked: the one given, or — when its customer
 * was merged into another — the one it was merged into.
 */
export async function lockLiveMembership(tx: Database, membershipId: string): Promise<Membership> {
  let membership = await lockMembership(tx, membershipId);
  while (membership.mergedIntoId) membership = await lockMembership(tx, membership.mergedIntoId);
  return membership;
}

/**
 * Gives back what the redemption `redemption` took, once (its own key): to the very lots it took
 * them from, or — when the member has since been merged into another — as new lots of the kept
 * membership with the same expiry. Call it with the redemption's coupon, if any, dealt with.
 */
export async function reverseRedemptionIn(tx: Database, actor: Actor, redemption: PointsEntry, reason: string): Promise<LedgerResult> {
  const membership = await lockLiveMembership(tx, redemption.membershipId);
  const idempotency = { scope: "reverse", key: String(redemption.id), request: { entryId: redemption.id } };
  if (await replay(tx, idempotency)) throw new AppError("CONFLICT", "errors.alreadyReversed");
  let movement: Movement = { type: "restore", entryId: redemption.id };
  if (membership.id !== redemption.membershipId) {
    const [latest] = await tx
      .select({ expiresAt: sql<Date>`max(${pointsLots.expiresAt})`.mapWith((value) => new Date(value)) })
      .from(pointsDraws)
      .innerJoin(pointsLots, eq(pointsLots.id, pointsDraws.lotId))
      .where(eq(pointsDraws.entryId, redemption.id));
    movement = { type: "credit", expiresAt: latest?.expiresAt ?? new Date() };
  }
  return writeEntry(tx, actor, membership, idempotency, {
    kind: "reverse",
    source: redemption.source,
    points: -redemption.delta,
    movement,
    reversesId: redemption.id,
    orderId: redemption.orderId,
    couponId: redemption.couponId,
    reason,
  });
}

async function findByKey(tx: Database, scope: string, key: string) {
  const [row] = await tx
    .select()
    .from(pointsLedger)
    .where(and(eq(pointsLedger.idempotencyScope, scope), eq(pointsLedger.idempotencyKey, key)));
  return row ?? null;
}

/**
 * The stored answer to a request sent before under the same key, or `null` when the key is new.
 * Call it with the member locked, so that a concurrent request with the same key waits for the
 * first and then finds its row.
 */
export async function replay(tx: Database, idempotency: Idempotency): Promise<LedgerResult | null> {
  const row = await findByKey(tx, idempotency.scope, idempotency.key);
  if (!row) return null;
  if (row.requestHash !== hashOf(idempotency)) throw new AppError("CONFLICT", "errors.idempotencyMismatch");
  return { entry: row, balance: row.balanceAfter, replayed: true };
}

async function openLots(tx: Database, membershipId: string, firstLotId?: number) {
  return tx
    .select({ id: pointsLots.id, remaining: pointsLots.remaining })
    .from(pointsLots)
    .where(and(eq(pointsLots.membershipId, membershipId), gt(pointsLots.remaining, 0)))
    .orderBy(...(firstLotId ? [sql`${pointsLots.id} = ${firstLotId} desc`] : []), asc(pointsLots.expiresAt), asc(pointsLots.id))
    .for("update");
}

/** Moves `draws` out of their lots (negative points put them back) and records them against the entry. */
async function moveLots(tx: Database, entryId: number, draws: { lotId: number; points: number }[]) {
  if (draws.length === 0) return;
  for (const draw of draws) {
    await tx
      .update(pointsLots)
      .set({ remaining: sql`${pointsLots.remaining} - ${draw.points}` })
      .where(eq(pointsLots.id, draw.lotId));
  }
  await tx.insert(pointsDraws).values(draws.map((draw) => ({ entryId, lotId: draw.lotId, points: draw.points })));
}

/**
 * Writes one ledger row and everything that must agree with it — the lots, the draws, the cached
 * balance, the audit row and the live event — in the caller's transaction, with the member
 * locked by `lockMembership`. A debit that the balance does not cover is refused with
 * `insufficient_points` unless the movement allows a negative balance (a refund of points already
 * spent).
 */
export async function writeEntry(tx: Database, actor: Actor, membership: Membership, idempotency: Idempotency, request: EntryRequest): Promise<LedgerResult> {
  const { movement, points } = request;
  if (!Number.isSafeInteger(points) || points < 0) throw new AppError("VALIDATION", "errors.VALIDATION", { points: ["validation.invalid"] });
  const debit = movement.type === "debit";
  if (debit && !movement.allowNegative && membership.balance < points) throw new AppError("CONFLICT", "errors.insufficientPoints");
  const delta = debit ? -points : points;
  const balance = membership.balance + delta;

  let entry: PointsEntry;
  try {
    [entry] = (await tx
      .insert(pointsLedger)
      .values({
        membershipId: membership.id,
        kind: request.kind,
        source: request.source,
        delta,
        balanceAfter: balance,
        qualifyingSpend: request.qualifyingSpend ?? 0,
        qualifyingPoints: request.qualifyingPoints ?? 0,
        orderId: request.orderId ?? null,
        couponId: request.couponId ?? null,
        reversesId: request.reversesId ?? null,
        reason: request.reason ?? null,
        idempotencyScope: idempotency.scope,
        idempotencyKey: idempotency.key,
        requestHash: hashOf(idempotency),
        actorId: actor.kind === "user" ? actor.userId : null,
        actorLabel: actor.name,
        occurredAt: request.occurredAt ?? new Date(),
      })
      .returning()) as [PointsEntry];
  } catch (error) {
    // The key was used for another member in the meantime: not this request.
    if (uniqueViolation(error) === "points_ledger_idempotency_key") throw new AppError("CONFLICT", "errors.idempotencyMismatch");
    throw error;
  }

  if (movement.type === "debit") {
    const { draws } = planDraws(await openLots(tx, membership.id, movement.firstLotId), points);
    await moveLots(tx, entry.id, draws);
  } else {
    if (movement.type === "credit") {
      if (points > 0) await tx.insert(pointsLots).values({ membershipId: membership.id, entryId: entry.id, points, remaining: points, expiresAt: movement.expiresAt });
    } else {
      const taken = await tx
        .select({ lotId: pointsDraws.lotId, points: sql<number>`sum(${pointsDraws.points})`.mapWith(Number) })
        .from(pointsDraws)
        .where(eq(pointsDraws.entryId, movement.entryId))
        .groupBy(pointsDraws.lotId);
      await moveLots(
        tx,
        entry.id,
        taken.filter((draw) => draw.points > 0).map((draw) => ({ lotId: draw.lotId, points: -draw.points })),
      );
    }
    // Points owed from a refund of spent points are paid back first from what comes in.
    const owed = Math.min(points, Math.max(0, -membership.balance));
    if (owed > 0) await moveLots(tx, entry.id, planDraws(await openLots(tx, membership.id), owed).draws);
  }

  // The lock makes this guard redundant; it stays so that no path can ever overdraw.
  const [updated] = await tx
    .update(memberships)
    .set({ balance: sql`${memberships.balance} + ${delta}` })
    .where(and(eq(memberships.id, membership.id), debit && !movement.allowNegative ? sql`${memberships.balance} >= ${points}` : undefined))
    .returning({ balance: memberships.balance });
  if (!updated || updated.balance !== balance) throw new AppError("CONFLICT", "errors.insufficientPoints");
  membership.balance = balance;

  await recordAudit(tx, actor, {
    action: `points.${request.kind}`,
    entityType: "membership",
    entityId: membership.id,
    after: { entryId: entry.id, source: request.source, delta, balance, reason: request.reason ?? null, orderId: request.orderId ?? null, couponId: request.couponId ?? null },
  });
  await publishEvent(tx, { type: "points.changed", entityType: "membership", entityId: membership.id, permission: "membership.read" });
  await emitWebhook(tx, pointsEventType(entry.kind), {
    entryId: entry.id,
    customerId: membership.customerId,
    membershipId: membership.id,
    kind: entry.kind,
    source: entry.source,
    points: delta,
    balance,
    orderId: entry.orderId,
    reason: entry.reason,
    occurredAt: entry.occurredAt,
  });
  return { entry, balance, replayed: false };
}

/**
 * Runs `work` in a transaction of its own, again (at most three times) when Postgres gives it up
 * for contention; inside the caller's transaction `outer` it runs as part of that one.
 */
export async function inTransaction<T>(db: Database, outer: Database | undefined, work: (tx: Database) => Promise<T>): Promise<T> {
  if (outer) return work(outer);
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(work);
    } catch (error) {
      if (attempt >= 3 || !isContention(error)) throw error;
    }
  }
}

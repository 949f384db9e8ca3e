import "server-only";
import { count, eq, ne, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { memberships, pointsDraws, pointsLedger, pointsLots } from "@/db/schema";

export type LedgerProblem = { kind: "balance" | "chain" | "lot" | "lots"; id: string; expected: number; actual: number };

/**
 * Checks every invariant of the points ledger: each cached balance is the sum of the member's
 * rows; each row's balance follows from the one before; each lot's remainder is its points less
 * what was drawn from it; and the open lots of each member add up to the balance (or to nothing
 * while a refund of spent points holds it below zero).
 */
export async function verifyLedger(db: Database) {
  const sums = db
    .select({ membershipId: pointsLedger.membershipId, total: sql<number>`sum(${pointsLedger.delta})`.as("total") })
    .from(pointsLedger)
    .groupBy(pointsLedger.membershipId)
    .as("sums");
  const balances = await db
    .select({ id: memberships.id, expected: sql<number>`coalesce(${sums.total}, 0)`.mapWith(Number), actual: memberships.balance })
    .from(memberships)
    .leftJoin(sums, eq(sums.membershipId, memberships.id))
    .where(sql`${memberships.balance} <> coalesce(${sums.total}, 0)`);

  const chained = db
    .select({
      id: pointsLedger.id,
      balanceAfter: pointsLedger.balanceAfter,
      expected: sql<number>`coalesce(lag(${pointsLedger.balanceAfter}) over (partition by ${pointsLedger.membershipId} order by ${pointsLedger.id}), 0) + ${pointsLedger.delta}`.as("expected"),
    })
    .from(pointsLedger)
    .as("chained");
  const chain = await db
    .select({ id: chained.id, expected: sql<number>`${chained.expected}`.mapWith(Number), actual: chained.balanceAfter })
    .from(chained)
    .where(ne(chained.balanceAfter, chained.expected));

  const drawn = db
    .select({ lotId: pointsDraws.lotId, total: sql<number>`sum(${pointsDraws.points})`.as("drawn") })
    .from(pointsDraws)
    .groupBy(pointsDraws.lotId)
    .as("drawn");
  const lots = await db
    .select({ id: pointsLots.id, expected: sql<number>`${pointsLots.points} - coalesce(${drawn.total}, 0)`.mapWith(Number), actual: pointsLots.remaining })
    .from(pointsLots)
    .leftJoin(drawn, eq(drawn.lotId, pointsLots.id))
    .where(sql`${pointsLots.remaining} <> ${pointsLots.points} - coalesce(${drawn.total}, 0)`);

  const open = db
    .select({ membershipId: pointsLots.membershipId, total: sql<number>`sum(${pointsLots.remaining})`.as("open") })
    .from(pointsLots)
    .groupBy(pointsLots.membershipId)
    .as("open");
  const openLots = await db
    .select({ id: memberships.id, expected: sql<number>`greatest(${memberships.balance}, 0)`.mapWith(Number), actual: sql<number>`coalesce(${open.total}, 0)`.mapWith(Number) })
    .from(memberships)
    .leftJoin(open, eq(open.membershipId, memberships.id))
    .where(sql`coalesce(${open.total}, 0) <> greatest(${memberships.balance}, 0)`);

  const [[members], [entries], [lotCount]] = await Promise.all([
    db.select({ n: count() }).from(memberships),
    db.select({ n: count() }).from(pointsLedger),
    db.select({ n: count() }).from(pointsLots),
  ]);
  const problems: LedgerProblem[] = [
    ...balances.map((row) => ({ kind: "balance" as const, id: row.id, expected: row.expected, actual: row.actual })),
    ...chain.map((row) => ({ kind: "chain" as const, id: String(row.id), expected: row.expected, actual: row.actual })),
    ...lots.map((row) => ({ kind: "lot" as const, id: String(row.id), expected: row.expected, actual: row.actual })),
    ...openLots.map((row) => ({ kind: "lots" as const, id: row.id, expected: row.expected, actual: row.actual })),
  ];
  return { memberships: members!.n, entries: entries!.n, lots: lotCount!.n, problems };
}

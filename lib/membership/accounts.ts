import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { getDb } from "@/db/client";
import { customers, memberships } from "@/db/schema";

/** The customer record of a member's portal account, while the membership is open and the record live. */
export async function findMemberCustomerId(userId: string): Promise<string | null> {
  const db = await getDb();
  const [row] = await db
    .select({ customerId: memberships.customerId, status: memberships.status })
    .from(memberships)
    .innerJoin(customers, eq(customers.id, memberships.customerId))
    .where(and(eq(memberships.userId, userId), isNull(customers.deletedAt)));
  return row && row.status !== "closed" ? row.customerId : null;
}

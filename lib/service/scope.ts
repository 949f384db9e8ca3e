import "server-only";
import { and, isNull, or, sql, type SQL } from "drizzle-orm";
import { customers, tickets } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { ownerVisibleTo, teamsOf } from "@/lib/sales/teams";

/**
 * Which tickets a staff member sees, as SQL over `tickets` joined with their `customers`: agents
 * and admins all; managers and reps those of customers they see and of their own teams. A deleted
 * customer's tickets are gone with the customer (and back with a restore).
 */
export function ticketVisibleTo(actor: Actor): SQL | undefined {
  const live = isNull(customers.deletedAt);
  if (actor.kind === "system" || actor.role === "admin" || actor.role === "support_agent") return live;
  if (actor.role === "member") return sql`false`;
  return and(live, or(ownerVisibleTo(actor, customers.ownerId), sql`${tickets.teamId} in (${teamsOf(actor)})`));
}

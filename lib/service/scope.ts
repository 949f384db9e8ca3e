import "server-only";
import { and, isNull, or, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { customers, tickets } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { ownerVisibleTo, teamsOf } from "@/lib/sales/teams";

/**
 * Which tickets a staff member sees, by the ticket's team and its customer's owner (given as the
 * columns that hold them, in the tickets or in a rollup): agents and admins all; managers and reps
 * those of customers they see and of their own teams. Undefined: no limit.
 */
export function ticketReachOf(actor: Actor, columns: { ownerId: AnyPgColumn; teamId: AnyPgColumn }): SQL | undefined {
  if (actor.kind === "system" || actor.role === "admin" || actor.role === "support_agent") return undefined;
  if (actor.role === "member") return sql`false`;
  return or(ownerVisibleTo(actor, columns.ownerId), sql`${columns.teamId} in (${teamsOf(actor)})`);
}

/**
 * Which tickets a staff member sees, as SQL over `tickets` joined with their `customers` (see
 * `ticketReachOf`). A deleted customer's tickets are gone with the customer (and back with a restore).
 */
export function ticketVisibleTo(actor: Actor): SQL | undefined {
  return and(isNull(customers.deletedAt), ticketReachOf(actor, { ownerId: customers.ownerId, teamId: tickets.teamId }));
}

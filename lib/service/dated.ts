import "server-only";
import { and, gte, isNotNull, isNull, lt, sql, type SQL } from "drizzle-orm";
import { tickets, ticketSlaClocks, type SlaClockKind } from "@/db/schema";
import type { InstantRange } from "@/lib/dates";
import type { TicketDateKind } from "./schemas";

/**
 * When an SLA clock was decided: when it stopped (met, or met late), or, while it still runs past
 * its target, when it breached. Null while it runs (or waits) on time. The expression of the index
 * `ticket_sla_clocks_decided_idx`: write it exactly so for the index to serve.
 */
export const clockDecidedAt = sql`coalesce(${ticketSlaClocks.stoppedAt}, ${ticketSlaClocks.breachedAt})`;

/** Instants as ISO text: the PostgreSQL driver does not serialise a Date inside a raw fragment. */
const instant = (value: Date) => sql`${value.toISOString()}::timestamptz`;

/**
 * Tickets whose clock of `kind` was decided within `range` (met or breached as `sla` says; either
 * when omitted). Duplicates merged away are left out: merging stops their clocks without an answer.
 */
export function clockDecidedIn(kind: SlaClockKind, range: InstantRange, sla?: "met" | "breached"): SQL {
  const decided = and(
    sql`${ticketSlaClocks.kind} = ${kind}`,
    range.start ? sql`${clockDecidedAt} >= ${instant(range.start)}` : sql`${clockDecidedAt} is not null`,
    range.end ? sql`${clockDecidedAt} < ${instant(range.end)}` : undefined,
    sla === "met" ? isNull(ticketSlaClocks.breachedAt) : sla === "breached" ? isNotNull(ticketSlaClocks.breachedAt) : undefined,
  );
  return and(isNull(tickets.mergedIntoId), sql`${tickets.id} in (select ${ticketSlaClocks.ticketId} from ${ticketSlaClocks} where ${decided})`)!;
}

/** The tickets of the list's date filter: opened, solved, rated or with a clock decided in `range`. */
export function ticketDatedIn(kind: TicketDateKind, range: InstantRange, sla?: "met" | "breached"): SQL | undefined {
  if (kind === "first_response" || kind === "resolution") return clockDecidedIn(kind, range, sla);
  if (!range.start && !range.end) return undefined;
  const column = kind === "solved" ? tickets.solvedAt : kind === "rated" ? tickets.ratedAt : tickets.createdAt;
  return and(range.start ? gte(column, range.start) : undefined, range.end ? lt(column, range.end) : undefined);
}

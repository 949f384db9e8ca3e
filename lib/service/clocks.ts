import "server-only";
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { ticketSlaClocks, type SlaClockKind, type Ticket, type TicketSlaClock, type TicketStatus } from "@/db/schema";
import type { ServiceSettings } from "@/lib/settings/schemas";
import { clocksIn } from "./rules";
import { addBusinessMinutes, pauseClock, resumeClock, startClock, stopClock, type SlaClock } from "./sla";

/** The SLA side of a ticket's life: clocks start with it, follow its status and stop when met. */

export const asClock = (row: TicketSlaClock): SlaClock => ({
  targetMinutes: row.targetMinutes,
  elapsedMinutes: row.elapsedMinutes,
  runningSince: row.runningSince,
  dueAt: row.dueAt,
  stoppedAt: row.stoppedAt,
  breachedAt: row.breachedAt,
});

const runsFor = (kind: SlaClockKind, runs: { firstResponse: boolean; resolution: boolean }) => (kind === "first_response" ? runs.firstResponse : runs.resolution);

/** Starts both clocks of a new ticket with its priority's targets. */
export async function startTicketClocks(tx: Database, settings: ServiceSettings, ticket: Ticket, now: Date): Promise<void> {
  const policy = settings.policies[ticket.priority];
  const runs = clocksIn(settings, ticket.status);
  await tx.insert(ticketSlaClocks).values([
    { ticketId: ticket.id, kind: "first_response", ...startClock(settings.calendar, policy.firstResponseMinutes, now, runs.firstResponse) },
    { ticketId: ticket.id, kind: "resolution", ...startClock(settings.calendar, policy.resolutionMinutes, now, runs.resolution) },
  ]);
}

async function lockTicketClocks(tx: Database, ticketId: string): Promise<TicketSlaClock[]> {
  return tx.select().from(ticketSlaClocks).where(eq(ticketSlaClocks.ticketId, ticketId)).for("update");
}

async function saveClock(tx: Database, ticketId: string, kind: SlaClockKind, clock: SlaClock) {
  await tx
    .update(ticketSlaClocks)
    .set(clock)
    .where(and(eq(ticketSlaClocks.ticketId, ticketId), eq(ticketSlaClocks.kind, kind)));
}

/**
 * Moves the clocks along with a status change: each runs or pauses as the status says, solving
 * stops both, and reopening a solved ticket lets its resolution clock run on from where it stopped.
 */
export async function followStatus(tx: Database, settings: ServiceSettings, ticketId: string, from: TicketStatus, to: TicketStatus, now: Date) {
  const runs = clocksIn(settings, to);
  for (const row of await lockTicketClocks(tx, ticketId)) {
    let clock = asClock(row);
    if (to === "solved" || to === "closed") {
      clock = stopClock(settings.calendar, clock, now);
    } else {
      if (from === "solved" && row.kind === "resolution" && clock.stoppedAt) clock = { ...clock, stoppedAt: null };
      clock = runsFor(row.kind, runs) ? resumeClock(settings.calendar, clock, now) : pauseClock(settings.calendar, clock, now);
    }
    await saveClock(tx, ticketId, row.kind, clock);
  }
}

/** The first public reply meets the first-response target. */
export async function stopFirstResponse(tx: Database, settings: ServiceSettings, ticketId: string, now: Date) {
  const [row] = (await lockTicketClocks(tx, ticketId)).filter((clock) => clock.kind === "first_response");
  if (row && !row.stoppedAt) await saveClock(tx, ticketId, row.kind, stopClock(settings.calendar, asClock(row), now));
}

/**
 * A new priority's targets for the clocks still counting; what they used so far stays used.
 * Clocks already met keep the target they were met against, and a breach stays recorded.
 */
export async function retargetClocks(tx: Database, settings: ServiceSettings, ticketId: string, priority: Ticket["priority"]) {
  const policy = settings.policies[priority];
  for (const row of await lockTicketClocks(tx, ticketId)) {
    if (row.stoppedAt) continue;
    const targetMinutes = row.kind === "first_response" ? policy.firstResponseMinutes : policy.resolutionMinutes;
    const dueAt = row.runningSince ? addBusinessMinutes(settings.calendar, row.runningSince, Math.max(0, targetMinutes - row.elapsedMinutes)) : null;
    await saveClock(tx, ticketId, row.kind, { ...asClock(row), targetMinutes, dueAt });
  }
}

import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { events } from "@/db/schema";
import { eventsChannel, type LiveEvent, type LiveEventInput } from "./types";

/**
 * Records an event and notifies every app instance. Call it inside the change's transaction:
 * Postgres delivers the notification only when the transaction commits, so a rolled-back change
 * announces nothing.
 */
export async function publishEvent(tx: Database, input: LiveEventInput): Promise<LiveEvent> {
  const [row] = await tx.insert(events).values(input).returning({ id: events.id });
  const event: LiveEvent = { id: row!.id, ...input };
  await tx.execute(sql`select pg_notify(${eventsChannel}, ${JSON.stringify(event)})`);
  return event;
}

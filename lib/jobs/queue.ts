import "server-only";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import type { Database } from "@/db/client";
import { jobs } from "@/db/schema";
import type { JobDefinition } from "./define";

export const jobsChannel = "crm_jobs";

/**
 * Enqueues `definition` with `payload`. Call it with the transaction of the change that calls for
 * the work: the job exists if and only if that change commits. With a `key`, enqueuing again is
 * a no-op. Workers are woken by a notification that Postgres delivers at commit.
 */
export async function enqueue<S extends z.ZodType>(
  tx: Database,
  definition: JobDefinition<S>,
  payload: z.input<S>,
  options: { runAt?: Date; key?: string } = {},
): Promise<void> {
  await enqueueMany(tx, definition, [{ payload, ...options }]);
}

/** `enqueue` for many jobs of one kind, in one statement and one wake-up. */
export async function enqueueMany<S extends z.ZodType>(
  tx: Database,
  definition: JobDefinition<S>,
  items: readonly { payload: z.input<S>; runAt?: Date; key?: string }[],
): Promise<void> {
  if (items.length === 0) return;
  const now = new Date();
  await tx
    .insert(jobs)
    .values(
      items.map((item) => ({
        name: definition.name,
        payload: definition.payload.parse(item.payload),
        maxAttempts: definition.maxAttempts ?? 5,
        runAt: item.runAt ?? now,
        key: item.key,
      })),
    )
    .onConflictDoNothing({ target: jobs.key, where: sql`${jobs.key} is not null` });
  await tx.execute(sql`select pg_notify(${jobsChannel}, ${definition.name})`);
}

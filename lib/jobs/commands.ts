import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { jobs } from "@/db/schema";
import { recordAudit } from "@/lib/audit/commands";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { z } from "zod";
import { jobsChannel } from "./queue";

/** Runs a dead (or waiting-to-retry) job again now, with a fresh set of attempts. */
export async function retryJob(actor: Actor, id: unknown) {
  assertCan(actor, "jobs.manage");
  const jobId = parseInput(z.coerce.number().int().positive(), id);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(jobs).where(eq(jobs.id, jobId)).for("update");
    if (!before) throw new AppError("NOT_FOUND");
    const [after] = await tx
      .update(jobs)
      .set({ status: "queued", attempts: 0, runAt: new Date(), finishedAt: null, lockedBy: null, lockedAt: null })
      .where(and(eq(jobs.id, jobId), inArray(jobs.status, ["dead", "queued"])))
      .returning();
    if (!after) throw new AppError("INVALID_STATE", "errors.jobNotRetryable");
    await recordAudit(tx, actor, { action: "job.retry", entityType: "job", entityId: String(jobId), before, after });
    await tx.execute(sql`select pg_notify(${jobsChannel}, ${after.name})`);
    return after;
  });
}

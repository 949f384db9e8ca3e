import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, jobs } from "@/db/schema";
import { makeActor } from "@/lib/factories";
import { getOutboxMail, listOutbox } from "@/lib/mail/queries";
import { retryJob } from "./commands";
import { listJobs } from "./queries";

async function deadJob() {
  const db = await getDb();
  const [job] = await db
    .insert(jobs)
    .values({ name: "mail.send", payload: {}, status: "dead", attempts: 5, lastError: "Error: boom", finishedAt: new Date() })
    .returning();
  return job!;
}

describe("jobs for admins", () => {
  it("lists jobs by state with counts, and retries a dead one with fresh attempts", async () => {
    const admin = await makeActor("admin");
    const job = await deadJob();
    const dead = await listJobs(admin, { status: "dead" });
    expect(dead.rows.map((row) => row.id)).toContain(job.id);
    expect(dead.counts.dead).toBeGreaterThanOrEqual(1);

    const retried = await retryJob(admin, String(job.id));
    expect(retried).toMatchObject({ status: "queued", attempts: 0, lastError: "Error: boom" });
    const db = await getDb();
    const [entry] = await db.select().from(auditLog).where(eq(auditLog.action, "job.retry"));
    expect(entry!.changes.status).toEqual({ before: "dead", after: "queued" });
  });

  it("refuses to retry what is running or done, and answers NOT_FOUND for unknown ids", async () => {
    const admin = await makeActor("admin");
    const db = await getDb();
    const [done] = await db.insert(jobs).values({ name: "x", payload: {}, status: "succeeded" }).returning();
    await expect(retryJob(admin, done!.id)).rejects.toMatchObject({ code: "INVALID_STATE" });
    await expect(retryJob(admin, 999_999_999)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(retryJob(admin, "abc")).rejects.toMatchObject({ code: "VALIDATION" });
  });

  it("keeps jobs and the outbox from everyone but admins", async () => {
    const job = await deadJob();
    for (const role of ["manager", "sales_rep", "support_agent"] as const) {
      const actor = await makeActor(role);
      await expect(listJobs(actor, {})).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(retryJob(actor, job.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(listOutbox(actor, {})).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(getOutboxMail(actor, crypto.randomUUID())).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    const db = await getDb();
    const [row] = await db.select().from(jobs).where(eq(jobs.id, job.id));
    expect(row!.status).toBe("dead");
  });
});

import "server-only";
import { asc, count, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { jobs, jobStatuses } from "@/db/schema";
import { assertCan, type Actor } from "@/lib/auth/permissions";

export const jobListParamsSchema = z.object({
  status: z.enum(jobStatuses).catch("queued").default("queued"),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

const pageSize = 50;

export async function listJobs(actor: Actor, rawParams: unknown) {
  assertCan(actor, "jobs.manage");
  const params = jobListParamsSchema.parse(rawParams ?? {});
  const db = await getDb();
  // Queued work in the order it will run; finished work newest first.
  const order = params.status === "queued" || params.status === "running" ? [asc(jobs.runAt), asc(jobs.id)] : [desc(jobs.updatedAt), desc(jobs.id)];
  const [rows, counts] = await Promise.all([
    db
      .select()
      .from(jobs)
      .where(eq(jobs.status, params.status))
      .orderBy(...order)
      .limit(pageSize)
      .offset((params.page - 1) * pageSize),
    db.select({ status: jobs.status, n: count() }).from(jobs).groupBy(jobs.status),
  ]);
  const byStatus = Object.fromEntries(jobStatuses.map((status) => [status, counts.find((row) => row.status === status)?.n ?? 0]));
  const total = byStatus[params.status] ?? 0;
  return { rows, counts: byStatus as Record<(typeof jobStatuses)[number], number>, params, page: params.page, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
}

import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { connectPostgres, getDb } from "@/db/client";
import { jobs } from "@/db/schema";
import { testDatabaseUrl } from "@/db/testing/database";
import { defineJob } from "./define";
import { createJobRunner } from "./runner";

// Real concurrency needs a PostgreSQL server: CI runs this file again with DATABASE_URL set.
describe.runIf(process.env.DATABASE_URL)("two workers on one PostgreSQL server", () => {
  it("run 1,000 jobs, each exactly once", async () => {
    const runs = new Map<number, string[]>();
    const job = defineJob({
      name: "test.concurrent",
      payload: z.object({ n: z.number() }),
      async run({ n }, { job }) {
        runs.set(n, [...(runs.get(n) ?? []), job.lockedBy!]);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
      },
    });
    const db = await getDb();
    await db.insert(jobs).values(Array.from({ length: 1000 }, (_, n) => ({ name: job.name, payload: { n } })));

    const connections = await Promise.all([connectPostgres(testDatabaseUrl(), { max: 4 }), connectPostgres(testDatabaseUrl(), { max: 4 })]);
    try {
      const runners = connections.map((connection, index) =>
        createJobRunner({ db: connection.db, definitions: [job], workerId: `worker-${index}`, concurrency: 8 }),
      );
      await Promise.all(runners.map((runner) => runner.drain()));
    } finally {
      await Promise.all(connections.map((connection) => connection.close()));
    }

    expect(runs.size).toBe(1000);
    expect([...runs.values()].filter((workers) => workers.length !== 1)).toEqual([]);
    const byWorker = new Set([...runs.values()].map((workers) => workers[0]));
    expect(byWorker).toEqual(new Set(["worker-0", "worker-1"]));
    const [done] = await db.select({ n: count() }).from(jobs).where(eq(jobs.status, "succeeded"));
    expect(done!.n).toBe(1000);
  });
});

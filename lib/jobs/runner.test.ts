import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { getDb } from "@/db/client";
import { jobs, jobSchedules } from "@/db/schema";
import { defineJob, retryDelayMs } from "./define";
import { enqueue } from "./queue";
import { createJobRunner } from "./runner";

function recordingJob(name: string, behaviour: (value: number) => void = () => {}) {
  const seen: number[] = [];
  const definition = defineJob({
    name,
    payload: z.object({ value: z.number() }),
    maxAttempts: 3,
    async run({ value }) {
      seen.push(value);
      behaviour(value);
    },
  });
  return { definition, seen };
}

describe("job runner", () => {
  it("runs a job enqueued in a committed transaction, once", async () => {
    const db = await getDb();
    const { definition, seen } = recordingJob("test.commit");
    await db.transaction((tx) => enqueue(tx, definition, { value: 1 }));
    const runner = createJobRunner({ db, definitions: [definition], workerId: "w1" });
    expect(await runner.drain()).toBe(1);
    expect(await runner.drain()).toBe(0);
    expect(seen).toEqual([1]);
    const [row] = await db.select().from(jobs).where(eq(jobs.name, "test.commit"));
    expect(row).toMatchObject({ status: "succeeded", attempts: 1, lockedBy: null });
  });

  it("never runs a job enqueued in a rolled-back transaction", async () => {
    const db = await getDb();
    const { definition, seen } = recordingJob("test.rollback");
    await expect(
      db.transaction(async (tx) => {
        await enqueue(tx, definition, { value: 2 });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    const runner = createJobRunner({ db, definitions: [definition], workerId: "w1" });
    expect(await runner.drain()).toBe(0);
    expect(seen).toEqual([]);
    expect(await db.select().from(jobs).where(eq(jobs.name, "test.rollback"))).toHaveLength(0);
  });

  it("retries a failing job with growing delays, then marks it dead with its error", async () => {
    const db = await getDb();
    let clock = new Date("2026-05-01T00:00:00Z");
    const { definition, seen } = recordingJob("test.failing", () => {
      throw new Error("the printer is on fire");
    });
    await enqueue(db, definition, { value: 3 }, { runAt: clock });
    const runner = createJobRunner({ db, definitions: [definition], workerId: "w1", now: () => clock });

    expect(await runner.tick()).toBe(1);
    let [row] = await db.select().from(jobs).where(eq(jobs.name, "test.failing"));
    expect(row).toMatchObject({ status: "queued", attempts: 1, lastError: "Error: the printer is on fire" });
    expect(row!.runAt.getTime() - clock.getTime()).toBe(retryDelayMs(1));

    expect(await runner.tick()).toBe(0); // not due yet
    clock = new Date(row!.runAt.getTime());
    expect(await runner.tick()).toBe(1);
    [row] = await db.select().from(jobs).where(eq(jobs.name, "test.failing"));
    expect(row!.runAt.getTime() - clock.getTime()).toBe(retryDelayMs(2));

    clock = new Date(row!.runAt.getTime());
    expect(await runner.tick()).toBe(1);
    [row] = await db.select().from(jobs).where(eq(jobs.name, "test.failing"));
    expect(row).toMatchObject({ status: "dead", attempts: 3, lastError: "Error: the printer is on fire" });
    clock = new Date(clock.getTime() + 24 * 3_600_000);
    expect(await runner.tick()).toBe(0);
    expect(seen).toEqual([3, 3, 3]);
  });

  it("does not enqueue twice under one key", async () => {
    const db = await getDb();
    const { definition, seen } = recordingJob("test.keyed");
    await enqueue(db, definition, { value: 4 }, { key: "once-only" });
    await enqueue(db, definition, { value: 5 }, { key: "once-only" });
    await createJobRunner({ db, definitions: [definition], workerId: "w1" }).drain();
    expect(seen).toEqual([4]);
  });

  it("refuses a payload that does not fit the job", async () => {
    const db = await getDb();
    const { definition } = recordingJob("test.payload");
    await expect(enqueue(db, definition, { value: "four" as unknown as number })).rejects.toThrow();
    expect(await db.select().from(jobs).where(eq(jobs.name, "test.payload"))).toHaveLength(0);
  });

  it("gives the job the runner's clock", async () => {
    const db = await getDb();
    const clock = new Date("2030-01-01T00:00:00Z");
    const seen: Date[] = [];
    const clocked = defineJob({ name: "test.clock", payload: z.object({}), async run(_payload, { now }) { seen.push(now()); } });
    await enqueue(db, clocked, {}, { runAt: clock });
    await createJobRunner({ db, definitions: [clocked], workerId: "w1", now: () => clock }).drain();
    expect(seen).toEqual([clock]);
  });

  it("runs again a job whose worker died while running it", async () => {
    const db = await getDb();
    let clock = new Date("2026-05-02T00:00:00Z");
    const { definition, seen } = recordingJob("test.orphan");
    await enqueue(db, definition, { value: 6 }, { runAt: clock });
    await db.update(jobs).set({ status: "running", lockedBy: "dead-worker", lockedAt: clock, attempts: 1 }).where(eq(jobs.name, "test.orphan"));
    const runner = createJobRunner({ db, definitions: [definition], workerId: "w2", now: () => clock, lockTimeoutMs: 60_000 });
    expect(await runner.tick()).toBe(0);
    clock = new Date(clock.getTime() + 61_000);
    expect(await runner.tick()).toBe(1);
    expect(seen).toEqual([6]);
  });

  it("enqueues each slot of a schedule once, in the organisation's time zone", async () => {
    const db = await getDb();
    let clock = new Date("2026-05-03T10:00:00Z"); // 18:00 in Shanghai
    const nightly = defineJob({ name: "test.nightly", payload: z.object({}).strict(), async run() {} });
    const schedules = [{ name: "test.nightly", cron: "0 2 * * *", job: nightly }];
    const first = createJobRunner({ db, definitions: [nightly], schedules, workerId: "a", now: () => clock });
    const second = createJobRunner({ db, definitions: [nightly], schedules, workerId: "b", now: () => clock });
    await first.tick();
    const [schedule] = await db.select().from(jobSchedules).where(eq(jobSchedules.name, "test.nightly"));
    expect(schedule!.nextRunAt.toISOString()).toBe("2026-05-03T18:00:00.000Z"); // 02:00 in Shanghai

    clock = new Date("2026-05-03T18:00:30Z");
    await Promise.all([first.tick(), second.tick()]);
    await first.tick();
    const enqueued = await db.select().from(jobs).where(eq(jobs.name, "test.nightly"));
    expect(enqueued).toHaveLength(1);
    expect(enqueued[0]!.key).toBe("schedule:test.nightly:2026-05-03T18:00:00.000Z");
    const [after] = await db.select().from(jobSchedules).where(eq(jobSchedules.name, "test.nightly"));
    expect(after!.nextRunAt.toISOString()).toBe("2026-05-04T18:00:00.000Z");
  });
});

import "server-only";
import { Cron } from "croner";
import { and, asc, eq, inArray, lt, lte, or, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { jobs, jobSchedules, type Job } from "@/db/schema";
import { loggableError } from "@/lib/errors";
import { readSetting } from "@/lib/settings/queries";
import { retryDelayMs, type JobDefinition, type JobSchedule } from "./define";
import { enqueue } from "./queue";

export type RunnerOptions = {
  db: Database;
  definitions: JobDefinition[];
  schedules?: JobSchedule[];
  workerId: string;
  /** Jobs claimed and run at once. */
  concurrency?: number;
  /** How often to look for due work when nothing wakes the runner. */
  pollMs?: number;
  /** A job running longer than this is taken to belong to a dead worker and runs again. */
  lockTimeoutMs?: number;
  now?: () => Date;
  log?: (message: string) => void;
};

export type JobRunner = {
  /** Enqueues due schedules, then claims and runs one batch of due jobs; returns how many ran. */
  tick(): Promise<number>;
  /** Runs batches until no job is due (tests, `--drain`). */
  drain(): Promise<number>;
  start(): void;
  /** Looks for work now instead of at the next poll. */
  wake(): void;
  stop(): Promise<void>;
};

function nextRun(cron: string, timeZone: string, after: Date): Date {
  const next = new Cron(cron, { timezone: timeZone, paused: true }).nextRun(after);
  if (!next) throw new Error(`The schedule "${cron}" never runs again`);
  return next;
}

/** A failure as the log and the job's row keep it, with its causes: without the values it was about. */
function describe(error: unknown): string {
  const parts: string[] = [];
  for (let cause: unknown = loggableError(error); cause instanceof Error && parts.length < 5; cause = cause.cause) parts.push(`${cause.name}: ${cause.message}`);
  return parts.join(" ← ").slice(0, 2000);
}

export function createJobRunner(options: RunnerOptions): JobRunner {
  const { db, workerId } = options;
  const concurrency = options.concurrency ?? 4;
  const pollMs = options.pollMs ?? 1000;
  const lockTimeoutMs = options.lockTimeoutMs ?? 10 * 60 * 1000;
  const now = options.now ?? (() => new Date());
  const log = options.log ?? (() => {});
  const byName = new Map(options.definitions.map((definition) => [definition.name, definition]));
  const schedules = options.schedules ?? [];

  let schedulesSynced = false;
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> = Promise.resolve();
  let wakeRequested = false;
  let busy = false;

  async function syncSchedules() {
    if (schedulesSynced || schedules.length === 0) return;
    const { timeZone } = await readSetting("organisation", db);
    for (const schedule of schedules) {
      const nextRunAt = nextRun(schedule.cron, timeZone, now());
      await db
        .insert(jobSchedules)
        .values({ name: schedule.name, cron: schedule.cron, nextRunAt })
        .onConflictDoUpdate({
          target: jobSchedules.name,
          set: {
            cron: schedule.cron,
            // A changed schedule starts again from now; an unchanged one keeps its next slot.
            nextRunAt: sql`case when ${jobSchedules.cron} = ${schedule.cron} then ${jobSchedules.nextRunAt} else ${nextRunAt.toISOString()}::timestamptz end`,
          },
        });
    }
    schedulesSynced = true;
  }

  async function enqueueDueSchedules() {
    await syncSchedules();
    if (schedules.length === 0) return;
    const { timeZone } = await readSetting("organisation", db);
    await db.transaction(async (tx) => {
      const due = await tx
        .select()
        .from(jobSchedules)
        .where(
          and(
            lte(jobSchedules.nextRunAt, now()),
            inArray(
              jobSchedules.name,
              schedules.map((schedule) => schedule.name),
            ),
          ),
        )
        .for("update", { skipLocked: true });
      for (const row of due) {
        const schedule = schedules.find((candidate) => candidate.name === row.name)!;
        // The key names the slot, so a slot is enqueued once however many workers see it.
        await enqueue(tx, schedule.job, {}, { key: `schedule:${row.name}:${row.nextRunAt.toISOString()}` });
        await tx
          .update(jobSchedules)
          .set({ lastRunAt: row.nextRunAt, nextRunAt: nextRun(row.cron, timeZone, now()) })
          .where(eq(jobSchedules.name, row.name));
      }
    });
  }

  async function claim(limit: number): Promise<Job[]> {
    const at = now();
    const due = db
      .select({ id: jobs.id })
      .from(jobs)
      .where(
        or(
          and(eq(jobs.status, "queued"), lte(jobs.runAt, at)),
          and(eq(jobs.status, "running"), lt(jobs.lockedAt, new Date(at.getTime() - lockTimeoutMs))),
        ),
      )
      .orderBy(asc(jobs.runAt), asc(jobs.id))
      .limit(limit)
      .for("update", { skipLocked: true });
    return db
      .update(jobs)
      .set({ status: "running", lockedBy: workerId, lockedAt: at, attempts: sql`${jobs.attempts} + 1` })
      .where(inArray(jobs.id, due))
      .returning();
  }

  async function runJob(job: Job) {
    const definition = byName.get(job.name);
    try {
      if (!definition) throw new Error(`No job is defined with the name "${job.name}"`);
      await definition.run(definition.payload.parse(job.payload), { db, job, now });
      await db
        .update(jobs)
        .set({ status: "succeeded", finishedAt: now(), lockedBy: null, lockedAt: null, lastError: null })
        .where(and(eq(jobs.id, job.id), eq(jobs.lockedBy, workerId)));
    } catch (error) {
      const dead = job.attempts >= job.maxAttempts;
      log(`job ${job.id} (${job.name}) failed on attempt ${job.attempts}${dead ? ", giving up" : ""}: ${describe(error)}`);
      await db
        .update(jobs)
        .set({
          status: dead ? "dead" : "queued",
          lastError: describe(error),
          runAt: dead ? job.runAt : new Date(now().getTime() + retryDelayMs(job.attempts)),
          finishedAt: dead ? now() : null,
          lockedBy: null,
          lockedAt: null,
        })
        .where(and(eq(jobs.id, job.id), eq(jobs.lockedBy, workerId)));
    }
  }

  async function tick(): Promise<number> {
    await enqueueDueSchedules();
    const claimed = await claim(concurrency);
    await Promise.all(claimed.map(runJob));
    return claimed.length;
  }

  async function drain(): Promise<number> {
    let total = 0;
    for (let ran = await tick(); ran > 0; ran = await tick()) total += ran;
    return total;
  }

  function schedule(delay: number) {
    clearTimeout(timer);
    if (running) timer = setTimeout(loop, delay);
  }

  function loop() {
    wakeRequested = false;
    busy = true;
    current = tick()
      .catch((error: unknown) => {
        log(`job runner ${workerId}: ${describe(error)}`);
        return 0;
      })
      .then((ran) => {
        busy = false;
        schedule(ran > 0 || wakeRequested ? 0 : pollMs);
      });
  }

  return {
    tick,
    drain,
    start() {
      if (running) return;
      running = true;
      loop();
    },
    wake() {
      // A tick in progress looks again as soon as it ends.
      wakeRequested = true;
      if (running && !busy) schedule(0);
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await current;
    },
  };
}

import type { z } from "zod";
import type { Database } from "@/db/client";
import type { Job } from "@/db/schema";

export type JobContext = {
  db: Database;
  job: Job;
  /** The runner's clock: a job that schedules or times out by the clock reads it here, so tests can move it. */
  now: () => Date;
};

/** A kind of background work: its name, the payload it takes, and what it does. */
export type JobDefinition<S extends z.ZodType = z.ZodType> = {
  name: string;
  payload: S;
  /** Attempts before the job is given up as dead (default 5). */
  maxAttempts?: number;
  run(payload: z.output<S>, context: JobContext): Promise<void>;
};

export function defineJob<S extends z.ZodType>(definition: JobDefinition<S>): JobDefinition<S> {
  return definition;
}

/** A job enqueued on a cron schedule, in the organisation's time zone. */
export type JobSchedule = { name: string; cron: string; job: JobDefinition<z.ZodType<Record<string, never>>> };

/** Delay before attempt `attempt + 1`: 10 s, 20 s, 40 s … at most an hour. */
export function retryDelayMs(attempt: number): number {
  return Math.min(10_000 * 2 ** Math.max(0, attempt - 1), 60 * 60 * 1000);
}

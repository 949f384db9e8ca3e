import "server-only";
import { and, inArray, lt } from "drizzle-orm";
import { z } from "zod";
import { events, jobs } from "@/db/schema";
import { defineJob } from "./define";

const day = 24 * 60 * 60 * 1000;

/** Events are kept a day: long enough for any browser to reconnect and catch up. */
export const pruneEventsJob = defineJob({
  name: "events.prune",
  payload: z.object({}).strict(),
  async run(_payload, { db }) {
    await db.delete(events).where(lt(events.createdAt, new Date(Date.now() - day)));
  },
});

/** Finished jobs are kept a week for the admin page; dead ones stay until retried or looked at. */
export const pruneJobsJob = defineJob({
  name: "jobs.prune",
  payload: z.object({}).strict(),
  async run(_payload, { db }) {
    await db.delete(jobs).where(and(inArray(jobs.status, ["succeeded"]), lt(jobs.finishedAt, new Date(Date.now() - 7 * day))));
  },
});

import "server-only";
import os from "node:os";
import { getConnection } from "@/db/client";
import { jobsChannel } from "./queue";
import { jobDefinitions, jobSchedules } from "./registry";
import { createJobRunner, type JobRunner } from "./runner";

const state = globalThis as unknown as { __crmWorker?: Promise<JobRunner> };

/**
 * Starts this process's job runner once: it polls for due work and wakes at once when a job is
 * enqueued anywhere (the `crm_jobs` notification).
 */
export function startWorker(options: { concurrency?: number } = {}): Promise<JobRunner> {
  state.__crmWorker ??= (async () => {
    const connection = await getConnection();
    const runner = createJobRunner({
      db: connection.db,
      definitions: jobDefinitions,
      schedules: jobSchedules,
      workerId: `${os.hostname()}:${process.pid}`,
      concurrency: options.concurrency,
      log: (message) => console.warn(`[jobs] ${message}`),
    });
    await connection.listen(jobsChannel, () => runner.wake());
    runner.start();
    return runner;
  })();
  return state.__crmWorker;
}

export async function stopWorker() {
  const worker = state.__crmWorker;
  state.__crmWorker = undefined;
  if (worker) await (await worker).stop();
}

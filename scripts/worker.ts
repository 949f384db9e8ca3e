/**
 * `npm run worker`: runs background jobs in a process of its own. Start as many as you like
 * against a PostgreSQL server (DATABASE_URL); set RUN_JOBS=false on the app to keep jobs out of it.
 */
import { closeDb } from "@/db/client";
import { startWorker, stopWorker } from "@/lib/jobs/worker";

try {
  await startWorker({ concurrency: Number(process.env.WORKER_CONCURRENCY ?? 4) || 4 });
  console.log(`Worker ${process.pid} is running jobs; Ctrl-C stops it.`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, async () => {
    await stopWorker();
    await closeDb();
    process.exit(0);
  });
}

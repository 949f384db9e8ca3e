/** Runs once when a server process starts: background jobs run in the app unless RUN_JOBS=false. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { env } = await import("@/lib/env");
  if (env.RUN_JOBS === "false") return;
  const { startWorker } = await import("@/lib/jobs/worker");
  await startWorker();
}

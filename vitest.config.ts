import { availableParallelism } from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // Domain modules mark themselves server-only; the tests are the server.
      "server-only": path.resolve(import.meta.dirname, "db/testing/server-only.ts"),
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "app/**/*.test.ts", "db/**/*.test.ts", "scripts/**/*.test.ts"],
    globalSetup: ["db/testing/global-setup.ts"],
    setupFiles: ["db/testing/setup.ts"],
    pool: "forks",
    // The tests mostly wait on their database: two files at a time even on two cores.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    hookTimeout: 60_000,
    testTimeout: 30_000,
    env: { NODE_ENV: "test" },
    // Refusals are what many tests provoke, by the thousand: their security log lines are left out
    // of the output (app/logs.test.ts reads them where they are written).
    onConsoleLog: (log) => !log.includes('"security":'),
  },
});

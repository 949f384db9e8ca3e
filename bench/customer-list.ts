/**
 * Server time of the customer list on the demo data: `listCustomers` as the list page calls it,
 * for browsing, sorting, paging and searching by name, e-mail and phone fragment.
 * Runs on a fresh embedded database in a temporary folder, so that it never writes demo data into
 * a database of yours.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { closeDb, connectFromEnv, setConnection } from "@/db/client";
import { systemActor } from "@/lib/auth/permissions";
import { listCustomers } from "@/lib/customers/queries";
import { seedDemo } from "@/lib/demo/seed";

process.env.DATABASE_URL = "";
process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "crm-bench-"));

const cases: Record<string, Record<string, string>> = {
  "first page": {},
  "sort by name": { sort: "name", dir: "asc" },
  "page 5": { page: "5" },
  "name fragment": { q: "li" },
  "chinese name": { q: "王" },
  "e-mail fragment": { q: "example.cn" },
  "phone fragment": { q: "139 4" },
  "customer number": { q: "C-000120" },
  "no match": { q: "zzzzzz" },
};
const rounds = 50;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

try {
  setConnection(await connectFromEnv({ migrate: true }));
  await seedDemo(() => {});
  const actor = systemActor("bench");
  for (const params of Object.values(cases)) await listCustomers(actor, params); // warm up
  console.log(`listCustomers on the demo data (embedded PGlite), ${rounds} rounds each, ms:`);
  console.log(`${"case".padEnd(18)} ${"p50".padStart(7)} ${"p95".padStart(7)} ${"max".padStart(7)}  rows/total`);
  for (const [name, params] of Object.entries(cases)) {
    const times: number[] = [];
    let result;
    for (let i = 0; i < rounds; i++) {
      const start = performance.now();
      result = await listCustomers(actor, params);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const fmt = (ms: number) => ms.toFixed(1).padStart(7);
    console.log(`${name.padEnd(18)} ${fmt(percentile(times, 50))} ${fmt(percentile(times, 95))} ${fmt(times.at(-1)!)}  ${result!.rows.length}/${result!.total}`);
  }
} finally {
  await closeDb();
  fs.rmSync(process.env.DATA_DIR!, { recursive: true, force: true });
}

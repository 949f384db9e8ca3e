/**
 * Server time of the pipeline board with 500 open deals: `getBoard` as the board page calls it,
 * for a rep (their team's deals), a manager and an admin (everyone's). Runs on a fresh embedded
 * database in a temporary folder, so that it never writes into a database of yours.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { closeDb, connectFromEnv, getDb, setConnection } from "@/db/client";
import { customers, opportunities, pipelineStages } from "@/db/schema";
import { systemActor } from "@/lib/auth/permissions";
import { actorOf, makeUser } from "@/lib/factories";
import { getBoard } from "@/lib/sales/deals";
import { getPipeline } from "@/lib/sales/pipelines";
import { createTeam } from "@/lib/sales/teams";

process.env.DATABASE_URL = "";
process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "crm-bench-"));

const openDeals = 500;
const rounds = 30;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

try {
  setConnection(await connectFromEnv({ migrate: true }));
  const seed = systemActor("bench");
  const db = await getDb();
  const manager = await makeUser("manager");
  const reps = [await makeUser("sales_rep"), await makeUser("sales_rep"), await makeUser("sales_rep"), await makeUser("sales_rep")];
  const others = [await makeUser("sales_rep"), await makeUser("sales_rep")];
  await createTeam(seed, { name: "Bench East", managerId: manager.id, memberIds: reps.map((rep) => rep.id) });
  await createTeam(seed, { name: "Bench West", managerId: null, memberIds: others.map((rep) => rep.id) });
  const owners = [...reps, ...others];

  const people = await db
    .insert(customers)
    .values(Array.from({ length: 200 }, (_, index) => ({ name: `Board customer ${index}` })))
    .returning({ id: customers.id });
  const pipeline = await getPipeline(seed);
  const open = pipeline.stages.filter((stage) => stage.outcome === "open");
  const closed = pipeline.stages.filter((stage) => stage.outcome !== "open");
  const deal = (index: number, stage: (typeof pipeline.stages)[number], closedAt: Date | null) => ({
    customerId: people[index % people.length]!.id,
    pipelineId: pipeline.id,
    stageId: stage.id,
    title: `Deal ${index}`,
    amount: 10_000 + ((index * 7_919) % 900_000),
    currency: "CNY",
    expectedCloseOn: `2026-${String((index % 12) + 1).padStart(2, "0")}-15`,
    ownerId: owners[index % owners.length]!.id,
    closedAt,
  });
  await db.insert(opportunities).values(Array.from({ length: openDeals }, (_, index) => deal(index, open[index % open.length]!, null)));
  // Long-closed deals stay off the board but in the table, as in a pipeline that has run for years.
  await db.insert(opportunities).values(Array.from({ length: 3_000 }, (_, index) => deal(openDeals + index, closed[index % closed.length]!, new Date("2025-01-01T00:00:00Z"))));
  await db.execute(sql`analyze ${opportunities}`);
  await db.execute(sql`analyze ${pipelineStages}`);

  const viewers = { "rep (team of 4)": actorOf(reps[0]!), "manager (team)": actorOf(manager), "admin (all)": systemActor("admin") };
  for (const actor of Object.values(viewers)) await getBoard(actor, {}); // warm up
  console.log(`getBoard with ${openDeals} open deals (+3,000 closed long ago), embedded PGlite, ${rounds} rounds each, ms:`);
  console.log(`${"viewer".padEnd(18)} ${"p50".padStart(7)} ${"p95".padStart(7)} ${"max".padStart(7)}  cards`);
  for (const [name, actor] of Object.entries(viewers)) {
    const times: number[] = [];
    let cards = 0;
    for (let i = 0; i < rounds; i++) {
      const start = performance.now();
      const board = await getBoard(actor, {});
      times.push(performance.now() - start);
      cards = board.columns.reduce((sum, column) => sum + column.deals.length, 0);
    }
    times.sort((a, b) => a - b);
    const fmt = (ms: number) => ms.toFixed(1).padStart(7);
    console.log(`${name.padEnd(18)} ${fmt(percentile(times, 50))} ${fmt(percentile(times, 95))} ${fmt(times.at(-1)!)}  ${cards}`);
  }
} finally {
  await closeDb();
  fs.rmSync(process.env.DATA_DIR!, { recursive: true, force: true });
}

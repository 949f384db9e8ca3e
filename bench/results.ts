/**
 * The bench's results as a table: each figure, its ratio to the ceiling it is a share of, and the
 * target it is held to, written to `<prefix>.md` and `<prefix>.json`. When the prefix is the
 * default (bench/results/latest), the README's performance section gets the same table.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Throughput } from "./ceilings";
import type { ImportTiming } from "./import";
import type { Scenario } from "./scenarios";

export const defaultResults = "bench/results/latest";

export type Ceilings = { http: Throughput; earn: Throughput; redeem: Throughput };

export type BenchResults = {
  date: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; postgres: string };
  scale: number;
  counts: Record<string, number>;
  load: { connections: number; seconds: number; warmupSeconds: number };
  ceilings: Ceilings;
  scenarios: Scenario[];
  payments: { paid: number; earned: number };
  import: ImportTiming;
  peakRssBytes: number;
  ledger: { memberships: number; problems: number; seconds: number };
};

type Target = { text: string; met: boolean };

const ratioOf = (scenario: Scenario, ceilings: Ceilings) => (scenario.ceiling ? scenario.result.perSecond / ceilings[scenario.ceiling].perSecond : null);

/** The issue's targets, by scenario. Reads are judged alone (the server's time) where the target says so. */
function targetOf(scenario: Scenario, ceilings: Ceilings): Target | null {
  const ratio = ratioOf(scenario, ceilings) ?? 0;
  const { result, alone } = scenario;
  switch (scenario.kind) {
    case "read":
      return { text: "≥ 15% of bare HTTP, p99 < 20 ms; alone p50 < 5 ms", met: ratio >= 0.15 && result.p99 < 20 && (alone?.p50 ?? Infinity) < 5 };
    case "search":
      return { text: "p95 < 20 ms", met: result.p95 < 20 };
    case "payment":
      return { text: "≥ 50% of raw SQL, no errors", met: ratio >= 0.5 && result.errors === 0 };
    case "page":
      return { text: "alone p95 < 100 ms", met: (alone?.p95 ?? Infinity) < 100 };
    case "dashboard":
      return { text: "alone p95 < 150 ms", met: (alone?.p95 ?? Infinity) < 150 };
    case "export":
      return null;
  }
}

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
const count = (value: number) => Math.round(value).toLocaleString("en");
const mark = (target: Target | null) => (target ? `${target.met ? "met" : "**missed**"}: ${target.text}` : "");

export function resultsTable(results: BenchResults): string {
  const { ceilings } = results;
  const lines = [
    `Scale ${results.scale} (${count(results.counts.customers ?? 0)} customers, ${count(results.counts.orders ?? 0)} orders, ${count(results.counts.points_ledger ?? 0)} ledger rows, ${count(results.counts.tickets ?? 0)} tickets, ${count(results.counts.opportunities ?? 0)} deals), ` +
      `${results.date.slice(0, 10)}, on ${results.machine.cpus} cores (${results.machine.cpuModel}) and ${results.machine.memoryGiB} GiB, Node ${results.machine.node}, ${results.machine.postgres}. ` +
      `Loads: ${results.load.connections} connections for ${results.load.seconds} s after ${results.load.warmupSeconds} s of warm-up; "alone" is one request at a time. Latencies in ms.`,
    "",
    "| Measured | Throughput | p50 | p95 | p99 | Errors | Ratio to ceiling | Alone p50 / p95 | Target |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---|",
  ];
  const ceiling = (name: string, unit: string, result: Throughput) =>
    lines.push(`| ceiling: ${name} | ${count(result.perSecond)} ${unit} | ${ms(result.p50)} | ${ms(result.p95)} | ${ms(result.p99)} | ${result.errors} | | | |`);
  ceiling("bare Node HTTP, small JSON", "req/s", ceilings.http);
  ceiling("points earn, raw SQL", "tx/s", ceilings.earn);
  ceiling("points redemption, raw SQL", "tx/s", ceilings.redeem);
  for (const scenario of results.scenarios) {
    const { result, alone } = scenario;
    const ratio = ratioOf(scenario, ceilings);
    if (scenario.kind === "export") {
      lines.push(`| ${scenario.name} | ${count(result.perSecond)} rows/s | | | | ${result.errors} | | | ${result.seconds.toFixed(1)} s |`);
      continue;
    }
    lines.push(
      `| ${scenario.name} | ${count(result.perSecond)} /s | ${ms(result.p50)} | ${ms(result.p95)} | ${ms(result.p99)} | ${result.errors} | ${ratio === null ? "" : `${(ratio * 100).toFixed(1)}%`} | ${alone ? `${ms(alone.p50)} / ${ms(alone.p95)}` : ""} | ${mark(targetOf(scenario, ceilings))} |`,
    );
  }
  const imported = results.import;
  lines.push(
    `| CSV import of ${count(imported.rows)} customers (${imported.megabytes.toFixed(1)} MB) | ${count(imported.rows / imported.importSeconds)} rows/s | | | | ${imported.rows - imported.created} | | | ${mark({ text: "under 10 s", met: imported.importSeconds < 10 })}; import ${imported.importSeconds.toFixed(1)} s after a dry run of ${imported.checkSeconds.toFixed(1)} s |`,
    `| peak memory of the app server (with its job worker) | | | | | | | | ${mark({ text: "under 500 MB", met: results.peakRssBytes < 500 * 2 ** 20 })}: ${(results.peakRssBytes / 2 ** 20).toFixed(0)} MB |`,
    `| orders paid under load, each with one points entry | ${count(results.payments.paid)} paid | | | | ${Math.abs(results.payments.paid - results.payments.earned)} | | | ${results.payments.earned} entries |`,
    `| ledger check after the run | ${count(results.ledger.memberships)} members | | | | ${results.ledger.problems} | | | ${mark({ text: "every balance equals its ledger", met: results.ledger.problems === 0 })} (${results.ledger.seconds.toFixed(1)} s) |`,
  );
  return lines.join("\n");
}

/** Writes `<prefix>.md` and `<prefix>.json`; with the default prefix, also the README's table. */
export function writeResults(results: BenchResults, prefix: string) {
  const table = resultsTable(results);
  fs.mkdirSync(path.dirname(prefix), { recursive: true });
  fs.writeFileSync(`${prefix}.md`, `# Bench results\n\nWritten by \`npm run bench\`.\n\n${table}\n`);
  fs.writeFileSync(`${prefix}.json`, `${JSON.stringify(results, null, 2)}\n`);
  if (path.resolve(prefix) !== path.resolve(defaultResults)) return;
  const readme = fs.readFileSync("README.md", "utf8");
  const start = "<!-- bench:start -->";
  const end = "<!-- bench:end -->";
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) return;
  fs.writeFileSync("README.md", `${readme.slice(0, from + start.length)}\n${table}\n${readme.slice(to)}`);
}

export function machine(postgresVersion: string): BenchResults["machine"] {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? "unknown",
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    postgres: postgresVersion,
  };
}

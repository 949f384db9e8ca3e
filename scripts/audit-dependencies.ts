/**
 * `npm run audit:deps`: fails when a production dependency has a high or critical advisory.
 * `npm audit` asks the registry; a registry that does not serve advisories (a mirror, a closed
 * network) cannot answer, and then this says so plainly and exits 0, or 1 with `--strict`.
 */
import { spawnSync } from "node:child_process";
import { z } from "zod";
import { startedAsScript } from "./started-as-script";

const via = z.union([z.string(), z.object({ title: z.string().optional(), url: z.string().optional() }).loose()]);
const report = z.object({
  vulnerabilities: z.record(z.string(), z.object({ name: z.string(), severity: z.string(), via: z.array(via) }).loose()),
  metadata: z.object({ vulnerabilities: z.record(z.string(), z.number()), dependencies: z.object({ prod: z.number() }).loose() }).loose(),
});
const refusal = z.object({ message: z.string() }).loose();

export type Verdict = { code: 0 | 1; out: string[]; err: string[] };

/** What `npm audit --json` printed, judged: high and critical advisories fail; no report at all fails only when strict. */
export function judgeAudit(stdout: string, { strict }: { strict: boolean }): Verdict {
  let output: unknown = null;
  try {
    output = JSON.parse(stdout);
  } catch {
    // Not JSON: npm could not even start the audit.
  }
  const parsed = report.safeParse(output);
  if (!parsed.success) {
    const reason = refusal.safeParse(output);
    return {
      code: strict ? 1 : 0,
      out: [],
      err: [
        `The dependency audit could not run: ${reason.success ? reason.data.message : "npm audit gave no report"}.`,
        "No advisory was checked. Run npm run audit:deps where the registry serves advisories (the public npm registry does).",
      ],
    };
  }
  const { vulnerabilities, metadata } = parsed.data;
  const serious = Object.values(vulnerabilities).filter((entry) => entry.severity === "high" || entry.severity === "critical");
  const err = serious.map((entry) => {
    const sources = entry.via.flatMap((source) => (typeof source === "string" ? [] : [`${source.title ?? ""} ${source.url ?? ""}`.trim()]));
    return `${entry.severity}: ${entry.name}${sources.length ? ` — ${sources.join("; ")}` : ""}`;
  });
  const counts = Object.entries(metadata.vulnerabilities).filter(([, count]) => count > 0).map(([severity, count]) => `${count} ${severity}`);
  return { code: serious.length > 0 ? 1 : 0, out: [`${metadata.dependencies.prod} production dependencies checked: ${counts.length ? counts.join(", ") : "no advisories"}.`], err };
}

if (startedAsScript(import.meta.url)) {
  const run = spawnSync("npm", ["audit", "--omit=dev", "--json"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const verdict = judgeAudit(run.stdout, { strict: process.argv.includes("--strict") });
  for (const line of verdict.out) console.log(line);
  for (const line of verdict.err) console.error(line);
  process.exit(verdict.code);
}

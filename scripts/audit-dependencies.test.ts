import { describe, expect, it } from "vitest";
import { judgeAudit } from "./audit-dependencies";

const report = (vulnerabilities: Record<string, { severity: string; via: unknown[] }>) =>
  JSON.stringify({
    auditReportVersion: 2,
    vulnerabilities: Object.fromEntries(Object.entries(vulnerabilities).map(([name, entry]) => [name, { name, ...entry }])),
    metadata: {
      vulnerabilities: Object.values(vulnerabilities).reduce<Record<string, number>>((counts, entry) => ({ ...counts, [entry.severity]: (counts[entry.severity] ?? 0) + 1 }), {}),
      dependencies: { prod: 120 },
    },
  });

describe("the dependency audit", () => {
  it("passes with no advisories, or only low and moderate ones", () => {
    expect(judgeAudit(report({}), { strict: true })).toEqual({ code: 0, out: ["120 production dependencies checked: no advisories."], err: [] });
    expect(judgeAudit(report({ cookie: { severity: "moderate", via: [] } }), { strict: true }).code).toBe(0);
  });

  it("fails on a high or critical advisory, naming the package and the advisory", () => {
    const verdict = judgeAudit(report({ next: { severity: "critical", via: [{ title: "Authorization bypass in middleware", url: "https://github.com/advisories/GHSA-f82v-jwr5-mffw" }] }, semver: { severity: "high", via: ["next"] } }), { strict: false });
    expect(verdict.code).toBe(1);
    expect(verdict.err).toEqual(["critical: next — Authorization bypass in middleware https://github.com/advisories/GHSA-f82v-jwr5-mffw", "high: semver"]);
  });

  it("says plainly when the registry gave no report, and fails then only when strict", () => {
    const refused = JSON.stringify({ message: "405 Method Not Allowed - POST https://registry.example/-/npm/v1/security/advisories/bulk", statusCode: 405 });
    expect(judgeAudit(refused, { strict: false })).toMatchObject({ code: 0, err: [expect.stringContaining("could not run: 405 Method Not Allowed"), expect.any(String)] });
    expect(judgeAudit(refused, { strict: true }).code).toBe(1);
    expect(judgeAudit("npm ERR! something", { strict: true }).code).toBe(1);
  });
});

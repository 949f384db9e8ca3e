import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "crm-cli-"));
const tsx = path.resolve("node_modules/.bin/tsx");

/** Runs the CLI as a user would, on an embedded database of its own. */
async function crm(args: string[], password?: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", CRM_PASSWORD: password };
  if (password === undefined) delete env.CRM_PASSWORD;
  try {
    const { stdout, stderr } = await run(tsx, ["--conditions=react-server", "scripts/crm.ts", ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe("npm run crm", () => {
  it("creates a user from CRM_PASSWORD, then refuses the same e-mail", async () => {
    const created = await crm(["user:create", "--email", "Ops@Example.test", "--name", "Ops Lead", "--role", "manager"], "a long enough password");
    expect(created).toMatchObject({ code: 0 });
    expect(created.stdout).toMatch(/Created manager ops@example\.test/);

    const again = await crm(["user:create", "--email", "ops@example.test", "--name", "Twin", "--role", "manager"], "a long enough password");
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("This e-mail address is already in use.");
  });

  it("explains every bad field, and bad arguments with the usage", async () => {
    const bad = await crm(["user:create", "--email", "nope", "--name", "", "--role", "boss"], "short");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("--email: Enter an e-mail address");
    expect(bad.stderr).toContain("--name: This field is required.");
    expect(bad.stderr).toContain("--role: Choose one of the roles.");
    expect(bad.stderr).toContain("--password: Use at least 10 characters.");

    const missing = await crm(["user:create", "--email", "x@example.test"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Missing --name[\s\S]*Usage: npm run crm/);

    const unknown = await crm(["user:frobnicate"]);
    expect(unknown.stderr).toMatch(/Unknown command: user:frobnicate[\s\S]*Usage/);
  });

  it("asks for the password when there is none, and says so without a terminal", async () => {
    const result = await crm(["user:create", "--email", "p@example.test", "--name", "P", "--role", "admin"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("No password: set CRM_PASSWORD, or run in a terminal to be asked.");
  });

  it("deactivates a user, and reports an unknown one", async () => {
    await crm(["user:create", "--email", "leaver@example.test", "--name", "Leaver", "--role", "sales_rep"], "a long enough password");
    const result = await crm(["user:deactivate", "--email", "leaver@example.test"]);
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toContain("Deactivated leaver@example.test");
    const unknown = await crm(["user:deactivate", "--email", "ghost@example.test"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("This record does not exist");
  });

  it("verifies the points ledger", async () => {
    const result = await crm(["ledger:verify"]);
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toContain("Every balance equals the sum of its ledger.");
  });
});

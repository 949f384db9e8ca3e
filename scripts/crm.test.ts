import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { auditLog } from "@/db/schema";
import { authenticateApiKey, listApiKeys } from "@/lib/integration/api-keys";
import { permissionsOf } from "@/lib/integration/scopes";
import { systemActor } from "@/lib/auth/permissions";
import { openTotpSecret, totpCode } from "@/lib/auth/totp";
import { actorOf, makeUser } from "@/lib/factories";
import { findUserById } from "@/lib/users/queries";
import { confirmTwoFactor, startTwoFactorSetup } from "@/lib/users/two-factor";
import { main } from "./crm";

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

/** The spawned CLI runs on an embedded database of its own whatever DATABASE_URL says: the run on the embedded database covers it, and a second on the server would repeat it. */
const spawning = !process.env.DATABASE_URL;

describe.runIf(spawning)("npm run crm", () => {
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

/** Runs a command in this process, on this file's test database, capturing what it prints. */
async function crmHere(args: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...parts: unknown[]) => void stdout.push(parts.join(" ")));
  const error = vi.spyOn(console, "error").mockImplementation((...parts: unknown[]) => void stderr.push(parts.join(" ")));
  try {
    return { code: await main(args), stdout: stdout.join("\n"), stderr: stderr.join("\n") };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

const keyCount = async () => (await listApiKeys(systemActor("test"))).length;

describe("npm run crm -- user:reset-2fa", () => {
  it("turns off a user's two-factor, once, and reports an unknown one", async () => {
    const user = await makeUser("manager");
    await startTwoFactorSetup(actorOf(user));
    const pending = (await findUserById(user.id))!.totpPendingSecret!;
    await confirmTwoFactor(actorOf(user), { code: totpCode(openTotpSecret(pending)!) });
    const result = await crmHere(["user:reset-2fa", "--email", user.email]);
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toContain(`Two-factor sign-in is off for ${user.email}`);
    expect(await findUserById(user.id)).toMatchObject({ totpSecret: null, totpEnabledAt: null });
    expect(await crmHere(["user:reset-2fa", "--email", user.email])).toMatchObject({ code: 1, stderr: expect.stringContaining("not on") });
    expect(await crmHere(["user:reset-2fa", "--email", "ghost@example.test"])).toMatchObject({ code: 1, stderr: expect.stringContaining("does not exist") });
  });
});

describe("npm run crm -- apikey:…", () => {
  it("creates a key that authenticates with its scopes, lists it, and revokes it", async () => {
    const created = await crmHere(["apikey:create", "--name", "Shop till", "--scopes", "customers:read, orders:write", "--rate-limit", "120"]);
    expect(created).toMatchObject({ code: 0, stderr: "" });
    expect(created.stdout).toContain("Scopes: customers:read, orders:write");
    const key = /^mcrm_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$/m.exec(created.stdout)?.[0];
    expect(key).toBeDefined();
    const prefix = key!.slice(5, 13);

    const actor = await authenticateApiKey(key!, null);
    expect(actor).toMatchObject({ rateLimitPerMinute: 120, name: `API key Shop till (${prefix})` });
    expect([...actor!.apiKey.permissions].sort()).toEqual(permissionsOf(["customers:read", "orders:write"]).sort());

    const listed = await crmHere(["apikey:list"]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`mcrm_${prefix}_….*Shop till.*\\[customers:read, orders:write\\].*120/min`));
    expect(listed.stdout).not.toContain(key!.slice(14));

    const revoked = await crmHere(["apikey:revoke", "--prefix", prefix]);
    expect(revoked).toMatchObject({ code: 0 });
    expect(revoked.stdout).toContain(`Revoked the key "Shop till" (${prefix})`);
    expect(await authenticateApiKey(key!, null)).toBeNull();
    expect((await crmHere(["apikey:list"])).stdout).toMatch(new RegExp(`mcrm_${prefix}_….*revoked`));
  });

  it("gives a key 600 requests a minute unless told otherwise", async () => {
    const created = await crmHere(["apikey:create", "--name", "Default rate", "--scopes", "tickets:read"]);
    expect(created.code).toBe(0);
    const key = /^mcrm_\S+$/m.exec(created.stdout)![0];
    expect(await authenticateApiKey(key, null)).toMatchObject({ rateLimitPerMinute: 600 });
  });

  it("refuses unknown scopes, bad numbers and missing options with exit code 1, creating nothing", async () => {
    const before = await keyCount();
    const unknown = await crmHere(["apikey:create", "--name", "Bad", "--scopes", "customers:read,customers:admin,everything"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("Unknown scopes: customers:admin, everything. Scopes: customers:read, customers:write");
    expect(unknown.stdout).toBe("");

    const empty = await crmHere(["apikey:create", "--name", "Bad", "--scopes", " , "]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/--scopes: \S/);
    expect(empty.stderr).not.toContain("validation.");

    const rate = await crmHere(["apikey:create", "--name", "Bad", "--scopes", "customers:read", "--rate-limit", "fast"]);
    expect(rate.code).toBe(1);
    expect(rate.stderr).toContain("--rate-limit: Enter a number.");

    const missing = await crmHere(["apikey:create", "--name", "Bad"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Missing --scopes[\s\S]*apikey:create --name N --scopes/);
    expect(await keyCount()).toBe(before);

    const ghost = await crmHere(["apikey:revoke", "--prefix", "zzzzzzzz"]);
    expect(ghost.code).toBe(1);
    expect(ghost.stderr).toContain("No API key has the prefix zzzzzzzz.");
  });
});

describe("npm run crm -- audit:verify", () => {
  it("exits 0 while the chain holds and 2 once a sealed row was changed, naming it", async () => {
    await crmHere(["apikey:create", "--name", "Audited", "--scopes", "tickets:read"]);
    let clean = await crmHere(["audit:verify"]);
    // On a shared server another database's long transaction can hold sealing back for a while.
    for (let attempt = 0; attempt < 80 && clean.stdout.includes("not sealed yet"); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      clean = await crmHere(["audit:verify"]);
    }
    expect(clean).toMatchObject({ code: 0, stderr: "" });
    expect(clean.stdout).toMatch(/^Sealed \d+ new rows?; checked [1-9][\d,]* rows?, the chain is intact\.$/m);
    expect(clean.stdout).not.toContain("not sealed yet");

    const db = await getDb();
    const [row] = await db.select().from(auditLog).where(eq(auditLog.action, "api_key.create")).limit(1);
    // As a superuser could, past the trigger.
    const setAction = (action: string) =>
      db.transaction(async (tx) => {
        await tx.execute(sql`set local session_replication_role = replica`);
        await tx.update(auditLog).set({ action }).where(eq(auditLog.id, row!.id));
      });
    await setAction("api_key.revoke");
    const tampered = await crmHere(["audit:verify"]);
    expect(tampered.code).toBe(2);
    expect(tampered.stdout).not.toContain("intact");
    expect(tampered.stderr).toContain(`Row ${row!.id} (position ${row!.seq})`);
    expect(tampered.stderr).toMatch(/1 problem: /);

    await setAction(row!.action);
    expect((await crmHere(["audit:verify"])).code).toBe(0);
  });
});

describe("npm run crm -- backup / restore", () => {
  const files = fs.mkdtempSync(path.join(os.tmpdir(), "crm-cli-backups-"));
  const restoreDir = fs.mkdtempSync(path.join(os.tmpdir(), "crm-cli-restore-"));
  const lockedDir = fs.mkdtempSync(path.join(os.tmpdir(), "crm-cli-locked-"));
  afterAll(() => {
    for (const dir of [files, restoreDir, lockedDir]) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Runs the CLI on the embedded database in `dir`. */
  async function crmIn(dir: string, args: string[]) {
    try {
      const { stdout, stderr } = await run(tsx, ["--conditions=react-server", "scripts/crm.ts", ...args], { env: { ...process.env, DATA_DIR: dir, DATABASE_URL: "" } });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  }

  it("refuses a missing file argument, an existing file and a file that is no backup, with one line and exit code 1", async () => {
    const missing = await crmHere(["backup"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^Missing the file: npm run crm -- backup <file>\n\nUsage: npm run crm[\s\S]*backup <file> \[--force\]/);
    expect((await crmHere(["restore", "a.gz", "b.gz"])).stderr).toMatch(/^Unexpected argument: b\.gz/);
    expect((await crmHere(["restore", "a.gz", "--force"])).code).toBe(1);

    const existing = path.join(files, "existing.jsonl.gz");
    fs.writeFileSync(existing, "keep me");
    expect(await crmHere(["backup", existing])).toEqual({ code: 1, stdout: "", stderr: `${existing} exists already; add --force to overwrite it.` });
    expect(fs.readFileSync(existing, "utf8")).toBe("keep me");
    expect(await crmHere(["backup", path.join(files, "no-such-folder", "x.gz")])).toMatchObject({ code: 1, stderr: `The folder ${path.join(files, "no-such-folder")} does not exist.` });

    const absent = path.join(files, "absent.jsonl.gz");
    expect(await crmHere(["restore", absent])).toEqual({ code: 1, stdout: "", stderr: `${absent} does not exist.` });
    expect(await crmHere(["restore", existing])).toEqual({ code: 1, stdout: "", stderr: `${existing} is not a Member CRM backup (it is not a gzip file).` });
  });

  it.runIf(spawning)("backs up the embedded database and restores it into a new folder, once, and not while the app holds it", { timeout: 240_000 }, async () => {
    const email = `backup-${Date.now()}@example.test`;
    expect((await crm(["user:create", "--email", email, "--name", "Kept", "--role", "manager"], "a long enough password")).code).toBe(0);
    const file = path.join(files, "crm.jsonl.gz");
    fs.writeFileSync(file, "an older backup");
    const backup = await crm(["backup", file, "--force"]);
    expect(backup).toMatchObject({ code: 0, stderr: "" });
    expect(backup.stdout).toMatch(/^ {2}users: \d+ rows?$/m);
    expect(backup.stdout).toMatch(/^Backed up \d+ tables, [\d,]+ rows, to .+ \([\d.]+ MB\) in [\d.]+ s\.$/m);

    const restored = await crmIn(restoreDir, ["restore", file]);
    expect(restored).toMatchObject({ code: 0, stderr: "" });
    expect(restored.stdout).toMatch(/^Restored \d+ tables, [\d,]+ rows, in [\d.]+ s\.$/m);
    // The same tables with the same counts, as both printed them.
    const tableLines = (output: string) => output.split("\n").filter((line) => line.startsWith("  "));
    expect(tableLines(restored.stdout)).toEqual(tableLines(backup.stdout));
    expect((await crmIn(restoreDir, ["user:deactivate", "--email", email])).stdout).toContain(`Deactivated ${email}`);

    const twice = await crmIn(restoreDir, ["restore", file]);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/^This database holds data already \(\d+ rows in users, \d+ rows in audit_log\); a restore goes only into a new, empty database\./);

    // This test's process stands for a running app that holds the folder.
    fs.writeFileSync(path.join(lockedDir, "crm.lock"), `${process.pid}\n`);
    const locked = await crmIn(lockedDir, ["restore", file]);
    expect(locked.code).toBe(1);
    expect(locked.stderr).toContain(`The embedded database in ${lockedDir} is in use by process ${process.pid} (the app or a worker): stop it before restoring.`);
    expect(fs.readdirSync(lockedDir)).toEqual(["crm.lock"]);
  });
});

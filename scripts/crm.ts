/**
 * The admin CLI: `npm run crm -- <command> [options]`. Each command calls the same domain function
 * as the app, as the system actor `cli`, so its changes are validated and audited the same way.
 */
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { closeDb, getDb } from "@/db/client";
import { sealAudit, verifyAudit } from "@/lib/audit/chain";
import { roles, systemActor } from "@/lib/auth/permissions";
import { backupFromEnv, describeDatabase, restoreFromEnv } from "@/lib/backup/commands";
import type { TableProgress } from "@/lib/backup/dump";
import { formatCount } from "@/lib/backup/format";
import { AppError } from "@/lib/errors";
import { englishMessage } from "@/lib/i18n/english";
import { createApiKey, listApiKeys, revokeApiKey } from "@/lib/integration/api-keys";
import { scopes } from "@/lib/integration/scopes";
import { verifyLedger } from "@/lib/membership/verify";
import { startedAsScript } from "./started-as-script";
import { rebuildDealReport } from "@/lib/reports/deals-rollup";
import { rebuildMembershipReport } from "@/lib/reports/points-rollup";
import { rebuildServiceReport } from "@/lib/reports/service-rollup";
import { rebuildReports } from "@/lib/reports/refresh";
import { createUser, deactivateUser } from "@/lib/users/commands";
import { resetTwoFactor } from "@/lib/users/two-factor";

const actor = systemActor("cli");

const usage = `Usage: npm run crm -- <command> [options]

Commands:
  user:create --email E --name N --role R
      Creates a user. The password is read from CRM_PASSWORD, or asked for.
      Roles: ${roles.join(", ")}
  user:deactivate --email E
      Stops the user signing in and ends their sessions.
  user:reset-2fa --email E
      Turns the user's two-factor sign-in off (a lost phone): they sign in with the password.
  ledger:verify
      Checks every points balance, ledger row and lot; exits with 2 on any mismatch.
  audit:verify
      Seals the audit rows whose transactions have ended, then checks the hash chain of the
      whole audit log; exits with 2 if a row was changed, removed or reordered.
  reports:rebuild
      Recomputes every report rollup from the orders, deals, tickets and points (the app keeps
      them current by itself).
  apikey:create --name N --scopes S1,S2 [--rate-limit 600]
      Creates a REST API key and prints it; it is shown this once, only its hash is kept.
      Scopes: ${scopes.join(", ")}
  apikey:revoke --prefix P
      Revokes the key whose prefix is P (the 8 characters after mcrm_).
  apikey:list
      Lists the keys: prefix, name, scopes, rate limit, last use.
  backup <file> [--force]
      Writes every table to <file> (gzip), as one consistent snapshot; the app may keep running
      on a server, the embedded database needs it stopped. --force overwrites an existing file.
  restore <file>
      Loads a backup into an empty database (a new DATA_DIR folder, or a new database on the
      server), migrated first. All or nothing; stop the app first on the embedded database.
  help
      Shows this text.`;

class UsageError extends Error {}

async function askPassword(): Promise<string> {
  if (!process.stdin.isTTY) throw new Error("No password: set CRM_PASSWORD, or run in a terminal to be asked.");
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  // Echo nothing of what is typed after the prompt.
  const output = rl as unknown as { _writeToOutput: (text: string) => void };
  const write = output._writeToOutput.bind(rl);
  let prompted = false;
  output._writeToOutput = (text) => (prompted ? undefined : write(text));
  try {
    const answer = rl.question("Password (at least 10 characters): ");
    prompted = true;
    return await answer;
  } finally {
    process.stdout.write("\n");
    rl.close();
  }
}

function options(args: string[], names: string[], optional: string[] = []) {
  const { values, positionals } = parseArgs({
    args,
    options: Object.fromEntries([...names, ...optional].map((name) => [name, { type: "string" as const }])),
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length > 0) throw new UsageError(`Unexpected argument: ${positionals[0]}`);
  for (const name of names) {
    if (values[name] === undefined) throw new UsageError(`Missing --${name}`);
  }
  return values as Record<string, string>;
}

/** The one file that `backup` and `restore` name (a positional, unlike every other argument). */
function fileArgument(args: string[], command: "backup" | "restore") {
  const { values, positionals } = parseArgs({
    args,
    options: command === "backup" ? { force: { type: "boolean" as const } } : {},
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length === 0) throw new UsageError(`Missing the file: npm run crm -- ${command} <file>`);
  if (positionals.length > 1) throw new UsageError(`Unexpected argument: ${positionals[1]}`);
  return { file: positionals[0]!, force: (values as { force?: boolean }).force === true };
}

/** A line per table that has rows, and every few seconds one for a big table under way. */
function printProgress() {
  let last: number | undefined;
  return ({ table, rows, total, done }: TableProgress) => {
    last ??= performance.now();
    if (done ? total === 0 : rows === total || performance.now() - last < 5_000) return;
    last = performance.now();
    console.log(`  ${table}: ${formatCount(rows)}${done ? "" : ` of ${formatCount(total)}`} ${total === 1 ? "row" : "rows"}`);
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The options that name a field of a domain function's input differently. */
const optionOf: Record<string, string> = { rateLimitPerMinute: "rate-limit" };

/** Runs one command; answers its exit code, and throws what it could not do. */
export async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "user:create": {
      const { email, name, role } = options(rest, ["email", "name", "role"]);
      const password = process.env.CRM_PASSWORD ?? (await askPassword());
      const user = await createUser(actor, { email, name, role, password });
      console.log(`Created ${user.role} ${user.email} (${user.id}).`);
      return 0;
    }
    case "user:deactivate": {
      const { email } = options(rest, ["email"]);
      const user = await deactivateUser(actor, email);
      console.log(`Deactivated ${user.email}; their sessions have ended.`);
      return 0;
    }
    case "user:reset-2fa": {
      const { email } = options(rest, ["email"]);
      const user = await resetTwoFactor(actor, email);
      console.log(`Two-factor sign-in is off for ${user.email}; they sign in with their password${user.role === "admin" ? " and set it up again if admins must have it" : ""}.`);
      return 0;
    }
    case "ledger:verify": {
      options(rest, []);
      const result = await verifyLedger(await getDb());
      console.log(`Checked ${result.memberships} memberships, ${result.entries} ledger rows and ${result.lots} lots.`);
      for (const problem of result.problems) {
        console.error(`Mismatch: ${problem.kind} ${problem.id}: expected ${problem.expected}, found ${problem.actual}`);
      }
      if (result.problems.length > 0) {
        console.error(`${result.problems.length} mismatches.`);
        return 2;
      }
      console.log("Every balance equals the sum of its ledger.");
      return 0;
    }
    case "audit:verify": {
      options(rest, []);
      const db = await getDb();
      const sealed = await sealAudit(db);
      const result = await verifyAudit(db);
      const counted = (n: number, noun: string) => `${n.toLocaleString("en-US")} ${noun}${n === 1 ? "" : "s"}`;
      const counts = `${sealed.busy ? "Another process is sealing right now" : `Sealed ${counted(sealed.sealed, "new row")}`}; checked ${counted(result.checked, "row")}`;
      const intact = result.problems.length === 0;
      console.log(intact ? `${counts}, the chain is intact.` : `${counts}.`);
      if (result.unsealed > 0) console.log(`${counted(result.unsealed, "row")} not sealed yet: a transaction that wrote them, or one before, is still open.`);
      // Removing rows from the end leaves no gap: compare this with the head noted on an earlier run.
      if (result.head) console.log(`Newest sealed row: ${result.head.id} at position ${result.head.seq.toLocaleString("en-US")}, hash ${result.head.hash}.`);
      for (const problem of result.problems) console.error(problem.message);
      if (intact) return 0;
      console.error(`${counted(result.problems.length, "problem")}: the audit log was changed outside the app.`);
      return 2;
    }
    case "reports:rebuild": {
      options(rest, []);
      const started = performance.now();
      await rebuildReports(await getDb());
      await rebuildMembershipReport(await getDb());
      await rebuildServiceReport(await getDb());
      await rebuildDealReport(await getDb());
      console.log(`Rebuilt the report rollups in ${Math.round(performance.now() - started)} ms.`);
      return 0;
    }
    case "apikey:create": {
      // `options` has refused a missing --name or --scopes already.
      const { name, scopes: scopeList = "", "rate-limit": rateLimit } = options(rest, ["name", "scopes"], ["rate-limit"]);
      const wanted = scopeList.split(",").map((scope) => scope.trim()).filter(Boolean);
      const unknown = wanted.filter((scope) => !(scopes as readonly string[]).includes(scope));
      if (unknown.length > 0) throw new Error(`Unknown scope${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}. Scopes: ${scopes.join(", ")}`);
      const { apiKey, secret } = await createApiKey(actor, { name, scopes: wanted, rateLimitPerMinute: rateLimit ?? "" });
      console.log(`Created API key "${apiKey.name}" (prefix ${apiKey.prefix}, ${apiKey.rateLimitPerMinute} requests a minute).`);
      console.log(`Scopes: ${apiKey.scopes.join(", ")}`);
      console.log("The key, shown only this once (send it as Authorization: Bearer <key>):");
      console.log(secret);
      return 0;
    }
    case "apikey:revoke": {
      const { prefix = "" } = options(rest, ["prefix"]);
      // Also takes `mcrm_<prefix>` or the whole key, as people copy it.
      const wanted = /^(?:mcrm_)?([^_]*)/.exec(prefix.trim())![1];
      const key = (await listApiKeys(actor)).find((candidate) => candidate.prefix === wanted);
      if (!key) throw new Error(`No API key has the prefix ${wanted || prefix}. See npm run crm -- apikey:list`);
      if (key.revokedAt) {
        console.log(`The key "${key.name}" (${key.prefix}) was revoked already, at ${key.revokedAt.toISOString()}.`);
        return 0;
      }
      await revokeApiKey(actor, key.id);
      console.log(`Revoked the key "${key.name}" (${key.prefix}); it authenticates nothing from now on.`);
      return 0;
    }
    case "apikey:list": {
      options(rest, []);
      const keys = await listApiKeys(actor);
      if (keys.length === 0) {
        console.log("No API keys yet. Create one with npm run crm -- apikey:create --name N --scopes S1,S2");
        return 0;
      }
      for (const key of keys) {
        const state = key.revokedAt ? `revoked ${key.revokedAt.toISOString()}` : `last used ${key.lastUsedAt?.toISOString() ?? "never"}`;
        console.log(`mcrm_${key.prefix}_…  ${key.name}  [${key.scopes.join(", ")}]  ${key.rateLimitPerMinute}/min  ${state}`);
      }
      return 0;
    }
    case "backup": {
      const { file, force } = fileArgument(rest, "backup");
      const summary = await backupFromEnv(file, {
        force,
        onStart: () => console.log(`Backing up ${describeDatabase()} to ${file}…`),
        onProgress: printProgress(),
      });
      const megabytes = (summary.bytes / 1024 / 1024).toFixed(1);
      console.log(`Backed up ${summary.tables.length} tables, ${formatCount(summary.rows)} rows, to ${file} (${megabytes} MB) in ${seconds(summary.ms)}.`);
      return 0;
    }
    case "restore": {
      const { file } = fileArgument(rest, "restore");
      const summary = await restoreFromEnv(file, {
        onHeader: (header) =>
          console.log(`Restoring ${file} (written ${header.createdAt}, ${formatCount(header.rows)} rows) into ${describeDatabase()}…`),
        onProgress: printProgress(),
        onRebuild: () => console.log("Building the indexes and checking every reference…"),
      });
      console.log(`Restored ${summary.tables.length} tables, ${formatCount(summary.rows)} rows, in ${seconds(summary.ms)}.`);
      return 0;
    }
    case undefined:
    case "help":
    case "--help":
      console.log(usage);
      return command === undefined ? 1 : 0;
    default:
      throw new UsageError(`Unknown command: ${command}`);
  }
}

function explain(error: unknown): string {
  if (error instanceof UsageError) return `${error.message}\n\n${usage}`;
  if (error instanceof AppError) {
    const fields = Object.entries(error.fieldErrors ?? {}).map(([field, keys]) => `  --${optionOf[field] ?? field}: ${keys.map(englishMessage).join(" ")}`);
    return [englishMessage(error.message), ...fields].join("\n");
  }
  if (error instanceof Error && (error as NodeJS.ErrnoException).code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    return `${error.message}\n\n${usage}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Runs one command as the CLI does: what went wrong goes to stderr; answers the exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    return await run(argv);
  } catch (error) {
    console.error(explain(error));
    return 1;
  }
}

if (startedAsScript(import.meta.url)) {
  try {
    process.exitCode = await main(process.argv.slice(2));
  } finally {
    await closeDb();
  }
}

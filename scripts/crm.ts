/**
 * The admin CLI: `npm run crm -- <command> [options]`. Each command calls the same domain function
 * as the app, as the system actor `cli`, so its changes are validated and audited the same way.
 */
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { closeDb, getDb } from "@/db/client";
import { roles, systemActor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { englishMessage } from "@/lib/i18n/english";
import { verifyLedger } from "@/lib/membership/verify";
import { createUser, deactivateUser } from "@/lib/users/commands";

const actor = systemActor("cli");

const usage = `Usage: npm run crm -- <command> [options]

Commands:
  user:create --email E --name N --role R
      Creates a user. The password is read from CRM_PASSWORD, or asked for.
      Roles: ${roles.join(", ")}
  user:deactivate --email E
      Stops the user signing in and ends their sessions.
  ledger:verify
      Checks every points balance, ledger row and lot; exits with 2 on any mismatch.
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

function options(args: string[], names: string[]) {
  const { values, positionals } = parseArgs({
    args,
    options: Object.fromEntries(names.map((name) => [name, { type: "string" as const }])),
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length > 0) throw new UsageError(`Unexpected argument: ${positionals[0]}`);
  for (const name of names) {
    if (values[name] === undefined) throw new UsageError(`Missing --${name}`);
  }
  return values as Record<string, string>;
}

async function run(argv: string[]): Promise<number> {
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
    const fields = Object.entries(error.fieldErrors ?? {}).map(([field, keys]) => `  --${field}: ${keys.map(englishMessage).join(" ")}`);
    return [englishMessage(error.message), ...fields].join("\n");
  }
  if (error instanceof Error && (error as NodeJS.ErrnoException).code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    return `${error.message}\n\n${usage}`;
  }
  return error instanceof Error ? error.message : String(error);
}

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (error) {
  console.error(explain(error));
  process.exitCode = 1;
} finally {
  await closeDb();
}

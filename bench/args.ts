import { z } from "zod";

/** `--name value` or `--name=value` flags, parsed with `schema` (a strict object: an unknown flag is an error). */
export function parseFlags<T extends z.ZodType>(argv: string[], schema: T): z.output<T> {
  const raw: Record<string, string> = {};
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    const match = /^--([a-z]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`Unknown argument ${arg}`);
    raw[match[1]!] = match[2] ?? argv[++index] ?? "";
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  if (issue.code === "unrecognized_keys") throw new Error(`Unknown flag ${issue.keys.map((key) => `--${key}`).join(", ")}`);
  const flag = String(issue.path[0]);
  throw new Error(`--${flag}: ${JSON.stringify(raw[flag] ?? "")} is not a valid value`);
}

/** The nearest-rank percentile `p` of ascending `sorted` values; 0 without values. */
export const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : 0);

/** DATABASE_URL as a PostgreSQL server URL, or a one-line explanation (`missing`) and exit 1. */
export function postgresUrlFromEnv(missing: string): string {
  const parsed = z
    .string({ error: missing })
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// URL: this runs on a PostgreSQL server, not the embedded database.")
    .safeParse(process.env.DATABASE_URL || undefined);
  if (parsed.success) return parsed.data;
  console.error(parsed.error.issues[0]!.message);
  process.exit(1);
}

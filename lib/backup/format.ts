import "server-only";
import { z } from "zod";

/**
 * A backup is one gzip file of newline-delimited JSON: a header line, then each table's rows in
 * batches (`{"table": …, "rows": [[…], …]}`), then an end line. Every value is Postgres's own text
 * form of it, or null, so that a restore reads it back through the column type's input function
 * and gets the same value, whichever of the two databases wrote it or reads it.
 */
export const backupFormat = "member-crm-backup";
export const backupVersion = 1;

/**
 * The session settings under which values are written and read. Text forms of dates, times and
 * intervals follow them; fixing them keeps the file independent of the server's configuration.
 */
export const valueSettings: Record<string, string> = {
  datestyle: "ISO, YMD",
  intervalstyle: "postgres",
  timezone: "UTC",
  extra_float_digits: "3",
  bytea_output: "hex",
};

const columnSchema = z.strictObject({ name: z.string().min(1), type: z.string().min(1) });

export const headerSchema = z.strictObject({
  format: z.literal(backupFormat),
  version: z.literal(backupVersion),
  createdAt: z.iso.datetime({ offset: true }),
  database: z.string(),
  settings: z.record(z.string(), z.string()),
  /** Drizzle's applied migrations: `createdAt` is the journal's `when`, which is what identifies one. */
  migrations: z.array(z.strictObject({ tag: z.string().nullable(), hash: z.string(), createdAt: z.number().int() })),
  tables: z.array(z.strictObject({ name: z.string().min(1), columns: z.array(columnSchema).min(1), rows: z.number().int().nonnegative() })),
  sequences: z.array(z.strictObject({ name: z.string().min(1), lastValue: z.string().regex(/^-?\d+$/), isCalled: z.boolean() })),
  rows: z.number().int().nonnegative(),
});

export type BackupHeader = z.infer<typeof headerSchema>;
export type BackupTable = BackupHeader["tables"][number];

export const endSchema = z.strictObject({ end: z.literal(true), tables: z.number().int().nonnegative(), rows: z.number().int().nonnegative() });

/** A failure that the person running the command can act on; its message is the whole story. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackupError";
  }
}

/** `1234567` → `1,234,567`, for progress lines. */
export const formatCount = (n: number) => n.toLocaleString("en-US");

/** Double-quotes a Postgres identifier. */
export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The Postgres error underneath the driver's and drizzle's wrapping. */
export function databaseCause(error: unknown): { message: string; code?: string } {
  let found: { message: string; code?: string } = { message: error instanceof Error ? error.message : String(error) };
  for (let cause: unknown = error; typeof cause === "object" && cause !== null; cause = (cause as { cause?: unknown }).cause) {
    const { code, message } = cause as { code?: unknown; message?: unknown };
    if (typeof code === "string" && typeof message === "string") return { message, code };
    if (typeof message === "string" && !message.startsWith("Failed query:")) found = { message };
  }
  return found;
}

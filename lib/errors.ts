export type AppErrorCode = "NOT_FOUND" | "FORBIDDEN" | "CONFLICT" | "INVALID_STATE" | "VALIDATION" | "RATE_LIMITED";

/**
 * A failure the caller can act on. `message` is a message-catalog key (`errors.*`) so that every
 * transport can say it in the user's language; `fieldErrors` hold catalog keys per field.
 */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string = `errors.${code}`,
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const forbidden = () => new AppError("FORBIDDEN");

/** The constraint a Postgres unique violation (23505) names, through the driver's wrapping. */
export function uniqueViolation(error: unknown): string | null {
  for (let cause = error; cause instanceof Error || (typeof cause === "object" && cause !== null); ) {
    const { code, constraint_name, constraint } = cause as { code?: string; constraint_name?: string; constraint?: string };
    if (code === "23505") return constraint_name ?? constraint ?? "";
    cause = (cause as { cause?: unknown }).cause;
    if (cause === undefined) break;
  }
  return null;
}

/** Whether Postgres refused a write that would break a foreign key (23503). */
export function foreignKeyViolation(error: unknown): boolean {
  for (let cause = error; typeof cause === "object" && cause !== null; cause = (cause as { cause?: unknown }).cause) {
    if ((cause as { code?: string }).code === "23503") return true;
  }
  return false;
}

/** Whether Postgres gave up a transaction for a serialization failure (40001) or deadlock (40P01): safe to run again. */
export function isContention(error: unknown): boolean {
  for (let cause = error; typeof cause === "object" && cause !== null; cause = (cause as { cause?: unknown }).cause) {
    const { code } = cause as { code?: string };
    if (code === "40001" || code === "40P01") return true;
  }
  return false;
}

/** What a driver error may carry besides its message that names no value: kept in the log. */
const describingFields = ["code", "severity", "constraint_name", "table_name", "column_name", "routine", "errno", "syscall"] as const;

/**
 * An error as the log may keep it: its kind, message, stack and causes, without the values it was
 * about. A failed query's message lists its parameters (customers' names, e-mails, phone numbers,
 * token hashes), and PostgreSQL quotes the offending value (`invalid input syntax for type uuid:
 * "…"`) and the row in `detail` (`Key (email)=(…) already exists`): those are left out; the SQL
 * itself, with its `$1` placeholders, is kept.
 */
export function loggableError(error: unknown, depth = 0): Error {
  if (!(error instanceof Error)) return new Error(`Something that is no Error was thrown (${error === null ? "null" : typeof error}; not logged).`);
  const message = error.message.replace(/\nparams: [\s\S]*$/, "\nparams: (not logged)").replace(/: "(?:[^"\\]|\\.)*"/g, ': "(not logged)"');
  const copy = new Error(message);
  copy.name = error.name;
  const frames = (error.stack ?? "").split("\n").filter((line) => /^\s+at /.test(line));
  copy.stack = [`${error.name}: ${message}`, ...frames].join("\n");
  for (const field of describingFields) {
    const value = (error as unknown as Record<string, unknown>)[field];
    if (value !== undefined) Object.assign(copy, { [field]: value });
  }
  if (error.cause !== undefined && depth < 5) copy.cause = loggableError(error.cause, depth + 1);
  return copy;
}

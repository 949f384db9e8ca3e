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

export const notFound = () => new AppError("NOT_FOUND");
export const forbidden = () => new AppError("FORBIDDEN");

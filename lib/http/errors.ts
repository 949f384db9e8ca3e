import "server-only";
import crypto from "node:crypto";
import { AppError } from "@/lib/errors";

export type ErrorReport = { code: string; message: string; fieldErrors?: Record<string, string[]>; errorId?: string };

/**
 * What a caller may learn of an error: an AppError as it is; anything else as a generic message
 * with an id, logged with its stack so that the id finds it.
 */
export function reportError(error: unknown): ErrorReport {
  if (error instanceof AppError) {
    return { code: error.code, message: error.message, fieldErrors: error.fieldErrors };
  }
  const errorId = crypto.randomUUID();
  console.error(`[error ${errorId}]`, error);
  return { code: "INTERNAL", message: "errors.unexpected", errorId };
}

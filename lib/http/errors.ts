import "server-only";
import crypto from "node:crypto";
import { AppError, loggableError } from "@/lib/errors";
import { englishMessage } from "@/lib/i18n/english";

export type ErrorReport = { code: string; message: string; fieldErrors?: Record<string, string[]>; errorId?: string };

/**
 * What a caller may learn of an error: an AppError as it is; anything else as a generic message
 * with an id, logged with its stack (and without the values it was about) so that the id finds it.
 */
export function reportError(error: unknown): ErrorReport {
  if (error instanceof AppError) {
    return { code: error.code, message: error.message, fieldErrors: error.fieldErrors };
  }
  const errorId = crypto.randomUUID();
  console.error(`[error ${errorId}]`, loggableError(error));
  return { code: "INTERNAL", message: "errors.unexpected", errorId };
}

const statusOf: Record<string, number> = {
  VALIDATION: 422,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  CONFLICT: 409,
  INVALID_STATE: 409,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};

/**
 * The code a JSON error carries: what the message names when it is specific (`insufficient_points`
 * for `errors.insufficientPoints`), else the kind of error (`not_found`).
 */
export function errorCodeOf(report: ErrorReport): string {
  const key = report.message.startsWith("errors.") ? report.message.slice("errors.".length) : null;
  const specific = key && key !== report.code && key !== "unexpected" ? key : null;
  return (specific ?? report.code).replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

export type ErrorAnswer = { status: number; body: { error: Record<string, unknown> }; headers: Record<string, string> };

/** An error as a JSON answer (`{ error: { code, message, fields? } }`): field errors for bad input, a reference id for the unexpected. */
export function errorAnswer(error: unknown): ErrorAnswer {
  const report = reportError(error);
  const body = {
    error: {
      code: errorCodeOf(report),
      message: englishMessage(report.message),
      ...(report.fieldErrors && {
        fields: Object.fromEntries(Object.entries(report.fieldErrors).map(([field, keys]) => [field, keys.map(englishMessage)])),
      }),
      ...(report.errorId && { errorId: report.errorId }),
    },
  };
  return { status: statusOf[report.code] ?? 500, body, headers: report.code === "RATE_LIMITED" ? { "Retry-After": "60" } : {} };
}

/** `errorAnswer` as a response. */
export function errorResponse(error: unknown, headers: HeadersInit = {}): Response {
  const answer = errorAnswer(error);
  return Response.json(answer.body, { status: answer.status, headers: { ...answer.headers, ...headers } });
}

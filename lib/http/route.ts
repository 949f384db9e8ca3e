import "server-only";
import { getActor, type UserActor } from "@/lib/auth/session";
import { englishMessage } from "@/lib/i18n/english";
import { reportError } from "./errors";

const statusOf: Record<string, number> = {
  VALIDATION: 422,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  CONFLICT: 409,
  INVALID_STATE: 409,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};

/** An error as a JSON response: field errors for bad input, a reference id for the unexpected. */
export function errorResponse(error: unknown): Response {
  const report = reportError(error);
  const body = {
    error: {
      code: report.code,
      message: englishMessage(report.message),
      ...(report.fieldErrors && {
        fields: Object.fromEntries(Object.entries(report.fieldErrors).map(([field, keys]) => [field, keys.map(englishMessage)])),
      }),
      ...(report.errorId && { errorId: report.errorId }),
    },
  };
  const headers: HeadersInit = report.code === "RATE_LIMITED" ? { "Retry-After": "60" } : {};
  return Response.json(body, { status: statusOf[report.code] ?? 500, headers });
}

/**
 * A route handler for signed-in staff: 401 without a session; the handler calls one domain
 * function, which checks the permission; errors map to statuses in one place.
 */
export function withActor<Context = unknown>(handler: (request: Request, actor: UserActor, context: Context) => Promise<Response>) {
  return async (request: Request, context: Context): Promise<Response> => {
    const actor = await getActor();
    if (!actor) return Response.json({ error: { code: "UNAUTHENTICATED", message: "Sign in first." } }, { status: 401 });
    try {
      return await handler(request, actor, context);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

import "server-only";
import { getActor, type UserActor } from "@/lib/auth/session";
import { errorResponse } from "./errors";

/**
 * A route handler for signed-in staff: 401 without a session; the handler calls one domain
 * function, which checks the permission; errors map to statuses in one place.
 */
export function withActor<Context = unknown>(handler: (request: Request, actor: UserActor, context: Context) => Promise<Response>) {
  return async (request: Request, context: Context): Promise<Response> => {
    const actor = await getActor();
    if (!actor) return Response.json({ error: { code: "unauthenticated", message: "Sign in first." } }, { status: 401 });
    try {
      return await handler(request, actor, context);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/**
 * A GET handler that answers with a report's CSV download: `make` is the domain function, given
 * the query string's parameters (it parses them and checks the permission itself).
 */
export function csvExportRoute(make: (actor: UserActor, params: Record<string, string>) => Promise<{ filename: string; csv: string }>) {
  return withActor(async (request, actor) => {
    const { filename, csv } = await make(actor, Object.fromEntries(new URL(request.url).searchParams));
    return new Response(csv, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${filename}"`,
        "Cache-Control": "no-store",
      },
    });
  });
}

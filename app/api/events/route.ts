import { z } from "zod";
import { getActor } from "@/lib/auth/session";
import { openEventStream } from "@/lib/events/stream";

export const dynamic = "force-dynamic";

const lastEventIdSchema = z.coerce.number().int().nonnegative().optional().catch(undefined);

/** Live events for the signed-in user as Server-Sent Events; `Last-Event-ID` resumes a stream. */
export async function GET(request: Request) {
  const actor = await getActor();
  if (!actor) return Response.json({ error: { code: "UNAUTHENTICATED", message: "Sign in first." } }, { status: 401 });
  const url = new URL(request.url);
  const lastEventId = lastEventIdSchema.parse(request.headers.get("last-event-id") ?? url.searchParams.get("lastEventId") ?? undefined);
  const stream = await openEventStream(actor, { lastEventId, signal: request.signal });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}

import { z } from "zod";
import { getActor } from "@/lib/auth/session";
import { openEventStream } from "@/lib/events/stream";
import { ownMembership } from "@/lib/membership/portal";

export const dynamic = "force-dynamic";

const lastEventIdSchema = z.coerce.number().int().nonnegative().optional().catch(undefined);

/** Live events for the signed-in user as Server-Sent Events; `Last-Event-ID` resumes a stream. */
export async function GET(request: Request) {
  const actor = await getActor();
  if (!actor) return Response.json({ error: { code: "unauthenticated", message: "Sign in first." } }, { status: 401 });
  const url = new URL(request.url);
  const lastEventId = lastEventIdSchema.parse(request.headers.get("last-event-id") ?? url.searchParams.get("lastEventId") ?? undefined);
  // A member hears about their own membership (a purchase's points, a new coupon) and their own
  // tickets, and nothing else.
  const own = new Set(actor.role === "member" ? [`membership:${(await ownMembership(actor)).id}`, `member_tickets:${actor.customerId}`] : []);
  const stream = await openEventStream(actor, { lastEventId, signal: request.signal, own });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}

import "server-only";
import { asc, gt } from "drizzle-orm";
import { getDb } from "@/db/client";
import { events } from "@/db/schema";
import { can, type Actor } from "@/lib/auth/permissions";
import { subscribe } from "./bus";
import { liveEventSchema, type LiveEvent } from "./types";

const replayLimit = 500;
const encoder = new TextEncoder();

/**
 * Whether `actor` may learn of `event`: it needs the event's permission, or the event is about a
 * record of the actor's own (a member's membership, named `membership:<id>` in `own`).
 */
export function canReceive(actor: Actor, event: LiveEvent, own: ReadonlySet<string> = new Set()): boolean {
  return can(actor, event.permission) || own.has(`${event.entityType}:${event.entityId}`);
}

function frame(event: LiveEvent): Uint8Array {
  return encoder.encode(`id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
}

/**
 * The events `actor` may see as a Server-Sent Events stream: first those after `lastEventId`
 * (a reconnecting browser's `Last-Event-ID`), then live ones, with a heartbeat comment so that
 * proxies keep the connection open.
 */
export async function openEventStream(
  actor: Actor,
  options: { lastEventId?: number; signal?: AbortSignal; heartbeatMs?: number; own?: ReadonlySet<string> } = {},
): Promise<ReadableStream<Uint8Array>> {
  let replaying = options.lastEventId !== undefined;
  const buffered: LiveEvent[] = [];
  const replayed = new Set<number>();
  let controller!: ReadableStreamDefaultController<Uint8Array>;

  const send = (event: LiveEvent) => {
    if (canReceive(actor, event, options.own)) controller.enqueue(frame(event));
  };

  // Subscribe before replaying, so that nothing published in between is lost.
  const unsubscribe = await subscribe((event) => (replaying ? buffered.push(event) : send(event)));
  let heartbeat: NodeJS.Timeout | undefined;
  const close = () => {
    clearInterval(heartbeat);
    unsubscribe();
    try {
      controller.close();
    } catch {
      // Already closed by the client.
    }
  };

  return new ReadableStream<Uint8Array>({
    async start(streamController) {
      controller = streamController;
      controller.enqueue(encoder.encode("retry: 3000\n\n"));
      if (replaying) {
        const db = await getDb();
        const missed = await db
          .select()
          .from(events)
          .where(gt(events.id, options.lastEventId!))
          .orderBy(asc(events.id))
          .limit(replayLimit);
        for (const row of missed) {
          const parsed = liveEventSchema.safeParse(row);
          if (!parsed.success) continue;
          replayed.add(parsed.data.id);
          send(parsed.data);
        }
        replaying = false;
        // Events that arrived during the replay, less those the replay already sent.
        for (const event of buffered.splice(0)) if (!replayed.has(event.id)) send(event);
      }
      heartbeat = setInterval(() => controller.enqueue(encoder.encode(": keep-alive\n\n")), options.heartbeatMs ?? 15_000);
      options.signal?.addEventListener("abort", close, { once: true });
    },
    cancel: close,
  });
}

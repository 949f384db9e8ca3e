import "server-only";
import { getConnection } from "@/db/client";
import { eventsChannel, liveEventSchema, type LiveEvent } from "./types";

type Listener = (event: LiveEvent) => void;

/**
 * This process's view of the event stream: one LISTEN on the database, fanned out to every
 * subscriber (SSE connections, caches). Kept across hot reloads in development.
 */
const state = globalThis as unknown as { __crmEventBus?: { listeners: Set<Listener>; started?: Promise<void> } };
const bus = (state.__crmEventBus ??= { listeners: new Set() });

function start(): Promise<void> {
  bus.started ??= getConnection()
    .then((connection) =>
      connection.listen(eventsChannel, (payload) => {
        const parsed = liveEventSchema.safeParse(JSON.parse(payload));
        if (!parsed.success) return;
        for (const listener of bus.listeners) listener(parsed.data);
      }),
    )
    .then(() => undefined)
    .catch((error: unknown) => {
      bus.started = undefined;
      throw error;
    });
  return bus.started;
}

/** Calls `listener` with every event any instance publishes from now on. */
export async function subscribe(listener: Listener): Promise<() => void> {
  await start();
  bus.listeners.add(listener);
  return () => bus.listeners.delete(listener);
}

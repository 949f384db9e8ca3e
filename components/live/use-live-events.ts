"use client";

import { useEffect, useRef } from "react";

export type LiveEventMessage = { id: number; type: string; entityType: string; entityId: string };

/**
 * Calls `onEvent` for each live event of the given types while the component is mounted. The
 * browser's EventSource reconnects by itself and resumes from the last event it saw.
 */
export function useLiveEvents(types: readonly string[], onEvent: (event: LiveEventMessage) => void) {
  const handler = useRef(onEvent);
  useEffect(() => {
    handler.current = onEvent;
  });
  const key = types.join(",");

  useEffect(() => {
    const source = new EventSource("/api/events");
    const listener = (message: MessageEvent<string>) => handler.current(JSON.parse(message.data) as LiveEventMessage);
    const names = key.split(",");
    for (const name of names) source.addEventListener(name, listener);
    return () => {
      for (const name of names) source.removeEventListener(name, listener);
      source.close();
    };
  }, [key]);
}

"use client";

import { useRouter } from "next/navigation";
import { useRef } from "react";
import { useLiveEvents } from "./use-live-events";

/**
 * Re-renders the page from the server when a matching event arrives (for one record when
 * `entityId` is given), at most once a second, so a busy stream does not thrash the screen.
 */
export function LiveRefresh({ types, entityId }: { types: readonly string[]; entityId?: string }) {
  const router = useRouter();
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  useLiveEvents(types, (event) => {
    if (entityId && event.entityId !== entityId) return;
    pending.current ??= setTimeout(() => {
      pending.current = null;
      router.refresh();
    }, 1000);
  });
  return null;
}

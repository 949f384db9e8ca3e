"use client";

import { useActionState, useState } from "react";
import type { ActionState, FormAction } from "@/lib/http/action-state";

/**
 * A form action that sends an idempotency key: the one the page was first shown with, numbered by
 * how many times the form has gone through. A double submit or a retry acts once; a live refresh
 * of the page (which brings a new key) keeps what is typed; the next submission is a new request.
 * Key the form with `formKey` so that it empties after each success.
 */
export function useIdempotentAction<T>(action: FormAction<T>, pageKey: string) {
  const [base] = useState(pageKey);
  const [sent, setSent] = useState(0);
  const [state, formAction, pending] = useActionState<ActionState<T>, FormData>(async (previous, form) => {
    const result = await action(previous, form);
    if (result?.ok) setSent((count) => count + 1);
    return result;
  }, null);
  return { state, formAction, pending, idempotencyKey: `${base}-${sent}`, formKey: sent };
}

import "server-only";
import { requireActor, requireMember, type UserActor } from "@/lib/auth/session";
import { reportError } from "./errors";

import type { ActionState, FormValues } from "./action-state";

export type { ActionState, FormValues };

/** The text fields of a submitted form, without React's own `$ACTION_…` fields. */
export function formValues(formData: FormData): FormValues {
  const values: FormValues = {};
  for (const [key, value] of formData) {
    if (typeof value === "string" && !key.startsWith("$ACTION")) values[key] = value;
  }
  return values;
}

/**
 * A form action for `useActionState`: hands the form's values to `handler` (which calls one domain
 * function, where parsing and permission checks live) and maps failures to field and form errors.
 * `onSuccess` runs outside the try, so it may `redirect()`. For pages anyone may use (sign-in help);
 * everything else uses `defineAction`.
 */
export function definePublicAction<T>(
  handler: (values: FormValues, formData: FormData) => Promise<T>,
  onSuccess?: (data: T) => void | Promise<void>,
) {
  return async (_previous: ActionState<T>, formData: FormData): Promise<ActionState<T>> => {
    const values = formValues(formData);
    let data: T;
    try {
      data = await handler(values, formData);
    } catch (error) {
      const { message, fieldErrors, errorId } = reportError(error);
      return { ok: false, formError: message, fieldErrors, values, errorId };
    }
    await onSuccess?.(data);
    return { ok: true, data };
  };
}

/** `definePublicAction` for signed-in users: a signed-out caller is sent to sign in. */
export function defineAction<T>(
  handler: (values: FormValues, actor: UserActor, formData: FormData) => Promise<T>,
  onSuccess?: (data: T) => void | Promise<void>,
) {
  return async (previous: ActionState<T>, formData: FormData): Promise<ActionState<T>> => {
    const actor = await requireActor();
    return definePublicAction((values, data) => handler(values, actor, data), onSuccess)(previous, formData);
  };
}

/** `definePublicAction` for members in the portal: a signed-out caller is sent to the portal's sign-in. */
export function defineMemberAction<T>(
  handler: (values: FormValues, actor: UserActor & { customerId: string }, formData: FormData) => Promise<T>,
  onSuccess?: (data: T) => void | Promise<void>,
) {
  return async (previous: ActionState<T>, formData: FormData): Promise<ActionState<T>> => {
    const actor = await requireMember();
    return definePublicAction((values, data) => handler(values, actor, data), onSuccess)(previous, formData);
  };
}

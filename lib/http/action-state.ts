export type FormValues = Record<string, string>;

/** What a form action answers; `null` before the first submission. */
export type ActionState<T = unknown> =
  | { ok: true; data: T }
  | { ok: false; formError?: string; fieldErrors?: Record<string, string[]>; values: FormValues; errorId?: string }
  | null;

/** A form action as `useActionState` takes it. */
export type FormAction<T> = (state: ActionState<T>, formData: FormData) => Promise<ActionState<T>>;

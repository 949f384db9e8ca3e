"use client";

import { useTranslations } from "next-intl";

import type { ActionState } from "@/lib/http/action-state";

/**
 * Translates an action's error keys: one message per field, and the form's message (a summary
 * when only fields are wrong).
 */
export function useFormErrors(state: ActionState) {
  const t = useTranslations();
  const failed = state && !state.ok ? state : null;
  const say = (key: string) => (t.has(key) ? t(key) : t("validation.invalid"));
  return {
    field: (name: string) => {
      const key = failed?.fieldErrors?.[name]?.[0];
      return key ? say(key) : undefined;
    },
    form: failed?.formError
      ? `${say(failed.formError)}${failed.errorId ? ` (${t("errors.reference", { id: failed.errorId })})` : ""}`
      : undefined,
    value: (name: string) => failed?.values[name],
  };
}

"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { controlClass, Field, FormAlert } from "@/components/ui/field";

/** What the code step answers: nothing on success (it redirects), or why not. */
export type CodeState = { error?: "invalid" | "locked" | "missing" | "unexpected" } | null;

/** The six-digit code of the second sign-in step. */
export function CodeForm({ action, callbackUrl }: { action: (previous: CodeState, formData: FormData) => Promise<CodeState>; callbackUrl: string }) {
  const t = useTranslations("login.code");
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormAlert>{state?.error && t(`errors.${state.error}`)}</FormAlert>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <Field id="code" label={t("code")} hint={t("codeHint")}>
        {(control) => (
          <input
            {...control}
            name="code"
            type="text"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9 ]*"
            maxLength={20}
            required
            autoFocus
            className={controlClass(Boolean(state?.error))}
          />
        )}
      </Field>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? t("submitting") : t("submit")}
      </Button>
    </form>
  );
}

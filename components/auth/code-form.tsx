"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { controlClass, Field, FormAlert } from "@/components/ui/field";

/** What the code step answers: nothing on success (it redirects), or why not. */
export type CodeState = { error?: "invalid" | "locked" | "missing" | "unexpected" } | null;

/** A field for a six-digit code from an authenticator app, which phones offer to fill in. */
export function CodeField({ id, label, hint, error, required, autoFocus, className }: { id: string; label: string; hint: string; error?: string; required?: boolean; autoFocus?: boolean; className?: string }) {
  return (
    <Field id={id} label={label} hint={hint} error={error} required={required}>
      {(control) => (
        <input
          {...control}
          name="code"
          type="text"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9 ]*"
          maxLength={20}
          autoFocus={autoFocus}
          className={controlClass(Boolean(error), className)}
        />
      )}
    </Field>
  );
}

/** The six-digit code of the second sign-in step. */
export function CodeForm({ action, callbackUrl }: { action: (previous: CodeState, formData: FormData) => Promise<CodeState>; callbackUrl: string }) {
  const t = useTranslations("login.code");
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      {/* A wrong or missing code is said beside the field; a lock or a failure above the form. */}
      <FormAlert>{(state?.error === "locked" || state?.error === "unexpected") && t(`errors.${state.error}`)}</FormAlert>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <CodeField id="code" label={t("code")} hint={t("codeHint")} error={state?.error === "invalid" || state?.error === "missing" ? t(`errors.${state.error}`) : undefined} autoFocus />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? t("submitting") : t("submit")}
      </Button>
    </form>
  );
}

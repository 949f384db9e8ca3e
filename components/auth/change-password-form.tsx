"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button } from "@/components/ui/button";
import { controlClass, Field, FormAlert } from "@/components/ui/field";
import type { FormAction } from "@/lib/http/action-state";

/** The current password, then the new one twice. Values are never sent back into the fields. */
export function ChangePasswordForm<T>({ action }: { action: FormAction<T> }) {
  const t = useTranslations("account.password");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  const password = (name: "current" | "password" | "confirm", autoComplete: string, hint?: string) => (
    <Field id={`account-${name}`} label={t(name)} hint={hint} error={errors.field(name)} required>
      {(control) => <input {...control} name={name} type="password" autoComplete={autoComplete} className={controlClass(Boolean(errors.field(name)))} />}
    </Field>
  );
  return (
    <form action={formAction} noValidate className="space-y-4" key={JSON.stringify(state)}>
      <FormAlert>{errors.form}</FormAlert>
      {password("current", "current-password")}
      {password("password", "new-password", t("hint"))}
      {password("confirm", "new-password")}
      <Button type="submit" disabled={pending}>
        {pending ? t("saving") : t("save")}
      </Button>
    </form>
  );
}

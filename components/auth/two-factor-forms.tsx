"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button } from "@/components/ui/button";
import { controlClass, Field, FormAlert } from "@/components/ui/field";
import type { FormAction } from "@/lib/http/action-state";

function CodeField({ error }: { error?: string }) {
  const t = useTranslations("account.twoFactor");
  return (
    <Field id="two-factor-code" label={t("code")} hint={t("codeHint")} error={error} required>
      {(control) => (
        <input
          {...control}
          name="code"
          type="text"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={20}
          className={controlClass(Boolean(error), "max-w-40 font-mono tracking-widest")}
        />
      )}
    </Field>
  );
}

/** The first code from the app being set up: it turns two-factor on. */
export function ConfirmTwoFactorForm<T>({ action }: { action: FormAction<T> }) {
  const t = useTranslations("account.twoFactor");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  return (
    <form action={formAction} noValidate className="space-y-4" key={JSON.stringify(state)}>
      <FormAlert>{errors.form}</FormAlert>
      <CodeField error={errors.field("code")} />
      <Button type="submit" disabled={pending}>
        {pending ? t("turningOn") : t("turnOn")}
      </Button>
    </form>
  );
}

/** The password and a current code: two-factor off. */
export function DisableTwoFactorForm<T>({ action }: { action: FormAction<T> }) {
  const t = useTranslations("account.twoFactor");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  return (
    <form action={formAction} noValidate className="space-y-4" key={JSON.stringify(state)}>
      <FormAlert>{errors.form}</FormAlert>
      <Field id="two-factor-current" label={t("current")} error={errors.field("current")} required>
        {(control) => <input {...control} name="current" type="password" autoComplete="current-password" className={controlClass(Boolean(errors.field("current")))} />}
      </Field>
      <CodeField error={errors.field("code")} />
      <Button type="submit" variant="danger" disabled={pending}>
        {pending ? t("turningOff") : t("turnOff")}
      </Button>
    </form>
  );
}

"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { CodeField } from "@/components/auth/code-form";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button } from "@/components/ui/button";
import { controlClass, Field, FormAlert } from "@/components/ui/field";
import type { FormAction } from "@/lib/http/action-state";

/**
 * Two-factor on the account page: `on` takes the first code from the app being set up; `off`
 * takes the password and a current code.
 */
export function TwoFactorForm<T>({ action, turn }: { action: FormAction<T>; turn: "on" | "off" }) {
  const t = useTranslations("account.twoFactor");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  return (
    <form action={formAction} noValidate className="space-y-4" key={JSON.stringify(state)}>
      <FormAlert>{errors.form}</FormAlert>
      {turn === "off" && (
        <Field id="two-factor-current" label={t("current")} error={errors.field("current")} required>
          {(control) => <input {...control} name="current" type="password" autoComplete="current-password" className={controlClass(Boolean(errors.field("current")))} />}
        </Field>
      )}
      <CodeField id="two-factor-code" label={t("code")} hint={t("codeHint")} error={errors.field("code")} required className="max-w-40 font-mono tracking-widest" />
      <Button type="submit" variant={turn === "off" ? "danger" : "primary"} disabled={pending}>
        {turn === "off" ? (pending ? t("turningOff") : t("turnOff")) : pending ? t("turningOn") : t("turnOn")}
      </Button>
    </form>
  );
}

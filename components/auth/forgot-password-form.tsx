"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button } from "@/components/ui/button";
import { controlClass, Field, FormAlert } from "@/components/ui/field";
import type { ActionState } from "@/lib/http/action-state";

export function ForgotPasswordForm({ action }: { action: (state: ActionState<void>, formData: FormData) => Promise<ActionState<void>> }) {
  const t = useTranslations("passwordReset");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  if (state?.ok) {
    return (
      <p role="status" className="rounded-md border border-green-200 bg-green-50 px-4 py-3 text-sm text-green-800">
        {t("sent")}
      </p>
    );
  }
  return (
    <form action={formAction} noValidate className="space-y-4">
      <p className="text-sm text-slate-600">{t("requestIntro")}</p>
      <FormAlert>{errors.form}</FormAlert>
      <Field id="reset-email" label={t("email")} error={errors.field("email")} required>
        {(control) => (
          <input {...control} name="email" type="email" autoComplete="username" autoFocus defaultValue={errors.value("email")} className={controlClass(Boolean(errors.field("email")))} />
        )}
      </Field>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? t("sending") : t("send")}
      </Button>
    </form>
  );
}

"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button } from "@/components/ui/button";
import { controlClass, Field, FormAlert } from "@/components/ui/field";
import type { ActionState } from "@/lib/http/action-state";

export function ResetPasswordForm({
  action,
  token,
  requestAnother,
}: {
  action: (state: ActionState<void>, formData: FormData) => Promise<ActionState<void>>;
  token: string;
  requestAnother: React.ReactNode;
}) {
  const t = useTranslations("passwordReset");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  const linkDead = state && !state.ok && state.formError === "errors.resetLinkInvalid";
  return (
    <form action={formAction} noValidate className="space-y-4">
      <FormAlert>
        {errors.form}
        {linkDead && <span className="mt-2 block">{requestAnother}</span>}
      </FormAlert>
      <input type="hidden" name="token" value={token} />
      <Field id="new-password" label={t("password")} hint={t("hint")} error={errors.field("password")} required>
        {(control) => <input {...control} name="password" type="password" autoComplete="new-password" autoFocus className={controlClass(Boolean(errors.field("password")))} />}
      </Field>
      <Field id="confirm-password" label={t("confirm")} error={errors.field("confirm")} required>
        {(control) => <input {...control} name="confirm" type="password" autoComplete="new-password" className={controlClass(Boolean(errors.field("confirm")))} />}
      </Field>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? t("saving") : t("save")}
      </Button>
    </form>
  );
}

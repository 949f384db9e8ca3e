"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button } from "@/components/ui/button";
import { CheckboxField, controlClass, Field, FormAlert } from "@/components/ui/field";
import type { FormAction } from "@/lib/http/action-state";
import type { SessionSettings } from "@/lib/settings/schemas";

/** How long sign-ins last (the idle and the absolute limit), and whether admins sign in with a code too. */
export function SessionForm<T>({ action, initial }: { action: FormAction<T>; initial: SessionSettings }) {
  const t = useTranslations("settings.sessions");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);

  const number = (name: "idleMinutes" | "maxHours", min: number, max: number) => (
    <Field id={`sessions-${name}`} label={t(`fields.${name}`)} hint={t(`hints.${name}`)} error={errors.field(name)} required>
      {(control) => (
        <input
          {...control}
          name={name}
          type="number"
          inputMode="numeric"
          min={min}
          max={max}
          defaultValue={errors.value(name) ?? initial[name]}
          className={controlClass(Boolean(errors.field(name)))}
        />
      )}
    </Field>
  );

  return (
    <form action={formAction} noValidate className="space-y-5" key={JSON.stringify(state)} aria-labelledby="sessions-title">
      <FormAlert>{errors.form}</FormAlert>
      {state?.ok && (
        <p role="status" className="rounded-md border border-green-200 bg-green-50 px-4 py-3 text-sm text-green-800">
          {t("saved")}
        </p>
      )}
      <div className="grid gap-5 sm:grid-cols-2">
        {number("idleMinutes", 5, 1440)}
        {number("maxHours", 1, 720)}
      </div>
      <CheckboxField
        id="sessions-adminTwoFactor"
        name="adminTwoFactor"
        label={t("fields.adminTwoFactor")}
        hint={t("hints.adminTwoFactor")}
        error={errors.field("adminTwoFactor")}
        defaultChecked={state && !state.ok ? errors.value("adminTwoFactor") === "on" : initial.adminTwoFactor}
      />
      <Button type="submit" disabled={pending}>
        {pending ? t("saving") : t("save")}
      </Button>
    </form>
  );
}

"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button } from "@/components/ui/button";
import { CheckboxField, controlClass, Field, FormAlert } from "@/components/ui/field";
import type { FormAction } from "@/lib/http/action-state";

/** Joining the programme: who you are, a password, and what we may send you. */
export function SignUpForm({ action }: { action: FormAction<null> }) {
  const t = useTranslations("portal.auth");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  const text = (name: string, label: string, props: { type?: string; autoComplete?: string; required?: boolean; hint?: string; inputMode?: "tel" } = {}) => (
    <Field id={`signup-${name}`} label={label} hint={props.hint} error={errors.field(name)} required={props.required}>
      {(control) => (
        <input
          {...control}
          name={name}
          type={props.type ?? "text"}
          autoComplete={props.autoComplete}
          inputMode={props.inputMode}
          defaultValue={props.type === "password" ? undefined : errors.value(name)}
          className={controlClass(Boolean(errors.field(name)))}
        />
      )}
    </Field>
  );
  const checkbox = (name: string, label: string) => (
    <CheckboxField id={`signup-${name}`} name={name} label={label} error={errors.field(name)} defaultChecked={errors.value(name) === "on"} />
  );
  return (
    <form action={formAction} className="space-y-4" noValidate aria-label={t("joinTitle")}>
      <FormAlert>{errors.form}</FormAlert>
      {text("name", t("name"), { autoComplete: "name", required: true })}
      {text("email", t("email"), { type: "email", autoComplete: "email", required: true })}
      {text("phone", t("phone"), { type: "tel", autoComplete: "tel", inputMode: "tel", hint: t("optional") })}
      {text("birthday", t("birthday"), { type: "date", autoComplete: "bday", hint: t("birthdayHint") })}
      {text("password", t("password"), { type: "password", autoComplete: "new-password", required: true, hint: t("passwordHint") })}
      {text("confirm", t("confirm"), { type: "password", autoComplete: "new-password", required: true })}
      <fieldset className="space-y-3">
        <legend className="text-sm font-medium text-slate-700">{t("consentTitle")}</legend>
        {checkbox("emailConsent", t("emailConsent"))}
        {checkbox("smsConsent", t("smsConsent"))}
      </fieldset>
      {checkbox("terms", t("terms"))}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? t("joining") : t("joinSubmit")}
      </Button>
    </form>
  );
}

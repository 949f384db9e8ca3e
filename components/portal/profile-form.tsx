"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button } from "@/components/ui/button";
import { controlClass, Field, FormAlert } from "@/components/ui/field";
import type { FormAction } from "@/lib/http/action-state";

export type ProfileValues = { name: string; phone: string; birthday: string };

/** The member corrects their name, phone and birthday. */
export function ProfileForm<T>({ action, initial, today }: { action: FormAction<T>; initial: ProfileValues; today: string }) {
  const t = useTranslations("portal.profile");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  const value = (name: keyof ProfileValues) => errors.value(name) ?? initial[name];
  return (
    <form action={formAction} aria-label={t("details")} className="space-y-4" noValidate>
      <FormAlert>{errors.form}</FormAlert>
      {state?.ok && (
        <p role="status" className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800">
          {t("saved")}
        </p>
      )}
      <Field id="profile-name" label={t("name")} error={errors.field("name")} required>
        {(control) => <input {...control} name="name" autoComplete="name" maxLength={200} defaultValue={value("name")} className={controlClass(Boolean(errors.field("name")))} />}
      </Field>
      <Field id="profile-phone" label={t("phone")} error={errors.field("phone")}>
        {(control) => (
          <input {...control} name="phone" type="tel" inputMode="tel" autoComplete="tel" maxLength={40} defaultValue={value("phone")} className={controlClass(Boolean(errors.field("phone")))} />
        )}
      </Field>
      <Field id="profile-birthday" label={t("birthday")} hint={t("birthdayHint")} error={errors.field("birthday")}>
        {(control) => (
          <input {...control} name="birthday" type="date" max={today} autoComplete="bday" defaultValue={value("birthday")} className={controlClass(Boolean(errors.field("birthday")))} />
        )}
      </Field>
      <Button type="submit" className="w-full sm:w-auto" disabled={pending}>
        {pending ? t("saving") : t("save")}
      </Button>
    </form>
  );
}

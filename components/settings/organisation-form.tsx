"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button } from "@/components/ui/button";
import { controlClass, Field, FormAlert } from "@/components/ui/field";
import type { FormAction } from "@/lib/http/action-state";
import type { OrganisationSettings } from "@/lib/settings/schemas";

type Option = { value: string; label: string };

export function OrganisationForm<T>({
  action,
  initial,
  currencies,
  timeZones,
  countries,
}: {
  action: FormAction<T>;
  initial: OrganisationSettings;
  currencies: Option[];
  timeZones: Option[];
  countries: Option[];
}) {
  const t = useTranslations("settings");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  const value = (name: keyof OrganisationSettings) => errors.value(name) ?? initial[name];

  const select = (name: Exclude<keyof OrganisationSettings, "name">, options: Option[], hint?: string) => (
    <Field id={`org-${name}`} label={t(`fields.${name}`)} hint={hint} error={errors.field(name)} required>
      {(control) => (
        <select {...control} name={name} defaultValue={value(name)} className={controlClass(Boolean(errors.field(name)))}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );

  return (
    <form action={formAction} noValidate className="space-y-5" key={JSON.stringify(state)}>
      <FormAlert>{errors.form}</FormAlert>
      {state?.ok && (
        <p role="status" className="rounded-md border border-green-200 bg-green-50 px-4 py-3 text-sm text-green-800">
          {t("saved")}
        </p>
      )}
      <Field id="org-name" label={t("fields.name")} error={errors.field("name")} required>
        {(control) => <input {...control} name="name" defaultValue={value("name")} className={controlClass(Boolean(errors.field("name")))} />}
      </Field>
      <div className="grid gap-5 sm:grid-cols-3">
        {select("currency", currencies)}
        {select("timeZone", timeZones, t("hints.timeZone"))}
        {select("country", countries, t("hints.country"))}
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? t("saving") : t("save")}
      </Button>
    </form>
  );
}

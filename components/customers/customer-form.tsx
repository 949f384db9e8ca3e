"use client";

import type { Route } from "next";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button, buttonClass } from "@/components/ui/button";
import { controlClass, Field, FormAlert } from "@/components/ui/field";
import type { FormAction } from "@/lib/http/action-state";

export type CustomerFormValues = {
  id?: string;
  kind: string;
  name: string;
  email: string;
  phone: string;
  birthday: string;
  gender: string;
  lifecycleStage: string;
  ownerId: string;
  source: string;
  tags: string;
  notes: string;
  country: string;
  province: string;
  city: string;
  addressLine: string;
  postalCode: string;
  customFields: Record<string, string>;
};

export type CustomFieldOption = { key: string; label: string; type: "text" | "number" | "date" | "select"; options: string[]; required: boolean };

type Option = { value: string; label: string };

export type CustomerFormOptions = {
  kinds: Option[];
  genders: Option[];
  stages: Option[];
  sources: Option[];
  owners: Option[];
  countries: Option[];
  customFields: CustomFieldOption[];
};

export function CustomerForm<T>({
  action,
  initial,
  options,
  cancelHref,
  submitLabel,
}: {
  action: FormAction<T>;
  initial: CustomerFormValues;
  options: CustomerFormOptions;
  cancelHref: string;
  submitLabel: string;
}) {
  const t = useTranslations("customers");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  type Name = Exclude<keyof CustomerFormValues, "id" | "customFields">;
  const value = (name: Name) => errors.value(name) ?? initial[name] ?? "";

  const text = (name: Name, props: { type?: string; hint?: string; required?: boolean; inputMode?: "tel" | "email" | "text"; autoComplete?: string } = {}) => (
    <Field id={`customer-${name}`} label={t(`fields.${name}`)} hint={props.hint} error={errors.field(name)} required={props.required}>
      {(control) => (
        <input
          {...control}
          name={name}
          type={props.type ?? "text"}
          inputMode={props.inputMode}
          autoComplete={props.autoComplete ?? "off"}
          defaultValue={value(name)}
          className={controlClass(Boolean(errors.field(name)))}
        />
      )}
    </Field>
  );

  const select = (name: Name, choices: Option[], empty?: string) => (
    <Field id={`customer-${name}`} label={t(`fields.${name}`)} error={errors.field(name)}>
      {(control) => (
        <select {...control} name={name} defaultValue={value(name)} className={controlClass(Boolean(errors.field(name)))}>
          {empty !== undefined && <option value="">{empty}</option>}
          {choices.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );

  const section = "grid gap-5 sm:grid-cols-2";
  const heading = "text-base font-semibold text-slate-900 sm:col-span-2";

  // A new key after each submission re-applies the values the server sent back.
  return (
    <form action={formAction} noValidate className="space-y-8" key={JSON.stringify(state)}>
      <FormAlert>{errors.form}</FormAlert>
      {initial.id && <input type="hidden" name="id" value={initial.id} />}
      <fieldset className={section}>
        <legend className={heading}>{t("sections.profile")}</legend>
        {select("kind", options.kinds)}
        {select("lifecycleStage", options.stages)}
        <div className="sm:col-span-2">{text("name", { required: true })}</div>
        {text("email", { type: "email", inputMode: "email" })}
        {text("phone", { type: "tel", inputMode: "tel", hint: t("hints.phone") })}
        {text("birthday", { type: "date" })}
        {select("gender", options.genders, t("unspecified"))}
        {select("ownerId", options.owners, initial.id ? undefined : t("ownerNone"))}
        {select("source", options.sources)}
        <div className="sm:col-span-2">{text("tags", { hint: t("hints.tags") })}</div>
        <div className="sm:col-span-2">
          <Field id="customer-notes" label={t("fields.notes")} error={errors.field("notes")}>
            {(control) => <textarea {...control} name="notes" rows={3} defaultValue={value("notes")} className={controlClass(Boolean(errors.field("notes")))} />}
          </Field>
        </div>
      </fieldset>
      <fieldset className={section}>
        <legend className={heading}>{t("sections.address")}</legend>
        {select("country", options.countries, t("unspecified"))}
        {text("province")}
        {text("city")}
        {text("postalCode", { autoComplete: "postal-code" })}
        <div className="sm:col-span-2">{text("addressLine", { autoComplete: "street-address" })}</div>
      </fieldset>
      {options.customFields.length > 0 && (
        <fieldset className={section}>
          <legend className={heading}>{t("sections.more")}</legend>
          {options.customFields.map((field) => {
            const name = `custom.${field.key}`;
            const error = errors.field(`customFields.${field.key}`);
            const current = errors.value(name) ?? initial.customFields[field.key] ?? "";
            return (
              <Field key={field.key} id={`customer-custom-${field.key}`} label={field.label} error={error} required={field.required}>
                {(control) =>
                  field.type === "select" ? (
                    <select {...control} name={name} defaultValue={current} className={controlClass(Boolean(error))}>
                      <option value="">{t("unspecified")}</option>
                      {field.options.map((option) => (
                        <option key={option} value={option}>
                          {option}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <input
                      {...control}
                      name={name}
                      type={field.type}
                      inputMode={field.type === "number" ? "decimal" : undefined}
                      defaultValue={current}
                      className={controlClass(Boolean(error))}
                    />
                  )
                }
              </Field>
            );
          })}
        </fieldset>
      )}
      <div className="flex flex-wrap gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? t("saving") : submitLabel}
        </Button>
        <Link href={cancelHref as Route} className={buttonClass("secondary")}>
          {t("cancel")}
        </Link>
      </div>
    </form>
  );
}

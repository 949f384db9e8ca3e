"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import type { Route } from "next";
import { useActionState } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button, buttonClass } from "@/components/ui/button";
import { controlClass, Field, FormAlert } from "@/components/ui/field";
import type { ActionState } from "@/lib/http/action-state";

export type CustomerFormValues = {
  id?: string;
  name: string;
  email: string;
  phone: string;
  city: string;
  source: string;
  tags: string;
  notes: string;
};

export function CustomerForm<T>({
  action,
  initial,
  sources,
  cancelHref,
  submitLabel,
}: {
  action: (state: ActionState<T>, formData: FormData) => Promise<ActionState<T>>;
  initial: CustomerFormValues;
  sources: readonly string[];
  cancelHref: string;
  submitLabel: string;
}) {
  const t = useTranslations("customers");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  const value = (name: keyof CustomerFormValues) => errors.value(name) ?? initial[name] ?? "";

  const text = (name: Exclude<keyof CustomerFormValues, "id" | "source" | "notes">, props: { type?: string; autoComplete?: string; hint?: string; required?: boolean; inputMode?: "tel" | "email" | "text" } = {}) => (
    <Field id={`customer-${name}`} label={t(`fields.${name}`)} hint={props.hint} error={errors.field(name)} required={props.required}>
      {(control) => (
        <input
          {...control}
          name={name}
          type={props.type ?? "text"}
          autoComplete={props.autoComplete ?? "off"}
          inputMode={props.inputMode}
          defaultValue={value(name)}
          className={controlClass(Boolean(errors.field(name)))}
        />
      )}
    </Field>
  );

  // A new key after each submission re-applies the values the server sent back.
  return (
    <form action={formAction} noValidate className="space-y-5" key={JSON.stringify(state)}>
      <FormAlert>{errors.form}</FormAlert>
      {initial.id && <input type="hidden" name="id" value={initial.id} />}
      <div className="grid gap-5 sm:grid-cols-2">
        <div className="sm:col-span-2">{text("name", { required: true, autoComplete: "off" })}</div>
        {text("email", { type: "email", inputMode: "email" })}
        {text("phone", { type: "tel", inputMode: "tel", hint: t("hints.phone") })}
        {text("city")}
        <Field id="customer-source" label={t("fields.source")} error={errors.field("source")}>
          {(control) => (
            <select {...control} name="source" defaultValue={value("source")} className={controlClass(Boolean(errors.field("source")))}>
              {sources.map((source) => (
                <option key={source} value={source}>
                  {t(`sources.${source}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="sm:col-span-2">{text("tags", { hint: t("hints.tags") })}</div>
        <div className="sm:col-span-2">
          <Field id="customer-notes" label={t("fields.notes")} error={errors.field("notes")}>
            {(control) => (
              <textarea {...control} name="notes" rows={4} defaultValue={value("notes")} className={controlClass(Boolean(errors.field("notes")))} />
            )}
          </Field>
        </div>
      </div>
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

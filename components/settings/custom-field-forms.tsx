"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button } from "@/components/ui/button";
import { controlClass, Field, FormAlert } from "@/components/ui/field";
import type { FormAction } from "@/lib/http/action-state";

export function CustomFieldForm<T>({ action, types }: { action: FormAction<T>; types: { value: string; label: string }[] }) {
  const t = useTranslations("settings.fields");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  const [type, setType] = useState("text");
  const field = (name: string) => errors.field(name);
  return (
    <form action={formAction} className="space-y-4" key={state?.ok ? JSON.stringify(state) : undefined} aria-label={t("add")}>
      <FormAlert>{errors.form}</FormAlert>
      <div className="grid gap-4 sm:grid-cols-3">
        <Field id="field-label" label={t("label")} error={field("label")} required>
          {(control) => <input {...control} name="label" defaultValue={errors.value("label")} className={controlClass(Boolean(field("label")))} />}
        </Field>
        <Field id="field-key" label={t("key")} hint={t("keyHint")} error={field("key")} required>
          {(control) => <input {...control} name="key" defaultValue={errors.value("key")} className={controlClass(Boolean(field("key")), "font-mono")} />}
        </Field>
        <Field id="field-type" label={t("type")} error={field("type")}>
          {(control) => (
            <select {...control} name="type" value={type} onChange={(event) => setType(event.target.value)} className={controlClass()}>
              {types.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {type === "select" && (
        <Field id="field-options" label={t("options")} hint={t("optionsHint")} error={field("options")} required>
          {(control) => <textarea {...control} name="options" rows={3} defaultValue={errors.value("options")} className={controlClass(Boolean(field("options")))} />}
        </Field>
      )}
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="required" /> {t("required")}
      </label>
      <Button type="submit" disabled={pending}>
        {t("add")}
      </Button>
    </form>
  );
}

export function DeleteFieldButton<T>({ action, id, label }: { action: FormAction<T>; id: string; label: string }) {
  const t = useTranslations("settings.fields");
  const [, formAction, pending] = useActionState(action, null);
  return (
    <form
      action={formAction}
      onSubmit={(event) => {
        if (!window.confirm(t("confirmDelete", { label }))) event.preventDefault();
      }}
    >
      <input type="hidden" name="id" value={id} />
      <button type="submit" disabled={pending} className="text-sm text-red-700 hover:underline" aria-label={t("deleteNamed", { label })}>
        {t("delete")}
      </button>
    </form>
  );
}

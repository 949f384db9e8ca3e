"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button } from "@/components/ui/button";
import { controlClass, Field, FormAlert } from "@/components/ui/field";
import type { FormAction } from "@/lib/http/action-state";

export function UploadForm<T>({ action }: { action: FormAction<T> }) {
  const t = useTranslations("customers.import");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  return (
    <form action={formAction} className="space-y-4">
      <FormAlert>{errors.form && !errors.field("file") ? errors.form : undefined}</FormAlert>
      <Field id="import-file" label={t("file")} hint={t("fileHint")} error={errors.field("file")} required>
        {(control) => <input {...control} type="file" name="file" accept=".csv,text/csv" className="block w-full text-sm" />}
      </Field>
      <Button type="submit" disabled={pending}>
        {pending ? t("uploading") : t("upload")}
      </Button>
    </form>
  );
}

/** Which column fills which field, and what to do with customers already on file. */
export function MappingForm<T>({
  action,
  id,
  fields,
  columns,
  mapping,
  onDuplicate,
}: {
  action: FormAction<T>;
  id: string;
  fields: { value: string; label: string; required: boolean }[];
  columns: string[];
  mapping: Record<string, number>;
  onDuplicate: string;
}) {
  const t = useTranslations("customers.import");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  return (
    <form action={formAction} className="space-y-5">
      <FormAlert>{errors.field("mapping") ?? errors.form}</FormAlert>
      <input type="hidden" name="id" value={id} />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {fields.map((field) => (
          <Field key={field.value} id={`map-${field.value}`} label={field.label} required={field.required}>
            {(control) => (
              <select {...control} name={`map.${field.value}`} defaultValue={mapping[field.value] ?? ""} className={controlClass()}>
                <option value="">{t("notImported")}</option>
                {columns.map((column, index) => (
                  <option key={index} value={index}>
                    {column || t("column", { number: index + 1 })}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ))}
      </div>
      <fieldset>
        <legend className="text-sm font-medium text-slate-700">{t("duplicates")}</legend>
        <div className="mt-2 flex flex-wrap gap-4 text-sm">
          {(["skip", "update"] as const).map((choice) => (
            <label key={choice} className="flex items-center gap-2">
              <input type="radio" name="onDuplicate" value={choice} defaultChecked={onDuplicate === choice} />
              {t(`onDuplicate.${choice}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? t("checking") : t("check")}
      </Button>
    </form>
  );
}

export function RunImportButton<T>({ action, id, label }: { action: FormAction<T>; id: string; label: string }) {
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  return (
    <form action={formAction} className="space-y-2">
      <FormAlert>{errors.form}</FormAlert>
      <input type="hidden" name="id" value={id} />
      <Button type="submit" disabled={pending}>
        {label}
      </Button>
    </form>
  );
}

"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button } from "@/components/ui/button";
import { controlClass, Field, FormAlert } from "@/components/ui/field";
import type { FormAction } from "@/lib/http/action-state";

export function AddChannelForm<T>({ action, customerId }: { action: FormAction<T>; customerId: string }) {
  const t = useTranslations("customers.channels");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  return (
    <details className="mt-2 text-sm">
      <summary className="cursor-pointer text-brand-700">{t("add")}</summary>
      <form action={formAction} className="mt-3 space-y-3" key={JSON.stringify(state)} aria-label={t("add")}>
        <FormAlert>{errors.form && !errors.field("value") ? errors.form : undefined}</FormAlert>
        <input type="hidden" name="customerId" value={customerId} />
        <Field id="channel-kind" label={t("kind")}>
          {(control) => (
            <select {...control} name="kind" defaultValue={errors.value("kind") ?? "phone"} className={controlClass()}>
              <option value="phone">{t("phone")}</option>
              <option value="email">{t("email")}</option>
            </select>
          )}
        </Field>
        <Field id="channel-value" label={t("value")} error={errors.field("value")} required>
          {(control) => <input {...control} name="value" defaultValue={errors.value("value")} className={controlClass(Boolean(errors.field("value")))} />}
        </Field>
        <Field id="channel-label" label={t("label")}>
          {(control) => <input {...control} name="label" placeholder={t("labelHint")} defaultValue={errors.value("label")} className={controlClass()} />}
        </Field>
        <Button type="submit" variant="secondary" className="w-full" disabled={pending}>
          {t("save")}
        </Button>
      </form>
    </details>
  );
}

export function ChannelButton<T>({ action, id, label, confirm }: { action: FormAction<T>; id: string; label: string; confirm?: string }) {
  const [, formAction, pending] = useActionState(action, null);
  return (
    <form
      action={formAction}
      onSubmit={(event) => {
        if (confirm && !window.confirm(confirm)) event.preventDefault();
      }}
    >
      <input type="hidden" name="id" value={id} />
      <button type="submit" disabled={pending} className="text-xs text-brand-700 hover:underline">
        {label}
      </button>
    </form>
  );
}

"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button } from "@/components/ui/button";
import { controlClass, Field, FormAlert } from "@/components/ui/field";
import type { FormAction } from "@/lib/http/action-state";

export function AddContactForm<T>({ action, companyId }: { action: FormAction<T>; companyId: string }) {
  const t = useTranslations("customers.contacts");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  const text = (name: "name" | "title" | "email" | "phone", type = "text") => (
    <Field id={`contact-${name}`} label={t(name)} error={errors.field(name)} required={name === "name"}>
      {(control) => <input {...control} name={name} type={type} defaultValue={errors.value(name)} className={controlClass(Boolean(errors.field(name)))} />}
    </Field>
  );
  return (
    <details className="mt-4 text-sm">
      <summary className="cursor-pointer text-brand-700">{t("add")}</summary>
      <form action={formAction} className="mt-3 space-y-3" key={JSON.stringify(state)} aria-label={t("add")}>
        <FormAlert>{errors.form}</FormAlert>
        <input type="hidden" name="companyId" value={companyId} />
        {text("name")}
        {text("title")}
        {text("email", "email")}
        {text("phone", "tel")}
        <label className="flex items-center gap-2">
          <input type="checkbox" name="isPrimary" /> {t("makePrimary")}
        </label>
        <Button type="submit" variant="secondary" className="w-full" disabled={pending}>
          {t("save")}
        </Button>
      </form>
    </details>
  );
}

export function RemoveContactButton<T>({ action, id, name }: { action: FormAction<T>; id: string; name: string }) {
  const t = useTranslations("customers.contacts");
  const [, formAction, pending] = useActionState(action, null);
  return (
    <form
      action={formAction}
      onSubmit={(event) => {
        if (!window.confirm(t("confirmRemove", { name }))) event.preventDefault();
      }}
    >
      <input type="hidden" name="id" value={id} />
      <button type="submit" disabled={pending} className="text-xs text-red-700 hover:underline" aria-label={t("removeNamed", { name })}>
        {t("remove")}
      </button>
    </form>
  );
}

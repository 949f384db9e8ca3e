"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import type { FormAction } from "@/lib/http/action-state";

/** "X was deleted. Undo" after a delete, for the admin who did it. */
export function DeletedBanner<T>({ action, id, name }: { action: FormAction<T>; id: string; name: string }) {
  const t = useTranslations("customers.delete");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  return (
    <form action={formAction} role="status" className="mb-4 flex flex-wrap items-center gap-3 rounded-md border border-slate-300 bg-white px-4 py-3 text-sm">
      <input type="hidden" name="id" value={id} />
      <span>{t("done", { name })}</span>
      <button type="submit" disabled={pending} className="font-medium text-brand-700 underline">
        {t("undo")}
      </button>
      {errors.form && <span className="text-red-700">{errors.form}</span>}
    </form>
  );
}

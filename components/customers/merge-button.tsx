"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import type { FormAction } from "@/lib/http/action-state";

/** "Keep A, merge B into it", after the browser's confirmation naming both. */
export function MergeButton<T>({
  action,
  keep,
  merge,
}: {
  action: FormAction<T>;
  keep: { id: string; label: string };
  merge: { id: string; label: string };
}) {
  const t = useTranslations("customers.duplicates");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  return (
    <form
      action={formAction}
      onSubmit={(event) => {
        if (!window.confirm(t("confirm", { keep: keep.label, merge: merge.label }))) event.preventDefault();
      }}
    >
      <input type="hidden" name="keepId" value={keep.id} />
      <input type="hidden" name="mergeId" value={merge.id} />
      <button type="submit" disabled={pending} className="text-left text-sm text-brand-700 hover:underline">
        {t("keep", { keep: keep.label })}
      </button>
      {errors.form && <p className="text-xs text-red-700">{errors.form}</p>}
    </form>
  );
}

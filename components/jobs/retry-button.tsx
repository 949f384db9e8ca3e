"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button } from "@/components/ui/button";
import type { FormAction } from "@/lib/http/action-state";

export function RetryButton<T>({ id, action }: { id: number; action: FormAction<T> }) {
  const t = useTranslations("jobs");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  return (
    <form action={formAction} className="flex items-center gap-2">
      <input type="hidden" name="id" value={id} />
      <Button type="submit" variant="secondary" className="min-h-8 px-3" disabled={pending} aria-label={`${t("retry")} #${id}`}>
        {t("retry")}
      </Button>
      {state?.ok && <span role="status" className="text-xs text-green-700">{t("retried", { id })}</span>}
      {errors.form && <span role="alert" className="text-xs text-red-700">{errors.form}</span>}
    </form>
  );
}

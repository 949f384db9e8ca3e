"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button } from "@/components/ui/button";
import { controlClass } from "@/components/ui/field";
import type { ActionState } from "@/lib/http/action-state";

/** Saves the list's current filters as a named segment. */
export function SaveSegmentForm({
  action,
  filters,
}: {
  action: (state: ActionState<{ id: string; name: string }>, formData: FormData) => Promise<ActionState<{ id: string; name: string }>>;
  filters: string;
}) {
  const t = useTranslations("customers.segments");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  const error = errors.field("name") ?? errors.form;
  return (
    <form action={formAction} className="flex flex-wrap items-start gap-2" aria-label={t("save")}>
      <input type="hidden" name="filters" value={filters} />
      <div>
        <label htmlFor="segment-name" className="sr-only">
          {t("name")}
        </label>
        <input
          id="segment-name"
          name="name"
          placeholder={t("name")}
          defaultValue={errors.value("name")}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "segment-name-error" : undefined}
          className={controlClass(Boolean(error), "w-56")}
        />
        {error && (
          <p id="segment-name-error" className="mt-1 text-sm text-red-600">
            {error}
          </p>
        )}
      </div>
      <Button type="submit" variant="secondary" disabled={pending}>
        {t("save")}
      </Button>
      {state?.ok && (
        <p role="status" className="self-center text-sm text-green-700">
          {t("saved", { name: state.data.name })}{" "}
          <Link href="/customers/segments" className="underline">
            {t("all")}
          </Link>
        </p>
      )}
    </form>
  );
}

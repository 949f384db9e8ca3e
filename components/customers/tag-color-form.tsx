"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { controlClass } from "@/components/ui/field";
import type { FormAction } from "@/lib/http/action-state";

/** Picks a tag's colour; saves as soon as a colour is chosen. */
export function TagColorForm<T>({ action, name, color, colors }: { action: FormAction<T>; name: string; color: string; colors: readonly string[] }) {
  const t = useTranslations("customers.tags");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  return (
    <form action={formAction} className="flex items-center gap-2">
      <input type="hidden" name="name" value={name} />
      <label className="sr-only" htmlFor={`tag-color-${name}`}>
        {t("colorOf", { name })}
      </label>
      <select
        id={`tag-color-${name}`}
        name="color"
        defaultValue={color}
        disabled={pending}
        onChange={(event) => event.currentTarget.form?.requestSubmit()}
        className={controlClass(false, "w-36")}
      >
        {colors.map((option) => (
          <option key={option} value={option}>
            {t(`colors.${option}`)}
          </option>
        ))}
      </select>
      {errors.form && <span className="text-xs text-red-700">{errors.form}</span>}
    </form>
  );
}

"use client";

import { useActionState } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button, type ButtonVariant } from "@/components/ui/button";
import type { FormAction } from "@/lib/http/action-state";

/**
 * One button that sends `fields` to `action` (redeliver, enable, generate a secret), saying what
 * happened next to it: `done` on success, the refusal otherwise.
 */
export function ActionButton<T>({
  action,
  fields,
  label,
  done,
  accessibleLabel,
  variant = "secondary",
  small = false,
}: {
  action: FormAction<T>;
  fields: Record<string, string>;
  label: string;
  done?: string;
  accessibleLabel?: string;
  variant?: ButtonVariant;
  small?: boolean;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-2">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Button type="submit" variant={variant} className={small ? "min-h-8 px-3" : undefined} disabled={pending} aria-label={accessibleLabel}>
        {label}
      </Button>
      {state?.ok && done && (
        <span role="status" className="text-xs text-green-700">
          {done}
        </span>
      )}
      {errors.form && (
        <span role="alert" className="text-xs text-red-700">
          {errors.form}
        </span>
      )}
    </form>
  );
}

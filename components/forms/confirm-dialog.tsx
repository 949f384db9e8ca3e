"use client";

import { useActionState } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button } from "@/components/ui/button";
import { controlClass, Field, FormAlert } from "@/components/ui/field";
import { Modal } from "@/components/ui/modal";
import type { FormAction } from "@/lib/http/action-state";

export type ConfirmLabels = { trigger: string; title: string; body: string; confirm: string; cancel: string; /** Asks for a reason when given. */ reason?: string };

/**
 * A button that asks first in a modal dialog, then sends `fields` (ids) — with a required reason
 * when `labels.reason` is given — to `action`; a refusal is shown in the dialog.
 */
export function ConfirmDialog<T>({ action, fields, labels, danger = true }: { action: FormAction<T>; fields: Record<string, string | number>; labels: ConfirmLabels; danger?: boolean }) {
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  const reasonId = `confirm-reason-${Object.values(fields).join("-")}`;
  return (
    <Modal trigger={labels.trigger} title={labels.title} description={labels.body}>
      <form action={formAction} className="mt-4 space-y-3">
        <FormAlert>{errors.form && !errors.field("reason") ? errors.form : undefined}</FormAlert>
        {Object.entries(fields).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        {labels.reason && (
          <Field id={reasonId} label={labels.reason} error={errors.field("reason")} required>
            {(control) => <input {...control} name="reason" maxLength={200} className={controlClass(Boolean(errors.field("reason")))} />}
          </Field>
        )}
        <div className="flex flex-wrap justify-end gap-3 pt-2">
          <Button variant="secondary" data-modal-close autoFocus={!labels.reason}>
            {labels.cancel}
          </Button>
          <Button type="submit" variant={danger ? "danger" : "primary"} disabled={pending}>
            {labels.confirm}
          </Button>
        </div>
      </form>
    </Modal>
  );
}

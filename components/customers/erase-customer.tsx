"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button } from "@/components/ui/button";
import { controlClass, Field, FormAlert } from "@/components/ui/field";
import { Modal } from "@/components/ui/modal";
import type { FormAction } from "@/lib/http/action-state";

/** Erasure on request: irreversible, so the admin types the customer's name to confirm. */
export function EraseCustomer<T>({ action, id, name }: { action: FormAction<T>; id: string; name: string }) {
  const t = useTranslations("customers.privacy");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  return (
    <Modal trigger={t("erase")} title={t("eraseTitle", { name })} description={t("eraseBody")}>
    <form action={formAction} className="mt-4 space-y-4" key={JSON.stringify(state)}>
      <FormAlert>{errors.form && !errors.field("confirmName") ? errors.form : undefined}</FormAlert>
      <input type="hidden" name="id" value={id} />
      <Field id="erase-confirm" label={t("typeName", { name })} error={errors.field("confirmName")} required>
        {(control) => <input {...control} name="confirmName" autoComplete="off" className={controlClass(Boolean(errors.field("confirmName")))} />}
      </Field>
      <div className="flex flex-wrap justify-end gap-3">
        <Button variant="secondary" data-modal-close>
          {t("cancel")}
        </Button>
        <Button type="submit" variant="danger" disabled={pending}>
          {t("eraseConfirm")}
        </Button>
      </div>
    </form>
    </Modal>
  );
}

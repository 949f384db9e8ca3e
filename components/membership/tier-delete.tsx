"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/field";
import { Modal } from "@/components/ui/modal";
import type { FormAction } from "@/lib/http/action-state";

/** A delete button that asks first, naming the tier; a tier members hold is refused, and says so. */
export function DeleteTier<T>({ action, id, name }: { action: FormAction<T>; id: string; name: string }) {
  const t = useTranslations("membershipAdmin.tiers.delete");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  return (
    <Modal trigger={t("button")} title={t("title", { name })} description={t("body")}>
      {errors.form && (
        <div className="mt-4">
          <FormAlert>{errors.form}</FormAlert>
        </div>
      )}
      <form action={formAction} className="mt-6 flex flex-wrap justify-end gap-3">
        <input type="hidden" name="id" value={id} />
        <Button variant="secondary" data-modal-close autoFocus>
          {t("cancel")}
        </Button>
        <Button type="submit" variant="danger" disabled={pending}>
          {t("confirm", { name })}
        </Button>
      </form>
    </Modal>
  );
}

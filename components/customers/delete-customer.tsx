"use client";

import { useTranslations } from "next-intl";
import { useActionState, useRef } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/field";
import type { ActionState } from "@/lib/http/action-state";

/** A delete button that asks first, naming the customer, in a modal dialog. */
export function DeleteCustomer<T>({
  action,
  id,
  name,
}: {
  action: (state: ActionState<T>, formData: FormData) => Promise<ActionState<T>>;
  id: string;
  name: string;
}) {
  const t = useTranslations("customers.delete");
  const dialog = useRef<HTMLDialogElement>(null);
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  return (
    <>
      <Button variant="secondary" className="text-red-700" onClick={() => dialog.current?.showModal()}>
        {t("button")}
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby="delete-title"
        className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-slate-200 p-6 shadow-xl backdrop:bg-slate-900/40"
      >
        <h2 id="delete-title" className="text-lg font-semibold">
          {t("title", { name })}
        </h2>
        <p className="mt-2 text-sm text-slate-600">{t("body")}</p>
        <FormAlert>{errors.form}</FormAlert>
        <form action={formAction} className="mt-6 flex flex-wrap justify-end gap-3">
          <input type="hidden" name="id" value={id} />
          <Button variant="secondary" onClick={() => dialog.current?.close()} autoFocus>
            {t("cancel")}
          </Button>
          <Button type="submit" variant="danger" disabled={pending}>
            {t("confirm", { name })}
          </Button>
        </form>
      </dialog>
    </>
  );
}

"use client";

import { useTranslations } from "next-intl";
import { useActionState, useRef } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button } from "@/components/ui/button";
import { controlClass, Field, FormAlert } from "@/components/ui/field";
import type { ActionState } from "@/lib/http/action-state";

/** Erasure on request: irreversible, so the admin types the customer's name to confirm. */
export function EraseCustomer<T>({ action, id, name }: { action: (state: ActionState<T>, formData: FormData) => Promise<ActionState<T>>; id: string; name: string }) {
  const t = useTranslations("customers.privacy");
  const dialog = useRef<HTMLDialogElement>(null);
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  return (
    <>
      <Button variant="secondary" className="text-red-700" onClick={() => dialog.current?.showModal()}>
        {t("erase")}
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby="erase-title"
        className="m-auto w-[min(30rem,calc(100vw-2rem))] rounded-lg border border-slate-200 p-6 shadow-xl backdrop:bg-slate-900/40"
      >
        <h2 id="erase-title" className="text-lg font-semibold">
          {t("eraseTitle", { name })}
        </h2>
        <p className="mt-2 text-sm text-slate-600">{t("eraseBody")}</p>
        <form action={formAction} className="mt-4 space-y-4" key={JSON.stringify(state)}>
          <FormAlert>{errors.form && !errors.field("confirmName") ? errors.form : undefined}</FormAlert>
          <input type="hidden" name="id" value={id} />
          <Field id="erase-confirm" label={t("typeName", { name })} error={errors.field("confirmName")} required>
            {(control) => <input {...control} name="confirmName" autoComplete="off" className={controlClass(Boolean(errors.field("confirmName")))} />}
          </Field>
          <div className="flex flex-wrap justify-end gap-3">
            <Button variant="secondary" onClick={() => dialog.current?.close()}>
              {t("cancel")}
            </Button>
            <Button type="submit" variant="danger" disabled={pending}>
              {t("eraseConfirm")}
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
}

"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import type { FormAction } from "@/lib/http/action-state";

/** Deletes a segment after the browser's confirmation naming it; its customers are untouched. */
export function DeleteSegmentButton<T>({ action, id, name }: { action: FormAction<T>; id: string; name: string }) {
  const t = useTranslations("customers.segments");
  const [, formAction, pending] = useActionState(action, null);
  return (
    <form
      action={formAction}
      onSubmit={(event) => {
        if (!window.confirm(t("confirmDelete", { name }))) event.preventDefault();
      }}
    >
      <input type="hidden" name="id" value={id} />
      <button type="submit" disabled={pending} className="text-red-700 hover:underline">
        {t("delete")}
      </button>
    </form>
  );
}

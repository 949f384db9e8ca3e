"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button } from "@/components/ui/button";
import { controlClass } from "@/components/ui/field";
import type { ActionState } from "@/lib/http/action-state";

export const bulkFormId = "customer-bulk";

/**
 * Acts on the rows ticked in the table (their checkboxes belong to this form) or on every customer
 * the current filters match.
 */
export function BulkActions({
  action,
  filter,
  total,
  capped,
  owners,
}: {
  action: (state: ActionState<{ matched: number; changed: number }>, formData: FormData) => Promise<ActionState<{ matched: number; changed: number }>>;
  filter: string;
  total: number;
  /** More than `total` match. */
  capped: boolean;
  owners: { value: string; label: string }[];
}) {
  const t = useTranslations("customers.bulk");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  const [type, setType] = useState("addTag");
  const error = errors.field("tag") ?? errors.field("ownerId") ?? errors.form;
  return (
    <form id={bulkFormId} action={formAction} aria-label={t("title")} className="mb-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3 text-sm">
      <input type="hidden" name="filter" value={filter} />
      <fieldset className="flex flex-wrap gap-3">
        <legend className="sr-only">{t("scope")}</legend>
        <label className="flex items-center gap-1.5">
          <input type="radio" name="scope" value="selected" defaultChecked /> {t("selected")}
        </label>
        <label className="flex items-center gap-1.5">
          <input type="radio" name="scope" value="all" /> {t(capped ? "allAtLeast" : "all", { total })}
        </label>
      </fieldset>
      <label className="sr-only" htmlFor="bulk-type">
        {t("action")}
      </label>
      <select id="bulk-type" name="type" value={type} onChange={(event) => setType(event.target.value)} className={controlClass(false, "w-auto")}>
        <option value="addTag">{t("addTag")}</option>
        <option value="removeTag">{t("removeTag")}</option>
        <option value="setOwner">{t("setOwner")}</option>
      </select>
      {type === "setOwner" ? (
        <>
          <label className="sr-only" htmlFor="bulk-owner">
            {t("owner")}
          </label>
          <select id="bulk-owner" name="ownerId" className={controlClass(false, "w-auto")}>
            {owners.map((owner) => (
              <option key={owner.value} value={owner.value}>
                {owner.label}
              </option>
            ))}
          </select>
        </>
      ) : (
        <>
          <label className="sr-only" htmlFor="bulk-tag">
            {t("tag")}
          </label>
          <input id="bulk-tag" name="tag" placeholder={t("tag")} className={controlClass(Boolean(errors.field("tag")), "w-40")} />
        </>
      )}
      <Button type="submit" variant="secondary" disabled={pending}>
        {t("apply")}
      </Button>
      {state?.ok && (
        <p role="status" className="text-green-700">
          {t("done", { changed: state.data.changed })}
        </p>
      )}
      {error && (
        <p role="alert" className="text-red-700">
          {error}
        </p>
      )}
    </form>
  );
}

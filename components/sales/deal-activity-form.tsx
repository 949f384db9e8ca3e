"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button } from "@/components/ui/button";
import { controlClass, Field, FormAlert } from "@/components/ui/field";
import type { FormAction } from "@/lib/http/action-state";

/** Logs a call, meeting, e-mail, note or visit about a deal. */
export function DealActivityForm<T>({ action, dealId, kinds }: { action: FormAction<T>; dealId: string; kinds: { value: string; label: string }[] }) {
  const t = useTranslations("deals.activities");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  const field = (name: string) => errors.field(name);
  // A new key after each submission empties the form after success and restores it after errors.
  return (
    <form action={formAction} noValidate className="space-y-3" key={JSON.stringify(state)} aria-label={t("log")}>
      <FormAlert>{errors.form}</FormAlert>
      {state?.ok && (
        <p role="status" className="text-sm text-green-700">
          {t("logged")}
        </p>
      )}
      <input type="hidden" name="dealId" value={dealId} />
      <div className="grid gap-3 sm:grid-cols-[10rem_1fr]">
        <Field id="deal-activity-kind" label={t("kind")} error={field("kind")}>
          {(control) => (
            <select {...control} name="kind" defaultValue={errors.value("kind") ?? "call"} className={controlClass(Boolean(field("kind")))}>
              {kinds.map((kind) => (
                <option key={kind.value} value={kind.value}>
                  {kind.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="deal-activity-subject" label={t("subject")} error={field("subject")} required>
          {(control) => <input {...control} name="subject" maxLength={200} defaultValue={errors.value("subject")} className={controlClass(Boolean(field("subject")))} />}
        </Field>
      </div>
      <Field id="deal-activity-body" label={t("body")} error={field("body")}>
        {(control) => <textarea {...control} name="body" rows={2} defaultValue={errors.value("body")} className={controlClass(Boolean(field("body")))} />}
      </Field>
      <div className="grid gap-3 sm:grid-cols-[1fr_8rem_auto] sm:items-end">
        <Field id="deal-activity-when" label={t("occurredAt")} hint={t("occurredAtHint")} error={field("occurredAt")}>
          {(control) => <input {...control} name="occurredAt" type="datetime-local" defaultValue={errors.value("occurredAt")} className={controlClass(Boolean(field("occurredAt")))} />}
        </Field>
        <Field id="deal-activity-duration" label={t("duration")} error={field("durationMinutes")}>
          {(control) => (
            <input {...control} name="durationMinutes" type="number" min={0} inputMode="numeric" defaultValue={errors.value("durationMinutes")} className={controlClass(Boolean(field("durationMinutes")))} />
          )}
        </Field>
        <Button type="submit" disabled={pending}>
          {pending ? t("saving") : t("save")}
        </Button>
      </div>
    </form>
  );
}

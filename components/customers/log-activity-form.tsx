"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button } from "@/components/ui/button";
import { controlClass, Field, FormAlert } from "@/components/ui/field";
import type { FormAction } from "@/lib/http/action-state";

/** Logs a call, meeting, e-mail, note or visit about a customer, or about one of their deals. */
export function LogActivityForm<T>({
  action,
  about,
  kinds,
}: {
  action: FormAction<T>;
  /** What the activity is about: the field the action reads, and its id. */
  about: { customerId: string } | { dealId: string };
  kinds: { value: string; label: string }[];
}) {
  const t = useTranslations("customers.timeline");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  const field = (name: string) => errors.field(name);
  // A new key after each submission empties the form after success and restores it after errors.
  return (
    <form action={formAction} noValidate className="space-y-3" key={JSON.stringify(state)} aria-label={t("logActivity")}>
      <FormAlert>{errors.form}</FormAlert>
      {state?.ok && (
        <p role="status" className="text-sm text-green-700">
          {t("logged")}
        </p>
      )}
      {Object.entries(about).map(([name, id]) => (
        <input key={name} type="hidden" name={name} value={id} />
      ))}
      <div className="grid gap-3 sm:grid-cols-[10rem_1fr]">
        <Field id="activity-kind" label={t("activityKind")} error={field("kind")}>
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
        <Field id="activity-subject" label={t("subject")} error={field("subject")} required>
          {(control) => <input {...control} name="subject" defaultValue={errors.value("subject")} className={controlClass(Boolean(field("subject")))} />}
        </Field>
      </div>
      <Field id="activity-body" label={t("body")} error={field("body")}>
        {(control) => <textarea {...control} name="body" rows={2} defaultValue={errors.value("body")} className={controlClass(Boolean(field("body")))} />}
      </Field>
      <div className="grid gap-3 sm:grid-cols-[1fr_8rem_auto] sm:items-end">
        <Field id="activity-when" label={t("occurredAt")} hint={t("occurredAtHint")} error={field("occurredAt")}>
          {(control) => (
            <input {...control} name="occurredAt" type="datetime-local" defaultValue={errors.value("occurredAt")} className={controlClass(Boolean(field("occurredAt")))} />
          )}
        </Field>
        <Field id="activity-duration" label={t("duration")} error={field("durationMinutes")}>
          {(control) => (
            <input
              {...control}
              name="durationMinutes"
              type="number"
              min={0}
              inputMode="numeric"
              defaultValue={errors.value("durationMinutes")}
              className={controlClass(Boolean(field("durationMinutes")))}
            />
          )}
        </Field>
        <Button type="submit" disabled={pending}>
          {pending ? t("saving") : t("save")}
        </Button>
      </div>
    </form>
  );
}

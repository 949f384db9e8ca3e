"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button } from "@/components/ui/button";
import { controlClass, Field, FormAlert } from "@/components/ui/field";
import type { FormAction } from "@/lib/http/action-state";

/** Records agreement to, or withdrawal from, marketing on one channel: equally easy either way. */
export function ConsentForm<T>({
  action,
  customerId,
  channel,
  granted,
  methods,
}: {
  action: FormAction<T>;
  customerId: string;
  channel: "email" | "sms";
  /** The consent now; the form records the opposite. */
  granted: boolean;
  methods: { value: string; label: string }[];
}) {
  const t = useTranslations("customers.consent");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  const id = `consent-${channel}`;
  return (
    <form action={formAction} className="mt-3 space-y-3" key={JSON.stringify(state)}>
      <FormAlert>{errors.form && !errors.field("method") ? errors.form : undefined}</FormAlert>
      <input type="hidden" name="customerId" value={customerId} />
      <input type="hidden" name="channel" value={channel} />
      <input type="hidden" name="granted" value={String(!granted)} />
      <Field id={`${id}-method`} label={t("method")} error={errors.field("method")}>
        {(control) => (
          <select {...control} name="method" defaultValue={errors.value("method") ?? "in_person"} className={controlClass(Boolean(errors.field("method")))}>
            {methods.map((method) => (
              <option key={method.value} value={method.value}>
                {method.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id={`${id}-note`} label={t("note")} error={errors.field("note")}>
        {(control) => <input {...control} name="note" defaultValue={errors.value("note")} className={controlClass(Boolean(errors.field("note")))} />}
      </Field>
      <Button type="submit" variant="secondary" className="w-full" disabled={pending}>
        {granted ? t("withdraw") : t("give")}
      </Button>
    </form>
  );
}

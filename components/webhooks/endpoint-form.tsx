"use client";

import type { Route } from "next";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button, buttonClass } from "@/components/ui/button";
import { CheckboxGroup, useTicked } from "@/components/ui/checkbox-group";
import { controlClass, Field, FormAlert } from "@/components/ui/field";
import type { FormAction } from "@/lib/http/action-state";

export type WebhookEventOption = { type: string; description: string };

/**
 * Adds a webhook endpoint, or edits one when `id` is given: its URL, a description and the events
 * it is sent (one box per event of the catalogue, with what it means).
 */
export function EndpointForm<T>({
  action,
  id,
  initial,
  events,
  cancelHref,
}: {
  action: FormAction<T>;
  id?: string;
  initial: { url: string; description: string; events: string[] };
  events: WebhookEventOption[];
  cancelHref?: string;
}) {
  const t = useTranslations("webhooks.form");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  const [selected, toggle] = useTicked(initial.events);
  const prefix = id ? `endpoint-${id}` : "endpoint-new";
  const eventsError = errors.field("events");

  return (
    <form action={formAction} noValidate className="space-y-6" key={JSON.stringify(state)}>
      <FormAlert>{errors.form}</FormAlert>
      {state?.ok && id && (
        <p role="status" className="rounded-md border border-green-200 bg-green-50 px-4 py-3 text-sm text-green-800">
          {t("saved")}
        </p>
      )}
      {id && <input type="hidden" name="id" value={id} />}
      <Field id={`${prefix}-url`} label={t("url")} hint={t("urlHint")} error={errors.field("url")} required>
        {(control) => (
          <input
            {...control}
            name="url"
            type="url"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            maxLength={2000}
            placeholder="https://example.com/webhooks/member-crm"
            defaultValue={errors.value("url") ?? initial.url}
            className={controlClass(Boolean(errors.field("url")), "font-mono")}
          />
        )}
      </Field>
      <Field id={`${prefix}-description`} label={t("description")} hint={t("descriptionHint")} error={errors.field("description")}>
        {(control) => (
          <input {...control} name="description" maxLength={200} defaultValue={errors.value("description") ?? initial.description} className={controlClass(Boolean(errors.field("description")))} />
        )}
      </Field>
      <CheckboxGroup
        id={`${prefix}-event`}
        name="events"
        legend={t("events")}
        count={(count) => t("selected", { count })}
        hint={t("eventsHint")}
        error={eventsError}
        required
        ticked={selected}
        onToggle={toggle}
        options={events.map((event) => ({
          value: event.type,
          label: <span className="block font-mono text-xs font-medium text-slate-800">{event.type}</span>,
          hint: event.description,
        }))}
      />
      <div className="flex flex-wrap gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? (id ? t("saving") : t("creating")) : id ? t("save") : t("create")}
        </Button>
        {cancelHref && (
          <Link href={cancelHref as Route} className={buttonClass("secondary")}>
            {t("cancel")}
          </Link>
        )}
      </div>
    </form>
  );
}

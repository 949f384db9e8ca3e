"use client";

import type { Route } from "next";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button, buttonClass } from "@/components/ui/button";
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
  // Controlled, so that a refused save keeps what was ticked.
  const [selected, setSelected] = useState(() => new Set(initial.events));
  const prefix = id ? `endpoint-${id}` : "endpoint-new";
  const eventsError = errors.field("events");
  const toggle = (type: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(type);
      else next.delete(type);
      return next;
    });

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
      <fieldset aria-describedby={[`${prefix}-events-hint`, eventsError && `${prefix}-events-error`].filter(Boolean).join(" ")}>
        <legend className="text-sm font-medium text-slate-700">
          {t("events")}
          <span aria-hidden className="text-red-600">
            {" "}
            *
          </span>{" "}
          <span className="font-normal text-slate-500">({t("selected", { count: selected.size })})</span>
        </legend>
        <p id={`${prefix}-events-hint`} className="mt-1 text-xs text-slate-500">
          {t("eventsHint")}
        </p>
        {eventsError && (
          <p id={`${prefix}-events-error`} className="mt-1 text-sm text-red-600">
            {eventsError}
          </p>
        )}
        <ul className="mt-3 grid gap-1 rounded-md border border-slate-200 p-2 sm:grid-cols-2">
          {events.map((event) => (
            <li key={event.type}>
              <label htmlFor={`${prefix}-event-${event.type}`} className="flex items-start gap-2 rounded px-2 py-1.5 text-sm hover:bg-slate-50">
                <input
                  id={`${prefix}-event-${event.type}`}
                  type="checkbox"
                  name="events"
                  value={event.type}
                  checked={selected.has(event.type)}
                  onChange={(change) => toggle(event.type, change.target.checked)}
                  className="mt-0.5 size-4 shrink-0 rounded border-slate-300"
                />
                <span className="min-w-0">
                  <span className="block font-mono text-xs font-medium text-slate-800">{event.type}</span>
                  <span className="block text-xs text-slate-600">{event.description}</span>
                </span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
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

"use client";

import { Star } from "lucide-react";
import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { controlClass, Field, FormAlert } from "@/components/ui/field";
import type { FormAction } from "@/lib/http/action-state";

const stars = [1, 2, 3, 4, 5] as const;

/**
 * One to five stars and an optional comment on a solved request. The stars are native radios in
 * one group (Tab to reach it, arrow keys to choose), each labelled "4 of 5" for screen readers.
 */
export function TicketRatingForm<T>({ action, ticketId }: { action: FormAction<T>; ticketId: string }) {
  const t = useTranslations("portalTickets.rating");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  // The radios stay uncontrolled (the form resets to what was sent after a refusal); this only paints the stars.
  const [chosen, setChosen] = useState(0);
  const sent = Number(errors.value("rating")) || 0;
  const shown = chosen || sent;
  const ratingError = errors.field("rating");
  return (
    <form action={formAction} aria-label={t("title")} className="space-y-4" noValidate>
      <FormAlert>{errors.form}</FormAlert>
      <input type="hidden" name="ticketId" value={ticketId} />
      <div className="space-y-1">
        <p id="ticket-rating-label" className="text-sm font-medium text-slate-700">
          {t("stars")}
          <span aria-hidden className="text-red-600">
            {" "}
            *
          </span>
        </p>
        <div
          role="radiogroup"
          aria-labelledby="ticket-rating-label"
          aria-required
          aria-invalid={ratingError ? true : undefined}
          aria-describedby={ratingError ? "ticket-rating-error" : undefined}
          className="flex flex-wrap items-center gap-x-1 gap-y-2"
        >
          {stars.map((star) => (
            <label key={star} className="cursor-pointer rounded-md p-1 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-600">
              <input type="radio" name="rating" value={star} defaultChecked={sent === star} onChange={() => setChosen(star)} className="sr-only" />
              <Star className={cn("size-9 transition-colors", star <= shown ? "fill-amber-400 text-amber-500" : "text-slate-300")} aria-hidden />
              <span className="sr-only">{t("star", { rating: star })}</span>
            </label>
          ))}
          {shown > 0 && (
            <span aria-hidden className="ml-1 text-sm text-slate-600">
              {t(`levels.${shown}`)}
            </span>
          )}
        </div>
        {ratingError && (
          <p id="ticket-rating-error" className="text-sm text-red-600">
            {ratingError}
          </p>
        )}
      </div>
      <Field id="ticket-rating-comment" label={t("comment")} hint={t("commentHint")} error={errors.field("comment")}>
        {(control) => (
          <textarea {...control} name="comment" rows={3} maxLength={2000} defaultValue={errors.value("comment") ?? ""} className={controlClass(Boolean(errors.field("comment")))} />
        )}
      </Field>
      <Button type="submit" className="w-full sm:w-auto" disabled={pending} aria-busy={pending || undefined}>
        {pending ? t("sending") : t("submit")}
      </Button>
    </form>
  );
}

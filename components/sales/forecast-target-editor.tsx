"use client";

import { useTranslations } from "next-intl";
import { useActionState, useEffect, useRef, useState } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { controlClass, Field, FormAlert } from "@/components/ui/field";
import type { FormAction } from "@/lib/http/action-state";

type TargetProps<T> = {
  action: FormAction<T>;
  userId: string;
  /** `YYYY-MM`. */
  month: string;
  ownerName: string;
  monthLabel: string;
  currency: string;
  /** The current target in major units as typed (`1200.5`), or "" when none is set. */
  amount: string;
};

/** The amount field and the hidden keys of a target; `onSaved` runs after each successful save. */
function TargetForm<T>({ action, userId, month, ownerName, monthLabel, currency, amount, layout, onSaved, onCancel }: TargetProps<T> & { layout: "dialog" | "row"; onSaved?: () => void; onCancel?: () => void }) {
  const t = useTranslations("forecast.target");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  const saved = useRef(onSaved);
  useEffect(() => {
    saved.current = onSaved;
  });
  useEffect(() => {
    if (state?.ok) saved.current?.();
  }, [state]);
  const id = `target-${layout}-${userId}-${month}`;
  const label = layout === "dialog" ? t("amount", { currency }) : t("amountFor", { name: ownerName, month: monthLabel, currency });
  return (
    <form action={formAction} noValidate className={layout === "dialog" ? "mt-4 space-y-4" : "flex flex-wrap items-start gap-2"} key={JSON.stringify(state)}>
      {layout === "dialog" && <FormAlert>{errors.form && !errors.field("amount") ? errors.form : undefined}</FormAlert>}
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="month" value={month} />
      <div className={layout === "row" ? "w-32 sm:w-40 [&_label]:sr-only" : undefined}>
        <Field id={id} label={label} hint={layout === "dialog" ? t("amountHint") : undefined} error={errors.field("amount") ?? (layout === "row" ? errors.form : undefined)} required>
          {(control) => (
            <input
              {...control}
              name="amount"
              inputMode="decimal"
              autoComplete="off"
              autoFocus={layout === "dialog"}
              defaultValue={errors.value("amount") ?? amount}
              className={controlClass(Boolean(errors.field("amount")), "tabular-nums")}
            />
          )}
        </Field>
      </div>
      <div className={cn("flex flex-wrap items-center gap-3", layout === "dialog" && "justify-end pt-2")}>
        {onCancel && (
          <Button variant="secondary" onClick={onCancel}>
            {t("cancel")}
          </Button>
        )}
        <Button type="submit" variant={layout === "row" ? "secondary" : "primary"} disabled={pending}>
          {pending ? t("saving") : t("save")}
        </Button>
        {layout === "row" && (
          <span role="status" className="text-sm text-green-700">
            {state?.ok ? t("saved") : ""}
          </span>
        )}
      </div>
    </form>
  );
}

/**
 * A forecast cell's target as a button that opens a small dialog to set it. The dialog (the
 * browser's own: focus stays inside, Escape closes it) is only built while open, so a large table
 * carries one form per cell only when it is used.
 */
export function TargetDialog<T>({ display, ...props }: TargetProps<T> & { display: string }) {
  const t = useTranslations("forecast.target");
  const [open, setOpen] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open) dialog.current?.showModal();
  }, [open]);
  const close = () => dialog.current?.close();
  return (
    <>
      <button
        ref={trigger}
        type="button"
        onClick={() => setOpen(true)}
        aria-label={t("setFor", { name: props.ownerName, month: props.monthLabel })}
        className="rounded px-1 tabular-nums text-brand-700 underline decoration-dotted underline-offset-4 hover:bg-brand-50 focus-visible:outline-2 focus-visible:outline-brand-600"
      >
        {display}
      </button>
      {open && (
        <dialog
          ref={dialog}
          aria-labelledby={`target-title-${props.userId}-${props.month}`}
          onClose={() => {
            setOpen(false);
            trigger.current?.focus();
          }}
          className="m-auto w-[min(26rem,calc(100vw-2rem))] rounded-lg border border-slate-200 p-6 text-left shadow-xl backdrop:bg-slate-900/40"
        >
          <h2 id={`target-title-${props.userId}-${props.month}`} className="text-lg font-semibold text-slate-900">
            {t("title")}
          </h2>
          <p className="mt-1 text-sm text-slate-600">{t("for", { name: props.ownerName, month: props.monthLabel })}</p>
          <TargetForm {...props} layout="dialog" onSaved={close} onCancel={close} />
        </dialog>
      )}
    </>
  );
}

/** A person's target for one month as an inline form, for the month's target list. */
export function TargetRowForm<T>(props: TargetProps<T>) {
  return <TargetForm {...props} layout="row" />;
}

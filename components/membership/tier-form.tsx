"use client";

import type { Route } from "next";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button, buttonClass } from "@/components/ui/button";
import { controlClass, Field, FormAlert } from "@/components/ui/field";
import type { FormAction } from "@/lib/http/action-state";

/** A tier as the form shows it: amounts in major units, the multiplier as a factor. */
export type TierFormValues = {
  rank: string;
  name: string;
  nameZh: string;
  minSpend: string;
  minPoints: string;
  multiplier: string;
  benefits: string;
  benefitsZh: string;
};

const blank: TierFormValues = { rank: "", name: "", nameZh: "", minSpend: "", minPoints: "", multiplier: "1", benefits: "", benefitsZh: "" };

/**
 * Adds a tier, or edits one when `id` is given. After adding, the form empties for the next one
 * and says which tier was added; saving an edit leaves the page (the action redirects).
 */
export function TierForm<T extends { name: string }>({
  action,
  currency,
  id,
  initial = blank,
  cancelHref,
}: {
  action: FormAction<T>;
  currency: string;
  id?: string;
  initial?: TierFormValues;
  cancelHref?: string;
}) {
  const t = useTranslations("membershipAdmin.tiers");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  const value = (name: keyof TierFormValues) => errors.value(name) ?? initial[name];
  const prefix = id ? `tier-${id}` : "tier-new";

  const input = (name: keyof TierFormValues, options: { required?: boolean; hint?: string; inputMode?: "numeric" | "decimal"; lang?: string } = {}) => (
    <Field id={`${prefix}-${name}`} label={t(`fields.${name}`)} hint={options.hint} error={errors.field(name)} required={options.required}>
      {(control) => (
        <input
          {...control}
          name={name}
          inputMode={options.inputMode}
          lang={options.lang}
          autoComplete="off"
          defaultValue={value(name)}
          className={controlClass(Boolean(errors.field(name)), options.inputMode ? "tabular-nums" : undefined)}
        />
      )}
    </Field>
  );

  const textarea = (name: "benefits" | "benefitsZh", lang: string) => (
    <Field id={`${prefix}-${name}`} label={t(`fields.${name}`)} error={errors.field(name)}>
      {(control) => (
        <textarea {...control} name={name} lang={lang} rows={3} defaultValue={value(name)} className={controlClass(Boolean(errors.field(name)))} />
      )}
    </Field>
  );

  return (
    <form action={formAction} noValidate className="space-y-5" key={JSON.stringify(state)} aria-label={id ? undefined : t("add")}>
      <FormAlert>{errors.form}</FormAlert>
      {state?.ok && !id && (
        <p role="status" className="rounded-md border border-green-200 bg-green-50 px-4 py-3 text-sm text-green-800">
          {t("added", { name: state.data.name })}
        </p>
      )}
      {id && <input type="hidden" name="id" value={id} />}
      <div className="grid gap-5 sm:grid-cols-3">
        {input("rank", { required: true, inputMode: "numeric", hint: t("fields.rankHint") })}
        {input("name", { required: true, lang: "en" })}
        {input("nameZh", { required: true, lang: "zh-CN" })}
      </div>
      <div className="grid gap-5 sm:grid-cols-3">
        {input("minSpend", { inputMode: "decimal", hint: t("fields.minSpendHint", { currency }) })}
        {input("minPoints", { inputMode: "numeric", hint: t("fields.minPointsHint") })}
        {input("multiplier", { required: true, inputMode: "decimal", hint: t("fields.multiplierHint") })}
      </div>
      <div className="grid gap-5 sm:grid-cols-2">
        {textarea("benefits", "en")}
        {textarea("benefitsZh", "zh-CN")}
      </div>
      <div className="flex flex-wrap gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? t("saving") : id ? t("save") : t("create")}
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

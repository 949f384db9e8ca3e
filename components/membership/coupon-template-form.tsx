"use client";

import type { Route } from "next";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState, useState, type ReactNode } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button, buttonClass } from "@/components/ui/button";
import { CheckboxField, controlClass, Field, FormAlert } from "@/components/ui/field";
import type { FormAction } from "@/lib/http/action-state";

export type CouponKind = "fixed" | "percent";

/** A template as the form shows it: amounts in major units, days as `YYYY-MM-DD` (the last valid day). */
export type CouponTemplateFormValues = {
  name: string;
  nameZh: string;
  description: string;
  kind: CouponKind;
  amountOff: string;
  percentOff: string;
  maxDiscount: string;
  minSpend: string;
  validFrom: string;
  validUntil: string;
  validDays: string;
  totalQuantity: string;
  perMemberLimit: string;
  pointsPrice: string;
  eligibleTierIds: string[];
  active: boolean;
};

type TextField = Exclude<keyof CouponTemplateFormValues, "kind" | "active" | "eligibleTierIds" | "description">;

/**
 * Creates a coupon template, or edits one when `id` is given; the action leaves for the list on
 * success. The kind decides which discount fields show; the ticked tiers travel as one
 * comma-separated field (none ticked: every tier).
 */
export function CouponTemplateForm<T>({
  action,
  id,
  initial,
  kinds,
  tiers,
  currency,
  issuedCount,
  cancelHref,
}: {
  action: FormAction<T>;
  id?: string;
  initial: CouponTemplateFormValues;
  kinds: readonly CouponKind[];
  /** Tiers to choose from, named in the reader's language. */
  tiers: { id: string; name: string }[];
  currency: string;
  /** Coupons already issued (editing): the total may not go below it. */
  issuedCount?: number;
  cancelHref: string;
}) {
  const t = useTranslations("membershipAdmin.coupons");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  const failed = state !== null && !state.ok;
  const value = (name: TextField | "description") => errors.value(name) ?? initial[name];
  const [kind, setKind] = useState<CouponKind>(initial.kind);
  const [tierIds, setTierIds] = useState<string[]>(initial.eligibleTierIds);
  const prefix = id ? `coupon-template-${id}` : "coupon-template-new";

  const input = (
    name: TextField,
    options: { required?: boolean; hint?: string; inputMode?: "numeric" | "decimal"; type?: "date"; lang?: string } = {},
  ) => (
    // Keyed by name: the amount and the percent swap places, and must not share one input.
    <Field key={name} id={`${prefix}-${name}`} label={t(`fields.${name}`)} hint={options.hint} error={errors.field(name)} required={options.required}>
      {(control) => (
        <input
          {...control}
          name={name}
          type={options.type ?? "text"}
          inputMode={options.inputMode}
          lang={options.lang}
          autoComplete="off"
          defaultValue={value(name)}
          className={controlClass(Boolean(errors.field(name)), options.inputMode ? "tabular-nums" : undefined)}
        />
      )}
    </Field>
  );

  const group = (name: string, children: ReactNode, hint?: string) => (
    <fieldset className="space-y-4 border-t border-slate-200 pt-5" aria-describedby={hint ? `${prefix}-${name}-hint` : undefined}>
      <legend className="float-left mb-2 w-full text-sm font-semibold text-slate-900">{t(`groups.${name}`)}</legend>
      {hint && (
        <p id={`${prefix}-${name}-hint`} className="clear-left text-xs text-slate-500">
          {hint}
        </p>
      )}
      <div className="clear-left space-y-5">{children}</div>
    </fieldset>
  );

  const tiersError = errors.field("eligibleTierIds");
  const tiersDescribedBy = [`${prefix}-tiers-hint`, tiersError && `${prefix}-tiers-error`].filter(Boolean).join(" ");

  return (
    <form action={formAction} noValidate className="space-y-6" key={JSON.stringify(state)} aria-label={id ? undefined : t("newTitle")}>
      <FormAlert>{errors.form}</FormAlert>
      {id && <input type="hidden" name="id" value={id} />}

      <div className="space-y-5">
        <div className="grid gap-5 sm:grid-cols-2">
          {input("name", { required: true })}
          {input("nameZh", { lang: "zh-CN", hint: t("fields.nameZhHint") })}
        </div>
        <Field id={`${prefix}-description`} label={t("fields.description")} hint={t("fields.descriptionHint")} error={errors.field("description")}>
          {(control) => (
            <textarea {...control} name="description" rows={2} defaultValue={value("description")} className={controlClass(Boolean(errors.field("description")))} />
          )}
        </Field>
      </div>

      {group(
        "discount",
        <>
          <div className="grid gap-5 sm:grid-cols-2">
            <Field id={`${prefix}-kind`} label={t("fields.kind")} error={errors.field("kind")} required>
              {(control) => (
                <select
                  {...control}
                  name="kind"
                  value={kind}
                  onChange={(event) => setKind(event.target.value as CouponKind)}
                  className={controlClass(Boolean(errors.field("kind")))}
                >
                  {kinds.map((option) => (
                    <option key={option} value={option}>
                      {t(`kinds.${option}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {kind === "fixed"
              ? input("amountOff", { required: true, inputMode: "decimal", hint: t("fields.amountOffHint", { currency }) })
              : input("percentOff", { required: true, inputMode: "numeric", hint: t("fields.percentOffHint") })}
          </div>
          <div className="grid gap-5 sm:grid-cols-2">
            {kind === "percent" && input("maxDiscount", { inputMode: "decimal", hint: t("fields.maxDiscountHint", { currency }) })}
            {input("minSpend", { inputMode: "decimal", hint: t("fields.minSpendHint", { currency }) })}
          </div>
        </>,
      )}

      {group(
        "validity",
        <div className="grid gap-5 sm:grid-cols-3">
          {input("validDays", { inputMode: "numeric", hint: t("fields.validDaysHint") })}
          {input("validFrom", { type: "date", hint: t("fields.validFromHint") })}
          {input("validUntil", { type: "date", hint: t("fields.validUntilHint") })}
        </div>,
        t("groups.validityHint"),
      )}

      {group(
        "limits",
        <div className="grid gap-5 sm:grid-cols-3">
          {input("totalQuantity", {
            inputMode: "numeric",
            hint: issuedCount ? t("fields.totalQuantityIssuedHint", { issued: issuedCount }) : t("fields.totalQuantityHint"),
          })}
          {input("perMemberLimit", { inputMode: "numeric", hint: t("fields.perMemberLimitHint") })}
          {input("pointsPrice", { inputMode: "numeric", hint: t("fields.pointsPriceHint") })}
        </div>,
      )}

      <fieldset className="space-y-2 border-t border-slate-200 pt-5" aria-describedby={tiersDescribedBy}>
        <legend className="float-left mb-2 w-full text-sm font-semibold text-slate-900">{t("fields.eligibleTierIds")}</legend>
        <p id={`${prefix}-tiers-hint`} className="clear-left text-xs text-slate-500">
          {t("fields.eligibleTierIdsHint")}
        </p>
        <input type="hidden" name="eligibleTierIds" value={tierIds.join(",")} />
        <div className="flex flex-wrap gap-x-6 gap-y-2">
          {tiers.map((tier) => (
            <label key={tier.id} className="flex min-h-10 items-center gap-2 text-sm text-slate-700">
              <input
                type="checkbox"
                checked={tierIds.includes(tier.id)}
                onChange={(event) => setTierIds((ids) => (event.target.checked ? [...ids, tier.id] : ids.filter((other) => other !== tier.id)))}
                className="size-4 rounded border-slate-300"
              />
              {tier.name}
            </label>
          ))}
        </div>
        {tiersError && (
          <p id={`${prefix}-tiers-error`} className="text-sm text-red-600">
            {tiersError}
          </p>
        )}
      </fieldset>

      <CheckboxField
        className="border-t border-slate-200 pt-5"
        id={`${prefix}-active`}
        name="active"
        label={t("fields.active")}
        hint={t("fields.activeHint")}
        defaultChecked={failed ? errors.value("active") === "on" : initial.active}
      />

      <div className="flex flex-wrap gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? t("saving") : id ? t("save") : t("create")}
        </Button>
        <Link href={cancelHref as Route} className={buttonClass("secondary")}>
          {t("cancel")}
        </Link>
      </div>
    </form>
  );
}

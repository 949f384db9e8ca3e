"use client";

import type { Route } from "next";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button, buttonClass } from "@/components/ui/button";
import { CheckboxField, controlClass, Field, FormAlert } from "@/components/ui/field";
import type { FormAction } from "@/lib/http/action-state";

/** A product as the form shows it: the price in major units. */
export type ProductFormValues = { sku: string; name: string; category: string; price: string; active: boolean };

/** Adds a product, or edits one when `id` is given; the action leaves for the list on success. */
export function ProductForm<T>({
  action,
  id,
  initial,
  currency,
  categories,
  cancelHref,
}: {
  action: FormAction<T>;
  id?: string;
  initial: ProductFormValues;
  currency: string;
  /** Categories in use, offered as suggestions. */
  categories: string[];
  cancelHref: string;
}) {
  const t = useTranslations("products");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  const failed = state !== null && !state.ok;
  const prefix = id ? `product-${id}` : "product-new";
  const value = (name: Exclude<keyof ProductFormValues, "active">) => errors.value(name) ?? initial[name];

  const input = (
    name: Exclude<keyof ProductFormValues, "active">,
    options: { required?: boolean; hint?: string; inputMode?: "decimal"; list?: string; className?: string } = {},
  ) => (
    <Field id={`${prefix}-${name}`} label={t(`fields.${name}`)} hint={options.hint} error={errors.field(name)} required={options.required}>
      {(control) => (
        <input
          {...control}
          name={name}
          inputMode={options.inputMode}
          list={options.list}
          autoComplete="off"
          spellCheck={name === "sku" ? false : undefined}
          defaultValue={value(name)}
          className={controlClass(Boolean(errors.field(name)), options.className)}
        />
      )}
    </Field>
  );

  return (
    <form action={formAction} noValidate className="space-y-5" key={JSON.stringify(state)}>
      <FormAlert>{errors.form}</FormAlert>
      {id && <input type="hidden" name="id" value={id} />}
      <div className="grid gap-5 sm:grid-cols-2">
        {input("sku", { required: true, hint: t("fields.skuHint"), className: "font-mono" })}
        {input("price", { required: true, inputMode: "decimal", hint: t("fields.priceHint", { currency }), className: "tabular-nums" })}
      </div>
      {input("name", { required: true })}
      <div className="sm:max-w-sm">{input("category", { hint: t("fields.categoryHint"), list: `${prefix}-categories` })}</div>
      <datalist id={`${prefix}-categories`}>
        {categories.map((category) => (
          <option key={category} value={category} />
        ))}
      </datalist>
      <CheckboxField
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

"use client";

import type { Route } from "next";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button, buttonClass } from "@/components/ui/button";
import { CheckboxField, controlClass, Field, FormAlert } from "@/components/ui/field";
import type { FormAction } from "@/lib/http/action-state";

export type CampaignKind = "multiplier" | "bonus";

/** A campaign as the form shows it: the multiplier as a factor, days as `YYYY-MM-DD`. */
export type CampaignFormValues = {
  name: string;
  kind: CampaignKind;
  multiplier: string;
  bonusPoints: string;
  category: string;
  startsOn: string;
  endsOn: string;
  active: boolean;
};

/** Creates a campaign, or edits one when `id` is given; the action leaves for the list on success. */
export function CampaignForm<T>({
  action,
  id,
  initial,
  kinds,
  cancelHref,
}: {
  action: FormAction<T>;
  id?: string;
  initial: CampaignFormValues;
  kinds: readonly CampaignKind[];
  cancelHref: string;
}) {
  const t = useTranslations("membershipAdmin.campaigns");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  const failed = state !== null && !state.ok;
  const value = (name: Exclude<keyof CampaignFormValues, "active" | "kind">) => errors.value(name) ?? initial[name];
  const [kind, setKind] = useState<CampaignKind>(initial.kind);
  const prefix = id ? `campaign-${id}` : "campaign-new";

  const input = (
    name: Exclude<keyof CampaignFormValues, "active" | "kind">,
    options: { required?: boolean; hint?: string; inputMode?: "numeric" | "decimal"; type?: "date" } = {},
  ) => (
    // Keyed by name: the multiplier and bonus points swap places, and must not share one input.
    <Field key={name} id={`${prefix}-${name}`} label={t(`fields.${name}`)} hint={options.hint} error={errors.field(name)} required={options.required}>
      {(control) => (
        <input
          {...control}
          name={name}
          type={options.type ?? "text"}
          inputMode={options.inputMode}
          autoComplete="off"
          defaultValue={value(name)}
          className={controlClass(Boolean(errors.field(name)), options.inputMode ? "tabular-nums" : undefined)}
        />
      )}
    </Field>
  );

  return (
    <form action={formAction} noValidate className="space-y-5" key={JSON.stringify(state)}>
      <FormAlert>{errors.form}</FormAlert>
      {id && <input type="hidden" name="id" value={id} />}
      <div className="grid gap-5 sm:grid-cols-2">
        {input("name", { required: true })}
        <Field id={`${prefix}-kind`} label={t("fields.kind")} error={errors.field("kind")} required>
          {(control) => (
            <select
              {...control}
              name="kind"
              value={kind}
              onChange={(event) => setKind(event.target.value as CampaignKind)}
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
      </div>
      <div className="grid gap-5 sm:grid-cols-2">
        {kind === "multiplier"
          ? input("multiplier", { required: true, inputMode: "decimal", hint: t("fields.multiplierHint") })
          : input("bonusPoints", { required: true, inputMode: "numeric", hint: t("fields.bonusPointsHint") })}
        {input("category", { hint: t("fields.categoryHint") })}
      </div>
      <div className="grid gap-5 sm:grid-cols-2">
        {input("startsOn", { required: true, type: "date" })}
        {input("endsOn", { required: true, type: "date" })}
      </div>
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

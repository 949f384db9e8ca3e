"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button } from "@/components/ui/button";
import { controlClass, Field, FormAlert } from "@/components/ui/field";
import type { FormAction } from "@/lib/http/action-state";
import type { MembershipSettings } from "@/lib/settings/schemas";

/** The earning rules: base rate, expiry, bonuses, the support agents' adjustment cap and what a point is worth. */
export function MembershipSettingsForm<T>({ action, initial, unit }: { action: FormAction<T>; initial: MembershipSettings; unit: string }) {
  const t = useTranslations("membershipAdmin.settings");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  const value = (name: keyof MembershipSettings) => errors.value(name) ?? String(initial[name]);

  const input = (name: keyof MembershipSettings, label: string, hint?: string, inputMode: "numeric" | "decimal" = "numeric") => (
    <Field id={`membership-${name}`} label={label} hint={hint} error={errors.field(name)} required>
      {(control) => (
        <input
          {...control}
          name={name}
          inputMode={inputMode}
          autoComplete="off"
          defaultValue={value(name)}
          className={controlClass(Boolean(errors.field(name)), "tabular-nums")}
        />
      )}
    </Field>
  );

  return (
    <form action={formAction} noValidate className="space-y-5" key={JSON.stringify(state)}>
      <FormAlert>{errors.form}</FormAlert>
      {state?.ok && (
        <p role="status" className="rounded-md border border-green-200 bg-green-50 px-4 py-3 text-sm text-green-800">
          {t("saved")}
        </p>
      )}
      <div className="grid gap-5 sm:grid-cols-2">
        {input("pointsPerUnit", t("fields.pointsPerUnit", { unit }), t("fields.pointsPerUnitHint"), "decimal")}
        {input("expiryMonths", t("fields.expiryMonths"))}
        {input("signupBonus", t("fields.signupBonus"))}
        {input("birthdayBonus", t("fields.birthdayBonus"))}
        {input("agentAdjustCap", t("fields.agentAdjustCap"), t("fields.agentAdjustCapHint"))}
        {input("pendingDays", t("fields.pendingDays"), t("fields.pendingDaysHint"))}
        {input("pointValue", t("pointValue.label"), t("pointValue.hint", { unit }), "decimal")}
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? t("saving") : t("save")}
      </Button>
    </form>
  );
}

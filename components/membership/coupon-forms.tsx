"use client";

import { useTranslations } from "next-intl";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { useIdempotentAction } from "@/components/forms/use-idempotent-action";
import { Button } from "@/components/ui/button";
import { controlClass, Field, FormAlert } from "@/components/ui/field";
import type { FormAction } from "@/lib/http/action-state";

/** Gives the member one coupon of a template; the key makes a double submit issue one. */
export function IssueCouponForm<T>({ action, customerId, templates, idempotencyKey }: { action: FormAction<T>; customerId: string; templates: { id: string; name: string }[]; idempotencyKey: string }) {
  const t = useTranslations("member.coupons");
  const { state, formAction, pending, idempotencyKey: requestKey, formKey } = useIdempotentAction(action, idempotencyKey);
  const errors = useFormErrors(state);
  return (
    <form action={formAction} aria-label={t("issue")} className="space-y-3" key={formKey}>
      <FormAlert>{errors.form && !errors.field("templateId") ? errors.form : undefined}</FormAlert>
      {state?.ok && <p className="text-sm text-green-700">{t("issued")}</p>}
      <input type="hidden" name="customerId" value={customerId} />
      <input type="hidden" name="idempotencyKey" value={requestKey} />
      <Field id="issue-template" label={t("template")} error={errors.field("templateId")}>
        {(control) => (
          <select {...control} name="templateId" defaultValue={errors.value("templateId")} className={controlClass(Boolean(errors.field("templateId")))}>
            {templates.map((template) => (
              <option key={template.id} value={template.id}>
                {template.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Button type="submit" variant="secondary" disabled={pending}>
        {t("issueSubmit")}
      </Button>
    </form>
  );
}

/** Cancels an unused coupon, with a reason, after asking. */
export function VoidCouponButton<T>({ action, customerId, couponId, name }: { action: FormAction<T>; customerId: string; couponId: string; name: string }) {
  const t = useTranslations("member.coupons");
  return (
    <ConfirmDialog
      action={action}
      fields={{ customerId, couponId }}
      labels={{ trigger: t("void"), title: t("voidTitle", { name }), body: t("voidBody"), reason: t("voidReason"), confirm: t("voidConfirm"), cancel: t("keep") }}
    />
  );
}

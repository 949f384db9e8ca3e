"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { useIdempotentAction } from "@/components/forms/use-idempotent-action";
import { Button } from "@/components/ui/button";
import { controlClass, Field, FormAlert } from "@/components/ui/field";
import type { FormAction } from "@/lib/http/action-state";

/** Makes the customer a member. */
export function EnrolForm<T>({ action, customerId }: { action: FormAction<T>; customerId: string }) {
  const t = useTranslations("member");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  return (
    <form action={formAction} className="mt-3 space-y-3">
      <FormAlert>{errors.form}</FormAlert>
      <input type="hidden" name="customerId" value={customerId} />
      <Button type="submit" disabled={pending}>
        {pending ? t("enrolling") : t("enrol")}
      </Button>
    </form>
  );
}

/**
 * Adds or takes points with a reason. `idempotencyKey` is made when the page is shown, so that a
 * form sent twice (a double click, a retry) moves the points once.
 */
export function AdjustPointsForm<T>({ action, customerId, idempotencyKey, cap }: { action: FormAction<T>; customerId: string; idempotencyKey: string; cap: number | null }) {
  const t = useTranslations("member.adjust");
  const { state, formAction, pending, idempotencyKey: requestKey, formKey } = useIdempotentAction(action, idempotencyKey);
  const errors = useFormErrors(state);
  return (
    <form action={formAction} aria-label={t("title")} className="space-y-3" key={formKey}>
      <FormAlert>{errors.form && !errors.field("delta") && !errors.field("reason") ? errors.form : undefined}</FormAlert>
      {state?.ok && <p className="text-sm text-green-700">{t("done")}</p>}
      <input type="hidden" name="customerId" value={customerId} />
      <input type="hidden" name="idempotencyKey" value={requestKey} />
      <Field id="adjust-delta" label={t("delta")} hint={cap === null ? t("hint") : t("hintCapped", { cap })} error={errors.field("delta")} required>
        {(control) => <input {...control} name="delta" inputMode="numeric" defaultValue={errors.value("delta")} className={controlClass(Boolean(errors.field("delta")))} />}
      </Field>
      <Field id="adjust-reason" label={t("reason")} error={errors.field("reason")} required>
        {(control) => <input {...control} name="reason" maxLength={200} defaultValue={errors.value("reason")} className={controlClass(Boolean(errors.field("reason")))} />}
      </Field>
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? t("saving") : t("save")}
      </Button>
    </form>
  );
}

/** Spends points for the member at the till. */
export function RedeemPointsForm<T>({ action, customerId, idempotencyKey }: { action: FormAction<T>; customerId: string; idempotencyKey: string }) {
  const t = useTranslations("member.redeem");
  const { state, formAction, pending, idempotencyKey: requestKey, formKey } = useIdempotentAction(action, idempotencyKey);
  const errors = useFormErrors(state);
  return (
    <form action={formAction} aria-label={t("title")} className="space-y-3" key={formKey}>
      <FormAlert>{errors.form && !errors.field("points") ? errors.form : undefined}</FormAlert>
      {state?.ok && <p className="text-sm text-green-700">{t("done")}</p>}
      <input type="hidden" name="customerId" value={customerId} />
      <input type="hidden" name="idempotencyKey" value={requestKey} />
      <Field id="redeem-points" label={t("points")} error={errors.field("points")} required>
        {(control) => <input {...control} name="points" inputMode="numeric" defaultValue={errors.value("points")} className={controlClass(Boolean(errors.field("points")))} />}
      </Field>
      <Field id="redeem-reason" label={t("reason")} error={errors.field("reason")}>
        {(control) => <input {...control} name="reason" maxLength={200} defaultValue={errors.value("reason")} className={controlClass(Boolean(errors.field("reason")))} />}
      </Field>
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? t("saving") : t("save")}
      </Button>
    </form>
  );
}

/** Freezes, reopens or closes the membership, with a reason. */
export function MembershipStatusForm<T>({ action, customerId, status }: { action: FormAction<T>; customerId: string; status: "active" | "frozen" }) {
  const t = useTranslations("member.status");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  const choices = status === "active" ? (["frozen", "closed"] as const) : (["active", "closed"] as const);
  return (
    <form action={formAction} aria-label={t("title")} className="space-y-3" key={status}>
      <FormAlert>{errors.form && !errors.field("reason") ? errors.form : undefined}</FormAlert>
      <input type="hidden" name="customerId" value={customerId} />
      <Field id="status-choice" label={t("change")} error={errors.field("status")}>
        {(control) => (
          <select {...control} name="status" defaultValue={errors.value("status") ?? choices[0]} className={controlClass(Boolean(errors.field("status")))}>
            {choices.map((choice) => (
              <option key={choice} value={choice}>
                {t(`to.${choice}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="status-reason" label={t("reason")} hint={t("closeHint")} error={errors.field("reason")} required>
        {(control) => <input {...control} name="reason" maxLength={200} defaultValue={errors.value("reason")} className={controlClass(Boolean(errors.field("reason")))} />}
      </Field>
      <Button type="submit" variant="secondary" disabled={pending}>
        {t("save")}
      </Button>
    </form>
  );
}

/** Undoes a redemption (the points go back to the lots they came from), with a reason, after asking. */
export function ReverseRedemptionButton<T>({ action, customerId, entryId, points }: { action: FormAction<T>; customerId: string; entryId: number; points: number }) {
  const t = useTranslations("member.reverse");
  return (
    <ConfirmDialog
      action={action}
      fields={{ customerId, entryId }}
      danger={false}
      labels={{ trigger: t("button"), title: t("title", { points }), body: t("body"), reason: t("reason"), confirm: t("confirm"), cancel: t("keep") }}
    />
  );
}

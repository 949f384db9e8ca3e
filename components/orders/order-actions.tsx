"use client";

import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useActionState, useEffect, useId, useRef, useState, type ReactNode } from "react";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button, type ButtonVariant } from "@/components/ui/button";
import { controlClass, Field, FormAlert } from "@/components/ui/field";
import type { ActionState, FormAction } from "@/lib/http/action-state";
import { minorUnitDigits, toMajorUnits } from "@/lib/money";
import type { OrderAction } from "@/lib/sales/rules";

/** What paying an order did to the member's points: earned now, waiting out the return window, or nothing (not a member). */
export type PaidSummary = {
  id: string;
  customerId: string;
  earned: number | null;
  balance: number | null;
  pending: { points: number; availableAt: string } | null;
  /** The tier the payment moved the member to, when it moved. */
  tier: { name: string; nameZh: string } | null;
};

export type RefundSummary = { id: string; customerId: string; amount: number; currency: string; replayed: boolean };

/** A button that opens a modal dialog; it closes itself when `done` changes to something truthy. */
function ActionDialog({
  trigger,
  variant,
  title,
  description,
  done,
  children,
}: {
  trigger: string;
  variant: ButtonVariant;
  title: string;
  description?: ReactNode;
  done: unknown;
  children: ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    if (done) dialog.current?.close();
  }, [done]);
  return (
    <>
      <Button variant={variant} className={variant === "secondary" ? "text-red-700" : undefined} onClick={() => dialog.current?.showModal()}>
        {trigger}
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        onClick={(event) => {
          if ((event.target as HTMLElement).closest("[data-modal-close]")) dialog.current?.close();
        }}
        className="m-auto w-[min(30rem,calc(100vw-2rem))] rounded-lg border border-slate-200 p-6 shadow-xl backdrop:bg-slate-900/40"
      >
        <h2 id={titleId} className="text-lg font-semibold">
          {title}
        </h2>
        {description && <div className="mt-2 text-sm text-slate-600">{description}</div>}
        {children}
      </dialog>
    </>
  );
}

/**
 * The order's next steps, as its status and the user's rights allow: pay, fulfil, cancel, refund.
 * What an action did (the points a payment earned, the amount refunded) stays shown after the page
 * refreshes.
 */
export function OrderActions<F, C>({
  orderId,
  label,
  actions,
  currency,
  total,
  refundable,
  idempotencyKey,
  handlers,
}: {
  orderId: string;
  label: string;
  actions: OrderAction[];
  currency: string;
  /** What the customer pays, in minor units. */
  total: number;
  /** What is left to refund, in minor units. */
  refundable: number;
  /** Made when the page was shown: the refund form sends it, so that a double submit refunds once. */
  idempotencyKey: string;
  handlers: {
    pay: FormAction<PaidSummary>;
    fulfil: FormAction<F>;
    cancel: FormAction<C>;
    refund: FormAction<RefundSummary>;
  };
}) {
  const t = useTranslations("orders.actions");
  const format = useFormatter();
  const locale = useLocale();
  const money = (minor: number) => format.number(toMajorUnits(minor, currency), { style: "currency", currency });

  const [payState, pay, paying] = useActionState(handlers.pay, null);
  const [fulfilState, fulfil, fulfilling] = useActionState(handlers.fulfil, null);
  const [refundState, refund, refunding] = useActionState(handlers.refund, null);
  const payErrors = useFormErrors(payState);
  const fulfilErrors = useFormErrors(fulfilState);
  const refundErrors = useFormErrors(refundState);

  // One key per refund: the page's key, and a new one after each refund that went through. It is
  // not taken from the page again on a live refresh, which would empty a form being filled in.
  const [baseKey] = useState(idempotencyKey);
  const [round, setRound] = useState(0);
  const [seenRefund, setSeenRefund] = useState<ActionState<RefundSummary>>(null);
  const [seenPay, setSeenPay] = useState<ActionState<PaidSummary>>(null);
  // Only the latest success is reported: an older one may no longer be true (a balance, say).
  const [latest, setLatest] = useState<"pay" | "refund" | null>(null);
  if (refundState !== seenRefund) {
    setSeenRefund(refundState);
    if (refundState?.ok) {
      setLatest("refund");
      if (!refundState.data.replayed) setRound((value) => value + 1);
    }
  }
  if (payState !== seenPay) {
    setSeenPay(payState);
    if (payState?.ok) setLatest("pay");
  }
  const refundKey = `${baseKey}-${round}`;

  const paid = payState?.ok ? payState.data : null;
  const refunded = refundState?.ok ? refundState.data : null;
  const tierName = (tier: { name: string; nameZh: string }) => (locale === "zh-CN" ? tier.nameZh : tier.name);
  const digits = minorUnitDigits(currency);

  return (
    <div className="space-y-3">
      {actions.length > 0 && (
        <div role="group" aria-label={t("label")} className="flex flex-wrap gap-2">
          {actions.includes("pay") && (
            <ActionDialog trigger={t("pay")} variant="primary" title={t("payTitle", { label })} description={t("payBody", { amount: money(total) })} done={paid}>
              <form action={pay} className="mt-4 space-y-3">
                <FormAlert>{payErrors.form}</FormAlert>
                <input type="hidden" name="orderId" value={orderId} />
                <div className="flex flex-wrap justify-end gap-3 pt-2">
                  <Button variant="secondary" data-modal-close>
                    {t("notNow")}
                  </Button>
                  <Button type="submit" disabled={paying} autoFocus>
                    {paying ? t("paying") : t("payConfirm", { amount: money(total) })}
                  </Button>
                </div>
              </form>
            </ActionDialog>
          )}
          {actions.includes("fulfil") && (
            <form action={fulfil}>
              <input type="hidden" name="orderId" value={orderId} />
              <Button type="submit" variant={actions.includes("pay") ? "secondary" : "primary"} disabled={fulfilling}>
                {fulfilling ? t("fulfilling") : t("fulfil")}
              </Button>
            </form>
          )}
          {actions.includes("refund") && (
            <ActionDialog trigger={t("refund")} variant="secondary" title={t("refundTitle", { label })} description={t("refundBody", { left: money(refundable) })} done={refunded}>
              <form action={refund} className="mt-4 space-y-3" key={refundKey}>
                <FormAlert>{refundErrors.form && !refundErrors.field("amount") && !refundErrors.field("reason") ? refundErrors.form : undefined}</FormAlert>
                <input type="hidden" name="orderId" value={orderId} />
                <input type="hidden" name="idempotencyKey" value={refundKey} />
                <Field id={`refund-amount-${orderId}`} label={t("refundAmount", { currency })} hint={t("refundAmountHint", { left: money(refundable) })} error={refundErrors.field("amount")}>
                  {(control) => (
                    <input
                      {...control}
                      name="amount"
                      inputMode="decimal"
                      autoComplete="off"
                      placeholder={toMajorUnits(refundable, currency).toFixed(digits)}
                      defaultValue={refundErrors.value("amount")}
                      className={controlClass(Boolean(refundErrors.field("amount")), "tabular-nums")}
                    />
                  )}
                </Field>
                <Field id={`refund-reason-${orderId}`} label={t("reason")} error={refundErrors.field("reason")} required>
                  {(control) => (
                    <input {...control} name="reason" maxLength={200} defaultValue={refundErrors.value("reason")} className={controlClass(Boolean(refundErrors.field("reason")))} />
                  )}
                </Field>
                <div className="flex flex-wrap justify-end gap-3 pt-2">
                  <Button variant="secondary" data-modal-close>
                    {t("notNow")}
                  </Button>
                  <Button type="submit" variant="danger" disabled={refunding}>
                    {refunding ? t("refunding") : t("refundConfirm")}
                  </Button>
                </div>
              </form>
            </ActionDialog>
          )}
          {actions.includes("cancel") && (
            <ConfirmDialog
              action={handlers.cancel}
              fields={{ orderId }}
              labels={{ trigger: t("cancel"), title: t("cancelTitle", { label }), body: t("cancelBody"), reason: t("reason"), confirm: t("cancelConfirm"), cancel: t("keep") }}
            />
          )}
        </div>
      )}
      <FormAlert>{fulfilErrors.form}</FormAlert>
      {paid && latest === "pay" && (
        <p role="status" className="rounded-md border border-green-200 bg-green-50 px-4 py-3 text-sm text-green-800">
          {paid.earned !== null && paid.balance !== null
            ? t("paidEarned", { points: paid.earned, balance: paid.balance })
            : paid.pending
              ? t("paidPending", { points: paid.pending.points, date: format.dateTime(new Date(paid.pending.availableAt), { dateStyle: "medium" }) })
              : t("paid")}
          {paid.tier && <> {t("paidTier", { tier: tierName(paid.tier) })}</>}
        </p>
      )}
      {refunded && latest === "refund" && (
        <p role="status" className="rounded-md border border-green-200 bg-green-50 px-4 py-3 text-sm text-green-800">
          {t("refunded", { amount: money(refunded.amount) })}
        </p>
      )}
    </div>
  );
}

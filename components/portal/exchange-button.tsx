"use client";

import type { Route } from "next";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useEffect, useId, useRef } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { useIdempotentAction } from "@/components/forms/use-idempotent-action";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/field";
import type { FormAction } from "@/lib/http/action-state";

/**
 * "Exchange for N points": asks to confirm in a dialog, then spends the points on one coupon.
 * `idempotencyKey` is made when the page is shown, so a double click or a retry exchanges once;
 * the page comes back with a new key after success. A refused exchange shows why, disabled.
 */
export function ExchangeButton<T extends { couponId: string }>({
  action,
  templateId,
  idempotencyKey,
  points,
  name,
  balance,
  refusal,
}: {
  action: FormAction<T>;
  templateId: string;
  idempotencyKey: string;
  points: number;
  name: string;
  balance: number;
  /** Why the member cannot exchange now, in their language, or null. */
  refusal: string | null;
}) {
  const t = useTranslations("portal.rewards");
  const { state, formAction, pending, idempotencyKey: requestKey, formKey } = useIdempotentAction(action, idempotencyKey);
  const errors = useFormErrors(state);
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();

  // Done: close the dialog (focus returns to the button) and say so beside it.
  useEffect(() => {
    if (state?.ok) dialog.current?.close();
  }, [state]);

  return (
    <div>
      <Button className="w-full" disabled={refusal !== null} aria-describedby={refusal ? `${id}-refusal` : undefined} onClick={() => dialog.current?.showModal()}>
        {t("exchange", { points })}
      </Button>
      {refusal && (
        <p id={`${id}-refusal`} className="mt-2 text-sm text-amber-800">
          {refusal}
        </p>
      )}
      <div role="status" className="text-sm">
        {state?.ok && (
          <p className="mt-2 rounded-md bg-green-50 px-3 py-2 text-green-800">
            {t("done")}{" "}
            <Link href={`/portal/coupons/${state.data.couponId}` as Route} className="font-medium underline">
              {t("viewCoupon")}
            </Link>
          </p>
        )}
      </div>
      <dialog
        ref={dialog}
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-body`}
        className="m-auto w-[min(26rem,calc(100vw-2rem))] rounded-lg border border-slate-200 p-6 shadow-xl backdrop:bg-slate-900/40"
      >
        <h2 id={`${id}-title`} className="text-lg font-semibold">
          {t("confirmTitle", { points })}
        </h2>
        <p id={`${id}-body`} className="mt-2 text-sm text-slate-600">
          {t("confirmBody", { name, after: balance - points })}
        </p>
        <form action={formAction} className="mt-5 space-y-4" key={formKey}>
          <FormAlert>{errors.form}</FormAlert>
          <input type="hidden" name="templateId" value={templateId} />
          <input type="hidden" name="idempotencyKey" value={requestKey} />
          <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <Button variant="secondary" onClick={() => dialog.current?.close()}>
              {t("cancel")}
            </Button>
            <Button type="submit" disabled={pending} aria-busy={pending || undefined}>
              {pending ? t("exchanging") : t("confirm")}
            </Button>
          </div>
        </form>
      </dialog>
    </div>
  );
}

"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState, useRef, useState } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button } from "@/components/ui/button";
import { controlClass, Field, FormAlert } from "@/components/ui/field";
import type { ActionState, FormAction } from "@/lib/http/action-state";

/**
 * Issues a template to a segment: choose the segment, confirm, and the action opens the batch's
 * progress page. The confirmation names the template and the segment, so nobody issues to the
 * wrong list by a slip of the keyboard.
 */
export function CouponBatchForm<T>({
  action,
  templateId,
  templateName,
  segments,
}: {
  action: FormAction<T>;
  templateId: string;
  templateName: string;
  segments: { id: string; name: string; size: number }[];
}) {
  const t = useTranslations("membershipAdmin.coupons.batch");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  const [segmentId, setSegmentId] = useState("");
  const [missing, setMissing] = useState(false);
  // The answer the confirmation was asked under: a new answer (a refusal) closes it again.
  const [confirmedAt, setConfirmedAt] = useState<ActionState<T> | undefined>(undefined);
  const issueButton = useRef<HTMLButtonElement>(null);
  const segment = segments.find((candidate) => candidate.id === segmentId);
  const confirming = segment !== undefined && confirmedAt === state;
  const prefix = `coupon-batch-${templateId}`;

  if (segments.length === 0) {
    return (
      <p className="text-sm text-slate-600">
        {t("noSegments")}{" "}
        <Link href="/customers" className="text-brand-700 hover:underline">
          {t("toCustomers")}
        </Link>
      </p>
    );
  }

  return (
    <form action={formAction} noValidate className="space-y-4" aria-label={t("title")}>
      <FormAlert>{errors.form}</FormAlert>
      <input type="hidden" name="templateId" value={templateId} />
      <Field
        id={`${prefix}-segment`}
        label={t("segment")}
        hint={t("segmentHint")}
        error={missing ? t("chooseSegment") : errors.field("segmentId")}
        required
      >
        {(control) => (
          <select
            {...control}
            name="segmentId"
            value={segmentId}
            onChange={(event) => {
              setSegmentId(event.target.value);
              setMissing(false);
              setConfirmedAt(undefined);
            }}
            className={controlClass(missing || Boolean(errors.field("segmentId")), "sm:max-w-md")}
          >
            <option value="">{t("choose")}</option>
            {segments.map((option) => (
              <option key={option.id} value={option.id}>
                {t("segmentOption", { name: option.name, size: option.size })}
              </option>
            ))}
          </select>
        )}
      </Field>

      {confirming ? (
        <div role="group" aria-labelledby={`${prefix}-confirm`} className="space-y-3 rounded-md border border-amber-200 bg-amber-50 p-4">
          <p id={`${prefix}-confirm`} className="text-sm text-amber-900">
            {t("confirmBody", { template: templateName, segment: segment.name, size: segment.size })}
          </p>
          <div className="flex flex-wrap gap-3">
            <Button type="submit" disabled={pending} autoFocus>
              {pending ? t("starting") : t("confirm")}
            </Button>
            <Button
              variant="secondary"
              disabled={pending}
              onClick={() => {
                setConfirmedAt(undefined);
                // Back where the keyboard was before the question.
                requestAnimationFrame(() => issueButton.current?.focus());
              }}
            >
              {t("back")}
            </Button>
          </div>
        </div>
      ) : (
        <Button
          ref={issueButton}
          onClick={() => {
            if (!segment) {
              setMissing(true);
              document.getElementById(`${prefix}-segment`)?.focus();
              return;
            }
            setConfirmedAt(state);
          }}
        >
          {t("issue")}
        </Button>
      )}
    </form>
  );
}

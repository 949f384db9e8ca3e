"use client";

import { useTranslations } from "next-intl";
import { useActionState, useEffect, useRef, useState } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button } from "@/components/ui/button";
import { controlClass, Field, FormAlert } from "@/components/ui/field";
import type { FormAction } from "@/lib/http/action-state";

export type StageChoice = { id: string; name: string; outcome: "open" | "won" | "lost" };

/**
 * Moves a deal with the keyboard (the alternative to dragging its card): a stage list and a Move
 * button; a lost stage asks for the reason. "Mark won" and "Mark lost" are shortcuts to the same.
 */
export function DealStageForm({ action, dealId, stages, currentStageId }: { action: FormAction<{ id: string; stageId: string }>; dealId: string; stages: StageChoice[]; currentStageId: string }) {
  const t = useTranslations("deals.move");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  const [stageId, setStageId] = useState(currentStageId);
  const focusReason = useRef(false);
  const reason = useRef<HTMLInputElement>(null);
  const chosen = stages.find((stage) => stage.id === stageId);
  const current = stages.find((stage) => stage.id === currentStageId);
  const wonStage = stages.find((stage) => stage.outcome === "won");
  const lostStage = stages.find((stage) => stage.outcome === "lost");
  const movedTo = state?.ok ? stages.find((stage) => stage.id === state.data.stageId) : undefined;

  // The page may be refreshed by someone else's move: follow it unless the user is choosing.
  const [seenCurrent, setSeenCurrent] = useState(currentStageId);
  if (seenCurrent !== currentStageId) {
    setSeenCurrent(currentStageId);
    setStageId(currentStageId);
  }

  // "Mark lost" shows the reason field and puts the cursor in it.
  useEffect(() => {
    if (!focusReason.current) return;
    focusReason.current = false;
    reason.current?.focus();
  }, [stageId]);

  // A refusal for want of a reason puts the cursor where the reason goes.
  useEffect(() => {
    if (state && !state.ok && state.fieldErrors?.lostReason) reason.current?.focus();
  }, [state]);

  const reasonError = errors.field("lostReason");
  return (
    <div className="space-y-3">
      <FormAlert>{errors.form && !reasonError ? errors.form : undefined}</FormAlert>
      {movedTo && movedTo.id === currentStageId && (
        <p role="status" className="text-sm text-green-700">
          {t("moved", { stage: movedTo.name })}
        </p>
      )}
      {/* A new key after each submission re-applies the reason sent back after a refusal. */}
      <form action={formAction} noValidate className="space-y-3" aria-label={t("heading")} key={JSON.stringify(state)}>
        <input type="hidden" name="dealId" value={dealId} />
        <Field id="deal-move-stage" label={t("stage")} error={errors.field("stageId")}>
          {(control) => (
            <select {...control} name="stageId" value={stageId} onChange={(event) => setStageId(event.target.value)} className={controlClass(Boolean(errors.field("stageId")))}>
              {stages.map((stage) => (
                <option key={stage.id} value={stage.id}>
                  {stage.id === currentStageId ? t("current", { stage: stage.name }) : stage.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        {chosen?.outcome === "lost" && (
          <Field id="deal-move-reason" label={t("lostReason")} hint={t("lostReasonHint")} error={reasonError} required>
            {(control) => <input {...control} ref={reason} name="lostReason" maxLength={200} defaultValue={errors.value("lostReason")} className={controlClass(Boolean(reasonError))} />}
          </Field>
        )}
        <Button type="submit" disabled={pending || stageId === currentStageId}>
          {pending ? t("moving") : t("button")}
        </Button>
      </form>
      {(current?.outcome !== "won" && wonStage) || (current?.outcome !== "lost" && lostStage) ? (
        <div className="flex flex-wrap gap-2 border-t border-slate-100 pt-3">
          {wonStage && current?.outcome !== "won" && (
            <form action={formAction}>
              <input type="hidden" name="dealId" value={dealId} />
              <input type="hidden" name="stageId" value={wonStage.id} />
              <Button type="submit" variant="secondary" disabled={pending}>
                {t("markWon")}
              </Button>
            </form>
          )}
          {lostStage && current?.outcome !== "lost" && (
            <Button
              variant="secondary"
              disabled={pending}
              onClick={() => {
                if (stageId === lostStage.id) return reason.current?.focus();
                focusReason.current = true;
                setStageId(lostStage.id);
              }}
            >
              {t("markLost")}
            </Button>
          )}
        </div>
      ) : null}
    </div>
  );
}

"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { cn } from "@/components/ui/cn";
import { FormAlert } from "@/components/ui/field";
import type { FormAction } from "@/lib/http/action-state";

/**
 * Marketing on one channel, on or off: one press either way, so withdrawing is as easy as
 * agreeing. The switch sends the opposite of the current state.
 */
export function ConsentSwitch({ action, channel, granted }: { action: FormAction<{ granted: boolean }>; channel: "email" | "sms"; granted: boolean }) {
  const t = useTranslations("portal.profile.consent");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  const id = `consent-${channel}`;
  // While the change is on its way the switch already shows where it is going.
  const shown = pending ? !granted : granted;
  return (
    <form action={formAction} className="py-3">
      <input type="hidden" name="channel" value={channel} />
      <input type="hidden" name="granted" value={String(!granted)} />
      <div className="flex items-center gap-3">
        <span id={`${id}-label`} className="text-sm font-medium text-slate-900">
          {t(channel)}
        </span>
        <span className="ml-auto text-sm text-slate-600" aria-hidden>
          {shown ? t("on") : t("off")}
        </span>
        <button
          type="submit"
          role="switch"
          aria-checked={shown}
          aria-labelledby={`${id}-label`}
          aria-busy={pending || undefined}
          disabled={pending}
          className={cn(
            "relative inline-flex h-7 w-12 shrink-0 items-center rounded-full transition-colors disabled:opacity-70",
            shown ? "bg-brand-600" : "bg-slate-300",
          )}
        >
          <span className={cn("inline-block size-5 rounded-full bg-white shadow transition-transform", shown ? "translate-x-6" : "translate-x-1")} />
        </button>
      </div>
      <div role="status" className="text-sm">
        {pending && <p className="mt-1 text-slate-500">{t("saving")}</p>}
        {!pending && state?.ok && <p className="mt-1 text-green-700">{state.data.granted ? t(`given.${channel}`) : t(`withdrawn.${channel}`)}</p>}
      </div>
      <div className="mt-1">
        <FormAlert>{errors.form}</FormAlert>
      </div>
    </form>
  );
}

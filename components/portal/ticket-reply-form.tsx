"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button } from "@/components/ui/button";
import { controlClass, Field, FormAlert } from "@/components/ui/field";
import type { FormAction } from "@/lib/http/action-state";
import { AttachmentField } from "@/components/forms/attachment-field";

/** The member writes on their request; the box empties once the reply is sent. */
export function TicketReplyForm<T>({ action, ticketId }: { action: FormAction<T>; ticketId: string }) {
  const t = useTranslations("portalTickets.reply");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  return (
    <form action={formAction} aria-label={t("title")} className="space-y-3" noValidate>
      <FormAlert>{errors.form}</FormAlert>
      <input type="hidden" name="ticketId" value={ticketId} />
      <Field id="ticket-reply-body" label={t("label")} error={errors.field("body")} required>
        {(control) => (
          <textarea {...control} name="body" rows={4} maxLength={20_000} defaultValue={errors.value("body") ?? ""} className={controlClass(Boolean(errors.field("body")), "min-h-24")} />
        )}
      </Field>
      <AttachmentField id="ticket-reply-files" error={errors.field("attachments")} />
      <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
        <Button type="submit" className="w-full sm:w-auto" disabled={pending} aria-busy={pending || undefined}>
          {pending ? t("sending") : t("submit")}
        </Button>
        <p role="status" className="text-sm text-green-700">
          {state?.ok && !pending ? t("sent") : null}
        </p>
      </div>
    </form>
  );
}

"use client";

import { useTranslations } from "next-intl";
import { useActionState, useRef, useState, useTransition } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button } from "@/components/ui/button";
import { controlClass, Field, FormAlert } from "@/components/ui/field";
import { cn } from "@/components/ui/cn";
import type { FormAction } from "@/lib/http/action-state";
import { AttachmentField } from "@/components/forms/attachment-field";

/**
 * The reply box: a public reply (e-mailed to the customer) or an internal note, told apart by
 * colour and wording before sending; a canned reply fills the box with the ticket's details.
 */
export function TicketReplyForm<T>({
  action,
  ticketId,
  canned,
  fillCanned,
}: {
  action: FormAction<T>;
  ticketId: string;
  canned: { id: string; title: string }[];
  fillCanned: (replyId: string, ticketId: string) => Promise<string | null>;
}) {
  const t = useTranslations("tickets.reply");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  const [internal, setInternal] = useState(false);
  const [body, setBody] = useState("");
  const [filling, startFilling] = useTransition();
  const [cannedError, setCannedError] = useState(false);
  const box = useRef<HTMLTextAreaElement>(null);
  // A sent reply empties the box; a refused one keeps what was typed.
  const [sentState, setSentState] = useState(state);
  if (state !== sentState) {
    setSentState(state);
    if (state?.ok) setBody("");
  }

  const insert = (replyId: string) => {
    if (!replyId) return;
    startFilling(async () => {
      const text = await fillCanned(replyId, ticketId);
      setCannedError(text === null);
      if (text === null) return;
      setBody((current) => (current.trim() ? `${current.trimEnd()}\n\n${text}` : text));
      box.current?.focus();
    });
  };

  return (
    <form action={formAction} noValidate className={cn("space-y-3 rounded-lg border p-4", internal ? "border-amber-300 bg-amber-50" : "border-slate-200 bg-white")}>
      <FormAlert>{errors.form && !errors.field("body") ? errors.form : undefined}</FormAlert>
      <input type="hidden" name="ticketId" value={ticketId} />
      <fieldset>
        <legend className="sr-only">{t("kind")}</legend>
        <div className="flex flex-wrap gap-4 text-sm">
          <label className="flex items-center gap-2">
            <input type="radio" name="internal" value="false" checked={!internal} onChange={() => setInternal(false)} />
            {t("public")}
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="internal" value="true" checked={internal} onChange={() => setInternal(true)} />
            {t("note")}
          </label>
        </div>
      </fieldset>
      <Field id="ticket-reply-body" label={internal ? t("noteLabel") : t("publicLabel")} hint={internal ? t("noteHint") : t("publicHint")} error={errors.field("body")} required>
        {(control) => (
          <textarea
            {...control}
            ref={box}
            name="body"
            rows={5}
            value={body}
            onChange={(event) => setBody(event.target.value)}
            className={controlClass(Boolean(errors.field("body")))}
          />
        )}
      </Field>
      <AttachmentField id="ticket-reply-files" error={errors.field("attachments")} />
      <div className="flex flex-wrap items-end justify-between gap-3">
        {canned.length > 0 ? (
          <div className="w-full sm:w-64">
            <Field id="ticket-canned" label={t("canned")} error={cannedError ? t("cannedMissing") : undefined}>
              {(control) => (
                <select {...control} value="" disabled={filling} onChange={(event) => insert(event.target.value)} className={controlClass()}>
                  <option value="">{filling ? t("filling") : t("cannedChoose")}</option>
                  {canned.map((reply) => (
                    <option key={reply.id} value={reply.id}>
                      {reply.title}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
        ) : (
          <span />
        )}
        <Button type="submit" disabled={pending}>
          {pending ? t("sending") : internal ? t("sendNote") : t("sendPublic")}
        </Button>
      </div>
    </form>
  );
}

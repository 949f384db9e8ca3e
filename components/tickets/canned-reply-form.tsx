"use client";

import type { Route } from "next";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState, useRef } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button, buttonClass } from "@/components/ui/button";
import { controlClass, Field, FormAlert } from "@/components/ui/field";
import type { FormAction } from "@/lib/http/action-state";
import { placeholders, type Placeholder } from "@/lib/service/rules";

type Option = { value: string; label: string };

/**
 * Adds a canned reply, or edits one when `reply` is given: its title, who may use it and its text.
 * `teams` are the choices the user has: "everyone" (an empty value) only for managers and admins,
 * otherwise the user's own teams. The placeholder buttons put `{{customer.name}}` and the like
 * where the cursor was in the text.
 */
export function CannedReplyForm<T>({
  action,
  teams,
  reply,
  cancelHref,
}: {
  action: FormAction<T>;
  teams: Option[];
  reply?: { id: string; title: string; body: string; teamId: string | null };
  /** Where Cancel leads, when editing. */
  cancelHref?: string;
}) {
  const t = useTranslations("serviceAdmin.canned");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  const body = useRef<HTMLTextAreaElement>(null);
  // Until the text has had the focus, a placeholder goes at its end.
  const cursorPlaced = useRef(false);
  const prefix = reply ? `canned-${reply.id}` : "canned-new";
  const value = (name: "title" | "body" | "teamId") => errors.value(name) ?? (reply ? (name === "teamId" ? (reply.teamId ?? "") : reply[name]) : name === "teamId" ? (teams[0]?.value ?? "") : "");

  const insert = (placeholder: Placeholder) => {
    const area = body.current;
    if (!area) return;
    const at = cursorPlaced.current ? [area.selectionStart, area.selectionEnd] : [area.value.length, area.value.length];
    area.focus();
    area.setRangeText(`{{${placeholder}}}`, at[0]!, at[1]!, "end");
    cursorPlaced.current = true;
  };

  return (
    <form action={formAction} noValidate className="space-y-4" key={JSON.stringify(state)} aria-label={reply ? t("editNamed", { title: reply.title }) : t("new")}>
      <FormAlert>{errors.form}</FormAlert>
      {state?.ok && (
        <p role="status" className="rounded-md border border-green-200 bg-green-50 px-4 py-3 text-sm text-green-800">
          {t("added")}
        </p>
      )}
      {reply && <input type="hidden" name="id" value={reply.id} />}
      <div className="grid gap-4 sm:grid-cols-[2fr_1fr]">
        <Field id={`${prefix}-title`} label={t("fields.title")} hint={t("fields.titleHint")} error={errors.field("title")} required>
          {(control) => (
            <input
              {...control}
              name="title"
              maxLength={120}
              autoComplete="off"
              autoFocus={Boolean(reply)}
              defaultValue={value("title")}
              className={controlClass(Boolean(errors.field("title")))}
            />
          )}
        </Field>
        <Field id={`${prefix}-team`} label={t("fields.team")} hint={teams[0]?.value === "" ? t("fields.teamHintManager") : t("fields.teamHintAgent")} error={errors.field("teamId")} required>
          {(control) => (
            <select {...control} name="teamId" defaultValue={value("teamId")} className={controlClass(Boolean(errors.field("teamId")))}>
              {teams.map((team) => (
                <option key={team.value} value={team.value}>
                  {team.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field id={`${prefix}-body`} label={t("fields.body")} hint={t("fields.bodyHint")} error={errors.field("body")} required>
        {(control) => (
          <textarea
            {...control}
            ref={body}
            name="body"
            rows={7}
            defaultValue={value("body")}
            onBlur={() => (cursorPlaced.current = true)}
            className={controlClass(Boolean(errors.field("body")))}
          />
        )}
      </Field>
      <div role="group" aria-labelledby={`${prefix}-placeholders`} className="-mt-1">
        <p id={`${prefix}-placeholders`} className="text-xs font-medium text-slate-600">
          {t("placeholders.title")}
        </p>
        <div className="mt-1.5 flex flex-wrap gap-2">
          {placeholders.map((placeholder) => (
            <button
              key={placeholder}
              type="button"
              onClick={() => insert(placeholder)}
              aria-label={t("placeholders.insert", { name: t(`placeholders.names.${placeholder.replace(".", "_")}`) })}
              className="inline-flex min-h-9 items-center gap-1.5 rounded-md border border-slate-300 bg-white px-2.5 text-xs text-slate-700 hover:bg-slate-50"
            >
              <span>{t(`placeholders.names.${placeholder.replace(".", "_")}`)}</span>
              <code className="rounded bg-slate-100 px-1 text-[11px] text-slate-600">{`{{${placeholder}}}`}</code>
            </button>
          ))}
        </div>
      </div>
      <div className="flex flex-wrap gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? t("saving") : reply ? t("save") : t("create")}
        </Button>
        {cancelHref && (
          <Link href={cancelHref as Route} scroll={false} className={buttonClass("secondary")}>
            {t("cancel")}
          </Link>
        )}
      </div>
    </form>
  );
}

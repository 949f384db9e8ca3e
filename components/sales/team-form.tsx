"use client";

import type { Route } from "next";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClass } from "@/components/ui/button";
import { controlClass, Field, FormAlert } from "@/components/ui/field";
import type { Role } from "@/lib/auth/permissions";
import type { FormAction } from "@/lib/http/action-state";

export type TeamPerson = { id: string; name: string; role: Role; teamId: string | null; teamName: string | null };

/**
 * Creates a team, or edits one when `id` is given: its name, its manager and its members. A person
 * is in one team, so ticking someone from another team moves them here (the list says where they
 * are now). The action leaves for the list on success.
 */
export function TeamForm<T>({
  action,
  id,
  initial,
  people,
  cancelHref,
}: {
  action: FormAction<T>;
  id?: string;
  initial: { name: string; managerId: string; memberIds: string[] };
  /** Active admins, managers and reps. */
  people: TeamPerson[];
  cancelHref: string;
}) {
  const t = useTranslations("teams");
  const tRoles = useTranslations("roles");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  // Controlled, so that a refused save keeps what was ticked.
  const [members, setMembers] = useState(() => new Set(initial.memberIds));
  const prefix = id ? `team-${id}` : "team-new";
  const managers = people.filter((person) => person.role === "manager" || person.role === "admin");
  const memberError = errors.field("memberIds");

  return (
    <form action={formAction} noValidate className="space-y-6" key={JSON.stringify(state)}>
      <FormAlert>{errors.form}</FormAlert>
      {id && <input type="hidden" name="id" value={id} />}
      <div className="grid gap-5 sm:grid-cols-2">
        <Field id={`${prefix}-name`} label={t("fields.name")} error={errors.field("name")} required>
          {(control) => <input {...control} name="name" autoComplete="off" maxLength={80} defaultValue={errors.value("name") ?? initial.name} className={controlClass(Boolean(errors.field("name")))} />}
        </Field>
        <Field id={`${prefix}-manager`} label={t("fields.manager")} hint={t("fields.managerHint")} error={errors.field("managerId")}>
          {(control) => (
            <select {...control} name="managerId" defaultValue={errors.value("managerId") ?? initial.managerId} className={controlClass(Boolean(errors.field("managerId")))}>
              <option value="">{t("fields.noManager")}</option>
              {managers.map((person) => (
                <option key={person.id} value={person.id}>
                  {person.name} ({tRoles(person.role)})
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <fieldset aria-describedby={[`${prefix}-members-hint`, memberError && `${prefix}-members-error`].filter(Boolean).join(" ")}>
        <legend className="text-sm font-medium text-slate-700">
          {t("fields.members")} <span className="font-normal text-slate-500">({t("fields.memberCount", { count: members.size })})</span>
        </legend>
        <p id={`${prefix}-members-hint`} className="mt-1 text-xs text-slate-500">
          {t("fields.membersHint")}
        </p>
        {memberError && (
          <p id={`${prefix}-members-error`} className="mt-1 text-sm text-red-600">
            {memberError}
          </p>
        )}
        {people.length === 0 ? (
          <p className="mt-3 text-sm text-slate-600">{t("fields.nobody")}</p>
        ) : (
          <ul className="mt-3 grid max-h-96 gap-1 overflow-y-auto rounded-md border border-slate-200 p-2 sm:grid-cols-2">
            {people.map((person) => {
              const checked = members.has(person.id);
              const elsewhere = person.teamId !== null && person.teamId !== id;
              return (
                <li key={person.id}>
                  <label htmlFor={`${prefix}-member-${person.id}`} className="flex items-start gap-2 rounded px-2 py-1.5 text-sm hover:bg-slate-50">
                    <input
                      id={`${prefix}-member-${person.id}`}
                      type="checkbox"
                      name="memberIds"
                      value={person.id}
                      checked={checked}
                      onChange={(event) =>
                        setMembers((current) => {
                          const next = new Set(current);
                          if (event.target.checked) next.add(person.id);
                          else next.delete(person.id);
                          return next;
                        })
                      }
                      className="mt-0.5 size-4 shrink-0 rounded border-slate-300"
                    />
                    <span className="min-w-0">
                      <span className="font-medium text-slate-800">{person.name}</span> <Badge>{tRoles(person.role)}</Badge>
                      {elsewhere && (
                        <span className={checked ? "block text-xs text-amber-800" : "block text-xs text-slate-500"}>
                          {checked ? t("fields.movesFrom", { team: person.teamName! }) : t("fields.inTeam", { team: person.teamName! })}
                        </span>
                      )}
                    </span>
                  </label>
                </li>
              );
            })}
          </ul>
        )}
      </fieldset>
      <div className="flex flex-wrap gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? t("saving") : id ? t("save") : t("create")}
        </Button>
        <Link href={cancelHref as Route} className={buttonClass("secondary")}>
          {t("cancel")}
        </Link>
      </div>
    </form>
  );
}

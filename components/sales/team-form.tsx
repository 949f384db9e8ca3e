"use client";

import type { Route } from "next";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClass } from "@/components/ui/button";
import { CheckboxGroup, useTicked } from "@/components/ui/checkbox-group";
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
  const [members, toggleMember] = useTicked(initial.memberIds);
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
      <CheckboxGroup
        id={`${prefix}-member`}
        name="memberIds"
        legend={t("fields.members")}
        count={(count) => t("fields.memberCount", { count })}
        hint={t("fields.membersHint")}
        error={memberError}
        empty={t("fields.nobody")}
        className="max-h-96 overflow-y-auto"
        ticked={members}
        onToggle={toggleMember}
        options={people.map((person) => {
          const elsewhere = person.teamId !== null && person.teamId !== id;
          return {
            value: person.id,
            label: (
              <>
                <span className="font-medium text-slate-800">{person.name}</span> <Badge>{tRoles(person.role)}</Badge>
              </>
            ),
            hint: elsewhere
              ? (checked: boolean) =>
                  checked ? <span className="text-amber-800">{t("fields.movesFrom", { team: person.teamName! })}</span> : t("fields.inTeam", { team: person.teamName! })
              : undefined,
          };
        })}
      />
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

"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState, type ReactNode } from "react";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button } from "@/components/ui/button";
import { controlClass, Field, FormAlert } from "@/components/ui/field";
import type { FormAction } from "@/lib/http/action-state";

type Option = { value: string; label: string };

/** One small form of the ticket's side panel: its fields, its errors and one button. */
function PanelForm<T>({
  action,
  ticketId,
  submit,
  children,
}: {
  action: FormAction<T>;
  ticketId: string;
  submit: string;
  children: (errors: ReturnType<typeof useFormErrors>) => ReactNode;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  const fieldNames = state && !state.ok ? Object.keys(state.fieldErrors ?? {}) : [];
  return (
    <form action={formAction} noValidate className="space-y-3" key={JSON.stringify(state)}>
      <FormAlert>{errors.form && fieldNames.length === 0 ? errors.form : undefined}</FormAlert>
      <input type="hidden" name="ticketId" value={ticketId} />
      {children(errors)}
      <Button type="submit" variant="secondary" disabled={pending} className="w-full sm:w-auto">
        {submit}
      </Button>
    </form>
  );
}

function SelectField({
  id,
  name,
  label,
  options,
  value,
  error,
  onChange,
  empty,
}: {
  id: string;
  name: string;
  label: string;
  options: Option[];
  value?: string;
  error?: string;
  onChange?: (value: string) => void;
  empty?: string;
}) {
  return (
    <Field id={id} label={label} error={error}>
      {(control) => (
        <select
          {...control}
          name={name}
          {...(onChange ? { value, onChange: (event) => onChange(event.target.value) } : { defaultValue: value })}
          className={controlClass(Boolean(error))}
        >
          {empty !== undefined && <option value="">{empty}</option>}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/**
 * The next status. Solving asks how it was settled (a complaint must say); a points
 * compensation asks how many points, which go through the member's ledger.
 */
export function TicketStatusForm<T>({
  action,
  ticketId,
  statuses,
  outcomes,
  complaint,
  compensated,
}: {
  action: FormAction<T>;
  ticketId: string;
  statuses: Option[];
  outcomes: Option[];
  complaint: boolean;
  /** Points already given for this ticket: they are not given again. */
  compensated: number | null;
}) {
  const t = useTranslations("tickets.statusForm");
  const [status, setStatus] = useState(statuses[0]?.value ?? "");
  const [outcome, setOutcome] = useState("");
  if (statuses.length === 0) return <p className="text-sm text-slate-600">{t("final")}</p>;
  return (
    <PanelForm action={action} ticketId={ticketId} submit={t("submit")}>
      {(errors) => (
        <>
          <SelectField id="ticket-status" name="status" label={t("status")} options={statuses} value={status} onChange={setStatus} error={errors.field("status")} />
          {status === "solved" && (
            <>
              <SelectField
                id="ticket-outcome"
                name="outcome"
                label={complaint ? t("outcomeRequired") : t("outcome")}
                options={outcomes}
                value={outcome}
                onChange={setOutcome}
                empty={t("noOutcome")}
                error={errors.field("outcome")}
              />
              {outcome === "points_compensation" &&
                (compensated !== null ? (
                  <p className="text-sm text-slate-600">{t("compensated", { points: compensated })}</p>
                ) : (
                  <Field id="ticket-compensation" label={t("points")} hint={t("pointsHint")} error={errors.field("compensationPoints")} required>
                    {(control) => <input {...control} name="compensationPoints" inputMode="numeric" autoComplete="off" className={controlClass(Boolean(errors.field("compensationPoints")))} />}
                  </Field>
                ))}
              {outcome && (
                <Field id="ticket-outcome-note" label={t("note")} error={errors.field("outcomeNote")}>
                  {(control) => <textarea {...control} name="outcomeNote" rows={2} maxLength={2000} className={controlClass(Boolean(errors.field("outcomeNote")))} />}
                </Field>
              )}
            </>
          )}
        </>
      )}
    </PanelForm>
  );
}

/** Team and assignee: someone named, nobody, or the team's next agent in turn. */
export function TicketAssignForm<T>({
  action,
  ticketId,
  teams,
  agents,
  teamId,
  assigneeId,
  selfId,
}: {
  action: FormAction<T>;
  ticketId: string;
  teams: Option[];
  agents: { id: string; name: string; teamId: string | null }[];
  teamId: string | null;
  assigneeId: string | null;
  selfId: string;
}) {
  const t = useTranslations("tickets.assignForm");
  const [team, setTeam] = useState(teamId ?? "");
  const [person, setPerson] = useState(assigneeId ?? "");
  // In a team, only its members; the same person appears once.
  const choices = [...new Map(agents.filter((agent) => !team || agent.teamId === team).map((agent) => [agent.id, agent])).values()];
  return (
    <PanelForm action={action} ticketId={ticketId} submit={t("submit")}>
      {(errors) => (
        <>
          <SelectField
            id="ticket-team"
            name="teamId"
            label={t("team")}
            options={teams}
            value={team}
            onChange={(value) => {
              setTeam(value);
              setPerson("");
            }}
            empty={t("noTeam")}
            error={errors.field("teamId")}
          />
          <SelectField
            id="ticket-assignee"
            name="assigneeId"
            label={t("assignee")}
            options={[
              ...(team ? [{ value: "auto", label: t("auto") }] : []),
              ...choices.map((agent) => ({ value: agent.id, label: agent.id === selfId ? t("me", { name: agent.name }) : agent.name })),
            ]}
            value={person}
            onChange={setPerson}
            empty={t("nobody")}
            error={errors.field("assigneeId")}
          />
        </>
      )}
    </PanelForm>
  );
}

/** Category, priority, the order it is about and tags. */
export function TicketDetailsForm<T>({
  action,
  ticketId,
  categories,
  priorities,
  orders,
  values,
}: {
  action: FormAction<T>;
  ticketId: string;
  categories: Option[];
  priorities: Option[];
  orders: Option[];
  values: { category: string; priority: string; orderId: string; tags: string };
}) {
  const t = useTranslations("tickets.detailsForm");
  return (
    <PanelForm action={action} ticketId={ticketId} submit={t("submit")}>
      {(errors) => (
        <>
          <SelectField id="ticket-category" name="category" label={t("category")} options={categories} value={values.category} error={errors.field("category")} />
          <SelectField id="ticket-priority" name="priority" label={t("priority")} options={priorities} value={values.priority} error={errors.field("priority")} />
          <SelectField id="ticket-order" name="orderId" label={t("order")} options={orders} value={values.orderId} empty={t("noOrder")} error={errors.field("orderId")} />
          <Field id="ticket-tags" label={t("tags")} hint={t("tagsHint")} error={errors.field("tags")}>
            {(control) => <input {...control} name="tags" defaultValue={values.tags} autoComplete="off" className={controlClass(Boolean(errors.field("tags")))} />}
          </Field>
        </>
      )}
    </PanelForm>
  );
}

/** Merges this ticket into another open one of the same customer, after asking: this one closes. */
export function TicketMergeForm<T>({ action, ticketId, number, targets }: { action: FormAction<T>; ticketId: string; number: string; targets: Option[] }) {
  const t = useTranslations("tickets.mergeForm");
  const [into, setInto] = useState(targets[0]?.value ?? "");
  if (targets.length === 0) return <p className="text-sm text-slate-600">{t("none")}</p>;
  const target = targets.find((option) => option.value === into) ?? targets[0]!;
  return (
    <div className="space-y-3">
      <SelectField id="ticket-merge" name="intoId" label={t("into")} options={targets} value={into} onChange={setInto} />
      <ConfirmDialog
        action={action}
        fields={{ ticketId, intoId: target.value }}
        labels={{ trigger: t("submit"), title: t("dialogTitle", { number }), body: t("body", { number, target: target.label }), confirm: t("confirm"), cancel: t("cancel") }}
      />
    </div>
  );
}

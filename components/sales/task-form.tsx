"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button } from "@/components/ui/button";
import { controlClass, Field, FormAlert } from "@/components/ui/field";
import type { ActionState, FormAction } from "@/lib/http/action-state";

export type TaskActionResult = { id: string; returnTo: string | null };

/** The task actions of `app/(staff)/today/actions.ts`, handed down by the page that shows tasks. */
export type TaskActions = {
  createTaskAction: FormAction<TaskActionResult>;
  updateTaskAction: FormAction<TaskActionResult>;
  completeTaskAction: FormAction<TaskActionResult>;
  reopenTaskAction: FormAction<TaskActionResult>;
  deleteTaskAction: FormAction<TaskActionResult>;
};

export type Assignee = { id: string; name: string };

type Values = { title?: string; notes?: string | null; dueOn?: string; assigneeId?: string };

/** The fields both task forms share; ids are prefixed so that several forms can be on one page. */
function TaskFields({ prefix, state, values, assignees, meId }: { prefix: string; state: ActionState; values: Values; assignees: Assignee[] | null; meId: string }) {
  const t = useTranslations("tasks");
  const errors = useFormErrors(state);
  const field = (name: string) => errors.field(name);
  const value = (name: keyof Values) => errors.value(name) ?? values[name] ?? undefined;
  return (
    <>
      <Field id={`${prefix}-title`} label={t("fields.title")} error={field("title")} required>
        {(control) => (
          <input {...control} name="title" maxLength={160} placeholder={t("fields.titlePlaceholder")} defaultValue={value("title")} className={controlClass(Boolean(field("title")))} />
        )}
      </Field>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field id={`${prefix}-due`} label={t("fields.dueOn")} error={field("dueOn")} required>
          {(control) => <input {...control} name="dueOn" type="date" defaultValue={value("dueOn")} className={controlClass(Boolean(field("dueOn")))} />}
        </Field>
        {assignees && assignees.length > 1 && (
          <Field id={`${prefix}-assignee`} label={t("fields.assignee")} error={field("assigneeId")}>
            {(control) => (
              <select {...control} name="assigneeId" defaultValue={value("assigneeId") ?? meId} className={controlClass(Boolean(field("assigneeId")))}>
                {assignees.map((person) => (
                  <option key={person.id} value={person.id}>
                    {person.id === meId ? `${person.name} (${t("me")})` : person.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
      </div>
      <Field id={`${prefix}-notes`} label={t("fields.notes")} error={field("notes")}>
        {(control) => <textarea {...control} name="notes" rows={2} maxLength={2000} defaultValue={value("notes")} className={controlClass(Boolean(field("notes")))} />}
      </Field>
      {/* Errors on links the form does not show (a deal that moved out of sight) still need saying. */}
      {(["customerId", "opportunityId"] as const).map((name) =>
        field(name) ? (
          <p key={name} role="alert" className="text-sm text-red-600">
            {field(name)}
          </p>
        ) : null,
      )}
    </>
  );
}

/**
 * The new-task form. On a customer's or deal's page `link` presets what the task is about;
 * `assignees` (null or just the user) hides the choice of who does it.
 */
export function NewTaskForm({
  action,
  defaultDueOn,
  assignees,
  meId,
  link,
  returnTo,
  prefix = "new-task",
}: {
  action: FormAction<TaskActionResult>;
  defaultDueOn: string;
  assignees: Assignee[] | null;
  meId: string;
  link?: { customerId: string } | { opportunityId: string };
  returnTo: string;
  prefix?: string;
}) {
  const t = useTranslations("tasks");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  // A new key after each submission empties the form after success and restores it after errors.
  return (
    <form action={formAction} noValidate className="space-y-3" key={JSON.stringify(state)} aria-label={t("new")}>
      <FormAlert>{errors.form}</FormAlert>
      {state?.ok && (
        <p role="status" className="text-sm text-green-700">
          {t("added")}
        </p>
      )}
      <input type="hidden" name="returnTo" value={returnTo} />
      {link && "customerId" in link && <input type="hidden" name="customerId" value={link.customerId} />}
      {link && "opportunityId" in link && <input type="hidden" name="opportunityId" value={link.opportunityId} />}
      <TaskFields prefix={prefix} state={state} values={{ dueOn: defaultDueOn }} assignees={assignees} meId={meId} />
      <div className="flex justify-end">
        <Button type="submit" disabled={pending} className="w-full sm:w-auto">
          {pending ? t("adding") : t("add")}
        </Button>
      </div>
    </form>
  );
}

/** Edits a task in place; its links stay as they are. */
export function EditTaskForm({
  action,
  task,
  assignees,
  meId,
  returnTo,
  onDone,
}: {
  action: FormAction<TaskActionResult>;
  task: { id: string; title: string; notes: string | null; dueOn: string; assigneeId: string };
  assignees: Assignee[] | null;
  meId: string;
  returnTo: string;
  onDone: () => void;
}) {
  const t = useTranslations("tasks");
  const [state, formAction, pending] = useActionState(async (previous: ActionState<TaskActionResult>, formData: FormData) => {
    const result = await action(previous, formData);
    if (result?.ok) onDone();
    return result;
  }, null);
  const errors = useFormErrors(state);
  // Someone outside the actor's choices (an admin gave it to them) stays selectable as it is.
  const choices = assignees && !assignees.some((person) => person.id === task.assigneeId) ? null : assignees;
  return (
    <form action={formAction} noValidate key={JSON.stringify(state)} className="mt-3 space-y-3 rounded-md border border-slate-200 bg-slate-50 p-3" aria-label={t("editNamed", { title: task.title })}>
      <FormAlert>{errors.form}</FormAlert>
      <input type="hidden" name="id" value={task.id} />
      <input type="hidden" name="returnTo" value={returnTo} />
      <TaskFields prefix={`edit-${task.id}`} state={state} values={task} assignees={choices} meId={meId} />
      <div className="flex flex-wrap justify-end gap-2">
        <Button variant="ghost" onClick={onDone}>
          {t("cancel")}
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? t("saving") : t("save")}
        </Button>
      </div>
    </form>
  );
}

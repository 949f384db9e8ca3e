"use client";

import { Check, Pencil, StickyNote } from "lucide-react";
import type { Route } from "next";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useActionState, useId, useState } from "react";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { cn } from "@/components/ui/cn";
import type { ActionState } from "@/lib/http/action-state";
import { formatDealNumber } from "@/lib/sales/rules";
import { EditTaskForm, type Assignee, type TaskActionResult, type TaskActions } from "./task-form";

/** A task as the lists show it (a `TaskRow` from `lib/sales/tasks`). */
export type TaskListItem = {
  id: string;
  title: string;
  notes: string | null;
  dueOn: string;
  completedAt: Date | null;
  assigneeId: string;
  assigneeName: string;
  customer: { id: string; name: string } | null;
  deal: { id: string; number: number; title: string } | null;
  canEdit: boolean;
};

type ListOptions = {
  actions: TaskActions;
  returnTo: string;
  /** Today in the organisation's time zone, `YYYY-MM-DD`, to mark overdue tasks. */
  today: string;
  meId: string;
  assignees: Assignee[] | null;
  /** Show who each task is for (panels list several people's tasks). */
  showAssignee?: boolean;
  /** The record the list is on: no link to the page one is already on. */
  hideLink?: "customer" | "deal";
};

/** A list of tasks, each with its done box, due day, links, notes and (for those who may) edit and delete. */
export function TaskList({ tasks, ...options }: { tasks: TaskListItem[] } & ListOptions) {
  return (
    <ul className="divide-y divide-slate-100">
      {tasks.map((task) => (
        <TaskItem key={task.id} task={task} {...options} />
      ))}
    </ul>
  );
}

function TaskItem({ task, actions, returnTo, today, meId, assignees, showAssignee, hideLink }: { task: TaskListItem } & ListOptions) {
  const t = useTranslations("tasks");
  const format = useFormatter();
  const notesId = useId();
  const [notesOpen, setNotesOpen] = useState(false);
  const [editing, setEditing] = useState(false);
  const done = task.completedAt !== null;
  // The form says which way it goes, so the choice never rests on a render that is out of date.
  const [state, toggle, pending] = useActionState(
    (previous: ActionState<TaskActionResult>, formData: FormData) =>
      (formData.get("done") === "true" ? actions.reopenTaskAction : actions.completeTaskAction)(previous, formData),
    null,
  );
  const errors = useFormErrors(state);
  // Shown ticked (or unticked) while the change is on its way; the refreshed list then moves the row.
  const shownDone = pending ? !done : done;
  const day = (value: string) => format.dateTime(new Date(`${value}T00:00:00Z`), { dateStyle: "medium", timeZone: "UTC" });
  const overdue = !done && task.dueOn < today;
  const when = done
    ? t("doneOn", { date: format.dateTime(task.completedAt!, { dateStyle: "medium", timeStyle: "short" }) })
    : task.dueOn === today
      ? t("dueToday")
      : overdue
        ? t("overdueSince", { date: day(task.dueOn) })
        : t("due", { date: day(task.dueOn) });
  const link = "text-brand-700 hover:underline";
  const smallButton = "inline-flex min-h-8 items-center gap-1 rounded px-2 text-xs font-medium text-slate-600 hover:bg-slate-100";

  return (
    <li className="flex gap-3 py-3">
      <form action={toggle} className="shrink-0">
        <input type="hidden" name="id" value={task.id} />
        <input type="hidden" name="returnTo" value={returnTo} />
        <input type="hidden" name="done" value={String(done)} />
        <button
          type="submit"
          role="checkbox"
          aria-checked={shownDone}
          aria-label={done ? t("reopen", { title: task.title }) : t("complete", { title: task.title })}
          title={task.canEdit ? undefined : t("readOnly")}
          disabled={!task.canEdit || pending}
          className={cn(
            "mt-0.5 flex size-6 items-center justify-center rounded-md border-2 transition-colors focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600 focus-visible:ring-offset-2 disabled:cursor-not-allowed",
            shownDone ? "border-green-600 bg-green-600 text-white" : "border-slate-400 bg-white hover:border-brand-600",
            !task.canEdit && "opacity-50",
          )}
        >
          {shownDone && <Check className="size-4" aria-hidden strokeWidth={3} />}
        </button>
      </form>
      <div className="min-w-0 flex-1">
        <p className={cn("break-words text-sm", shownDone ? "text-slate-500 line-through" : "font-medium text-slate-900")}>{task.title}</p>
        <p className="mt-0.5 flex flex-wrap gap-x-3 gap-y-1 text-xs text-slate-600">
          <span className={cn(overdue && "font-medium text-red-700")}>{when}</span>
          {task.customer && hideLink !== "customer" && (
            <Link href={`/customers/${task.customer.id}` as Route} className={link}>
              {t("customer", { name: task.customer.name })}
            </Link>
          )}
          {task.deal && hideLink !== "deal" && (
            <Link href={`/sales/deals/${task.deal.id}` as Route} className={link}>
              {t("deal", { number: formatDealNumber(task.deal.number), title: task.deal.title })}
            </Link>
          )}
          {showAssignee && <span>{task.assigneeId === meId ? t("assignedToMe") : t("assignedTo", { name: task.assigneeName })}</span>}
        </p>
        {(task.notes || task.canEdit) && (
          <div className="-ml-2 mt-1 flex flex-wrap items-center gap-1">
            {task.notes && (
              <button type="button" className={smallButton} aria-expanded={notesOpen} aria-controls={notesId} onClick={() => setNotesOpen((open) => !open)}>
                <StickyNote className="size-3.5" aria-hidden />
                {t("showNotes")}
              </button>
            )}
            {task.canEdit && !done && (
              <button type="button" className={smallButton} aria-expanded={editing} aria-label={t("editNamed", { title: task.title })} onClick={() => setEditing((open) => !open)}>
                <Pencil className="size-3.5" aria-hidden />
                {t("edit")}
              </button>
            )}
          </div>
        )}
        {task.notes && notesOpen && (
          <p id={notesId} aria-label={t("notesOf", { title: task.title })} className="mt-1 whitespace-pre-wrap break-words rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700">
            {task.notes}
          </p>
        )}
        {errors.form && (
          <p role="alert" className="mt-1 text-sm text-red-600">
            {errors.form}
          </p>
        )}
        {editing && (
          <>
            <EditTaskForm action={actions.updateTaskAction} task={task} assignees={assignees} meId={meId} returnTo={returnTo} onDone={() => setEditing(false)} />
            <div className="mt-2 flex justify-end">
              <ConfirmDialog
                action={actions.deleteTaskAction}
                fields={{ id: task.id, returnTo }}
                labels={{ trigger: t("delete.trigger"), title: t("delete.title"), body: t("delete.body", { title: task.title }), confirm: t("delete.confirm"), cancel: t("delete.cancel") }}
              />
            </div>
          </>
        )}
      </div>
    </li>
  );
}

import { Plus } from "lucide-react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { can, type Actor } from "@/lib/auth/permissions";
import { dayIn } from "@/lib/dates";
import { listTaskAssignees, listTasksFor, mayAssignOthers, type TaskLink } from "@/lib/sales/tasks";
import { getSetting } from "@/lib/settings/queries";
import { NewTaskForm, type TaskActions } from "./task-form";
import { TaskList } from "./task-list";

/**
 * The tasks about one customer or one deal, for their pages: open ones by due day, the last ten
 * done, and a new-task form already about this customer or deal. Pass the actions of
 * `app/(staff)/today/actions.ts` (`import * as taskActions from "@/app/(staff)/today/actions"`).
 */
export async function TaskPanel({ actor, link, actions }: { actor: Actor; link: TaskLink; actions: TaskActions }) {
  if (actor.kind !== "user" || !can(actor, "tasks.write")) return null;
  const [t, tasks, organisation, assignees] = await Promise.all([
    getTranslations("tasks"),
    listTasksFor(actor, link),
    getSetting("organisation"),
    mayAssignOthers(actor) ? listTaskAssignees(actor) : null,
  ]);
  const today = dayIn(new Date(), organisation.timeZone);
  const returnTo = "customerId" in link ? `/customers/${link.customerId}` : `/sales/deals/${link.opportunityId}`;
  const headingId = "customerId" in link ? `tasks-${link.customerId}` : `tasks-${link.opportunityId}`;
  // A module namespace cannot cross to client components; a plain object of the same actions can.
  const plain: TaskActions = {
    createTaskAction: actions.createTaskAction,
    updateTaskAction: actions.updateTaskAction,
    completeTaskAction: actions.completeTaskAction,
    reopenTaskAction: actions.reopenTaskAction,
    deleteTaskAction: actions.deleteTaskAction,
  };
  const options = { actions: plain, returnTo, today, meId: actor.userId, assignees, showAssignee: true, hideLink: "customerId" in link ? ("customer" as const) : ("deal" as const) };

  return (
    <Card className="p-5" aria-labelledby={headingId}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <div>
          <h2 id={headingId} className="text-base font-semibold">
            {t("title")}
          </h2>
          <p className="text-sm text-slate-600">{t("panel.open", { count: tasks.open.length })}</p>
        </div>
        <Link href="/today" className="text-sm font-medium text-brand-700 hover:underline">
          {t("panel.allInMyDay")}
        </Link>
      </div>
      <details className="group mt-3 rounded-md border border-slate-200 open:p-3">
        <summary className="flex min-h-10 cursor-pointer items-center gap-2 px-3 text-sm font-medium text-brand-700 group-open:px-0">
          <Plus className="size-4" aria-hidden />
          {t("new")}
        </summary>
        <div className="mt-3">
          <NewTaskForm action={actions.createTaskAction} defaultDueOn={today} assignees={assignees} meId={actor.userId} link={link} returnTo={returnTo} prefix={`${headingId}-new`} />
        </div>
      </details>
      {tasks.open.length === 0 ? <p className="mt-3 text-sm text-slate-500">{t("panel.empty")}</p> : <TaskList tasks={tasks.open} {...options} />}
      {tasks.done.length > 0 && (
        <details className="mt-3">
          <summary className="min-h-8 cursor-pointer text-sm font-medium text-slate-700">{t("panel.done", { count: tasks.done.length })}</summary>
          <TaskList tasks={tasks.done} {...options} />
        </details>
      )}
    </Card>
  );
}

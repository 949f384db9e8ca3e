import type { Metadata, Route } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { LiveRefresh } from "@/components/live/live-refresh";
import { NewTaskForm } from "@/components/sales/task-form";
import { TaskList } from "@/components/sales/task-list";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { toMajorUnits } from "@/lib/money";
import { formatDealNumber } from "@/lib/sales/rules";
import { listMyDay, listTaskAssignees, mayAssignOthers, type TaskRow } from "@/lib/sales/tasks";
import { completeTaskAction, createTaskAction, deleteTaskAction, reopenTaskAction, updateTaskAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("today"))("title") };
}

const taskActions = { createTaskAction, updateTaskAction, completeTaskAction, reopenTaskAction, deleteTaskAction };
const taskEvents = ["task.created", "task.updated", "task.completed", "task.reopened", "task.deleted"];

export default async function TodayPage() {
  const actor = await requirePermission("tasks.write");
  const [t, format, day, assignees] = await Promise.all([getTranslations("today"), getFormatter(), listMyDay(actor), mayAssignOthers(actor) ? listTaskAssignees(actor) : null]);
  const { deals, total, currency } = day.dealsClosing;
  const money = (minor: number, code: string) => format.number(toMajorUnits(minor, code), { style: "currency", currency: code });
  const dayLabel = (value: string, style: "full" | "medium") => format.dateTime(new Date(`${value}T00:00:00Z`), { dateStyle: style, timeZone: "UTC" });
  const listOptions = { actions: taskActions, returnTo: "/today", today: day.day, meId: actor.userId, assignees };

  const section = (id: string, title: string, tasks: TaskRow[], empty: string, extra?: { badge?: ReactNode; hint?: string }) => (
    <Card className="p-4 sm:p-5" aria-labelledby={id}>
      <div className="flex flex-wrap items-center gap-2">
        <h2 id={id} className="text-base font-semibold text-slate-900">
          {title}
        </h2>
        {extra?.badge}
      </div>
      {extra?.hint && <p className="mt-0.5 text-xs text-slate-500">{extra.hint}</p>}
      {tasks.length === 0 ? <p className="mt-2 text-sm text-slate-500">{empty}</p> : <TaskList tasks={tasks} {...listOptions} />}
    </Card>
  );

  return (
    <>
      <LiveRefresh types={taskEvents} />
      <PageHeader title={t("title")} description={t("description", { date: dayLabel(day.day, "full") })} />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-2">
          <Card className="p-4 sm:p-5" aria-labelledby="today-new-task">
            <h2 id="today-new-task" className="mb-3 text-base font-semibold text-slate-900">
              {t("newTask")}
            </h2>
            <NewTaskForm action={createTaskAction} defaultDueOn={day.day} assignees={assignees} meId={actor.userId} returnTo="/today" />
          </Card>
          {section("today-overdue", t("overdue"), day.overdue, t("empty.overdue"), {
            badge: day.overdueCount > 0 && <Badge tone="red">{t("overdueBadge", { count: day.overdueCount })}</Badge>,
            hint: day.overdueCount > day.overdue.length ? t("overdueMore", { shown: day.overdue.length, total: day.overdueCount }) : undefined,
          })}
          {section("today-today", t("today"), day.today, t("empty.today"), { badge: day.today.length > 0 && <Badge tone="brand">{day.today.length}</Badge> })}
          {section("today-upcoming", t("upcoming"), day.upcoming, t("empty.upcoming"))}
          {section("today-done", t("doneToday"), day.doneToday, t("empty.doneToday"), { hint: t("doneTodayHint") })}
        </div>

        <Card className="h-fit min-w-0 p-4 sm:p-5" aria-labelledby="today-deals">
          <div className="flex flex-wrap items-center gap-2">
            <h2 id="today-deals" className="text-base font-semibold text-slate-900">
              {t("deals.title")}
            </h2>
            {deals.length > 0 && <Badge>{t("deals.count", { count: deals.length })}</Badge>}
          </div>
          {deals.length === 0 ? (
            <p className="mt-2 text-sm text-slate-500">{t("empty.deals")}</p>
          ) : (
            <>
              <ul className="mt-2 divide-y divide-slate-100">
                {deals.map((deal) => (
                  <li key={deal.id} className="py-3">
                    <div className="flex items-start justify-between gap-3">
                      <Link href={`/sales/deals/${deal.id}` as Route} className="min-w-0 break-words text-sm font-medium text-brand-700 hover:underline">
                        <span className="font-mono text-xs text-slate-500">{formatDealNumber(deal.number)}</span> {deal.title}
                      </Link>
                      <span className="shrink-0 text-sm font-medium tabular-nums text-slate-900">{money(deal.amount, deal.currency)}</span>
                    </div>
                    <p className="mt-0.5 flex flex-wrap gap-x-3 text-xs text-slate-600">
                      <span>{deal.customerName}</span>
                      <span>{t("deals.stage", { stage: deal.stageName })}</span>
                      <span>{t("deals.closesOn", { date: dayLabel(deal.expectedCloseOn, "medium") })}</span>
                    </p>
                  </li>
                ))}
              </ul>
              <div className="mt-2 flex items-baseline justify-between gap-3 border-t border-slate-200 pt-3">
                <span className="text-sm font-semibold text-slate-700">{t("deals.total")}</span>
                <span className="text-base font-semibold tabular-nums text-slate-900">{money(total, currency)}</span>
              </div>
              {deals.some((deal) => deal.currency !== currency) && <p className="mt-1 text-xs text-slate-500">{t("deals.otherCurrencies")}</p>}
            </>
          )}
          {can(actor, "deals.read") && (
            <Link href="/sales/pipeline" className="mt-3 inline-block text-sm font-medium text-brand-700 hover:underline">
              {t("deals.pipeline")}
            </Link>
          )}
        </Card>
      </div>
    </>
  );
}

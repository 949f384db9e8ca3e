import type { Route } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { formatDealNumber } from "@/lib/sales/rules";
import type { TaskRow } from "@/lib/sales/tasks";

/** Open tasks as a short read-only list: title, due day and what each is about, linked. */
export async function SalesTaskList({ tasks, empty }: { tasks: TaskRow[]; empty: string }) {
  const [t, format] = await Promise.all([getTranslations("reports.mine.tasks"), getFormatter()]);
  if (tasks.length === 0) return <p className="text-sm text-slate-500">{empty}</p>;
  return (
    <ul className="divide-y divide-slate-100">
      {tasks.map((task) => (
        <li key={task.id} className="py-2">
          <p className="text-sm font-medium break-words text-slate-900">{task.title}</p>
          <p className="mt-0.5 flex flex-wrap gap-x-3 text-xs text-slate-600">
            <span>{t("due", { date: format.dateTime(new Date(`${task.dueOn}T00:00:00Z`), { dateStyle: "medium", timeZone: "UTC" }) })}</span>
            {task.deal && (
              <Link href={`/sales/deals/${task.deal.id}` as Route} className="text-brand-700 hover:underline">
                {formatDealNumber(task.deal.number)} {task.deal.title}
              </Link>
            )}
            {!task.deal && task.customer && (
              <Link href={`/customers/${task.customer.id}` as Route} className="text-brand-700 hover:underline">
                {task.customer.name}
              </Link>
            )}
          </p>
        </li>
      ))}
    </ul>
  );
}

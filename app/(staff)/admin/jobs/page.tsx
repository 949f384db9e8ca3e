import type { Metadata, Route } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { RetryButton } from "@/components/jobs/retry-button";
import { ListPagination } from "@/components/list-pagination";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { jobStatuses } from "@/db/schema";
import { requirePermission } from "@/lib/auth/session";
import { listJobs } from "@/lib/jobs/queries";
import { hrefWith } from "@/lib/url";
import { retryJobAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("jobs"))("title") };
}

export default async function JobsPage({ searchParams }: PageProps<"/admin/jobs">) {
  const actor = await requirePermission("jobs.manage");
  const [t, format, result] = await Promise.all([getTranslations("jobs"), getFormatter(), listJobs(actor, await searchParams)]);
  const { params } = result;
  const retryable = params.status === "dead" || params.status === "queued";

  return (
    <>
      <PageHeader title={t("title")} />
      <nav aria-label={t("title")} className="mb-4 flex flex-wrap gap-2">
        {jobStatuses.map((status) => (
          <Link
            key={status}
            href={hrefWith("/admin/jobs", {}, { status }) as Route}
            aria-current={status === params.status ? "page" : undefined}
            className={cn(
              "rounded-full border px-3 py-1 text-sm",
              status === params.status ? "border-brand-600 bg-brand-50 text-brand-700" : "border-slate-300 bg-white text-slate-700 hover:bg-slate-50",
            )}
          >
            {t(`statuses.${status}`)} <span className="tabular-nums text-slate-500">{result.counts[status]}</span>
          </Link>
        ))}
      </nav>
      {result.rows.length === 0 ? (
        <EmptyState title={t("empty")} />
      ) : (
        <>
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-xs">
            <table className="w-full text-left text-sm">
              <thead className="border-b border-slate-200 bg-slate-50 text-slate-600">
                <tr>
                  <th scope="col" className="px-4 py-3 font-medium">{t("columns.id")}</th>
                  <th scope="col" className="px-4 py-3 font-medium">{t("columns.name")}</th>
                  <th scope="col" className="px-4 py-3 font-medium">{t("columns.attempts")}</th>
                  <th scope="col" className="hidden px-4 py-3 font-medium sm:table-cell">
                    {params.status === "queued" ? t("columns.runAt") : t("columns.updatedAt")}
                  </th>
                  <th scope="col" className="px-4 py-3 font-medium">{t("columns.lastError")}</th>
                  {retryable && <th scope="col" className="px-4 py-3"><span className="sr-only">{t("retry")}</span></th>}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 align-top">
                {result.rows.map((job) => (
                  <tr key={job.id}>
                    <td className="px-4 py-3 font-mono text-xs text-slate-500">#{job.id}</td>
                    <td className="px-4 py-3 font-mono text-xs">{job.name}</td>
                    <td className="px-4 py-3 tabular-nums">
                      {job.attempts}/{job.maxAttempts}
                    </td>
                    <td className="hidden whitespace-nowrap px-4 py-3 text-slate-600 sm:table-cell">
                      {format.dateTime(params.status === "queued" ? job.runAt : job.updatedAt, "dateTime")}
                    </td>
                    <td className="max-w-md px-4 py-3 font-mono text-xs break-words text-red-700">{job.lastError ?? "—"}</td>
                    {retryable && (
                      <td className="px-4 py-3">
                        <RetryButton id={job.id} action={retryJobAction} />
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ListPagination page={result.page} pageCount={result.pageCount} hrefFor={(page) => hrefWith("/admin/jobs", params, { page }, { page: 1 })} />
        </>
      )}
    </>
  );
}

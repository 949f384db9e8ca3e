import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { RetryButton } from "@/components/jobs/retry-button";
import { ListPagination } from "@/components/list-pagination";
import { FilterChips } from "@/components/ui/filter-chips";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Th } from "@/components/ui/table";
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
      <FilterChips
        label={t("title")}
        items={jobStatuses.map((status) => ({
          href: hrefWith("/admin/jobs", {}, { status }),
          current: status === params.status,
          label: (
            <>
              {t(`statuses.${status}`)} <span className="tabular-nums text-slate-500">{result.counts[status]}</span>
            </>
          ),
        }))}
      />
      {result.rows.length === 0 ? (
        <EmptyState title={t("empty")} />
      ) : (
        <>
          <Table
            bodyClassName="align-top"
            head={
              <>
                <Th>{t("columns.id")}</Th>
                <Th>{t("columns.name")}</Th>
                <Th>{t("columns.attempts")}</Th>
                <Th className="hidden sm:table-cell">
                  {params.status === "queued" ? t("columns.runAt") : t("columns.updatedAt")}
                </Th>
                <Th>{t("columns.lastError")}</Th>
                {retryable && <Th><span className="sr-only">{t("retry")}</span></Th>}
              </>
            }
          >
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
          </Table>
          <ListPagination page={result.page} pageCount={result.pageCount} hrefFor={(page) => hrefWith("/admin/jobs", params, { page }, { page: 1 })} />
        </>
      )}
    </>
  );
}

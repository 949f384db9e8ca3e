import { Plus, SquareKanban } from "lucide-react";
import type { Metadata, Route } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { CustomerSearch } from "@/components/customers/customer-search";
import { ListPagination } from "@/components/list-pagination";
import { LiveRefresh } from "@/components/live/live-refresh";
import { DealFilters } from "@/components/sales/deal-filters";
import { DealTable } from "@/components/sales/deal-table";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { FilterChips } from "@/components/ui/filter-chips";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { dealListParamsSchema, listDeals } from "@/lib/sales/deals";
import { listPipelines } from "@/lib/sales/pipelines";
import { listVisibleOwners } from "@/lib/sales/teams";
import { hrefWith } from "@/lib/url";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("deals"))("title") };
}

const defaults = dealListParamsSchema.parse({});
const filterKeys = ["owner", "pipeline", "stage", "close", "min", "max"] as const;
/** Filters the dashboards' figures link with, which the filter form does not offer. */
const drillKeys = ["team", "createdFrom", "createdTo", "closedFrom", "closedTo", "reached"] as const;

export default async function DealsPage({ searchParams }: PageProps<"/sales/deals">) {
  const actor = await requirePermission("deals.read");
  const params = dealListParamsSchema.parse(await searchParams);
  const [t, tReports, result, owners, pipelines] = await Promise.all([
    getTranslations("deals"),
    getTranslations("reports.sales"),
    listDeals(actor, params),
    listVisibleOwners(actor),
    listPipelines(actor),
  ]);
  const href = (patch: Record<string, string | number | undefined>) => hrefWith("/sales/deals", params, patch, defaults);
  const activeCount = filterKeys.filter((key) => params[key] !== undefined && params[key] !== "").length;
  const drilled = drillKeys.some((key) => params[key] !== undefined);
  const filtered = activeCount > 0 || drilled || Boolean(params.q) || params.status !== defaults.status;

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("count", { total: result.total })}
        actions={
          <>
            <Link href="/sales/pipeline" className={buttonClass("secondary")}>
              <SquareKanban className="size-4" aria-hidden />
              {t("board")}
            </Link>
            {can(actor, "deals.write") && (
              <Link href="/sales/deals/new" className={buttonClass()}>
                <Plus className="size-4" aria-hidden />
                {t("new")}
              </Link>
            )}
          </>
        }
      />
      <LiveRefresh types={["deal.created", "deal.moved", "deal.updated"]} />
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <Suspense>
          <CustomerSearch label={t("search.label")} placeholder={t("search.placeholder")} />
        </Suspense>
      </div>
      <FilterChips
        label={t("statusNav")}
        items={(["open", "won", "lost", "all"] as const).map((status) => ({
          href: href({ status, page: undefined }),
          label: t(`statuses.${status}`),
          current: params.status === status,
        }))}
      />
      {drilled && (
        <p className="mb-4 flex flex-wrap items-baseline gap-x-3 rounded-md border border-brand-100 bg-brand-50 px-3 py-2 text-sm text-slate-700">
          {tReports("drillNotice")}
          <Link href={href(Object.fromEntries(drillKeys.map((key) => [key, undefined]))) as Route} className="font-medium text-brand-700 hover:underline">
            {tReports("drillClear")}
          </Link>
        </p>
      )}
      <DealFilters
        params={params}
        activeCount={activeCount}
        options={{
          owners: owners.map((owner) => ({ value: owner.id, label: owner.name })),
          pipelines: pipelines.map((pipeline) => ({ id: pipeline.id, name: pipeline.name, stages: pipeline.stages.map((stage) => ({ id: stage.id, name: stage.name })) })),
        }}
      />
      {result.rows.length === 0 ? (
        <EmptyState title={filtered ? t("empty.noMatch") : t("empty.none")}>{filtered ? t("empty.noMatchHint") : can(actor, "deals.write") && t("empty.noneHint")}</EmptyState>
      ) : (
        <>
          <DealTable rows={result.rows} params={params} sortHref={(sort, dir) => href({ sort, dir, page: undefined })} />
          <ListPagination page={result.page} pageCount={result.pageCount} hrefFor={(page) => href({ page })} />
        </>
      )}
    </>
  );
}

import { Download, Plus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { BulkActions, bulkFormId } from "@/components/customers/bulk-actions";
import { CustomerFilters } from "@/components/customers/customer-filters";
import { DeletedBanner } from "@/components/customers/deleted-banner";
import { customerFormOptions } from "@/components/customers/form-options";
import { SaveSegmentForm } from "@/components/customers/save-segment-form";
import { LiveRefresh } from "@/components/live/live-refresh";
import { CustomerSearch } from "@/components/customers/customer-search";
import { CustomerTable } from "@/components/customers/customer-table";
import { buttonClass } from "@/components/ui/button";
import { ListPagination } from "@/components/list-pagination";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { getDeletedCustomerName, listCustomers } from "@/lib/customers/queries";
import { formatCustomerNumber } from "@/lib/customers/rules";
import { getSegment } from "@/lib/customers/segments";
import { activeFilters, customerListParamsSchema } from "@/lib/customers/schemas";
import { listTierChoices } from "@/lib/membership/programme";
import { hrefWith } from "@/lib/url";
import { bulkUpdateAction, createSegmentAction, restoreCustomerAction } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("customers"))("title") };
}

const defaults = customerListParamsSchema.parse({});

export default async function CustomersPage({ searchParams }: PageProps<"/customers">) {
  const actor = await requirePermission("customers.read");
  const search = await searchParams;
  const [t, result, deletedName, segment] = await Promise.all([
    getTranslations("customers"),
    listCustomers(actor, search),
    // Just deleted by this admin: offer to undo it.
    typeof search.deleted === "string" && can(actor, "customers.delete")
      ? getDeletedCustomerName(actor, search.deleted).catch(() => null)
      : null,
    typeof search.segment === "string" ? getSegment(actor, search.segment).catch(() => null) : null,
  ]);
  const { params } = result;
  const href = (patch: Record<string, string | number | undefined>) => hrefWith("/customers", params, patch, defaults);
  const filters = activeFilters(params);
  const activeCount = Object.keys(filters).filter((key) => key !== "q").length;
  const [formOptions, locale] = await Promise.all([customerFormOptions(), getLocale()]);
  const exportHref = hrefWith("/customers/export", filters, {});

  return (
    <>
      <PageHeader
        title={t("title")}
        description={[segment && t("segments.current", { name: segment.name }), t(result.capped ? "countAtLeast" : "count", { total: result.total })].filter(Boolean).join(" · ")}
        actions={
          can(actor, "customers.write") && (
            <Link href="/customers/new" className={buttonClass()}>
              <Plus className="size-4" aria-hidden />
              {t("new")}
            </Link>
          )
        }
      />
      <LiveRefresh types={["customer.created", "customer.updated"]} />
      {typeof search.erased === "string" && /^\d+$/.test(search.erased) && (
        <p role="status" className="mb-4 rounded-md border border-slate-300 bg-white px-4 py-3 text-sm">
          {t("privacy.erased", { number: formatCustomerNumber(Number(search.erased)) })}
        </p>
      )}
      {deletedName && <DeletedBanner action={restoreCustomerAction} id={String(search.deleted)} name={deletedName} />}
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <Suspense>
          <CustomerSearch label={t("search.label")} placeholder={t("search.placeholder")} />
        </Suspense>
        <div className="flex flex-wrap gap-2">
          <Link href="/customers/segments" className={buttonClass("ghost")}>
            {t("segments.all")}
          </Link>
          <Link href="/customers/tags" className={buttonClass("ghost")}>
            {t("tags.title")}
          </Link>
          {can(actor, "customers.import") && (
            <Link href="/customers/import" className={buttonClass("ghost")}>
              {t("importCsv")}
            </Link>
          )}
          {can(actor, "customers.merge") && (
            <Link href="/customers/duplicates" className={buttonClass("ghost")}>
              {t("duplicates.title")}
            </Link>
          )}
          {can(actor, "customers.export") && (
            <a href={exportHref} className={buttonClass("secondary")} download>
              <Download className="size-4" aria-hidden />
              {t("exportCsv")}
            </a>
          )}
        </div>
      </div>
      <CustomerFilters
        params={params}
        activeCount={activeCount}
        options={{
          stages: formOptions.stages,
          sources: formOptions.sources,
          kinds: formOptions.kinds,
          owners: formOptions.owners,
          tiers: can(actor, "membership.read") ? (await listTierChoices()).map((tier) => ({ value: tier.id, label: locale === "zh-CN" ? tier.nameZh : tier.name })) : [],
        }}
      />
      {Object.keys(filters).length > 0 && can(actor, "segments.write") && (
        <div className="mb-4">
          <SaveSegmentForm action={createSegmentAction} filters={JSON.stringify(filters)} />
        </div>
      )}
      {result.rows.length === 0 ? (
        <EmptyState title={params.q ? t("empty.noMatch", { q: params.q }) : t("empty.none")}>
          {params.q ? t("empty.noMatchHint") : can(actor, "customers.write") && t("empty.noneHint")}
        </EmptyState>
      ) : (
        <>
          {can(actor, "customers.write") && (
            <BulkActions action={bulkUpdateAction} filter={JSON.stringify(filters)} total={result.total} capped={result.capped} owners={formOptions.owners} />
          )}
          <CustomerTable
            rows={result.rows}
            params={params}
            sortHref={(sort, dir) => href({ sort, dir, page: undefined })}
            selectable={can(actor, "customers.write") ? { formId: bulkFormId, label: t("bulk.select") } : undefined}
          />
          <ListPagination page={result.page} pageCount={result.pageCount} hrefFor={(page) => href({ page })} />
        </>
      )}
    </>
  );
}

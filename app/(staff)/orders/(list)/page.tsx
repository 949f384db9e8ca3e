import { Plus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { CustomerSearch } from "@/components/customers/customer-search";
import { ListPagination } from "@/components/list-pagination";
import { LiveRefresh } from "@/components/live/live-refresh";
import { OrderFilters } from "@/components/orders/order-filters";
import { OrderTable } from "@/components/orders/order-table";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { listOrders, orderListParamsSchema } from "@/lib/sales/orders";
import { hrefWith } from "@/lib/url";
import { orderEvents } from "../events";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("orders"))("title") };
}

const defaults = orderListParamsSchema.parse({});

export default async function OrdersPage({ searchParams }: PageProps<"/orders">) {
  const actor = await requirePermission("orders.read");
  const params = orderListParamsSchema.parse(await searchParams);
  const [t, result] = await Promise.all([getTranslations("orders"), listOrders(actor, params)]);
  const href = (patch: Record<string, string | number | undefined>) => hrefWith("/orders", params, patch, defaults);
  const filtered = Boolean(params.q || params.status || params.channel || params.from || params.to);

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("count", { total: result.total })}
        actions={
          can(actor, "orders.write") && (
            <Link href="/orders/new" className={buttonClass()}>
              <Plus className="size-4" aria-hidden />
              {t("new")}
            </Link>
          )
        }
      />
      <LiveRefresh types={orderEvents} />
      <div className="mb-4">
        <Suspense>
          <CustomerSearch label={t("search.label")} placeholder={t("search.placeholder")} />
        </Suspense>
      </div>
      <OrderFilters params={params} href={href} />
      {result.rows.length === 0 ? (
        <EmptyState title={filtered ? t("empty.noMatch") : t("empty.none")}>{filtered ? t("empty.noMatchHint") : t("empty.noneHint")}</EmptyState>
      ) : (
        <>
          <OrderTable rows={result.rows} sort={params.sort} dir={params.dir} sortHref={(sort, dir) => href({ sort, dir, page: undefined })} />
          <ListPagination page={result.page} pageCount={result.pageCount} hrefFor={(page) => href({ page })} />
        </>
      )}
    </>
  );
}

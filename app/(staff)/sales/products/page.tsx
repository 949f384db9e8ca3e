import { Plus, Upload } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { CustomerSearch } from "@/components/customers/customer-search";
import { ListPagination } from "@/components/list-pagination";
import { LiveRefresh } from "@/components/live/live-refresh";
import { ProductFilters } from "@/components/sales/product-filters";
import { ProductTable } from "@/components/sales/product-table";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { listProductCategories, listProducts, productListParamsSchema } from "@/lib/sales/products";
import { hrefWith } from "@/lib/url";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("products");
  return { title: t("title"), description: t("intro") };
}

const defaults = productListParamsSchema.parse({});

export default async function ProductsPage(props: PageProps<"/sales/products">) {
  const actor = await requirePermission("products.read");
  const [t, result, categories] = await Promise.all([getTranslations("products"), listProducts(actor, await props.searchParams), listProductCategories(actor)]);
  const { params } = result;
  const href = (patch: Record<string, string | number | undefined>) => hrefWith("/sales/products", params, patch, defaults);
  const editable = can(actor, "products.manage");
  const filtered = Boolean(params.q || params.category || params.status !== "active");

  return (
    <>
      <PageHeader
        title={t("title")}
        description={`${t("count", { total: result.total })}${editable ? "" : ` · ${t("readOnly")}`}`}
        actions={
          editable && (
            <>
              <Link href="/sales/products/import" className={buttonClass("secondary")}>
                <Upload className="size-4" aria-hidden />
                {t("importCsv")}
              </Link>
              <Link href="/sales/products/new" className={buttonClass()}>
                <Plus className="size-4" aria-hidden />
                {t("new")}
              </Link>
            </>
          )
        }
      />
      <LiveRefresh types={["product.created", "product.updated", "product.imported"]} />
      <div className="mb-4">
        <Suspense>
          <CustomerSearch label={t("search.label")} placeholder={t("search.placeholder")} />
        </Suspense>
      </div>
      <ProductFilters params={params} categories={categories} href={href} />
      {result.rows.length === 0 ? (
        <EmptyState title={filtered ? t("empty.noMatch") : t("empty.none")}>
          {filtered ? t("empty.noMatchHint") : editable && t("empty.noneHint")}
        </EmptyState>
      ) : (
        <>
          <ProductTable rows={result.rows} params={params} editable={editable} sortHref={(sort, dir) => href({ sort, dir, page: undefined })} />
          <ListPagination page={result.page} pageCount={result.pageCount} hrefFor={(page) => href({ page })} />
        </>
      )}
    </>
  );
}

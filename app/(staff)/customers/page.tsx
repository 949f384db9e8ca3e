import { Plus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { DeletedBanner } from "@/components/customers/deleted-banner";
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
import { customerListParamsSchema } from "@/lib/customers/schemas";
import { hrefWith } from "@/lib/url";
import { restoreCustomerAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("customers"))("title") };
}

const defaults = customerListParamsSchema.parse({});

export default async function CustomersPage({ searchParams }: PageProps<"/customers">) {
  const actor = await requirePermission("customers.read");
  const search = await searchParams;
  const [t, result, deletedName] = await Promise.all([
    getTranslations("customers"),
    listCustomers(actor, search),
    // Just deleted by this admin: offer to undo it.
    typeof search.deleted === "string" && can(actor, "customers.delete")
      ? getDeletedCustomerName(actor, search.deleted).catch(() => null)
      : null,
  ]);
  const { params } = result;
  const href = (patch: Record<string, string | number | undefined>) => hrefWith("/customers", params, patch, defaults);

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("count", { total: result.total })}
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
      {deletedName && <DeletedBanner action={restoreCustomerAction} id={String(search.deleted)} name={deletedName} />}
      <div className="mb-4">
        <Suspense>
          <CustomerSearch label={t("search.label")} placeholder={t("search.placeholder")} />
        </Suspense>
      </div>
      {result.rows.length === 0 ? (
        <EmptyState title={params.q ? t("empty.noMatch", { q: params.q }) : t("empty.none")}>
          {params.q ? t("empty.noMatchHint") : can(actor, "customers.write") && t("empty.noneHint")}
        </EmptyState>
      ) : (
        <>
          <CustomerTable rows={result.rows} params={params} sortHref={(sort, dir) => href({ sort, dir, page: undefined })} />
          <ListPagination page={result.page} pageCount={result.pageCount} hrefFor={(page) => href({ page })} />
        </>
      )}
    </>
  );
}

import { ChevronRight } from "lucide-react";
import type { Metadata, Route } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { z } from "zod";
import { ListPagination } from "@/components/list-pagination";
import { OrderStatusBadge } from "@/components/orders/order-status";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { requireMember } from "@/lib/auth/session";
import { toMajorUnits } from "@/lib/money";
import { listOwnOrders } from "@/lib/sales/orders";
import { hrefWith } from "@/lib/url";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("portal.orders"))("title") };
}

const paramsSchema = z.object({ page: z.coerce.number().int().min(1).max(10_000).catch(1) });

/** The member's own orders, newest first, a page at a time. */
export default async function PortalOrdersPage({ searchParams }: PageProps<"/portal/orders">) {
  const actor = await requireMember();
  const { page } = paramsSchema.parse(await searchParams);
  const [result, t, to, format] = await Promise.all([
    listOwnOrders(actor, { page, sort: "placed", dir: "desc" }),
    getTranslations("portal.orders"),
    getTranslations("orders"),
    getFormatter(),
  ]);

  return (
    <>
      <h1 className="mb-4 text-2xl font-semibold tracking-tight">{t("title")}</h1>
      {result.rows.length === 0 ? (
        <EmptyState title={t("empty")}>
          <p>{t("emptyHint")}</p>
          <Link href="/portal" className={buttonClass("secondary", "mt-4")}>
            {t("toCard")}
          </Link>
        </EmptyState>
      ) : (
        <ul className="space-y-3">
          {result.rows.map((order) => {
            const points = order.pointsEarned;
            return (
              <li key={order.id}>
                <Link
                  href={`/portal/orders/${order.id}` as Route}
                  className="flex items-center gap-3 rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-xs hover:bg-slate-50 focus-visible:ring-2 focus-visible:ring-brand-600 focus-visible:outline-none"
                >
                  <div className="min-w-0 flex-1">
                    <div className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1">
                      <span className="font-mono text-sm font-medium text-slate-900">{order.label}</span>
                      <OrderStatusBadge status={order.status} label={to(`statuses.${order.status}`)} />
                    </div>
                    <div className="mt-1 flex flex-wrap items-baseline justify-between gap-x-3 text-sm">
                      <time dateTime={order.placedAt.toISOString()} className="text-slate-600">
                        {format.dateTime(order.placedAt, "dateTime")}
                      </time>
                      <span className="font-semibold tabular-nums text-slate-900">{format.number(toMajorUnits(order.total, order.currency), { style: "currency", currency: order.currency })}</span>
                    </div>
                    {points > 0 && <p className="mt-0.5 text-xs font-medium text-green-700">{t("pointsEarned", { points })}</p>}
                  </div>
                  <ChevronRight className="size-4 shrink-0 text-slate-400" aria-hidden />
                </Link>
              </li>
            );
          })}
        </ul>
      )}
      {result.pageCount > 1 && <ListPagination page={result.page} pageCount={result.pageCount} hrefFor={(next) => hrefWith("/portal/orders", {}, { page: next > 1 ? String(next) : undefined })} />}
    </>
  );
}

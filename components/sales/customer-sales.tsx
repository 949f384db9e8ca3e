import { Plus } from "lucide-react";
import type { Route } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { OrderStatusBadge } from "@/components/orders/order-status";
import { Card } from "@/components/ui/card";
import { can, type Actor } from "@/lib/auth/permissions";
import { toMajorUnits } from "@/lib/money";
import { listCustomerDeals } from "@/lib/sales/deals";
import { getCustomerPurchases } from "@/lib/sales/orders";
import { formatDealNumber } from "@/lib/sales/rules";

/** A customer's orders and deals on their page, with the ways to start new ones. */
export async function CustomerSales({ actor, customerId, currency }: { actor: Actor; customerId: string; currency: string }) {
  if (!can(actor, "orders.read") && !can(actor, "deals.read")) return null;
  const [t, to, format, purchases, deals] = await Promise.all([
    getTranslations("customerSales"),
    getTranslations("orders"),
    getFormatter(),
    can(actor, "orders.read") ? getCustomerPurchases(actor, customerId) : null,
    listCustomerDeals(actor, customerId),
  ]);
  const money = (minor: number, code = currency) => format.number(toMajorUnits(minor, code), { style: "currency", currency: code });
  const link = "text-sm font-medium text-brand-700 hover:underline";

  return (
    <Card className="p-5">
      <h2 className="text-base font-semibold">{t("title")}</h2>
      {purchases && (
        <>
          <dl className="mt-3 grid grid-cols-3 gap-2 text-center">
            <div className="rounded-md bg-slate-50 p-2">
              <dt className="text-xs text-slate-500">{t("orders")}</dt>
              <dd className="font-semibold text-slate-900">{format.number(purchases.stats.orders)}</dd>
            </div>
            <div className="rounded-md bg-slate-50 p-2">
              <dt className="text-xs text-slate-500">{t("spend")}</dt>
              <dd className="font-semibold text-slate-900">{money(purchases.stats.spend)}</dd>
            </div>
            <div className="rounded-md bg-slate-50 p-2">
              <dt className="text-xs text-slate-500">{t("lastOrder")}</dt>
              <dd className="font-semibold text-slate-900">{purchases.stats.lastOrderAt ? format.dateTime(purchases.stats.lastOrderAt, { dateStyle: "medium" }) : "—"}</dd>
            </div>
          </dl>
          <h3 className="mt-4 text-sm font-semibold text-slate-700">{t("recentOrders")}</h3>
          {purchases.recent.length === 0 ? (
            <p className="mt-1 text-sm text-slate-500">{t("noOrders")}</p>
          ) : (
            <ul className="mt-1 divide-y divide-slate-100">
              {purchases.recent.map((order) => (
                <li key={order.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                  <Link href={`/orders/${order.id}` as Route} className="font-mono text-brand-700 hover:underline">
                    {order.label}
                  </Link>
                  <span className="flex items-center gap-2">
                    {money(order.total, order.currency)}
                    <OrderStatusBadge status={order.status} label={to(`statuses.${order.status}`)} />
                  </span>
                </li>
              ))}
            </ul>
          )}
          <div className="mt-2 flex flex-wrap gap-4">
            {can(actor, "orders.write") && (
              <Link href={`/orders/new?customerId=${customerId}` as Route} className={`${link} inline-flex items-center gap-1`}>
                <Plus className="size-4" aria-hidden />
                {t("newOrder")}
              </Link>
            )}
          </div>
        </>
      )}
      {can(actor, "deals.read") && (
        <>
          <h3 className="mt-5 text-sm font-semibold text-slate-700">{t("deals")}</h3>
          {deals.length === 0 ? (
            <p className="mt-1 text-sm text-slate-500">{t("noDeals")}</p>
          ) : (
            <ul className="mt-1 divide-y divide-slate-100">
              {deals.map((deal) => (
                <li key={deal.id} className="py-2 text-sm">
                  <Link href={`/sales/deals/${deal.id}` as Route} className="font-medium text-slate-900 hover:text-brand-700 hover:underline">
                    {deal.title}
                  </Link>
                  <p className="text-xs text-slate-500">
                    {formatDealNumber(deal.number)} · {deal.stageName} · {money(deal.amount, deal.currency)}
                  </p>
                </li>
              ))}
            </ul>
          )}
          {can(actor, "deals.write") && (
            <Link href={`/sales/deals/new?customerId=${customerId}` as Route} className={`${link} mt-2 inline-flex items-center gap-1`}>
              <Plus className="size-4" aria-hidden />
              {t("newDeal")}
            </Link>
          )}
        </>
      )}
    </Card>
  );
}

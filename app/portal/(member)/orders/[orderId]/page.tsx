import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { cache } from "react";
import { OrderStatusBadge } from "@/components/orders/order-status";
import { OrderPointsList, OrderRefundList, OrderTotals } from "@/components/orders/order-summary";
import { BackLink } from "@/components/ui/back-link";
import { Card } from "@/components/ui/card";
import { requireMember, type UserActor } from "@/lib/auth/session";
import { toMajorUnits } from "@/lib/money";
import { getOwnOrder } from "@/lib/sales/orders";
import { foundOrNotFound } from "@/lib/http/not-found";

/** One of the member's own orders, or the not-found page (also for anyone else's, or a malformed id). */
const loadOwnOrder = cache((actor: UserActor, orderId: string) => foundOrNotFound(getOwnOrder(actor, orderId)));

export async function generateMetadata({ params }: PageProps<"/portal/orders/[orderId]">): Promise<Metadata> {
  const actor = await requireMember();
  const order = await loadOwnOrder(actor, (await params).orderId);
  return { title: order.label };
}

/**
 * One of the member's orders: what was bought, what it cost, the points it earned or used, and
 * refunds. Deliberately under no `loading.tsx`: a loading boundary streams the page with status
 * 200 before the ownership check, and someone else's order must answer a real 404.
 */
export default async function PortalOrderPage({ params }: PageProps<"/portal/orders/[orderId]">) {
  const actor = await requireMember();
  const [order, t, to, format] = await Promise.all([loadOwnOrder(actor, (await params).orderId), getTranslations("portal.orders"), getTranslations("orders"), getFormatter()]);
  const money = (minor: number) => format.number(toMajorUnits(minor, order.currency), { style: "currency", currency: order.currency });
  const earned = order.points.filter((entry) => entry.kind === "earn").reduce((sum, entry) => sum + entry.delta, 0);

  return (
    <>
      <BackLink href="/portal/orders">{t("title")}</BackLink>
      <Card className="mb-4 px-4 py-4">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h1 className="font-mono text-lg font-semibold text-slate-900">{order.label}</h1>
          <OrderStatusBadge status={order.status} label={to(`statuses.${order.status}`)} />
        </div>
        <p className="mt-1 text-sm text-slate-600">
          <time dateTime={order.placedAt.toISOString()}>{format.dateTime(order.placedAt, "dateTime")}</time> · {to(`channels.${order.channel}`)}
        </p>
        {(earned > 0 || order.pointsUsed > 0) && (
          <div className="mt-3 flex flex-wrap gap-2 text-sm">
            {earned > 0 && <span className="rounded-full bg-green-50 px-3 py-1 font-medium text-green-700">{t("pointsEarned", { points: earned })}</span>}
            {order.pointsUsed > 0 && <span className="rounded-full bg-slate-100 px-3 py-1 font-medium text-slate-700">{t("pointsUsed", { points: order.pointsUsed })}</span>}
          </div>
        )}
      </Card>

      <Card className="mb-4 px-4 py-3" aria-labelledby="portal-order-lines">
        <h2 id="portal-order-lines" className="text-base font-semibold">
          {t("items")}
        </h2>
        <ul className="divide-y divide-slate-100">
          {order.lines.map((line) => (
            <li key={line.id} className="flex items-start justify-between gap-3 py-2.5 text-sm">
              <div className="min-w-0">
                <p className="font-medium break-words text-slate-900">{line.name}</p>
                <p className="text-xs text-slate-500 tabular-nums">
                  {t("quantityTimes", { quantity: line.quantity, price: money(line.unitPrice) })}
                  {line.discount > 0 && <> · {t("lineDiscount", { amount: money(line.discount) })}</>}
                </p>
              </div>
              <p className="shrink-0 tabular-nums">{money(line.amount)}</p>
            </li>
          ))}
        </ul>
        <div className="mt-1 border-t border-slate-200 pt-1">
          <OrderTotals order={order} />
        </div>
      </Card>

      <Card className="mb-4 px-4 py-3" aria-labelledby="portal-order-points">
        <h2 id="portal-order-points" className="text-base font-semibold">
          {t("pointsTitle")}
        </h2>
        <OrderPointsList rows={order.points} empty={order.status === "pending" ? t("pointsOnPayment") : t("pointsNone")} />
      </Card>

      {order.refunds.length > 0 && (
        <Card className="px-4 py-3" aria-labelledby="portal-order-refunds">
          <h2 id="portal-order-refunds" className="text-base font-semibold">
            {t("refunds")}
          </h2>
          <OrderRefundList refunds={order.refunds} currency={order.currency} showReason={false} empty="" />
        </Card>
      )}
    </>
  );
}

import type { Metadata, Route } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { LiveRefresh } from "@/components/live/live-refresh";
import { OrderActions } from "@/components/orders/order-actions";
import { OrderStatusBadge } from "@/components/orders/order-status";
import { OrderPointsList, OrderRefundList, OrderTotals } from "@/components/orders/order-summary";
import { BackLink } from "@/components/ui/back-link";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { requirePermission } from "@/lib/auth/session";
import { formatCustomerNumber } from "@/lib/customers/rules";
import { toMajorUnits } from "@/lib/money";
import { cancelOrderAction, fulfilOrderAction, payOrderAction, refundOrderAction } from "../actions";
import { orderEvents } from "../events";
import { loadOrder } from "../load";

export async function generateMetadata({ params }: PageProps<"/orders/[orderId]">): Promise<Metadata> {
  const actor = await requirePermission("orders.read");
  const order = await loadOrder(actor, (await params).orderId);
  return { title: order.label };
}

/** One order: who bought what, what it cost, what happened to it since, and its next steps. */
export default async function OrderPage({ params }: PageProps<"/orders/[orderId]">) {
  const actor = await requirePermission("orders.read");
  const order = await loadOrder(actor, (await params).orderId);
  const [t, format] = await Promise.all([getTranslations("orders"), getFormatter()]);
  const money = (minor: number) => format.number(toMajorUnits(minor, order.currency), { style: "currency", currency: order.currency });
  const date = (value: Date) => <time dateTime={value.toISOString()}>{format.dateTime(value, "dateTime")}</time>;
  const none = <span className="text-slate-400">—</span>;
  const item = (label: string, value: ReactNode, className = "") => (
    <div className={`py-2.5 ${className}`}>
      <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">{label}</dt>
      <dd className="mt-0.5 text-sm break-words text-slate-900">{value || none}</dd>
    </div>
  );

  return (
    <>
      <LiveRefresh types={orderEvents} entityId={order.id} />
      <BackLink href="/orders">{t("title")}</BackLink>
      <PageHeader
        title={order.label}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <OrderStatusBadge status={order.status} label={t(`statuses.${order.status}`)} />
            <span>{date(order.placedAt)}</span>
          </span>
        }
      />
      <div className="mb-6">
        <OrderActions
          orderId={order.id}
          label={order.label}
          actions={order.actions}
          currency={order.currency}
          total={order.total}
          refundable={order.total - order.refunded}
          idempotencyKey={crypto.randomUUID()}
          handlers={{ pay: payOrderAction, fulfil: fulfilOrderAction, cancel: cancelOrderAction, refund: refundOrderAction }}
        />
      </div>

      <Card className="mb-6 px-5 py-3">
        <h2 className="sr-only">{t("detail.details")}</h2>
        <dl className="grid gap-x-6 sm:grid-cols-2 lg:grid-cols-3">
          {item(
            t("detail.customer"),
            <>
              <Link href={`/customers/${order.customerId}` as Route} className="text-brand-700 hover:underline">
                {order.customerName}
              </Link>{" "}
              <span className="font-mono text-xs text-slate-500">{formatCustomerNumber(order.customerNumber)}</span>
            </>,
          )}
          {item(t("detail.channel"), t(`channels.${order.channel}`))}
          {item(t("detail.owner"), order.ownerName)}
          {order.opportunityId &&
            item(
              t("detail.deal"),
              <Link href={`/sales/deals/${order.opportunityId}` as Route} className="text-brand-700 hover:underline">
                {order.dealTitle}
              </Link>,
            )}
          {item(t("detail.placed"), date(order.placedAt))}
          {order.paidAt && item(t("detail.paidAt"), date(order.paidAt))}
          {order.fulfilledAt && item(t("detail.fulfilledAt"), date(order.fulfilledAt))}
          {order.cancelledAt && item(t("detail.cancelledAt"), date(order.cancelledAt))}
          {order.note && item(t("detail.note"), <span className="whitespace-pre-wrap">{order.note}</span>, "sm:col-span-2 lg:col-span-3")}
        </dl>
      </Card>

      <section aria-labelledby="order-lines-heading" className="mb-6">
        <h2 id="order-lines-heading" className="mb-3 text-base font-semibold">
          {t("detail.lines")}
        </h2>
        <Table
          head={
            <>
              <Th className="whitespace-nowrap">{t("detail.columns.sku")}</Th>
              <Th className="whitespace-nowrap">{t("detail.columns.name")}</Th>
              <Th className="text-right whitespace-nowrap">{t("detail.columns.quantity")}</Th>
              <Th className="text-right whitespace-nowrap">{t("detail.columns.unitPrice")}</Th>
              <Th className="text-right whitespace-nowrap">{t("detail.columns.discount")}</Th>
              <Th className="text-right whitespace-nowrap">{t("detail.columns.amount")}</Th>
            </>
          }
        >
          {order.lines.map((line) => (
            <tr key={line.id}>
              <Td className="font-mono text-xs whitespace-nowrap text-slate-600">{line.sku}</Td>
              <Td className="min-w-40">{line.name}</Td>
              <Td className="text-right tabular-nums">{line.quantity}</Td>
              <Td className="text-right whitespace-nowrap tabular-nums">{money(line.unitPrice)}</Td>
              <Td className="text-right whitespace-nowrap tabular-nums">{line.discount > 0 ? `−${money(line.discount)}` : ""}</Td>
              <Td className="text-right whitespace-nowrap tabular-nums">{money(line.amount)}</Td>
            </tr>
          ))}
        </Table>
      </section>

      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="p-5" aria-labelledby="order-totals-heading">
          <h2 id="order-totals-heading" className="mb-1 text-base font-semibold">
            {t("totals.title")}
          </h2>
          <OrderTotals order={order} />
        </Card>
        <Card className="p-5" aria-labelledby="order-points-heading">
          <h2 id="order-points-heading" className="mb-1 text-base font-semibold">
            {t("detail.pointsTitle")}
          </h2>
          <OrderPointsList rows={order.points} empty={order.status === "pending" ? t("detail.pointsOnPayment") : t("detail.pointsNone")} />
        </Card>
        <Card className="p-5" aria-labelledby="order-refunds-heading">
          <h2 id="order-refunds-heading" className="mb-1 text-base font-semibold">
            {t("detail.refundsTitle")}
          </h2>
          <OrderRefundList refunds={order.refunds} currency={order.currency} showReason empty={t("detail.refundsNone")} />
        </Card>
      </div>
    </>
  );
}

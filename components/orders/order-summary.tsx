import { getFormatter, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import type { Order, OrderRefund } from "@/db/schema";
import { toMajorUnits } from "@/lib/money";

type Figures = Pick<Order, "currency" | "subtotal" | "couponCode" | "couponDiscount" | "pointsUsed" | "pointsValue" | "total" | "refunded">;

/** Subtotal, coupon, points and the total to pay, with what was refunded so far. */
export async function OrderTotals({ order }: { order: Figures }) {
  const [t, format] = await Promise.all([getTranslations("orders.totals"), getFormatter()]);
  const money = (minor: number) => format.number(toMajorUnits(minor, order.currency), { style: "currency", currency: order.currency });
  const row = (label: ReactNode, value: string, className = "") => (
    <div className={`flex items-baseline justify-between gap-3 py-2 ${className}`}>
      <dt className="min-w-0 text-slate-600">{label}</dt>
      <dd className="shrink-0 tabular-nums">{value}</dd>
    </div>
  );
  return (
    <dl className="divide-y divide-slate-100 text-sm">
      {row(t("subtotal"), money(order.subtotal))}
      {(order.couponCode || order.couponDiscount > 0) &&
        row(
          <>
            {t("coupon")}
            {order.couponCode && <span className="ml-1 font-mono text-xs break-all">{order.couponCode}</span>}
          </>,
          `−${money(order.couponDiscount)}`,
        )}
      {order.pointsUsed > 0 && row(t("pointsUsed", { points: order.pointsUsed }), `−${money(order.pointsValue)}`)}
      {row(<span className="font-medium text-slate-900">{t("total")}</span>, money(order.total), "text-base font-semibold text-slate-900")}
      {order.refunded > 0 && row(t("refunded"), `−${money(order.refunded)}`, "text-red-700")}
    </dl>
  );
}

type PointsRow = { id: number; kind: string; delta: number; balanceAfter: number; occurredAt: Date };

/** The ledger rows an order moved: points earned, spent on it, and taken back by refunds. */
export async function OrderPointsList({ rows, empty }: { rows: PointsRow[]; empty: string }) {
  const [tp, t, format] = await Promise.all([getTranslations("points"), getTranslations("orders.detail"), getFormatter()]);
  if (rows.length === 0) return <p className="text-sm text-slate-600">{empty}</p>;
  return (
    <ol className="divide-y divide-slate-100">
      {rows.map((entry) => (
        <li key={entry.id} className="flex items-start justify-between gap-3 py-2.5 text-sm">
          <div className="min-w-0">
            <p className="font-medium text-slate-900">{tp(`kinds.${entry.kind}`)}</p>
            <p className="text-xs text-slate-500">
              <time dateTime={entry.occurredAt.toISOString()}>{format.dateTime(entry.occurredAt, "dateTime")}</time>
            </p>
          </div>
          <div className="shrink-0 text-right">
            <p className={entry.delta < 0 ? "font-semibold tabular-nums text-red-700" : "font-semibold tabular-nums text-green-700"}>{tp("delta", { delta: entry.delta })}</p>
            <p className="text-xs text-slate-500 tabular-nums">{t("balanceAfter", { balance: entry.balanceAfter })}</p>
          </div>
        </li>
      ))}
    </ol>
  );
}

/** The refunds of an order, oldest first; the reason is for staff. */
export async function OrderRefundList({ refunds, currency, showReason, empty }: { refunds: OrderRefund[]; currency: string; showReason: boolean; empty: string }) {
  const format = await getFormatter();
  if (refunds.length === 0) return <p className="text-sm text-slate-600">{empty}</p>;
  return (
    <ol className="divide-y divide-slate-100">
      {refunds.map((refund) => (
        <li key={refund.id} className="flex items-start justify-between gap-3 py-2.5 text-sm">
          <div className="min-w-0">
            {showReason && <p className="break-words text-slate-900">{refund.reason}</p>}
            <p className="text-xs text-slate-500">
              <time dateTime={refund.createdAt.toISOString()}>{format.dateTime(refund.createdAt, "dateTime")}</time>
            </p>
          </div>
          <p className="shrink-0 font-semibold tabular-nums text-red-700">−{format.number(toMajorUnits(refund.amount, currency), { style: "currency", currency })}</p>
        </li>
      ))}
    </ol>
  );
}

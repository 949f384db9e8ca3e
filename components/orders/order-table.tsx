import type { Route } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { SortTh, Table, Td, Th } from "@/components/ui/table";
import type { Order } from "@/db/schema";
import { toMajorUnits } from "@/lib/money";
import { OrderStatusBadge } from "./order-status";

type SortKey = "placed" | "total" | "number";

export type OrderRow = {
  id: string;
  label: string;
  placedAt: Date;
  customerId: string;
  customerName: string;
  channel: Order["channel"];
  status: Order["status"];
  total: number;
  refunded: number;
  currency: string;
};

/** The order list's rows, with sortable number, placed date and total. */
export async function OrderTable({
  rows,
  sort,
  dir,
  sortHref,
}: {
  rows: OrderRow[];
  sort: SortKey;
  dir: "asc" | "desc";
  sortHref: (sort: SortKey, dir: "asc" | "desc") => string;
}) {
  const [t, format] = await Promise.all([getTranslations("orders"), getFormatter()]);
  const money = (minor: number, currency: string) => format.number(toMajorUnits(minor, currency), { style: "currency", currency });

  const header = (key: SortKey, label: string, className = "") => {
    const active = sort === key;
    // A new column starts with its most useful end: the newest, the largest.
    const nextDir = active ? (dir === "asc" ? "desc" : "asc") : "desc";
    return <SortTh label={label} active={active} dir={dir} href={sortHref(key, nextDir)} className={`whitespace-nowrap ${className}`} />;
  };

  return (
    <Table
      head={
        <>
          {header("number", t("columns.number"))}
          {header("placed", t("columns.placed"))}
          <Th className="whitespace-nowrap">{t("columns.customer")}</Th>
          <Th className="whitespace-nowrap">{t("columns.channel")}</Th>
          <Th className="whitespace-nowrap">{t("columns.status")}</Th>
          {header("total", t("columns.total"), "text-right")}
          <Th className="text-right whitespace-nowrap">{t("columns.refunded")}</Th>
        </>
      }
    >
      {rows.map((order) => (
        <tr key={order.id} className="hover:bg-slate-50">
          <Td className="whitespace-nowrap">
            <Link href={`/orders/${order.id}` as Route} className="font-mono font-medium text-brand-700 hover:underline">
              {order.label}
            </Link>
          </Td>
          <Td className="whitespace-nowrap text-slate-600">
            <time dateTime={order.placedAt.toISOString()}>{format.dateTime(order.placedAt, "dateTime")}</time>
          </Td>
          <Td className="min-w-40">
            <Link href={`/customers/${order.customerId}` as Route} className="text-brand-700 hover:underline">
              {order.customerName}
            </Link>
          </Td>
          <Td className="whitespace-nowrap text-slate-600">{t(`channels.${order.channel}`)}</Td>
          <Td>
            <OrderStatusBadge status={order.status} label={t(`statuses.${order.status}`)} />
          </Td>
          <Td className="whitespace-nowrap text-right tabular-nums">{money(order.total, order.currency)}</Td>
          <Td className="whitespace-nowrap text-right tabular-nums text-red-700">{order.refunded > 0 ? money(order.refunded, order.currency) : ""}</Td>
        </tr>
      ))}
    </Table>
  );
}

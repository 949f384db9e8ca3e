import type { Route } from "next";
import Link from "next/link";
import { SortTh } from "@/components/ui/table";
import { getFormatter, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { toMajorUnits } from "@/lib/money";
import type { DealListParams, listDeals } from "@/lib/sales/deals";
import { formatDealNumber } from "@/lib/sales/rules";

type SortKey = DealListParams["sort"];
export type DealRow = Awaited<ReturnType<typeof listDeals>>["rows"][number];

export const outcomeTone = { open: "brand", won: "green", lost: "red" } as const;

/** The deal list: number, title, customer, stage, amount, weighted amount, owner and close date. */
export async function DealTable({ rows, params, sortHref }: { rows: DealRow[]; params: DealListParams; sortHref: (sort: SortKey, dir: "asc" | "desc") => string }) {
  const [t, format] = await Promise.all([getTranslations("deals"), getFormatter()]);
  const money = (minor: number, currency: string) => format.number(toMajorUnits(minor, currency), { style: "currency", currency });
  const day = (value: string) => format.dateTime(new Date(`${value}T00:00:00Z`), { dateStyle: "medium", timeZone: "UTC" });

  const header = (key: SortKey, label: string, className = "") => {
    const active = params.sort === key;
    const nextDir = active && params.dir === "asc" ? "desc" : "asc";
    return <SortTh label={label} active={active} dir={params.dir} href={sortHref(key, nextDir)} className={className} />;
  };
  const plain = (label: string, className = "") => (
    <th scope="col" className={`px-4 py-3 font-medium ${className}`}>
      {label}
    </th>
  );

  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-xs">
      <table className="w-full text-left text-sm">
        <thead className="border-b border-slate-200 bg-slate-50 text-slate-600">
          <tr>
            {plain(t("fields.number"), "hidden md:table-cell")}
            {header("title", t("fields.title"))}
            {plain(t("fields.customer"), "hidden sm:table-cell")}
            {header("stage", t("fields.stage"), "hidden sm:table-cell")}
            {header("amount", t("fields.amount"), "text-right")}
            {plain(t("fields.weighted"), "hidden text-right lg:table-cell")}
            {plain(t("fields.owner"), "hidden lg:table-cell")}
            {header("close", t("fields.expectedCloseOn"), "hidden md:table-cell")}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((deal) => (
            <tr key={deal.id} className="hover:bg-slate-50">
              <td className="hidden whitespace-nowrap px-4 py-3 font-mono text-xs text-slate-500 md:table-cell">{formatDealNumber(deal.number)}</td>
              <td className="px-4 py-3">
                <Link href={`/sales/deals/${deal.id}` as Route} className="font-medium text-brand-700 hover:underline">
                  {deal.title}
                </Link>
                {/* On narrow screens the customer and stage fold in under the title. */}
                <div className="mt-0.5 text-xs text-slate-600 sm:hidden">
                  {deal.customerName} · {deal.stageName}
                </div>
              </td>
              <td className="hidden px-4 py-3 sm:table-cell">
                <Link href={`/customers/${deal.customerId}`} className="text-slate-700 hover:underline">
                  {deal.customerName}
                </Link>
              </td>
              <td className="hidden whitespace-nowrap px-4 py-3 sm:table-cell">
                <Badge tone={outcomeTone[deal.outcome]}>{deal.stageName}</Badge>
              </td>
              <td className="whitespace-nowrap px-4 py-3 text-right tabular-nums">{money(deal.amount, deal.currency)}</td>
              <td className="hidden whitespace-nowrap px-4 py-3 text-right tabular-nums text-slate-600 lg:table-cell">
                {money(deal.weighted, deal.currency)}
                <span className="block text-xs text-slate-500">{t("percent", { value: deal.probability })}</span>
              </td>
              <td className="hidden px-4 py-3 text-slate-600 lg:table-cell">{deal.ownerName}</td>
              <td className="hidden whitespace-nowrap px-4 py-3 text-slate-600 md:table-cell">{deal.expectedCloseOn ? day(deal.expectedCloseOn) : <span className="text-slate-400">{t("noDate")}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

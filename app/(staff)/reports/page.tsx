import { Download } from "lucide-react";
import type { Metadata, Route } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { SeriesChart } from "@/components/charts/series-chart";
import { Metric, ReportSection, ReportTable } from "@/components/reports/metric";
import { ReportFilters } from "@/components/reports/report-filters";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { requirePermission } from "@/lib/auth/session";
import { lastDayOfMonth, monthStart } from "@/lib/dates";
import { toMajorUnits } from "@/lib/money";
import { getOverview } from "@/lib/reports/overview";
import { hrefWith } from "@/lib/url";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("reports.overview"))("title") };
}

export default async function OverviewPage(props: PageProps<"/reports">) {
  const actor = await requirePermission("reports.read");
  const [t, format, locale, overview] = await Promise.all([getTranslations("reports.overview"), getFormatter(), getLocale(), getOverview(actor, await props.searchParams)]);
  const { params, currency, totals } = overview;
  const label = (month: string) => format.dateTime(monthStart(month), { year: "2-digit", month: "short", timeZone: "UTC" });
  const money = (minor: number | null) => (minor === null ? "—" : format.number(toMajorUnits(minor, currency), { style: "currency", currency, maximumFractionDigits: 0 }));
  const percent = (value: number | null) => (value === null ? "—" : format.number(value, { style: "percent", maximumFractionDigits: 0 }));
  const query = { from: params.from, to: params.to, team: params.team };
  const span = t("span", { start: label(params.from), end: label(params.to) });
  const empty = overview.months.every((month) => month.orders === 0 && month.revenue === 0);
  const moneyFormat: Intl.NumberFormatOptions = { style: "currency", currency, maximumFractionDigits: 0 };

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("intro", {
          timeZone: overview.timeZone,
          refreshed: overview.refreshedAt ? format.dateTime(overview.refreshedAt, { dateStyle: "medium", timeStyle: "short" }) : t("notYet"),
        })}
        actions={
          <a href={hrefWith("/reports/export", query, {})} className={buttonClass("secondary")} download>
            <Download className="size-4" aria-hidden />
            {t("export")}
          </a>
        }
      />
      <ReportFilters action="/reports" params={params} teams={overview.teams} />

      <dl className="mb-6 grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Metric
          label={t("metrics.revenue.label")}
          value={money(totals.revenue)}
          definition={t("metrics.revenue.definition")}
          note={t("metrics.revenue.change", { before: money(totals.priorRevenue), change: totals.revenueChange === null ? "—" : format.number(totals.revenueChange, { style: "percent", maximumFractionDigits: 0, signDisplay: "exceptZero" }) })}
        />
        <Metric label={t("metrics.orders.label")} value={format.number(totals.orders)} definition={t("metrics.orders.definition")} />
        <Metric label={t("metrics.averageOrder.label")} value={money(totals.averageOrder)} definition={t("metrics.averageOrder.definition")} />
        <Metric label={t("metrics.newCustomers.label")} value={format.number(totals.newCustomers)} definition={t("metrics.newCustomers.definition")} />
      </dl>

      {empty && (
        <div className="mb-6">
          <EmptyState title={t("empty.title")}>{t("empty.hint")}</EmptyState>
        </div>
      )}

      <div className="grid gap-4 lg:grid-cols-2">
        <ReportSection id="revenue-chart" title={t("charts.revenue.title")} definition={t("charts.revenue.definition")}>
          <SeriesChart
            label={t("charts.revenue.label", { span })}
            locale={locale}
            format={moneyFormat}
            data={overview.months.map((month) => ({ label: label(month.month), revenue: toMajorUnits(month.revenue, currency), prior: toMajorUnits(month.priorRevenue, currency) }))}
            series={[
              { key: "prior", label: t("charts.revenue.prior"), color: "#94a3b8", kind: "bar" },
              { key: "revenue", label: t("charts.revenue.current"), color: "#2f5fd0", kind: "bar" },
            ]}
          />
        </ReportSection>
        <ReportSection id="customers-chart" title={t("charts.customers.title")} definition={t("charts.customers.definition")}>
          <SeriesChart
            label={t("charts.customers.label", { span })}
            locale={locale}
            format={{ maximumFractionDigits: 0 }}
            data={overview.months.map((month) => ({ label: label(month.month), newCustomers: month.newCustomers, returningCustomers: month.returningCustomers }))}
            series={[
              { key: "newCustomers", label: t("columns.newCustomers"), color: "#2f5fd0", kind: "bar", stack: "buyers" },
              { key: "returningCustomers", label: t("columns.returningCustomers"), color: "#0d9488", kind: "bar", stack: "buyers" },
            ]}
          />
        </ReportSection>
        <ReportSection id="orders-chart" title={t("charts.orders.title")} definition={t("charts.orders.definition")}>
          <SeriesChart
            label={t("charts.orders.label", { span })}
            locale={locale}
            format={{ maximumFractionDigits: 0 }}
            data={overview.months.map((month) => ({ label: label(month.month), orders: month.orders }))}
            series={[{ key: "orders", label: t("columns.orders"), color: "#2f5fd0", kind: "bar" }]}
          />
        </ReportSection>
        <ReportSection id="repeat-chart" title={t("charts.repeat.title")} definition={t("charts.repeat.definition")}>
          <SeriesChart
            label={t("charts.repeat.label", { span })}
            locale={locale}
            format={{ style: "percent", maximumFractionDigits: 0 }}
            data={overview.months.map((month) => ({ label: label(month.month), repeatRate: month.repeatRate }))}
            series={[{ key: "repeatRate", label: t("columns.repeatRate"), color: "#0d9488", kind: "line" }]}
          />
        </ReportSection>
      </div>

      <ReportTable id="months-table" title={t("months.title")} definition={t("months.definition")}>
        <Table
          head={
            <>
              <Th>{t("columns.month")}</Th>
              <Th className="text-right">{t("columns.revenue")}</Th>
              <Th className="hidden text-right sm:table-cell">{t("columns.prior")}</Th>
              <Th className="text-right">{t("columns.orders")}</Th>
              <Th className="hidden text-right md:table-cell">{t("columns.averageOrder")}</Th>
              <Th className="hidden text-right md:table-cell">{t("columns.newCustomers")}</Th>
              <Th className="hidden text-right md:table-cell">{t("columns.returningCustomers")}</Th>
              <Th className="hidden text-right lg:table-cell">{t("columns.repeatRate")}</Th>
            </>
          }
        >
          {overview.months.map((month) => (
            <tr key={month.month}>
              <Td className="whitespace-nowrap">
                <Link
                  href={hrefWith("/orders", { dates: "paid", from: `${month.month}-01`, to: lastDayOfMonth(month.month) }, {}) as Route}
                  className="font-medium text-brand-700 hover:underline"
                  aria-label={t("months.drill", { month: format.dateTime(monthStart(month.month), { year: "numeric", month: "long", timeZone: "UTC" }) })}
                >
                  {format.dateTime(monthStart(month.month), { year: "numeric", month: "short", timeZone: "UTC" })}
                </Link>
              </Td>
              <Td className="text-right tabular-nums">{money(month.revenue)}</Td>
              <Td className="hidden text-right tabular-nums text-slate-600 sm:table-cell">{money(month.priorRevenue)}</Td>
              <Td className="text-right tabular-nums">{format.number(month.orders)}</Td>
              <Td className="hidden text-right tabular-nums md:table-cell">{money(month.averageOrder)}</Td>
              <Td className="hidden text-right tabular-nums md:table-cell">{format.number(month.newCustomers)}</Td>
              <Td className="hidden text-right tabular-nums md:table-cell">{format.number(month.returningCustomers)}</Td>
              <Td className="hidden text-right tabular-nums lg:table-cell">{percent(month.repeatRate)}</Td>
            </tr>
          ))}
        </Table>
      </ReportTable>

      <ReportTable id="top-customers" title={t("top.title")} definition={t("top.definition")}>
        {overview.topCustomers.length === 0 ? (
          <EmptyState title={t("top.empty")} />
        ) : (
          <Table
            head={
              <>
                <Th>{t("top.customer")}</Th>
                <Th className="text-right">{t("top.netSpend")}</Th>
                <Th className="hidden text-right sm:table-cell">{t("top.orders")}</Th>
                <Th className="hidden text-right md:table-cell">{t("top.lastPurchase")}</Th>
              </>
            }
          >
            {overview.topCustomers.map((customer) => (
              <tr key={customer.id}>
                <Td>
                  <Link href={`/customers/${customer.id}`} className="font-medium text-brand-700 hover:underline">
                    {customer.name}
                  </Link>
                </Td>
                <Td className="text-right tabular-nums">{money(customer.netSpend)}</Td>
                <Td className="hidden text-right tabular-nums sm:table-cell">{format.number(customer.orders)}</Td>
                <Td className="hidden text-right md:table-cell">{format.dateTime(customer.lastPaidAt, { dateStyle: "medium" })}</Td>
              </tr>
            ))}
          </Table>
        )}
      </ReportTable>
    </>
  );
}

import type { Metadata, Route } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { Metric, ReportSection, ReportTable } from "@/components/reports/metric";
import { SalesDrillLink } from "@/components/reports/sales-drill-link";
import { SalesTaskList } from "@/components/reports/sales-task-list";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { requirePermission } from "@/lib/auth/session";
import { addMonths, monthStart } from "@/lib/dates";
import { toMajorUnits } from "@/lib/money";
import { getMyDashboard } from "@/lib/reports/mine";
import { formatDealNumber } from "@/lib/sales/rules";
import { hrefWith } from "@/lib/url";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("reports.mine"))("title") };
}

export default async function MyDashboardPage() {
  const actor = await requirePermission("reports.own");
  const [t, format, dashboard] = await Promise.all([getTranslations("reports.mine"), getFormatter(), getMyDashboard(actor)]);
  const { currency, thisMonth, thisQuarter, won, month } = dashboard;
  const money = (minor: number | null, code = currency) => (minor === null ? "—" : format.number(toMajorUnits(minor, code), { style: "currency", currency: code, maximumFractionDigits: 0 }));
  const percent = (value: number | null) => (value === null ? "—" : format.number(value, { style: "percent", maximumFractionDigits: 0 }));
  const monthName = (value: string) => format.dateTime(monthStart(value), { year: "numeric", month: "long", timeZone: "UTC" });
  const quarterName = t("quarter", { start: format.dateTime(monthStart(dashboard.quarter), { month: "short", timeZone: "UTC" }), end: format.dateTime(monthStart(addMonths(dashboard.quarter, 2)), { month: "short", year: "numeric", timeZone: "UTC" }) });
  const deals = (filters: Record<string, string | undefined>) => hrefWith("/sales/deals", { owner: "me", ...filters }, {}) as Route;
  const against = (figures: typeof thisMonth) =>
    figures.target === null ? t("metrics.noTarget", { won: money(figures.won) }) : t("metrics.against", { won: money(figures.won), target: money(figures.target) });

  return (
    <>
      <PageHeader title={t("title")} description={t("intro", { name: actor.name, timeZone: dashboard.timeZone })} />

      <dl className="mb-6 grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Metric label={t("metrics.month.label", { month: monthName(month) })} value={percent(thisMonth.attainment)} note={against(thisMonth)} definition={t("metrics.month.definition")} />
        <Metric label={t("metrics.quarter.label", { quarter: quarterName })} value={percent(thisQuarter.attainment)} note={against(thisQuarter)} definition={t("metrics.quarter.definition")} />
        <Metric label={t("metrics.won.label")} value={money(won.value)} note={t("metrics.won.note", { count: won.count })} definition={t("metrics.won.definition")} />
        <Metric label={t("metrics.pipeline.label")} value={money(thisMonth.pipeline)} note={t("metrics.pipeline.note", { weighted: money(thisMonth.weighted) })} definition={t("metrics.pipeline.definition")} />
      </dl>

      <div className="grid gap-4 lg:grid-cols-2">
        <ReportSection id="mine-won" title={t("won.title", { month: monthName(month) })} definition={t("won.definition")}>
          {won.deals.length === 0 ? (
            <EmptyState title={t("won.empty")} />
          ) : (
            <>
              <Table
                head={
                  <>
                    <Th>{t("columns.deal")}</Th>
                    <Th className="hidden sm:table-cell">{t("columns.customer")}</Th>
                    <Th className="text-right">{t("columns.value")}</Th>
                    <Th className="hidden text-right md:table-cell">{t("columns.wonOn")}</Th>
                  </>
                }
              >
                {won.deals.map((deal) => (
                  <tr key={deal.id}>
                    <Td>
                      <Link href={`/sales/deals/${deal.id}` as Route} className="font-medium text-brand-700 hover:underline">
                        <span className="font-mono text-xs text-slate-500">{formatDealNumber(deal.number)}</span> {deal.title}
                      </Link>
                    </Td>
                    <Td className="hidden sm:table-cell">{deal.customerName}</Td>
                    <Td className="text-right tabular-nums">{money(deal.amount, deal.currency)}</Td>
                    <Td className="hidden text-right whitespace-nowrap md:table-cell">{format.dateTime(deal.closedAt, { dateStyle: "medium", timeZone: dashboard.timeZone })}</Td>
                  </tr>
                ))}
              </Table>
              <Link href={deals({ status: "won", closedFrom: month, closedTo: month })} className="mt-2 inline-block text-sm font-medium text-brand-700 hover:underline">
                {t("won.all", { count: won.count })}
              </Link>
            </>
          )}
        </ReportSection>

        <ReportSection id="mine-stages" title={t("stages.title")} definition={t("stages.definition")}>
          {dashboard.openByStage.length === 0 ? (
            <EmptyState title={t("stages.empty")} />
          ) : (
            <Table
              head={
                <>
                  <Th>{t("columns.stage")}</Th>
                  <Th className="text-right">{t("columns.openDeals")}</Th>
                  <Th className="text-right">{t("columns.value")}</Th>
                </>
              }
            >
              {dashboard.openByStage.map((row) => (
                <tr key={row.stageId}>
                  <Td>
                    <span className="text-slate-500">{row.pipelineName} · </span>
                    {row.stageName}
                  </Td>
                  <Td className="text-right tabular-nums">
                    <SalesDrillLink href={deals({ pipeline: row.pipelineId, stage: row.stageId })} label={t("stages.drill", { stage: row.stageName })}>
                      {format.number(row.deals)}
                    </SalesDrillLink>
                  </Td>
                  <Td className="text-right tabular-nums">{money(row.value)}</Td>
                </tr>
              ))}
            </Table>
          )}
        </ReportSection>
      </div>

      <ReportTable
        id="mine-tasks"
        title={t("tasks.title")}
        definition={t("tasks.definition")}
        action={
          <Link href="/today" className="text-sm font-medium text-brand-700 hover:underline">
            {t("tasks.open")}
          </Link>
        }
      >
        <div className="grid gap-4 md:grid-cols-3">
          <ReportSection id="mine-overdue" title={t("tasks.overdue", { count: dashboard.tasks.overdueCount })} definition={t("tasks.overdueDefinition")}>
            <SalesTaskList tasks={dashboard.tasks.overdue} empty={t("tasks.noneOverdue")} />
          </ReportSection>
          <ReportSection id="mine-today" title={t("tasks.today")} definition={t("tasks.todayDefinition")}>
            <SalesTaskList tasks={dashboard.tasks.dueToday} empty={t("tasks.noneToday")} />
          </ReportSection>
          <ReportSection id="mine-upcoming" title={t("tasks.upcoming")} definition={t("tasks.upcomingDefinition")}>
            <SalesTaskList tasks={dashboard.tasks.upcoming} empty={t("tasks.noneUpcoming")} />
          </ReportSection>
        </div>
      </ReportTable>
    </>
  );
}

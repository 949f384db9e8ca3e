import { Download } from "lucide-react";
import type { Metadata, Route } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { StageFunnelChart } from "@/components/charts/funnel-chart";
import { SeriesChart } from "@/components/charts/series-chart";
import { Metric, ReportSection, ReportTable } from "@/components/reports/metric";
import { ReportFilters } from "@/components/reports/report-filters";
import { SalesDrillLink } from "@/components/reports/sales-drill-link";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { FilterChips } from "@/components/ui/filter-chips";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { requirePermission } from "@/lib/auth/session";
import { monthStart } from "@/lib/dates";
import { toMajorUnits } from "@/lib/money";
import { getSalesDashboard } from "@/lib/reports/sales";
import { formatDealNumber } from "@/lib/sales/rules";
import { hrefWith } from "@/lib/url";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("reports.sales"))("title") };
}

export default async function SalesDashboardPage(props: PageProps<"/reports/sales">) {
  const actor = await requirePermission("reports.read");
  const [t, format, locale, dashboard] = await Promise.all([getTranslations("reports.sales"), getFormatter(), getLocale(), getSalesDashboard(actor, await props.searchParams)]);
  const { params, currency, funnel, conversion, reps, repTotals, forecast, closing } = dashboard;
  const moneyFormat: Intl.NumberFormatOptions = { style: "currency", currency, maximumFractionDigits: 0 };
  const money = (minor: number | null, code = currency) => (minor === null ? "—" : format.number(toMajorUnits(minor, code), { style: "currency", currency: code, maximumFractionDigits: 0 }));
  const percent = (value: number | null) => (value === null ? "—" : format.number(value, { style: "percent", maximumFractionDigits: 0 }));
  const days = (value: number | null) => (value === null ? "—" : t("days", { days: format.number(value, { maximumFractionDigits: 1 }) }));
  const label = (month: string) => format.dateTime(monthStart(month), { year: "2-digit", month: "short", timeZone: "UTC" });
  const longMonth = (month: string) => format.dateTime(monthStart(month), { year: "numeric", month: "long", timeZone: "UTC" });
  const day = (value: string) => format.dateTime(new Date(`${value}T00:00:00Z`), { dateStyle: "medium", timeZone: "UTC" });
  const span = t("span", { start: label(params.from), end: label(params.to) });
  const query = { from: params.from, to: params.to, team: params.team, pipeline: params.pipeline };
  const deals = (filters: Record<string, string | undefined>) => hrefWith("/sales/deals", { team: params.team, ...filters }, {}) as Route;
  const closed = { closedFrom: params.from, closedTo: params.to };
  const created = { pipeline: params.pipeline, createdFrom: params.from, createdTo: params.to, status: "all" };

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("intro", {
          timeZone: dashboard.timeZone,
          refreshed: dashboard.refreshedAt ? format.dateTime(dashboard.refreshedAt, { dateStyle: "medium", timeStyle: "short" }) : t("notYet"),
        })}
        actions={
          <a href={hrefWith("/reports/sales/export", query, {})} className={buttonClass("secondary")} download>
            <Download className="size-4" aria-hidden />
            {t("export")}
          </a>
        }
      />
      <ReportFilters action="/reports/sales" params={params} teams={dashboard.teams} keep={{ pipeline: params.pipeline }} />

      <dl className="mb-6 grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Metric
          label={t("metrics.open.label")}
          value={money(funnel.value)}
          note={t("metrics.open.note", { count: funnel.deals, pipeline: funnel.pipelineName })}
          definition={t("metrics.open.definition")}
        />
        <Metric label={t("metrics.winRate.label")} value={percent(repTotals.winRate)} note={t("metrics.winRate.note", { won: repTotals.won, lost: repTotals.lost })} definition={t("metrics.winRate.definition")} />
        <Metric label={t("metrics.cycle.label")} value={days(repTotals.averageCycleDays)} definition={t("metrics.cycle.definition")} />
        <Metric
          label={t("metrics.attainment.label")}
          value={percent(forecast.total.attainment)}
          note={t("metrics.attainment.note", { won: money(forecast.total.won), target: money(forecast.total.target) })}
          definition={t("metrics.attainment.definition")}
        />
      </dl>

      {dashboard.pipelines.length > 1 && (
        <FilterChips
          label={t("pipelines")}
          items={dashboard.pipelines.map((pipeline) => ({ href: hrefWith("/reports/sales", query, { pipeline: pipeline.id }), label: pipeline.name, current: pipeline.id === params.pipeline }))}
        />
      )}

      <div className="grid gap-4 lg:grid-cols-2">
        <ReportSection id="sales-funnel" title={t("funnel.title", { pipeline: funnel.pipelineName })} definition={t("funnel.definition")}>
          {funnel.deals === 0 ? (
            <EmptyState title={t("funnel.empty")} />
          ) : (
            <StageFunnelChart
              label={t("funnel.label", { pipeline: funnel.pipelineName })}
              locale={locale}
              countLabel={t("columns.openDeals")}
              valueLabel={t("columns.value")}
              valueFormat={moneyFormat}
              data={funnel.stages.map((stage) => ({ label: stage.name, count: stage.deals, value: toMajorUnits(stage.value, currency) }))}
            />
          )}
          <Table
            className="mt-3"
            head={
              <>
                <Th>{t("columns.stage")}</Th>
                <Th className="text-right">{t("columns.openDeals")}</Th>
                <Th className="text-right">{t("columns.value")}</Th>
              </>
            }
          >
            {funnel.stages.map((stage) => (
              <tr key={stage.stageId}>
                <Td>{stage.name}</Td>
                <Td className="text-right tabular-nums">
                  <SalesDrillLink href={deals({ pipeline: params.pipeline, stage: stage.stageId })} label={t("funnel.drill", { stage: stage.name })}>
                    {format.number(stage.deals)}
                  </SalesDrillLink>
                </Td>
                <Td className="text-right tabular-nums">{money(stage.value)}</Td>
              </tr>
            ))}
          </Table>
        </ReportSection>

        <ReportSection id="sales-conversion" title={t("conversion.title")} definition={t("conversion.definition", { span })}>
          {conversion.created === 0 ? (
            <EmptyState title={t("conversion.empty")} />
          ) : (
            <p className="mb-3 text-sm text-slate-700">{t("conversion.summary", { created: conversion.created, won: conversion.won, rate: percent(conversion.created ? conversion.won / conversion.created : null) })}</p>
          )}
          <Table
            head={
              <>
                <Th>{t("columns.step")}</Th>
                <Th className="text-right">{t("columns.reached")}</Th>
                <Th className="hidden text-right sm:table-cell">{t("columns.advanced")}</Th>
                <Th className="text-right">{t("columns.conversion")}</Th>
              </>
            }
          >
            {conversion.steps.map((step) => (
              <tr key={step.stageId}>
                <Td>{t("conversion.step", { stage: step.name, next: step.nextName })}</Td>
                <Td className="text-right tabular-nums">
                  <SalesDrillLink href={deals({ ...created, reached: step.stageId })} label={t("conversion.drillReached", { stage: step.name })}>
                    {format.number(step.reached)}
                  </SalesDrillLink>
                </Td>
                <Td className="hidden text-right tabular-nums sm:table-cell">
                  <SalesDrillLink href={deals({ ...created, reached: step.nextStageId })} label={t("conversion.drillReached", { stage: step.nextName })}>
                    {format.number(step.advanced)}
                  </SalesDrillLink>
                </Td>
                <Td className="text-right tabular-nums">{percent(step.rate)}</Td>
              </tr>
            ))}
          </Table>
        </ReportSection>
      </div>

      <ReportTable id="sales-reps" title={t("reps.title")} definition={t("reps.definition", { span })}>
        {reps.length === 0 ? (
          <EmptyState title={t("reps.empty")}>{t("reps.emptyHint")}</EmptyState>
        ) : (
          <Table
            head={
              <>
                <Th>{t("columns.owner")}</Th>
                <Th className="text-right">{t("columns.won")}</Th>
                <Th className="text-right">{t("columns.lost")}</Th>
                <Th className="text-right">{t("columns.winRate")}</Th>
                <Th className="hidden text-right md:table-cell">{t("columns.wonValue")}</Th>
                <Th className="hidden text-right sm:table-cell">{t("columns.cycle")}</Th>
              </>
            }
          >
            {reps.map((rep) => (
              <tr key={rep.ownerId}>
                <Td>
                  <SalesDrillLink href={deals({ owner: rep.ownerId, status: "all", ...closed })} label={t("reps.drillClosed", { name: rep.name })} className="font-medium">
                    {rep.name}
                  </SalesDrillLink>
                </Td>
                <Td className="text-right tabular-nums">
                  <SalesDrillLink href={deals({ owner: rep.ownerId, status: "won", ...closed })} label={t("reps.drillWon", { name: rep.name })}>
                    {format.number(rep.won)}
                  </SalesDrillLink>
                </Td>
                <Td className="text-right tabular-nums">
                  <SalesDrillLink href={deals({ owner: rep.ownerId, status: "lost", ...closed })} label={t("reps.drillLost", { name: rep.name })}>
                    {format.number(rep.lost)}
                  </SalesDrillLink>
                </Td>
                <Td className="text-right tabular-nums">{percent(rep.winRate)}</Td>
                <Td className="hidden text-right tabular-nums md:table-cell">{money(rep.wonValue)}</Td>
                <Td className="hidden text-right tabular-nums sm:table-cell">{days(rep.averageCycleDays)}</Td>
              </tr>
            ))}
            <tr className="bg-slate-50 font-semibold">
              <Td>{t("reps.total")}</Td>
              <Td className="text-right tabular-nums">{format.number(repTotals.won)}</Td>
              <Td className="text-right tabular-nums">{format.number(repTotals.lost)}</Td>
              <Td className="text-right tabular-nums">{percent(repTotals.winRate)}</Td>
              <Td className="hidden text-right tabular-nums md:table-cell">{money(repTotals.wonValue)}</Td>
              <Td className="hidden text-right tabular-nums sm:table-cell">{days(repTotals.averageCycleDays)}</Td>
            </tr>
          </Table>
        )}
      </ReportTable>

      <div className="mt-6">
        <ReportSection id="sales-forecast" title={t("forecast.title")} definition={t("forecast.definition")}>
          <SeriesChart
            label={t("forecast.label", { span })}
            locale={locale}
            format={moneyFormat}
            data={forecast.months.map((month) => ({ label: label(month.month), won: toMajorUnits(month.won, currency), target: month.target === null ? null : toMajorUnits(month.target, currency) }))}
            series={[
              { key: "won", label: t("columns.won"), color: "#2f5fd0", kind: "bar" },
              { key: "target", label: t("columns.target"), color: "#0d9488", kind: "line" },
            ]}
          />
          <Table
            className="mt-3"
            head={
              <>
                <Th>{t("columns.month")}</Th>
                <Th className="text-right">{t("columns.target")}</Th>
                <Th className="text-right">{t("columns.wonValue")}</Th>
                <Th className="hidden text-right sm:table-cell">{t("columns.attainment")}</Th>
                <Th className="hidden text-right md:table-cell">{t("columns.pipeline")}</Th>
                <Th className="hidden text-right md:table-cell">{t("columns.weighted")}</Th>
              </>
            }
          >
            {forecast.months.map((month) => (
              <tr key={month.month}>
                <Td className="whitespace-nowrap">
                  <SalesDrillLink href={hrefWith("/sales/forecast", { from: month.month, months: 1, team: params.team }, {}) as Route} label={t("forecast.drill", { month: longMonth(month.month) })} className="font-medium">
                    {format.dateTime(monthStart(month.month), { year: "numeric", month: "short", timeZone: "UTC" })}
                  </SalesDrillLink>
                </Td>
                <Td className="text-right tabular-nums">{money(month.target)}</Td>
                <Td className="text-right tabular-nums">{money(month.won)}</Td>
                <Td className="hidden text-right tabular-nums sm:table-cell">{percent(month.attainment)}</Td>
                <Td className="hidden text-right tabular-nums md:table-cell">{money(month.pipeline)}</Td>
                <Td className="hidden text-right tabular-nums md:table-cell">{money(month.weighted)}</Td>
              </tr>
            ))}
          </Table>
        </ReportSection>
      </div>

      <ReportTable
        id="sales-closing"
        title={t("closing.title", { month: longMonth(dashboard.month) })}
        definition={t("closing.definition")}
        action={
          closing.count > 0 && (
            <Link href={deals({ close: dashboard.month })} className="text-sm font-medium text-brand-700 hover:underline">
              {t("closing.all", { count: closing.count, value: money(closing.value) })}
            </Link>
          )
        }
      >
        {closing.deals.length === 0 ? (
          <EmptyState title={t("closing.empty")} />
        ) : (
          <Table
            head={
              <>
                <Th>{t("columns.deal")}</Th>
                <Th className="hidden sm:table-cell">{t("columns.customer")}</Th>
                <Th className="hidden md:table-cell">{t("columns.owner")}</Th>
                <Th className="text-right">{t("columns.value")}</Th>
                <Th className="hidden lg:table-cell">{t("columns.stage")}</Th>
                <Th className="hidden text-right sm:table-cell">{t("columns.expectedClose")}</Th>
              </>
            }
          >
            {closing.deals.map((deal) => (
              <tr key={deal.id}>
                <Td>
                  <Link href={`/sales/deals/${deal.id}` as Route} className="font-medium text-brand-700 hover:underline">
                    <span className="font-mono text-xs text-slate-500">{formatDealNumber(deal.number)}</span> {deal.title}
                  </Link>
                </Td>
                <Td className="hidden sm:table-cell">
                  <Link href={`/customers/${deal.customerId}` as Route} className="text-brand-700 hover:underline">
                    {deal.customerName}
                  </Link>
                </Td>
                <Td className="hidden md:table-cell">{deal.ownerName}</Td>
                <Td className="text-right tabular-nums">{money(deal.amount, deal.currency)}</Td>
                <Td className="hidden lg:table-cell">{deal.stageName}</Td>
                <Td className="hidden whitespace-nowrap text-right sm:table-cell">{day(deal.expectedCloseOn)}</Td>
              </tr>
            ))}
          </Table>
        )}
      </ReportTable>
    </>
  );
}

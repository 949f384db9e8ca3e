import { ChevronLeft, ChevronRight, Settings2, Target, Users } from "lucide-react";
import type { Metadata, Route } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { LiveRefresh } from "@/components/live/live-refresh";
import { ForecastChart } from "@/components/sales/forecast-chart";
import { ForecastFilters } from "@/components/sales/forecast-filters";
import { ForecastTable } from "@/components/sales/forecast-table";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { toMajorUnits } from "@/lib/money";
import { addMonths, monthStart } from "@/lib/dates";
import { getForecast } from "@/lib/sales/forecast";
import { hrefWith } from "@/lib/url";
import { setTargetAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("forecast"))("title") };
}

export default async function ForecastPage(props: PageProps<"/sales/forecast">) {
  const actor = await requirePermission("forecast.read");
  const [t, format, forecast] = await Promise.all([getTranslations("forecast"), getFormatter(), getForecast(actor, await props.searchParams)]);
  const { params, currency } = forecast;
  const monthLabels = forecast.months.map((month) => format.dateTime(monthStart(month), { year: "numeric", month: "short", timeZone: "UTC" }));
  const href = (patch: Record<string, string | number | undefined>) =>
    hrefWith("/sales/forecast", { from: params.from, months: params.months, team: params.team, owner: params.owner }, patch, { months: 3 }) as Route;
  const money = (minor: number) => format.number(toMajorUnits(minor, currency), { style: "currency", currency, maximumFractionDigits: 0 });
  const span = monthLabels.length === 1 ? monthLabels[0]! : t("span", { start: monthLabels[0]!, end: monthLabels.at(-1)! });

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("intro", { timeZone: forecast.timeZone })}
        actions={
          <>
            {can(actor, "targets.manage") && (
              <Link href={`/sales/forecast/targets?month=${params.from}` as Route} className={buttonClass("secondary")}>
                <Target className="size-4" aria-hidden />
                {t("targets.link")}
              </Link>
            )}
            {can(actor, "teams.manage") && (
              <Link href="/sales/teams" className={buttonClass("ghost")}>
                <Users className="size-4" aria-hidden />
                {t("links.teams")}
              </Link>
            )}
            {can(actor, "pipelines.manage") && (
              <Link href="/sales/pipelines" className={buttonClass("ghost")}>
                <Settings2 className="size-4" aria-hidden />
                {t("links.pipelines")}
              </Link>
            )}
          </>
        }
      />
      <LiveRefresh types={["target.set", "deal.created", "deal.updated", "deal.moved"]} />
      <ForecastFilters params={params} teams={forecast.options.teams} owners={forecast.options.owners} />
      <nav aria-label={t("period.label")} className="mb-4 flex items-center justify-between gap-2">
        <Link href={href({ from: addMonths(params.from, -params.months) })} className={buttonClass("ghost", "px-2 sm:px-4")} scroll={false}>
          <ChevronLeft className="size-4" aria-hidden />
          {t("period.earlier")}
        </Link>
        <p className="text-center text-sm font-medium text-slate-700" aria-live="polite">
          {span}
        </p>
        <Link href={href({ from: addMonths(params.from, params.months) })} className={buttonClass("ghost", "px-2 sm:px-4")} scroll={false}>
          {t("period.later")}
          <ChevronRight className="size-4" aria-hidden />
        </Link>
      </nav>
      {forecast.groups.length === 0 ? (
        <EmptyState title={t("empty.title")}>{params.team || params.owner ? t("empty.filtered") : t("empty.none")}</EmptyState>
      ) : (
        <div className="space-y-4">
          <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
            {(
              [
                ["pipeline", money(forecast.total.pipeline)],
                ["weighted", money(forecast.total.weighted)],
                ["won", money(forecast.total.won)],
                ["attainment", forecast.total.attainment === null ? "—" : format.number(forecast.total.attainment, { style: "percent", maximumFractionDigits: 0 })],
              ] as const
            ).map(([metric, value]) => (
              <div key={metric} className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-xs">
                <dt className="text-xs text-slate-600">{t(`metrics.${metric}`)}</dt>
                <dd className="mt-1 text-lg font-semibold tabular-nums text-slate-900">{value}</dd>
              </div>
            ))}
          </dl>
          <ForecastChart
            label={t("chart.label", { span })}
            legend={{ weighted: t("metrics.weighted"), won: t("metrics.won"), target: t("metrics.target") }}
            format={money}
            months={forecast.monthTotals.map((figures, index) => ({ label: monthLabels[index]!, weighted: figures.weighted, won: figures.won, target: figures.target }))}
          />
          <ForecastTable forecast={forecast} monthLabels={monthLabels} setTargetAction={setTargetAction} />
          <p className="text-xs text-slate-500">{t("explain")}</p>
        </div>
      )}
    </>
  );
}

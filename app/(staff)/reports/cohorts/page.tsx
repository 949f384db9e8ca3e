import { Download } from "lucide-react";
import type { Metadata, Route } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { ReportSection } from "@/components/reports/metric";
import { ReportFilters } from "@/components/reports/report-filters";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/lib/auth/session";
import { monthStart } from "@/lib/dates";
import { cohortMonthsFollowed, getCohorts } from "@/lib/reports/cohorts";
import { hrefWith } from "@/lib/url";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("reports.cohorts"))("title") };
}

/** A cell's shade: the stronger the retention, the deeper the blue; text stays readable on both. */
function shade(retention: number | null) {
  if (retention === null) return { style: undefined, className: "text-slate-400" };
  const strength = Math.min(1, Math.max(0, retention));
  return { style: { backgroundColor: `rgb(47 95 208 / ${(0.06 + strength * 0.84).toFixed(2)})` }, className: strength > 0.6 ? "text-white" : "text-slate-900" };
}

export default async function CohortsPage(props: PageProps<"/reports/cohorts">) {
  const actor = await requirePermission("reports.read");
  const [t, format, report] = await Promise.all([getTranslations("reports.cohorts"), getFormatter(), getCohorts(actor, await props.searchParams)]);
  const { params } = report;
  const monthName = (month: string, style: "short" | "long" = "short") => format.dateTime(monthStart(month), { year: "numeric", month: style, timeZone: "UTC" });
  const percent = (value: number) => format.number(value, { style: "percent", maximumFractionDigits: 0 });
  const customers = (filter: { cohort: string; boughtIn?: string }) => hrefWith("/customers", filter, {}) as Route;
  const since = Array.from({ length: cohortMonthsFollowed }, (_, index) => index);

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("intro", { refreshed: report.refreshedAt ? format.dateTime(report.refreshedAt, { dateStyle: "medium", timeStyle: "short" }) : t("notYet") })}
        actions={
          <a href={hrefWith("/reports/cohorts/export", { from: params.from, to: params.to, team: params.team }, {})} className={buttonClass("secondary")} download>
            <Download className="size-4" aria-hidden />
            {t("export")}
          </a>
        }
      />
      <ReportFilters action="/reports/cohorts" params={params} teams={report.teams} />

      {report.cohorts.every((cohort) => cohort.size === 0) ? (
        <EmptyState title={t("empty.title")}>{t("empty.hint")}</EmptyState>
      ) : (
        <ReportSection id="cohort-heat-map" title={t("map.title")} definition={t("map.definition")}>
          <div className="overflow-x-auto">
            <table className="w-full min-w-[48rem] border-separate border-spacing-0.5 text-xs">
              <caption className="sr-only">{t("map.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col" className="px-2 py-1 text-left font-medium text-slate-600">
                    {t("map.cohort")}
                  </th>
                  <th scope="col" className="px-2 py-1 text-right font-medium text-slate-600">
                    {t("map.size")}
                  </th>
                  {since.map((index) => (
                    <th key={index} scope="col" className="px-1 py-1 text-center font-medium text-slate-600">
                      {t("map.since", { index })}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {report.cohorts.map((cohort) => (
                  <tr key={cohort.month}>
                    <th scope="row" className="px-2 py-1 text-left font-medium whitespace-nowrap">
                      {cohort.size > 0 ? (
                        <Link href={customers({ cohort: cohort.month })} className="text-brand-700 hover:underline" aria-label={t("map.cohortDrill", { month: monthName(cohort.month, "long") })}>
                          {monthName(cohort.month)}
                        </Link>
                      ) : (
                        monthName(cohort.month)
                      )}
                    </th>
                    <td className="px-2 py-1 text-right tabular-nums">{format.number(cohort.size)}</td>
                    {cohort.cells.map((cell, index) => {
                      if (!cell) return <td key={index} className="bg-slate-50" aria-label={t("map.notYet")} />;
                      const look = shade(cell.retention);
                      const text = cell.retention === null ? "—" : percent(cell.retention);
                      return (
                        <td key={index} style={look.style} className={`rounded-sm p-0 text-center tabular-nums ${look.className}`}>
                          {cell.customers > 0 ? (
                            <Link
                              href={customers({ cohort: cohort.month, boughtIn: cell.month })}
                              className="block px-1 py-2 hover:underline focus-visible:outline-2 focus-visible:outline-brand-600"
                              aria-label={t("map.cellDrill", { cohort: monthName(cohort.month, "long"), month: monthName(cell.month, "long"), count: cell.customers, share: text })}
                              title={t("map.cellTitle", { count: cell.customers })}
                            >
                              {text}
                            </Link>
                          ) : (
                            <span className="block px-1 py-2">{text}</span>
                          )}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </ReportSection>
      )}
    </>
  );
}

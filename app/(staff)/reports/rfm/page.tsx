import { Download } from "lucide-react";
import type { Metadata, Route } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { Metric, ReportSection, ReportTable } from "@/components/reports/metric";
import { ReportFilters } from "@/components/reports/report-filters";
import { buttonClass } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { requirePermission } from "@/lib/auth/session";
import { rfmScores, type RfmSegment } from "@/lib/customers/rfm";
import { toMajorUnits } from "@/lib/money";
import { getRfm } from "@/lib/reports/rfm";
import { hrefWith } from "@/lib/url";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("reports.rfm"))("title") };
}

/** Each segment's colour in the grid: greens for the best customers, reds for those slipping away. */
const segmentColours: Record<RfmSegment, string> = {
  champions: "bg-emerald-100 text-emerald-900 hover:bg-emerald-200",
  loyal: "bg-teal-100 text-teal-900 hover:bg-teal-200",
  potentialLoyalists: "bg-sky-100 text-sky-900 hover:bg-sky-200",
  newCustomers: "bg-indigo-100 text-indigo-900 hover:bg-indigo-200",
  promising: "bg-violet-100 text-violet-900 hover:bg-violet-200",
  needAttention: "bg-amber-100 text-amber-900 hover:bg-amber-200",
  aboutToSleep: "bg-yellow-100 text-yellow-900 hover:bg-yellow-200",
  cannotLose: "bg-rose-200 text-rose-900 hover:bg-rose-300",
  atRisk: "bg-orange-100 text-orange-900 hover:bg-orange-200",
  hibernating: "bg-slate-200 text-slate-800 hover:bg-slate-300",
  lost: "bg-slate-100 text-slate-600 hover:bg-slate-200",
};

export default async function RfmPage(props: PageProps<"/reports/rfm">) {
  const actor = await requirePermission("reports.read");
  const [t, ts, format, rfm] = await Promise.all([getTranslations("reports.rfm"), getTranslations("customers.rfm"), getFormatter(), getRfm(actor, await props.searchParams)]);
  const { currency, cuts } = rfm;
  const money = (minor: number | null) => (minor === null ? "—" : format.number(toMajorUnits(minor, currency), { style: "currency", currency, maximumFractionDigits: 0 }));
  const customersOf = (filter: string) => hrefWith("/customers", { rfm: filter }, {}) as Route;
  const day = (instant: Date) => format.dateTime(instant, { dateStyle: "medium" });

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("intro", { refreshed: rfm.refreshedAt ? format.dateTime(rfm.refreshedAt, { dateStyle: "medium", timeStyle: "short" }) : t("notYet") })}
        actions={
          <a href={hrefWith("/reports/rfm/export", { team: rfm.params.team }, {})} className={buttonClass("secondary")} download>
            <Download className="size-4" aria-hidden />
            {t("export")}
          </a>
        }
      />
      <ReportFilters action="/reports/rfm" params={rfm.params} teams={rfm.teams} />

      {rfm.customers === 0 ? (
        <EmptyState title={t("empty.title")}>{t("empty.hint")}</EmptyState>
      ) : (
        <>
          <dl className="mb-6 grid grid-cols-2 gap-3 lg:grid-cols-4">
            <Metric label={t("metrics.customers.label")} value={format.number(rfm.customers)} definition={t("metrics.customers.definition")} />
            {(["champions", "atRisk", "cannotLose"] as const).map((key) => {
              const segment = rfm.segments.find((found) => found.segment === key)!;
              return (
                <Metric
                  key={key}
                  label={ts(`${key}.name`)}
                  value={format.number(segment.customers)}
                  note={segment.share === null ? undefined : t("metrics.share", { share: format.number(segment.share, { style: "percent", maximumFractionDigits: 0 }) })}
                  definition={ts(`${key}.definition`)}
                />
              );
            })}
          </dl>

          <div className="grid gap-4">
            <ReportSection id="rfm-grid" title={t("grid.title")} definition={t("grid.definition")}>
              <div className="overflow-x-auto">
                <table className="w-full min-w-[32rem] table-fixed border-separate border-spacing-1 text-sm">
                  <caption className="sr-only">{t("grid.caption")}</caption>
                  <thead>
                    <tr>
                      <th scope="col" className="w-20 text-left text-xs font-medium text-slate-500">
                        {t("grid.corner")}
                      </th>
                      {rfmScores.map((score) => (
                        <th key={score} scope="col" className="text-center text-xs font-medium text-slate-600">
                          {t("grid.frequency", { score })}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {rfm.grid.map((row) => (
                      <tr key={row[0]!.recency}>
                        <th scope="row" className="text-left text-xs font-medium text-slate-600">
                          {t("grid.recency", { score: row[0]!.recency })}
                        </th>
                        {row.map((cell) => (
                          <td key={cell.key} className="p-0">
                            <Link
                              href={customersOf(cell.key)}
                              aria-label={t("grid.cellLabel", { recency: cell.recency, frequency: cell.frequency, count: cell.customers, segment: ts(`${cell.segment}.name`) })}
                              className={cn("flex h-20 flex-col justify-between rounded-md p-2 focus-visible:outline-2 focus-visible:outline-brand-600", segmentColours[cell.segment])}
                            >
                              <span className="truncate text-[11px] leading-tight opacity-80">{ts(`${cell.segment}.name`)}</span>
                              <span className="text-lg font-semibold tabular-nums">{format.number(cell.customers)}</span>
                              <span className="truncate text-[11px] tabular-nums opacity-80">{money(cell.averageSpend)}</span>
                            </Link>
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </ReportSection>

            {cuts && (
              <ReportSection id="rfm-scores" title={t("scores.title")} definition={t("scores.definition")}>
                <Table
                  head={
                    <>
                      <Th>{t("scores.score")}</Th>
                      <Th>{t("scores.recency")}</Th>
                      <Th className="text-right">{t("scores.frequency")}</Th>
                      <Th className="text-right">{t("scores.monetary")}</Th>
                    </>
                  }
                >
                  {rfmScores.map((score) => {
                    const range = <T,>(values: T[], show: (value: T) => string) =>
                      score === 1 ? t("scores.atMost", { value: show(values[0]!) }) : score === 5 ? t("scores.above", { value: show(values[3]!) }) : t("scores.between", { low: show(values[score - 2]!), high: show(values[score - 1]!) });
                    return (
                      <tr key={score}>
                        <Td className="tabular-nums">{score}</Td>
                        <Td className="whitespace-nowrap">{range(cuts.recency, day)}</Td>
                        <Td className="text-right whitespace-nowrap tabular-nums">{range(cuts.frequency, (value) => format.number(value))}</Td>
                        <Td className="text-right whitespace-nowrap tabular-nums">{range(cuts.monetary, money)}</Td>
                      </tr>
                    );
                  })}
                </Table>
              </ReportSection>
            )}
          </div>

          <ReportTable id="rfm-segments" title={t("segments.title")} definition={t("segments.definition")}>
            <Table
              head={
                <>
                  <Th>{t("segments.segment")}</Th>
                  <Th className="text-right">{t("segments.customers")}</Th>
                  <Th className="hidden text-right sm:table-cell">{t("segments.share")}</Th>
                  <Th className="hidden text-right md:table-cell">{t("segments.averageSpend")}</Th>
                </>
              }
            >
              {rfm.segments.map((segment) => (
                <tr key={segment.segment}>
                  <Td>
                    <Link href={customersOf(segment.segment)} className="font-medium text-brand-700 hover:underline" aria-label={t("segments.drill", { segment: ts(`${segment.segment}.name`) })}>
                      {ts(`${segment.segment}.name`)}
                    </Link>
                    <p className="text-xs text-slate-500">{ts(`${segment.segment}.definition`)}</p>
                  </Td>
                  <Td className="text-right tabular-nums">{format.number(segment.customers)}</Td>
                  <Td className="hidden text-right tabular-nums sm:table-cell">{segment.share === null ? "—" : format.number(segment.share, { style: "percent", maximumFractionDigits: 0 })}</Td>
                  <Td className="hidden text-right tabular-nums md:table-cell">{money(segment.averageSpend)}</Td>
                </tr>
              ))}
            </Table>
          </ReportTable>
        </>
      )}
    </>
  );
}

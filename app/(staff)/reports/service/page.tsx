import { Download } from "lucide-react";
import type { Metadata, Route } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { SeriesChart } from "@/components/charts/series-chart";
import { Metric, ReportSection, ReportTable } from "@/components/reports/metric";
import { ServiceCountTable } from "@/components/reports/service-count-table";
import { ReportFilters } from "@/components/reports/report-filters";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { requirePermission } from "@/lib/auth/session";
import { getServiceReport } from "@/lib/reports/service";
import { hrefWith } from "@/lib/url";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("reports.service"))("title") };
}

const drillClass = "font-medium text-brand-700 hover:underline";

export default async function ServiceReportPage(props: PageProps<"/reports/service">) {
  const actor = await requirePermission("reports.read");
  const [t, tickets, format, locale, report] = await Promise.all([
    getTranslations("reports.service"),
    getTranslations("tickets"),
    getFormatter(),
    getLocale(),
    getServiceReport(actor, await props.searchParams),
  ]);
  const { params, totals, backlog } = report;
  const dayDate = (day: string) => new Date(`${day}T00:00:00Z`);
  const shortDay = (day: string) => format.dateTime(dayDate(day), { month: "short", day: "numeric", timeZone: "UTC" });
  const longDay = (day: string) => format.dateTime(dayDate(day), { dateStyle: "medium", timeZone: "UTC" });
  const percent = (value: number | null) => (value === null ? "—" : format.number(value, { style: "percent", maximumFractionDigits: 0 }));
  const rating = (value: number | null) => (value === null ? "—" : format.number(value, { minimumFractionDigits: 1, maximumFractionDigits: 1 }));
  const duration = (minutes: number | null) => {
    if (minutes === null) return "—";
    const whole = Math.round(minutes);
    return whole < 60 ? t("duration.minutes", { minutes: whole }) : t("duration.hours", { hours: Math.floor(whole / 60), minutes: whole % 60 });
  };
  const query = { from: params.from, to: params.to, team: params.team };
  const span = t("span", { start: longDay(params.from), end: longDay(params.to) });
  /** The ticket list behind a figure of the span. */
  const ticketsOf = (filters: Record<string, string | undefined>) => hrefWith("/tickets", { queue: "all", team: params.team, from: params.from, to: params.to, ...filters }, {}) as Route;
  /** The ticket list behind a backlog figure: open now, whatever the span. */
  const openTickets = (filters: Record<string, string | undefined>) => hrefWith("/tickets", { queue: "open", team: params.team, ...filters }, {}) as Route;
  const empty = totals.opened === 0 && totals.solved === 0 && totals.ratings === 0 && totals.firstResponse.counted === 0 && totals.resolution.counted === 0 && backlog.total === 0;
  const late = (tally: { counted: number; met: number }) => tally.counted - tally.met;

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("intro", {
          timeZone: report.timeZone,
          refreshed: report.refreshedAt ? format.dateTime(report.refreshedAt, { dateStyle: "medium", timeStyle: "short" }) : t("notYet"),
        })}
        actions={
          <a href={hrefWith("/reports/service/export", query, {})} className={buttonClass("secondary")} download>
            <Download className="size-4" aria-hidden />
            {t("export")}
          </a>
        }
      />
      <ReportFilters action="/reports/service" params={params} teams={report.teams} unit="day" teamOf="ticket" />

      <dl className="mb-6 grid grid-cols-2 gap-3 lg:grid-cols-3">
        <Metric
          label={t("metrics.opened.label")}
          value={format.number(totals.opened)}
          definition={t("metrics.opened.definition")}
          note={
            <Link href={ticketsOf({ dates: "created" })} className={drillClass}>
              {t("metrics.opened.drill")}
            </Link>
          }
        />
        <Metric
          label={t("metrics.solved.label")}
          value={format.number(totals.solved)}
          definition={t("metrics.solved.definition")}
          note={
            <Link href={ticketsOf({ dates: "solved" })} className={drillClass}>
              {t("metrics.solved.drill")}
            </Link>
          }
        />
        <Metric
          label={t("metrics.medianFirstResponse.label")}
          value={duration(totals.medianFirstResponse)}
          definition={t("metrics.medianFirstResponse.definition")}
          note={
            <Link href={ticketsOf({ dates: "first_response" })} className={drillClass}>
              {t("metrics.medianFirstResponse.drill")}
            </Link>
          }
        />
        {(["firstResponse", "resolution"] as const).map((kind) => (
          <Metric
            key={kind}
            label={t(`metrics.${kind}.label`)}
            value={percent(totals[kind].compliance)}
            definition={t(`metrics.${kind}.definition`)}
            note={
              <>
                {t(`metrics.${kind}.note`, { met: format.number(totals[kind].met), counted: format.number(totals[kind].counted) })}
                {late(totals[kind]) > 0 && (
                  <>
                    {" · "}
                    <Link href={ticketsOf({ dates: kind === "firstResponse" ? "first_response" : "resolution", sla: "breached" })} className={drillClass}>
                      {t(`metrics.${kind}.drill`, { count: late(totals[kind]) })}
                    </Link>
                  </>
                )}
              </>
            }
          />
        ))}
        <Metric
          label={t("metrics.csat.label")}
          value={totals.averageRating === null ? "—" : t("metrics.csat.value", { average: rating(totals.averageRating) })}
          definition={t("metrics.csat.definition")}
          note={
            <Link href={ticketsOf({ dates: "rated" })} className={drillClass}>
              {t("metrics.csat.drill", { count: totals.ratings })}
            </Link>
          }
        />
      </dl>

      {empty && (
        <div className="mb-6">
          <EmptyState title={t("empty.title")}>{t("empty.hint")}</EmptyState>
        </div>
      )}

      <div className="grid gap-4 lg:grid-cols-2">
        <ReportSection id="volume-chart" title={t("volume.title")} definition={t("volume.definition")}>
          <SeriesChart
            label={t("volume.label", { span })}
            locale={locale}
            format={{ maximumFractionDigits: 0 }}
            data={report.days.map((day) => ({ label: shortDay(day.day), opened: day.opened, solved: day.solved }))}
            series={[
              { key: "opened", label: t("volume.opened"), color: "#2f5fd0", kind: "bar" },
              { key: "solved", label: t("volume.solved"), color: "#0d9488", kind: "bar" },
            ]}
          />
          <p className="mt-2 flex flex-wrap gap-x-4 text-sm">
            <Link href={ticketsOf({ dates: "created" })} className={drillClass}>
              {t("metrics.opened.drill")}
            </Link>
            <Link href={ticketsOf({ dates: "solved" })} className={drillClass}>
              {t("metrics.solved.drill")}
            </Link>
          </p>
        </ReportSection>

        <ReportSection id="backlog" title={t("backlog.title")} definition={t("backlog.definition")}>
          {backlog.total === 0 ? (
            <EmptyState title={t("backlog.empty")} />
          ) : (
            <div className="grid gap-4 sm:grid-cols-2">
              <ServiceCountTable
                caption={t("backlog.byStatus")}
                keyLabel={t("backlog.status")}
                countLabel={t("backlog.tickets")}
                rows={backlog.byStatus.map((row) => ({
                  key: row.status,
                  label: tickets(`statuses.${row.status}`),
                  count: format.number(row.count),
                  href: openTickets({ status: row.status }),
                  drill: t("backlog.drillStatus", { status: tickets(`statuses.${row.status}`) }),
                }))}
                total={{ label: t("backlog.total"), count: format.number(backlog.total), href: openTickets({}), drill: t("backlog.drillTotal") }}
              />
              <ServiceCountTable
                caption={t("backlog.byCategory")}
                keyLabel={t("backlog.category")}
                countLabel={t("backlog.tickets")}
                rows={backlog.byCategory.map((row) => ({
                  key: row.category,
                  label: tickets(`categories.${row.category}`),
                  count: format.number(row.count),
                  href: openTickets({ category: row.category }),
                  drill: t("backlog.drillCategory", { category: tickets(`categories.${row.category}`) }),
                }))}
              />
            </div>
          )}
        </ReportSection>

        <ReportSection id="csat-chart" title={t("csat.title")} definition={t("csat.definition")}>
          {totals.ratings === 0 ? (
            <EmptyState title={t("csat.empty")} />
          ) : (
            <>
              <SeriesChart
                label={t("csat.label", { span })}
                locale={locale}
                format={{ minimumFractionDigits: 1, maximumFractionDigits: 1 }}
                data={report.weeks.map((week) => ({ label: shortDay(week.from), average: week.average }))}
                series={[{ key: "average", label: t("csat.average"), color: "#0d9488", kind: "line" }]}
              />
              <Table
                className="mt-3"
                head={
                  <>
                    <Th>{t("csat.week")}</Th>
                    <Th className="text-right">{t("csat.responses")}</Th>
                    <Th className="text-right">{t("csat.average")}</Th>
                  </>
                }
              >
                {report.weeks.map((week) => (
                  <tr key={week.from}>
                    <Td className="whitespace-nowrap">
                      <Link
                        href={hrefWith("/tickets", { queue: "all", team: params.team, dates: "rated", from: week.from, to: week.to }, {}) as Route}
                        className={drillClass}
                        aria-label={t("csat.drill", { start: longDay(week.from), end: longDay(week.to) })}
                      >
                        {week.from === week.to ? shortDay(week.from) : `${shortDay(week.from)} – ${shortDay(week.to)}`}
                      </Link>
                    </Td>
                    <Td className="text-right tabular-nums">{format.number(week.responses)}</Td>
                    <Td className="text-right tabular-nums">{rating(week.average)}</Td>
                  </tr>
                ))}
              </Table>
            </>
          )}
        </ReportSection>
      </div>

      <ReportTable id="agents-table" title={t("agents.title")} definition={t("agents.definition")}>
        {report.agents.length === 0 ? (
          <EmptyState title={t("agents.empty")} />
        ) : (
          <Table
            head={
              <>
                <Th>{t("agents.agent")}</Th>
                <Th className="text-right">{t("agents.assigned")}</Th>
                <Th className="text-right">{t("agents.solved")}</Th>
                <Th className="hidden text-right sm:table-cell">{t("agents.medianFirstResponse")}</Th>
                <Th className="hidden text-right md:table-cell">{t("agents.compliance")}</Th>
                <Th className="hidden text-right md:table-cell">{t("agents.csat")}</Th>
              </>
            }
          >
            {report.agents.map((agent) => (
              <tr key={agent.id}>
                <Td className="font-medium text-slate-900">{agent.name}</Td>
                <Td className="text-right tabular-nums">
                  <Link href={ticketsOf({ dates: "created", assignee: agent.id })} className={drillClass} aria-label={t("agents.drillAssigned", { name: agent.name })}>
                    {format.number(agent.assigned)}
                  </Link>
                </Td>
                <Td className="text-right tabular-nums">
                  <Link href={ticketsOf({ dates: "solved", assignee: agent.id })} className={drillClass} aria-label={t("agents.drillSolved", { name: agent.name })}>
                    {format.number(agent.solved)}
                  </Link>
                </Td>
                <Td className="hidden text-right tabular-nums sm:table-cell">{duration(agent.medianFirstResponse)}</Td>
                <Td className="hidden text-right tabular-nums md:table-cell">{percent(agent.compliance)}</Td>
                <Td className="hidden text-right tabular-nums md:table-cell">
                  {agent.averageRating === null ? "—" : t("agents.csatValue", { average: rating(agent.averageRating), count: format.number(agent.ratings) })}
                </Td>
              </tr>
            ))}
          </Table>
        )}
      </ReportTable>
    </>
  );
}

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
import { getMembershipReport } from "@/lib/reports/membership";
import { hrefWith } from "@/lib/url";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("reports.membership"))("title") };
}

export default async function MembershipReportPage(props: PageProps<"/reports/membership">) {
  const actor = await requirePermission("reports.read");
  const [t, format, locale, report] = await Promise.all([getTranslations("reports.membership"), getFormatter(), getLocale(), getMembershipReport(actor, await props.searchParams)]);
  const { params, currency, totals, outstanding, members } = report;
  const zh = locale === "zh-CN";
  const label = (month: string) => format.dateTime(monthStart(month), { year: "2-digit", month: "short", timeZone: "UTC" });
  const longMonth = (month: string) => format.dateTime(monthStart(month), { year: "numeric", month: "long", timeZone: "UTC" });
  const number = (value: number) => format.number(value);
  const signed = (value: number) => format.number(value, { signDisplay: "exceptZero" });
  const percent = (value: number | null) => (value === null ? "—" : format.number(value, { style: "percent", maximumFractionDigits: 0 }));
  const span = t("span", { start: label(params.from), end: label(params.to) });
  const spanDays = { from: `${params.from}-01`, to: lastDayOfMonth(params.to) };
  const empty = report.months.every((month) => month.earned === 0 && month.net === 0 && month.redeemed === 0 && month.expired === 0 && month.upgrades === 0 && month.downgrades === 0);
  const tierMembers = report.tiers.reduce((sum, tier) => sum + tier.members, 0);

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("intro", {
          timeZone: report.timeZone,
          refreshed: report.refreshedAt ? format.dateTime(report.refreshedAt, { dateStyle: "medium", timeStyle: "short" }) : t("notYet"),
        })}
        actions={
          <a href={hrefWith("/reports/membership/export", params, {})} className={buttonClass("secondary")} download>
            <Download className="size-4" aria-hidden />
            {t("export")}
          </a>
        }
      />
      <ReportFilters action="/reports/membership" params={params} />

      <dl className="mb-6 grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Metric label={t("metrics.members.label")} value={members ? number(members.total) : "—"} definition={t("metrics.members.definition")} />
        <Metric
          label={t("metrics.active.label")}
          value={members ? number(members.active) : "—"}
          note={members ? t("metrics.active.share", { share: percent(members.activeRate) }) : undefined}
          definition={t("metrics.active.definition", { days: members?.activeDays ?? 90 })}
        />
        <Metric label={t("metrics.outstanding.label")} value={number(outstanding.points)} definition={t("metrics.outstanding.definition")} />
        <Metric
          label={t("metrics.liability.label")}
          value={format.number(toMajorUnits(outstanding.value, currency), { style: "currency", currency })}
          definition={t("metrics.liability.definition", { value: format.number(toMajorUnits(Math.round(outstanding.pointValue * 100), currency) / 100, { style: "currency", currency, maximumFractionDigits: 6 }) })}
        />
        <Metric label={t("metrics.issued.label")} value={number(totals.issued)} definition={t("metrics.issued.definition")} />
        <Metric label={t("metrics.redeemed.label")} value={number(totals.redeemed)} note={t("metrics.redeemed.returned", { points: number(totals.redeemReturned) })} definition={t("metrics.redeemed.definition")} />
        <Metric label={t("metrics.expired.label")} value={number(totals.expired)} definition={t("metrics.expired.definition")} />
        <Metric label={t("metrics.moves.label")} value={t("metrics.moves.value", { up: totals.upgrades, down: totals.downgrades })} definition={t("metrics.moves.definition")} />
      </dl>

      {empty && (
        <div className="mb-6">
          <EmptyState title={t("empty.title")}>{t("empty.hint")}</EmptyState>
        </div>
      )}

      <div className="grid gap-4 lg:grid-cols-2">
        <ReportSection id="points-chart" title={t("charts.points.title")} definition={t("charts.points.definition")}>
          <SeriesChart
            label={t("charts.points.label", { span })}
            locale={locale}
            format={{ maximumFractionDigits: 0 }}
            data={report.months.map((month) => ({ label: label(month.month), issued: month.issued, redeemed: month.redeemed - month.redeemReturned, expired: month.expired, net: month.net }))}
            series={[
              { key: "issued", label: t("columns.issued"), color: "#2f5fd0", kind: "bar" },
              { key: "redeemed", label: t("charts.points.redeemedNet"), color: "#0d9488", kind: "bar" },
              { key: "expired", label: t("columns.expired"), color: "#94a3b8", kind: "bar" },
              { key: "net", label: t("columns.net"), color: "#b45309", kind: "line" },
            ]}
          />
        </ReportSection>
        <ReportSection id="moves-chart" title={t("charts.moves.title")} definition={t("charts.moves.definition")}>
          <SeriesChart
            label={t("charts.moves.label", { span })}
            locale={locale}
            format={{ maximumFractionDigits: 0 }}
            data={report.months.map((month) => ({ label: label(month.month), upgrades: month.upgrades, downgrades: month.downgrades }))}
            series={[
              { key: "upgrades", label: t("columns.upgrades"), color: "#2f5fd0", kind: "bar" },
              { key: "downgrades", label: t("columns.downgrades"), color: "#dc2626", kind: "bar" },
            ]}
          />
        </ReportSection>
      </div>

      <ReportTable id="tiers-table" title={t("tiers.title")} definition={t("tiers.definition")}>
        {report.tiers.length === 0 ? (
          <EmptyState title={t("tiers.empty")} />
        ) : (
          <Table
            head={
              <>
                <Th>{t("tiers.tier")}</Th>
                <Th className="text-right">{t("tiers.members")}</Th>
                <Th className="hidden text-right sm:table-cell">{t("tiers.share")}</Th>
              </>
            }
          >
            {report.tiers.map((tier) => {
              const name = zh ? tier.nameZh : tier.name;
              return (
                <tr key={tier.id}>
                  <Td>
                    <Link href={hrefWith("/customers", { tier: tier.id }, {}) as Route} className="font-medium text-brand-700 hover:underline" aria-label={t("tiers.drill", { tier: name })}>
                      {name}
                    </Link>
                  </Td>
                  <Td className="text-right tabular-nums">{number(tier.members)}</Td>
                  <Td className="hidden text-right tabular-nums sm:table-cell">{percent(tierMembers > 0 ? tier.members / tierMembers : null)}</Td>
                </tr>
              );
            })}
          </Table>
        )}
      </ReportTable>

      <ReportTable id="months-table" title={t("months.title")} definition={t("months.definition")}>
        <Table
          head={
            <>
              <Th>{t("columns.month")}</Th>
              <Th className="text-right">{t("columns.issued")}</Th>
              <Th className="text-right">{t("columns.redeemed")}</Th>
              <Th className="hidden text-right sm:table-cell">{t("columns.expired")}</Th>
              <Th className="hidden text-right md:table-cell">{t("columns.earned")}</Th>
              <Th className="hidden text-right md:table-cell">{t("columns.earnReversed")}</Th>
              <Th className="hidden text-right md:table-cell">{t("columns.redeemReturned")}</Th>
              <Th className="hidden text-right md:table-cell">{t("columns.adjusted")}</Th>
              <Th className="hidden text-right sm:table-cell">{t("columns.net")}</Th>
              <Th className="hidden text-right lg:table-cell">{t("columns.upgrades")}</Th>
              <Th className="hidden text-right lg:table-cell">{t("columns.downgrades")}</Th>
            </>
          }
        >
          {report.months.map((month) => (
            <tr key={month.month}>
              <Td className="whitespace-nowrap">
                <Link
                  href={hrefWith("/membership/points", { from: `${month.month}-01`, to: lastDayOfMonth(month.month) }, {}) as Route}
                  className="font-medium text-brand-700 hover:underline"
                  aria-label={t("months.drill", { month: longMonth(month.month) })}
                >
                  {format.dateTime(monthStart(month.month), { year: "numeric", month: "short", timeZone: "UTC" })}
                </Link>
              </Td>
              <Td className="text-right tabular-nums">{number(month.issued)}</Td>
              <Td className="text-right tabular-nums">{number(month.redeemed)}</Td>
              <Td className="hidden text-right tabular-nums sm:table-cell">{number(month.expired)}</Td>
              <Td className="hidden text-right tabular-nums md:table-cell">{number(month.earned)}</Td>
              <Td className="hidden text-right tabular-nums md:table-cell">{number(month.earnReversed)}</Td>
              <Td className="hidden text-right tabular-nums md:table-cell">{number(month.redeemReturned)}</Td>
              <Td className="hidden text-right tabular-nums md:table-cell">{signed(month.adjusted)}</Td>
              <Td className="hidden text-right tabular-nums sm:table-cell">{signed(month.net)}</Td>
              <Td className="hidden text-right tabular-nums lg:table-cell">{number(month.upgrades)}</Td>
              <Td className="hidden text-right tabular-nums lg:table-cell">{number(month.downgrades)}</Td>
            </tr>
          ))}
        </Table>
      </ReportTable>

      <ReportTable id="coupons-table" title={t("coupons.title")} definition={t("coupons.definition", { span })}>
        {report.coupons.length === 0 ? (
          <EmptyState title={t("coupons.empty")} />
        ) : (
          <Table
            head={
              <>
                <Th>{t("coupons.template")}</Th>
                <Th className="text-right">{t("coupons.issued")}</Th>
                <Th className="hidden text-right sm:table-cell">{t("coupons.redeemed")}</Th>
                <Th className="text-right">{t("coupons.rate")}</Th>
              </>
            }
          >
            {report.coupons.map((coupon) => {
              const name = zh && coupon.nameZh ? coupon.nameZh : coupon.name;
              return (
                <tr key={coupon.id}>
                  <Td>
                    <Link href={hrefWith(`/membership/coupons/${coupon.id}/issued`, spanDays, {}) as Route} className="font-medium text-brand-700 hover:underline" aria-label={t("coupons.drill", { template: name })}>
                      {name}
                    </Link>
                  </Td>
                  <Td className="text-right tabular-nums">{number(coupon.issued)}</Td>
                  <Td className="hidden text-right tabular-nums sm:table-cell">{number(coupon.redeemed)}</Td>
                  <Td className="text-right tabular-nums">{percent(coupon.rate)}</Td>
                </tr>
              );
            })}
          </Table>
        )}
      </ReportTable>
    </>
  );
}

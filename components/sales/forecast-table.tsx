import { getFormatter, getTranslations } from "next-intl/server";
import { Fragment, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { Table, Td, Th } from "@/components/ui/table";
import type { FormAction } from "@/lib/http/action-state";
import { toMajorUnits } from "@/lib/money";
import type { Forecast, ForecastFigures, ForecastRow } from "@/lib/sales/forecast";
import { TargetDialog } from "./forecast-target-editor";

const metrics = ["pipeline", "weighted", "won", "target", "attainment"] as const;

/**
 * The forecast as a table: months across, and per owner one line for each figure (pipeline,
 * weighted, won, target, attainment); a subtotal per team and the total at the bottom (left out
 * where they would only repeat the line above). Where the viewer may set targets, each month's
 * target opens a small editor.
 */
export async function ForecastTable<T>({ forecast, monthLabels, setTargetAction }: { forecast: Forecast; monthLabels: string[]; setTargetAction: FormAction<T> }) {
  const [t, format] = await Promise.all([getTranslations("forecast"), getFormatter()]);
  const { currency } = forecast;
  const money = (minor: number) => format.number(toMajorUnits(minor, currency), { style: "currency", currency, maximumFractionDigits: 0 });
  const percent = (ratio: number | null) => (ratio === null ? "—" : format.number(ratio, { style: "percent", maximumFractionDigits: 0 }));
  const columns = forecast.months.length + 3;

  const figure = (figures: ForecastFigures, metric: (typeof metrics)[number]) => {
    if (metric === "attainment") {
      return <span className={cn(figures.attainment !== null && figures.attainment >= 1 && "font-medium text-green-700")}>{percent(figures.attainment)}</span>;
    }
    const value = figures[metric];
    return value === null ? <span className="text-slate-400">—</span> : money(value);
  };

  /** The five lines of one owner, team or total. */
  const lines = (key: string, name: ReactNode, months: ForecastFigures[], total: ForecastFigures, options: { row?: ForecastRow; summary?: boolean }) =>
    metrics.map((metric, index) => (
      <tr key={`${key}-${metric}`} className={cn(index === 0 && "border-t border-slate-200", options.summary && "bg-slate-50 font-medium text-slate-900")}>
        {index === 0 && (
          <th scope="rowgroup" rowSpan={metrics.length} className="min-w-36 px-4 py-2 align-top font-medium text-slate-900">
            {name}
          </th>
        )}
        <th scope="row" className="whitespace-nowrap px-4 py-1.5 text-left text-xs font-normal text-slate-600">
          {t(`metrics.${metric}`)}
        </th>
        {months.map((figures, column) => (
          <Td key={forecast.months[column]} className="whitespace-nowrap px-4 py-1.5 text-right tabular-nums">
            {metric === "target" && options.row?.canSetTarget ? (
              <TargetDialog
                action={setTargetAction}
                userId={options.row.ownerId}
                ownerName={options.row.name}
                month={forecast.months[column]!}
                monthLabel={monthLabels[column]!}
                currency={currency}
                amount={figures.target === null ? "" : String(toMajorUnits(figures.target, currency))}
                display={figures.target === null ? t("target.set") : money(figures.target)}
              />
            ) : (
              figure(figures, metric)
            )}
          </Td>
        ))}
        <Td className="whitespace-nowrap bg-slate-50/60 px-4 py-1.5 text-right font-medium tabular-nums">{figure(total, metric)}</Td>
      </tr>
    ));

  return (
    <Table
      bodyClassName="divide-y-0"
      head={
        <>
          <Th>{t("columns.owner")}</Th>
          <Th>
            <span className="sr-only">{t("columns.figure")}</span>
          </Th>
          {monthLabels.map((label) => (
            <Th key={label} className="whitespace-nowrap text-right">
              {label}
            </Th>
          ))}
          <Th className="whitespace-nowrap text-right">{t("columns.total")}</Th>
        </>
      }
    >
      {forecast.groups.map((group) => {
        const teamName = group.teamName ?? t("noTeam");
        return (
          <Fragment key={group.teamId ?? "none"}>
            <tr className="border-t-2 border-slate-200 bg-slate-100">
              <th scope="colgroup" colSpan={columns} className="px-4 py-2 text-left text-sm font-semibold text-slate-800">
                {teamName} <span className="font-normal text-slate-600">· {t("people", { count: group.rows.length })}</span>
              </th>
            </tr>
            {group.rows.map((row) =>
              lines(
                row.ownerId,
                <>
                  {row.name}
                  {!row.active && <span className="block text-xs font-normal text-slate-500">{t("inactive")}</span>}
                </>,
                row.months,
                row.total,
                { row },
              ),
            )}
            {group.rows.length > 1 && lines(`subtotal-${group.teamId ?? "none"}`, t("subtotal", { team: teamName }), group.months, group.total, { summary: true })}
          </Fragment>
        );
      })}
      {forecast.groups.length > 1 && lines("total", t("total"), forecast.monthTotals, forecast.total, { summary: true })}
    </Table>
  );
}

import { cn } from "@/components/ui/cn";

export type ForecastChartMonth = { label: string; weighted: number; won: number; target: number | null };

const series = [
  { key: "weighted", className: "bg-brand-600/40" },
  { key: "won", className: "bg-brand-700" },
  { key: "target", className: "bg-slate-400" },
] as const;

/**
 * Grouped bars per month (weighted pipeline, won, target), drawn with plain elements from numbers
 * the page has already added up. The figures themselves are in the table; the chart is a picture
 * of them, described by `label`.
 */
export function ForecastChart({
  months,
  label,
  legend,
  format,
}: {
  months: ForecastChartMonth[];
  label: string;
  legend: Record<(typeof series)[number]["key"], string>;
  format: (value: number) => string;
}) {
  const max = Math.max(1, ...months.flatMap((month) => [month.weighted, month.won, month.target ?? 0]));
  return (
    <figure className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs">
      <div role="img" aria-label={label} className="flex h-40 items-end gap-3 overflow-x-auto sm:gap-6">
        {months.map((month) => (
          <div key={month.label} className="flex h-full min-w-14 flex-1 flex-col justify-end">
            <div className="flex h-full items-end justify-center gap-1">
              {series.map(({ key, className }) => {
                const value = month[key] ?? 0;
                return (
                  <div
                    key={key}
                    title={`${legend[key]}: ${format(value)}`}
                    className={cn("w-3 rounded-t sm:w-5", className)}
                    style={{ height: `${Math.max(value > 0 ? 2 : 0, (value / max) * 100)}%` }}
                  />
                );
              })}
            </div>
            <div className="mt-1 truncate text-center text-xs text-slate-600">{month.label}</div>
          </div>
        ))}
      </div>
      <figcaption className="mt-3 flex flex-wrap gap-4 text-xs text-slate-600">
        {series.map(({ key, className }) => (
          <span key={key} className="inline-flex items-center gap-1.5">
            <span aria-hidden className={cn("inline-block size-3 rounded-sm", className)} />
            {legend[key]}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

"use client";

import { Bar, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from "recharts";

export type ChartSeries = {
  key: string;
  label: string;
  /** A CSS colour. */
  color: string;
  kind: "bar" | "line";
  /** Bars with the same stack id sit on top of each other. */
  stack?: string;
};

/**
 * Bars and lines over a row of labels (months), drawn from figures the server has already added
 * up: the chart only draws. Values are formatted with `Intl.NumberFormat(locale, format)`, so a
 * server component can say how (money, percent) without handing over a function. The figures are
 * also in a table beside it; to assistive technology the chart is one picture named by `label`.
 */
export function SeriesChart({
  data,
  series,
  label,
  locale,
  format,
  height = 260,
}: {
  data: ({ label: string } & Record<string, number | string | null>)[];
  series: ChartSeries[];
  label: string;
  locale: string;
  format: Intl.NumberFormatOptions;
  height?: number;
}) {
  const full = new Intl.NumberFormat(locale, format);
  const short = new Intl.NumberFormat(locale, { ...format, notation: "compact", maximumFractionDigits: 1 });
  const value = (raw: unknown) => (typeof raw === "number" ? full.format(raw) : "—");
  return (
    <div role="img" aria-label={label} className="w-full" style={{ height }}>
      <ComposedChart responsive data={data} style={{ width: "100%", height: "100%" }} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
        <XAxis dataKey="label" tick={{ fontSize: 12, fill: "#475569" }} tickLine={false} axisLine={{ stroke: "#cbd5e1" }} interval="preserveStartEnd" minTickGap={8} />
        <YAxis tick={{ fontSize: 12, fill: "#475569" }} tickLine={false} axisLine={false} width={64} tickFormatter={(tick: number) => short.format(tick)} />
        <Tooltip formatter={(raw) => value(raw)} contentStyle={{ fontSize: 12, borderRadius: 6, borderColor: "#cbd5e1" }} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {series.map((item) =>
          item.kind === "bar" ? (
            <Bar key={item.key} dataKey={item.key} name={item.label} fill={item.color} stackId={item.stack} radius={item.stack ? 0 : [3, 3, 0, 0]} isAnimationActive={false} />
          ) : (
            <Line key={item.key} dataKey={item.key} name={item.label} stroke={item.color} strokeWidth={2} dot={{ r: 3 }} connectNulls isAnimationActive={false} />
          ),
        )}
      </ComposedChart>
    </div>
  );
}

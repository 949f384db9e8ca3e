"use client";

import { Bar, BarChart, CartesianGrid, LabelList, Tooltip, XAxis, YAxis } from "recharts";

/**
 * A pipeline's stages as horizontal bars, top to bottom in stage order, each as long as its figure
 * (open deals, say), drawn from numbers the server has already added up. Each bar carries a second
 * figure (the deals' value) in its tooltip. The figures are also in a table beside it; to assistive
 * technology the chart is one picture named by `label`.
 */
export function StageFunnelChart({
  data,
  label,
  locale,
  countLabel,
  valueLabel,
  valueFormat,
  color = "#2f5fd0",
}: {
  data: { label: string; count: number; value: number }[];
  label: string;
  locale: string;
  countLabel: string;
  valueLabel: string;
  valueFormat: Intl.NumberFormatOptions;
  color?: string;
}) {
  const count = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const value = new Intl.NumberFormat(locale, valueFormat);
  const height = Math.max(160, data.length * 44 + 40);
  return (
    <div role="img" aria-label={label} className="w-full" style={{ height }}>
      <BarChart responsive layout="vertical" data={data} style={{ width: "100%", height: "100%" }} margin={{ top: 4, right: 40, bottom: 0, left: 0 }} accessibilityLayer={false}>
        <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#e2e8f0" />
        <XAxis type="number" allowDecimals={false} tick={{ fontSize: 12, fill: "#475569" }} tickLine={false} axisLine={{ stroke: "#cbd5e1" }} />
        <YAxis type="category" dataKey="label" width={112} tick={{ fontSize: 12, fill: "#475569" }} tickLine={false} axisLine={false} />
        <Tooltip
          cursor={{ fill: "#f1f5f9" }}
          contentStyle={{ fontSize: 12, borderRadius: 6, borderColor: "#cbd5e1" }}
          formatter={(raw, _name, item) => {
            const row = item.payload as { value: number };
            return [`${count.format(Number(raw))} · ${value.format(row.value)}`, `${countLabel} · ${valueLabel}`];
          }}
        />
        <Bar dataKey="count" name={countLabel} fill={color} radius={[0, 3, 3, 0]} isAnimationActive={false}>
          <LabelList dataKey="count" position="right" style={{ fontSize: 12, fill: "#334155" }} formatter={(raw) => count.format(Number(raw))} />
        </Bar>
      </BarChart>
    </div>
  );
}

import type { ReactNode } from "react";

/** One headline figure with its one-line definition, so that everyone reads it the same way. */
export function Metric({ label, value, definition, note }: { label: string; value: string; definition: string; note?: ReactNode }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-xs">
      <dt className="text-xs font-medium text-slate-600">{label}</dt>
      <dd className="mt-1 text-xl font-semibold tabular-nums text-slate-900">{value}</dd>
      {note && <dd className="text-xs text-slate-600">{note}</dd>}
      <dd className="mt-1 text-xs text-slate-500">{definition}</dd>
    </div>
  );
}

/** A chart or table with its title and the definition of what it shows. */
export function ReportSection({ id, title, definition, children }: { id: string; title: string; definition: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs">
      <h2 id={id} className="text-base font-semibold text-slate-900">
        {title}
      </h2>
      <p className="mt-0.5 mb-3 text-xs text-slate-500">{definition}</p>
      {children}
    </section>
  );
}

/** A full-width table of a dashboard, with its heading, the definition of its rows and an optional link beside the heading. */
export function ReportTable({ id, title, definition, action, children }: { id: string; title: string; definition: string; action?: ReactNode; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="mt-6">
      <div className="mb-1 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={id} className="text-lg font-semibold text-slate-900">
          {title}
        </h2>
        {action}
      </div>
      <p className="mb-3 text-xs text-slate-500">{definition}</p>
      {children}
    </section>
  );
}

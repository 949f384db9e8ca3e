import Link from "next/link";
import type { Route } from "next";
import { cn } from "./cn";

/** Previous / next links with "page x of y"; `hrefFor` keeps the rest of the URL state. */
export function Pagination({
  page,
  pageCount,
  hrefFor,
  labels,
}: {
  page: number;
  pageCount: number;
  hrefFor: (page: number) => string;
  labels: { previous: string; next: string; status: string; nav: string };
}) {
  const link = (target: number, label: string, enabled: boolean) =>
    enabled ? (
      <Link href={hrefFor(target) as Route} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50">
        {label}
      </Link>
    ) : (
      <span aria-disabled className={cn("rounded-md border border-slate-200 px-3 py-1.5 text-sm text-slate-400")}>
        {label}
      </span>
    );
  return (
    <nav aria-label={labels.nav} className="flex items-center justify-between gap-4 py-3">
      <p className="text-sm text-slate-600">{labels.status}</p>
      <div className="flex gap-2">
        {link(page - 1, labels.previous, page > 1)}
        {link(page + 1, labels.next, page < pageCount)}
      </div>
    </nav>
  );
}

import { ArrowDown, ArrowUp } from "lucide-react";
import type { Route } from "next";
import Link from "next/link";
import type { ComponentProps, ReactNode } from "react";
import { cn } from "./cn";

/** A bordered, horizontally scrolling table with a grey header row. */
export function Table({ head, children, className, bodyClassName }: { head: ReactNode; children: ReactNode; className?: string; bodyClassName?: string }) {
  return (
    <div className={cn("relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-xs", className)}>
      <table className="w-full text-left text-sm">
        <thead className="border-b border-slate-200 bg-slate-50 text-slate-600">
          <tr>{head}</tr>
        </thead>
        <tbody className={cn("divide-y divide-slate-100", bodyClassName)}>{children}</tbody>
      </table>
    </div>
  );
}

export function Th({ className, ...props }: ComponentProps<"th">) {
  return <th scope="col" className={cn("px-4 py-3 font-medium", className)} {...props} />;
}

export function Td({ className, ...props }: ComponentProps<"td">) {
  return <td className={cn("px-4 py-3", className)} {...props} />;
}

/**
 * A column header that sorts its list: a link to the list sorted by it (`href`), with the current
 * column and direction marked by an arrow and, for screen readers, `aria-sort`.
 */
export function SortTh({ label, active, dir, href, className }: { label: ReactNode; active: boolean; dir: "asc" | "desc"; href: string; className?: string }) {
  const Icon = dir === "asc" ? ArrowUp : ArrowDown;
  return (
    <th scope="col" className={cn("px-4 py-3 font-medium", className)} aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : undefined}>
      <Link href={href as Route} className="inline-flex items-center gap-1 hover:text-slate-900" scroll={false}>
        {label}
        {active && <Icon className="size-3.5" aria-hidden />}
      </Link>
    </th>
  );
}

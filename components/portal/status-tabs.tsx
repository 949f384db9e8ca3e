import type { Route } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";

/** Views of one list as a segmented row of links; the current one is marked with `aria-current`. */
export function StatusTabs({ label, items }: { label: string; items: { href: string; label: ReactNode; current: boolean }[] }) {
  return (
    <nav aria-label={label} className="mb-4">
      <ul className="grid auto-cols-fr grid-flow-col gap-1 rounded-lg bg-slate-200/70 p-1">
        {items.map((item) => (
          <li key={item.href}>
            <Link
              href={item.href as Route}
              scroll={false}
              aria-current={item.current ? "page" : undefined}
              className={cn(
                "flex min-h-10 items-center justify-center gap-1 rounded-md px-2 text-sm font-medium",
                item.current ? "bg-white text-brand-700 shadow-xs" : "text-slate-600 hover:text-slate-900",
              )}
            >
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

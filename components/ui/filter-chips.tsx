import type { Route } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { cn } from "./cn";

/** A row of links that choose one view of a list (a status, a kind); the current one is marked. */
export function FilterChips({ label, items, className }: { label: string; items: { href: string; label: ReactNode; current: boolean }[]; className?: string }) {
  return (
    <nav aria-label={label} className={cn("mb-4 flex flex-wrap gap-2", className)}>
      {items.map((item) => (
        <Link
          key={item.href}
          href={item.href as Route}
          scroll={false}
          aria-current={item.current ? "page" : undefined}
          className={cn(
            "rounded-full border px-3 py-1 text-sm",
            item.current ? "border-brand-600 bg-brand-50 text-brand-700" : "border-slate-300 bg-white text-slate-700 hover:bg-slate-50",
          )}
        >
          {item.label}
        </Link>
      ))}
    </nav>
  );
}

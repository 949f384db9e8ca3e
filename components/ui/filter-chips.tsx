import type { Route } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { cn } from "./cn";

const looks = {
  /** Rounded chips that wrap, for the back office's lists. */
  chips: {
    nav: "flex flex-wrap gap-2",
    link: "rounded-full border px-3 py-1 text-sm",
    current: "border-brand-600 bg-brand-50 text-brand-700",
    other: "border-slate-300 bg-white text-slate-700 hover:bg-slate-50",
  },
  /** One segmented row of equal tabs, for a phone's width. */
  tabs: {
    nav: "grid auto-cols-fr grid-flow-col gap-1 rounded-lg bg-slate-200/70 p-1",
    link: "flex min-h-10 items-center justify-center gap-1 rounded-md px-2 text-sm font-medium",
    current: "bg-white text-brand-700 shadow-xs",
    other: "text-slate-600 hover:text-slate-900",
  },
} as const;

/** A row of links that choose one view of a list (a status, a kind); the current one is marked. */
export function FilterChips({
  label,
  items,
  className,
  look = "chips",
}: {
  label: string;
  items: { href: string; label: ReactNode; current: boolean }[];
  className?: string;
  look?: keyof typeof looks;
}) {
  const style = looks[look];
  return (
    <nav aria-label={label} className={cn("mb-4", style.nav, className)}>
      {items.map((item) => (
        <Link
          key={item.href}
          href={item.href as Route}
          scroll={false}
          aria-current={item.current ? "page" : undefined}
          className={cn(style.link, item.current ? style.current : style.other)}
        >
          {item.label}
        </Link>
      ))}
    </nav>
  );
}

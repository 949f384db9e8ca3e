"use client";

import type { Route } from "next";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";

export type PortalTab = { href: Route; label: string; icon: ReactNode };

/**
 * The portal's sections: a tab bar at the bottom of a phone's screen, in easy reach of the thumb;
 * under the header on wider screens. The current section is marked with `aria-current`.
 */
export function PortalTabBar({ tabs, label }: { tabs: PortalTab[]; label: string }) {
  const pathname = usePathname();
  const home = tabs[0]?.href;
  return (
    <nav
      aria-label={label}
      className="fixed inset-x-0 bottom-0 z-30 border-t border-slate-200 bg-white/95 pb-[env(safe-area-inset-bottom)] backdrop-blur sm:sticky sm:top-14 sm:border-t-0 sm:border-b sm:pb-0"
    >
      <ul className="mx-auto grid max-w-md auto-cols-[minmax(0,1fr)] grid-flow-col">
        {tabs.map((tab) => {
          const active = tab.href === home ? pathname === tab.href : pathname === tab.href || pathname.startsWith(`${tab.href}/`);
          return (
            <li key={tab.href}>
              <Link
                href={tab.href}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "flex min-h-14 flex-col items-center justify-center gap-0.5 px-0.5 text-[10px] leading-tight font-medium tracking-tight min-[400px]:text-[11px] sm:text-xs",
                  active ? "text-brand-700" : "text-slate-500 hover:text-slate-800",
                )}
              >
                <span className={cn("flex h-7 w-11 max-w-full items-center justify-center rounded-full transition-colors", active && "bg-brand-50")}>{tab.icon}</span>
                <span className="max-w-full truncate">{tab.label}</span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

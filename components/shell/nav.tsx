"use client";

import { Menu, X } from "lucide-react";
import type { Route } from "next";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";

export type NavItem = { href: Route; label: string; icon: ReactNode };

/** The sidebar on wide screens; a drawer behind a menu button on narrow ones. */
export function StaffNav({ items, brand, footer, menuLabel }: { items: NavItem[]; brand: string; footer: ReactNode; menuLabel: string }) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const drawer = useRef<HTMLElement>(null);

  // Opening moves focus into the drawer; Escape closes it and gives focus back to the button.
  useEffect(() => {
    if (!open) return;
    drawer.current?.querySelector<HTMLElement>("a, button")?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      menuButton.current?.focus();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open]);

  const links = (
    <ul className="space-y-1">
      {items.map((item) => {
        const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              onClick={() => setOpen(false)}
              aria-current={active ? "page" : undefined}
              className={cn(
                "flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium",
                active ? "bg-brand-50 text-brand-700" : "text-slate-700 hover:bg-slate-100",
              )}
            >
              {item.icon}
              {item.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );

  return (
    <>
      <header className="sticky top-0 z-30 flex h-14 items-center justify-between border-b border-slate-200 bg-white px-4 lg:hidden">
        <span className="font-semibold text-brand-700">{brand}</span>
        <button
          ref={menuButton}
          type="button"
          onClick={() => setOpen((value) => !value)}
          aria-expanded={open}
          aria-controls="staff-nav"
          className="rounded-md p-2 text-slate-700 hover:bg-slate-100"
        >
          {open ? <X className="size-5" aria-hidden /> : <Menu className="size-5" aria-hidden />}
          <span className="sr-only">{menuLabel}</span>
        </button>
      </header>
      {open && <div className="fixed inset-0 z-30 bg-slate-900/30 lg:hidden" onClick={() => setOpen(false)} aria-hidden />}
      <nav
        ref={drawer}
        id="staff-nav"
        aria-label={menuLabel}
        className={cn(
          "fixed inset-y-0 left-0 z-40 flex w-64 flex-col border-r border-slate-200 bg-white transition-transform lg:visible lg:translate-x-0",
          // Closed on a narrow screen: off-screen and out of the tab order.
          open ? "translate-x-0" : "invisible -translate-x-full",
        )}
      >
        <div className="hidden h-14 items-center px-5 font-semibold text-brand-700 lg:flex">{brand}</div>
        <div className="flex-1 overflow-y-auto px-3 py-4 lg:py-2">{links}</div>
        <div className="border-t border-slate-200 p-3">{footer}</div>
      </nav>
    </>
  );
}

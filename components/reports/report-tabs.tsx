"use client";

import { usePathname } from "next/navigation";
import { SectionTabs } from "@/components/ui/section-tabs";

/**
 * The tabs between dashboards, kept in the reports layout: the current one follows the address
 * (`exact` ones match only their own; others also the pages under them).
 */
export function ReportTabs({ label, items }: { label: string; items: { href: string; label: string; exact?: boolean }[] }) {
  const pathname = usePathname();
  return (
    <SectionTabs
      label={label}
      items={items.map((item) => ({ href: item.href, label: item.label, current: pathname === item.href || (!item.exact && pathname.startsWith(`${item.href}/`)) }))}
    />
  );
}

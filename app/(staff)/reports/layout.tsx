import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { ReportTabs } from "@/components/reports/report-tabs";
import { can, type Permission } from "@/lib/auth/permissions";
import { requireActor } from "@/lib/auth/session";

/** The dashboards, in the order the tabs show them; a new dashboard is one more entry. */
const dashboards = [
  { key: "overview", href: "/reports", permission: "reports.read", exact: true },
  { key: "sales", href: "/reports/sales", permission: "reports.read" },
  { key: "membership", href: "/reports/membership", permission: "reports.read" },
  { key: "service", href: "/reports/service", permission: "reports.read" },
  { key: "rfm", href: "/reports/rfm", permission: "reports.read" },
  { key: "cohorts", href: "/reports/cohorts", permission: "reports.read" },
  { key: "mine", href: "/reports/mine", permission: "reports.own" },
] as const satisfies readonly { key: string; href: string; permission: Permission; exact?: boolean }[];

/**
 * Tabs between the dashboards the reader may open. Each page checks its own permission: a tab left
 * out here is a convenience, not the guard.
 */
export default async function ReportsLayout({ children }: { children: ReactNode }) {
  const [actor, t] = await Promise.all([requireActor(), getTranslations("reports.tabs")]);
  const open = dashboards.filter((dashboard) => can(actor, dashboard.permission));
  return (
    <>
      {open.length > 1 && <ReportTabs label={t("label")} items={open.map((dashboard) => ({ href: dashboard.href, label: t(dashboard.key), exact: "exact" in dashboard }))} />}
      {children}
    </>
  );
}

import { Award, CalendarCheck, ChartColumn, ClipboardList, Cog, KeyRound, LifeBuoy, SquareKanban, LogOut, Mail, Package, Receipt, Settings, TrendingUp, Users, Webhook } from "lucide-react";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import type { ReactNode } from "react";
import { setLocaleAction } from "@/app/actions";
import { LocaleSwitch } from "@/components/shell/locale-switch";
import { StaffNav, type NavItem } from "@/components/shell/nav";
import { can } from "@/lib/auth/permissions";
import { requireActor } from "@/lib/auth/session";
import { getSetting } from "@/lib/settings/queries";
import { signOutAction } from "./actions";

export default async function StaffLayout({ children }: { children: ReactNode }) {
  const actor = await requireActor();
  const [t, organisation] = await Promise.all([getTranslations(), getSetting("organisation")]);
  const icon = "size-4 shrink-0";
  const items: NavItem[] = [];
  if (can(actor, "tasks.write")) items.push({ href: "/today", label: t("nav.today"), icon: <CalendarCheck className={icon} aria-hidden /> });
  if (can(actor, "customers.read")) items.push({ href: "/customers", label: t("nav.customers"), icon: <Users className={icon} aria-hidden /> });
  if (can(actor, "tickets.read")) items.push({ href: "/tickets", label: t("nav.tickets"), icon: <LifeBuoy className={icon} aria-hidden /> });
  if (can(actor, "deals.read")) items.push({ href: "/sales/pipeline", label: t("nav.pipeline"), icon: <SquareKanban className={icon} aria-hidden /> });
  if (can(actor, "orders.read")) items.push({ href: "/orders", label: t("nav.orders"), icon: <Receipt className={icon} aria-hidden /> });
  if (can(actor, "products.read")) items.push({ href: "/sales/products", label: t("nav.products"), icon: <Package className={icon} aria-hidden /> });
  if (can(actor, "forecast.read")) items.push({ href: "/sales/forecast", label: t("nav.forecast"), icon: <TrendingUp className={icon} aria-hidden /> });
  if (can(actor, "reports.read")) items.push({ href: "/reports", label: t("nav.reports"), icon: <ChartColumn className={icon} aria-hidden /> });
  if (can(actor, "reports.own") && !can(actor, "reports.read")) items.push({ href: "/reports/mine", label: t("reports.mine.nav"), icon: <ChartColumn className={icon} aria-hidden /> });
  if (can(actor, "membership.read")) items.push({ href: "/membership", label: t("nav.membership"), icon: <Award className={icon} aria-hidden /> });
  if (can(actor, "audit.read")) items.push({ href: "/admin/audit", label: t("nav.audit"), icon: <ClipboardList className={icon} aria-hidden /> });
  if (can(actor, "jobs.manage")) items.push({ href: "/admin/jobs", label: t("nav.jobs"), icon: <Cog className={icon} aria-hidden /> });
  if (can(actor, "outbox.read")) items.push({ href: "/admin/outbox", label: t("nav.outbox"), icon: <Mail className={icon} aria-hidden /> });
  if (can(actor, "integrations.manage")) items.push({ href: "/admin/api-keys", label: t("apiKeys.nav"), icon: <KeyRound className={icon} aria-hidden /> });
  if (can(actor, "integrations.manage")) items.push({ href: "/admin/webhooks", label: t("webhooks.nav"), icon: <Webhook className={icon} aria-hidden /> });
  if (can(actor, "settings.manage")) items.push({ href: "/settings", label: t("nav.settings"), icon: <Settings className={icon} aria-hidden /> });

  const footer = (
    <div className="space-y-3">
      <Link href="/account" className="block rounded-md px-2 py-1 hover:bg-slate-100" aria-label={`${t("account.link")}: ${actor.name}`}>
        <p className="truncate text-sm font-medium text-slate-900">{actor.name}</p>
        <p className="text-xs text-slate-500">{t(`roles.${actor.role}`)}</p>
      </Link>
      <LocaleSwitch action={setLocaleAction} className="px-1" />
      <form action={signOutAction}>
        <button type="submit" className="flex w-full items-center gap-3 rounded-md px-3 py-2 text-sm text-slate-700 hover:bg-slate-100">
          <LogOut className={icon} aria-hidden />
          {t("nav.signOut")}
        </button>
      </form>
    </div>
  );

  return (
    <div className="min-h-dvh">
      <StaffNav items={items} brand={organisation.name} footer={footer} menuLabel={t("nav.menu")} />
      <main className="px-4 py-6 sm:px-6 lg:ml-64 lg:px-10 lg:py-8">
        <div className="mx-auto max-w-6xl">{children}</div>
      </main>
    </div>
  );
}

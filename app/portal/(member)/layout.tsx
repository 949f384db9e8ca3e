import { CreditCard, Gift, LifeBuoy, Receipt, Ticket, TrendingUp, UserRound } from "lucide-react";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { PortalTabBar, type PortalTab } from "@/components/portal/tab-bar";
import { requireMember } from "@/lib/auth/session";
import { loadOrganisation, loadOwnProfile } from "./load";

/** The signed-in member's portal: a slim header, the sections as tabs, one narrow column of content. */
export default async function PortalMemberLayout({ children }: { children: ReactNode }) {
  const actor = await requireMember();
  const [t, organisation, profile] = await Promise.all([getTranslations("portal"), loadOrganisation(), loadOwnProfile(actor)]);
  const icon = "size-5";
  const tabs: PortalTab[] = [
    { href: "/portal", label: t("nav.card"), icon: <CreditCard className={icon} aria-hidden /> },
    { href: "/portal/points", label: t("nav.points"), icon: <TrendingUp className={icon} aria-hidden /> },
    { href: "/portal/orders", label: t("nav.orders"), icon: <Receipt className={icon} aria-hidden /> },
    { href: "/portal/coupons", label: t("nav.coupons"), icon: <Ticket className={icon} aria-hidden /> },
    { href: "/portal/rewards", label: t("nav.rewards"), icon: <Gift className={icon} aria-hidden /> },
    { href: "/portal/tickets", label: t("nav.help"), icon: <LifeBuoy className={icon} aria-hidden /> },
    { href: "/portal/profile", label: t("nav.profile"), icon: <UserRound className={icon} aria-hidden /> },
  ];
  return (
    <div className="min-h-dvh">
      <a href="#portal-main" className="sr-only z-50 rounded-md bg-white px-3 py-2 text-sm font-medium text-brand-700 shadow focus:not-sr-only focus:fixed focus:top-2 focus:left-2">
        {t("nav.skip")}
      </a>
      <header className="sticky top-0 z-30 border-b border-slate-200 bg-white">
        <div className="mx-auto flex h-14 max-w-md items-center justify-between gap-3 px-4">
          <span className="min-w-0 truncate font-semibold text-brand-700">{organisation.name}</span>
          <span className="min-w-0 truncate text-sm text-slate-600">{profile.name}</span>
        </div>
      </header>
      <PortalTabBar tabs={tabs} label={t("nav.label")} />
      <main id="portal-main" tabIndex={-1} aria-label={t("title")} className="mx-auto max-w-md px-4 pt-4 pb-[calc(6rem+env(safe-area-inset-bottom))] focus:outline-none sm:pt-6 sm:pb-12">
        {children}
      </main>
    </div>
  );
}

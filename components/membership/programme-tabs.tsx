import type { Route } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { cn } from "@/components/ui/cn";
import { can, type Actor, type Permission } from "@/lib/auth/permissions";

/** The sections of the membership programme's screens; a new section is one more entry. */
const tabs = [
  { key: "overview", href: "/membership", permission: "membership.read" },
  { key: "campaigns", href: "/membership/campaigns", permission: "membership.read" },
  { key: "coupons", href: "/membership/coupons", permission: "membership.read" },
  { key: "points", href: "/membership/points", permission: "membership.read" },
  { key: "settings", href: "/membership/settings", permission: "settings.manage" },
] as const satisfies readonly { key: string; href: string; permission: Permission }[];

export type ProgrammeTab = (typeof tabs)[number]["key"];

/** Links between the programme's sections that the actor may open; the current one is marked. */
export async function ProgrammeTabs({ actor, current }: { actor: Actor; current: ProgrammeTab }) {
  const t = await getTranslations("membershipAdmin.tabs");
  return (
    <nav aria-label={t("label")} className="mb-6 overflow-x-auto border-b border-slate-200">
      <ul className="flex min-w-max gap-1">
        {tabs
          .filter((tab) => can(actor, tab.permission))
          .map((tab) => (
            <li key={tab.key}>
              <Link
                href={tab.href as Route}
                aria-current={tab.key === current ? "page" : undefined}
                className={cn(
                  "-mb-px inline-block border-b-2 px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-brand-600",
                  tab.key === current ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900",
                )}
              >
                {t(tab.key)}
              </Link>
            </li>
          ))}
      </ul>
    </nav>
  );
}

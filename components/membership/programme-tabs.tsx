import { getTranslations } from "next-intl/server";
import { SectionTabs } from "@/components/ui/section-tabs";
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
    <SectionTabs
      label={t("label")}
      items={tabs.filter((tab) => can(actor, tab.permission)).map((tab) => ({ href: tab.href, label: t(tab.key), current: tab.key === current }))}
    />
  );
}

import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ServiceSettingsForm } from "@/components/tickets/service-settings-form";
import { BackLink } from "@/components/ui/back-link";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/lib/auth/session";
import { listTeams } from "@/lib/sales/teams";
import { getSetting } from "@/lib/settings/queries";
import { updateServiceSettingsAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("serviceAdmin.settings"))("title") };
}

/** Service levels, the business calendar, the clocks per status, escalation, closing and assignment. */
export default async function ServiceSettingsPage() {
  const actor = await requirePermission("service.manage");
  const [t, settings, teams] = await Promise.all([getTranslations("serviceAdmin"), getSetting("service"), listTeams(actor)]);
  const timeZones = [...new Set(["UTC", ...Intl.supportedValuesOf("timeZone"), settings.calendar.timeZone])];
  return (
    <>
      <BackLink href="/tickets">{t("back")}</BackLink>
      <PageHeader title={t("settings.title")} description={t("settings.intro")} />
      <ServiceSettingsForm
        action={updateServiceSettingsAction}
        initial={settings}
        teams={teams.map((team) => ({ value: team.id, label: team.name }))}
        timeZones={timeZones}
      />
    </>
  );
}

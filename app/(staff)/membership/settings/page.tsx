import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { MembershipSettingsForm } from "@/components/membership/membership-settings-form";
import { ProgrammeTabs } from "@/components/membership/programme-tabs";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/lib/auth/session";
import { getSetting } from "@/lib/settings/queries";
import { updateMembershipSettingsAction } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("membershipAdmin.settings"))("title") };
}

export default async function MembershipSettingsPage() {
  const actor = await requirePermission("settings.manage");
  const [t, format, settings, { currency }] = await Promise.all([
    getTranslations("membershipAdmin"),
    getFormatter(),
    getSetting("membership"),
    getSetting("organisation"),
  ]);
  return (
    <>
      <PageHeader title={t("title")} description={t("intro")} />
      <ProgrammeTabs actor={actor} current="settings" />
      <h2 className="text-lg font-semibold text-slate-900">{t("settings.title")}</h2>
      <p className="mb-4 mt-1 text-sm text-slate-600">{t("settings.intro")}</p>
      <Card className="p-5 sm:p-6">
        <MembershipSettingsForm
          action={updateMembershipSettingsAction}
          initial={settings}
          unit={format.number(1, { style: "currency", currency, minimumFractionDigits: 0 })}
        />
      </Card>
    </>
  );
}

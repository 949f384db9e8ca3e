import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { CampaignForm } from "@/components/membership/campaign-form";
import { BackLink } from "@/components/ui/back-link";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { campaignKinds } from "@/db/schema";
import { requirePermission } from "@/lib/auth/session";
import { addMonthsToDay, dayIn } from "@/lib/dates";
import { getSetting } from "@/lib/settings/queries";
import { createCampaignAction } from "../../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("membershipAdmin.campaigns"))("newTitle") };
}

export default async function NewCampaignPage() {
  await requirePermission("membership.manage");
  const [t, { timeZone }] = await Promise.all([getTranslations("membershipAdmin.campaigns"), getSetting("organisation")]);
  const today = dayIn(new Date(), timeZone);
  return (
    <>
      <BackLink href="/membership/campaigns">{t("title")}</BackLink>
      <PageHeader title={t("newTitle")} />
      <Card className="p-5 sm:p-6">
        <CampaignForm
          action={createCampaignAction}
          kinds={campaignKinds}
          cancelHref="/membership/campaigns"
          initial={{ name: "", kind: "multiplier", multiplier: "2", bonusPoints: "", category: "", startsOn: today, endsOn: addMonthsToDay(today, 1), active: true }}
        />
      </Card>
    </>
  );
}

import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { cache } from "react";
import { CampaignForm } from "@/components/membership/campaign-form";
import { BackLink } from "@/components/ui/back-link";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { campaignKinds } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { listCampaigns } from "@/lib/membership/programme";
import { updateCampaignAction } from "../../actions";

/** The campaign of the URL, or the not-found page; once per request (the page and its title share it). */
const loadCampaign = cache(async (actor: Actor, campaignId: string) => {
  const campaign = (await listCampaigns(actor)).find((candidate) => candidate.id === campaignId);
  if (!campaign) notFound();
  return campaign;
});

export async function generateMetadata({ params }: PageProps<"/membership/campaigns/[campaignId]">): Promise<Metadata> {
  const actor = await requirePermission("membership.manage");
  const [t, campaign] = await Promise.all([getTranslations("membershipAdmin.campaigns"), loadCampaign(actor, (await params).campaignId)]);
  return { title: t("editTitle", { name: campaign.name }) };
}

export default async function EditCampaignPage({ params }: PageProps<"/membership/campaigns/[campaignId]">) {
  const actor = await requirePermission("membership.manage");
  const [t, campaign] = await Promise.all([getTranslations("membershipAdmin.campaigns"), loadCampaign(actor, (await params).campaignId)]);
  return (
    <>
      <BackLink href="/membership/campaigns">{t("title")}</BackLink>
      <PageHeader title={t("editTitle", { name: campaign.name })} />
      <Card className="p-5 sm:p-6">
        <CampaignForm
          action={updateCampaignAction}
          id={campaign.id}
          kinds={campaignKinds}
          cancelHref="/membership/campaigns"
          initial={{
            name: campaign.name,
            kind: campaign.kind,
            multiplier: campaign.multiplierPercent === null ? "" : String(campaign.multiplierPercent / 100),
            bonusPoints: campaign.bonusPoints === null ? "" : String(campaign.bonusPoints),
            category: campaign.category ?? "",
            startsOn: campaign.startsOn,
            endsOn: campaign.endsOn,
            active: campaign.active,
          }}
        />
      </Card>
    </>
  );
}

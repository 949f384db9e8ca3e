import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { cache } from "react";
import { DeleteTier } from "@/components/membership/tier-delete";
import { TierForm } from "@/components/membership/tier-form";
import { BackLink } from "@/components/ui/back-link";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/lib/auth/session";
import { listTiers } from "@/lib/membership/programme";
import { toMajorUnits } from "@/lib/money";
import { getSetting } from "@/lib/settings/queries";
import { deleteTierAction, updateTierAction } from "../../actions";

/** The tier of the URL, or the not-found page; once per request (the page and its title share it). */
const loadTier = cache(async (tierId: string) => {
  const tier = (await listTiers()).find((candidate) => candidate.id === tierId);
  if (!tier) notFound();
  return tier;
});

export async function generateMetadata({ params }: PageProps<"/membership/tiers/[tierId]">): Promise<Metadata> {
  await requirePermission("membership.manage");
  const [t, locale, tier] = await Promise.all([getTranslations("membershipAdmin.tiers"), getLocale(), loadTier((await params).tierId)]);
  return { title: t("editTitle", { name: locale === "zh-CN" ? tier.nameZh : tier.name }) };
}

export default async function EditTierPage({ params }: PageProps<"/membership/tiers/[tierId]">) {
  await requirePermission("membership.manage");
  const [t, tMembership, locale, tier, organisation] = await Promise.all([
    getTranslations("membershipAdmin.tiers"),
    getTranslations("membershipAdmin"),
    getLocale(),
    loadTier((await params).tierId),
    getSetting("organisation"),
  ]);
  const name = locale === "zh-CN" ? tier.nameZh : tier.name;
  return (
    <>
      <BackLink href="/membership">{tMembership("title")}</BackLink>
      <PageHeader title={t("editTitle", { name })} actions={<DeleteTier action={deleteTierAction} id={tier.id} name={name} />} />
      <Card className="p-5 sm:p-6">
        <TierForm
          action={updateTierAction}
          currency={organisation.currency}
          id={tier.id}
          cancelHref="/membership"
          initial={{
            rank: String(tier.rank),
            name: tier.name,
            nameZh: tier.nameZh,
            minSpend: tier.minSpend === null ? "" : String(toMajorUnits(tier.minSpend, organisation.currency)),
            minPoints: tier.minPoints === null ? "" : String(tier.minPoints),
            multiplier: String(tier.multiplierPercent / 100),
            benefits: tier.benefits,
            benefitsZh: tier.benefitsZh,
          }}
        />
      </Card>
    </>
  );
}

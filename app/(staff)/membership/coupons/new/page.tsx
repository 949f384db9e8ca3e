import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { CouponTemplateForm } from "@/components/membership/coupon-template-form";
import { BackLink } from "@/components/ui/back-link";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { couponKinds } from "@/db/schema";
import { requirePermission } from "@/lib/auth/session";
import { listTierChoices } from "@/lib/membership/programme";
import { getSetting } from "@/lib/settings/queries";
import { createCouponTemplateAction } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("membershipAdmin.coupons"))("newTitle") };
}

export default async function NewCouponTemplatePage() {
  await requirePermission("membership.manage");
  const [t, locale, tiers, { currency }] = await Promise.all([getTranslations("membershipAdmin.coupons"), getLocale(), listTierChoices(), getSetting("organisation")]);
  return (
    <>
      <BackLink href="/membership/coupons">{t("title")}</BackLink>
      <PageHeader title={t("newTitle")} />
      <Card className="p-5 sm:p-6">
        <CouponTemplateForm
          action={createCouponTemplateAction}
          kinds={couponKinds}
          tiers={tiers.map((tier) => ({ id: tier.id, name: locale === "zh-CN" ? tier.nameZh : tier.name }))}
          currency={currency}
          cancelHref="/membership/coupons"
          initial={{
            name: "",
            nameZh: "",
            description: "",
            kind: "fixed",
            amountOff: "",
            percentOff: "",
            maxDiscount: "",
            minSpend: "",
            validFrom: "",
            validUntil: "",
            validDays: "30",
            totalQuantity: "",
            perMemberLimit: "",
            pointsPrice: "",
            eligibleTierIds: [],
            active: true,
          }}
        />
      </Card>
    </>
  );
}

import type { Metadata, Route } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { cache } from "react";
import { CouponBatchForm } from "@/components/membership/coupon-batch-form";
import { CouponTemplateForm } from "@/components/membership/coupon-template-form";
import { couponTemplateTerms } from "@/components/membership/coupon-template-terms";
import { Badge } from "@/components/ui/badge";
import { BackLink } from "@/components/ui/back-link";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { couponKinds } from "@/db/schema";
import { can, type Actor } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { listSegments } from "@/lib/customers/segments";
import { dayIn } from "@/lib/dates";
import { getCouponTemplate } from "@/lib/membership/coupons";
import { listTierChoices } from "@/lib/membership/programme";
import { toMajorUnits } from "@/lib/money";
import { getSetting } from "@/lib/settings/queries";
import { startCouponBatchAction, updateCouponTemplateAction } from "../actions";
import { foundOrNotFound } from "@/lib/http/not-found";

/** Who may open a template: those who edit it, and those who issue it to a segment. */
const rights = (actor: Actor) => ({
  editable: can(actor, "membership.manage"),
  issuable: can(actor, "coupons.issue") && can(actor, "customers.read"),
});

/** The template of the URL, or the not-found page; once per request (the page and its title share it). */
const loadTemplate = cache(async (actor: Actor, templateId: string) => {
  const { editable, issuable } = rights(actor);
  if (!editable && !issuable) notFound();
  return foundOrNotFound(getCouponTemplate(actor, templateId));
});

export async function generateMetadata({ params }: PageProps<"/membership/coupons/[templateId]">): Promise<Metadata> {
  const actor = await requirePermission("membership.read");
  const [t, locale, template] = await Promise.all([getTranslations("membershipAdmin.coupons"), getLocale(), loadTemplate(actor, (await params).templateId)]);
  const name = locale === "zh-CN" && template.nameZh ? template.nameZh : template.name;
  return { title: rights(actor).editable ? t("editTitle", { name }) : name };
}

export default async function CouponTemplatePage({ params }: PageProps<"/membership/coupons/[templateId]">) {
  const actor = await requirePermission("membership.read");
  const { editable, issuable } = rights(actor);
  const [t, ti, locale, format, template, tiers, { currency, timeZone }, segments] = await Promise.all([
    getTranslations("membershipAdmin.coupons"),
    getTranslations("membershipAdmin.couponsIssued"),
    getLocale(),
    getFormatter(),
    loadTemplate(actor, (await params).templateId),
    listTierChoices(),
    getSetting("organisation"),
    issuable ? listSegments(actor) : Promise.resolve([]),
  ]);
  const zh = locale === "zh-CN";
  const name = zh && template.nameZh ? template.nameZh : template.name;
  const major = (minor: number | null) => (minor === null ? "" : String(toMajorUnits(minor, template.currency)));
  const count = (value: number | null) => (value === null ? "" : String(value));
  const terms = couponTemplateTerms(template, { t, format });

  return (
    <>
      <BackLink href="/membership/coupons">{t("title")}</BackLink>
      <PageHeader
        actions={
          <Link href={`/membership/coupons/${template.id}/issued` as Route} className={buttonClass("secondary")}>
            {ti("link")}
          </Link>
        }
        title={editable ? t("editTitle", { name }) : name}
        description={
          template.totalQuantity === null
            ? t("issuedSoFar", { issued: template.issuedCount })
            : t("issuedOfTotal", { issued: template.issuedCount, total: template.totalQuantity })
        }
      />

      {editable ? (
        <Card className="mb-6 p-5 sm:p-6">
          <CouponTemplateForm
            action={updateCouponTemplateAction}
            id={template.id}
            kinds={couponKinds}
            tiers={tiers.map((tier) => ({ id: tier.id, name: zh ? tier.nameZh : tier.name }))}
            currency={currency}
            issuedCount={template.issuedCount}
            cancelHref="/membership/coupons"
            initial={{
              name: template.name,
              nameZh: template.nameZh ?? "",
              description: template.description,
              kind: template.kind,
              amountOff: major(template.amountOff),
              percentOff: count(template.percentOff),
              maxDiscount: major(template.maxDiscount),
              minSpend: template.minSpend > 0 ? major(template.minSpend) : "",
              validFrom: template.validFrom ? dayIn(template.validFrom, timeZone) : "",
              // Stored as the instant the window closes: the form shows the last day inside it.
              validUntil: template.validUntil ? dayIn(new Date(template.validUntil.getTime() - 1), timeZone) : "",
              validDays: count(template.validDays),
              totalQuantity: count(template.totalQuantity),
              perMemberLimit: count(template.perMemberLimit),
              pointsPrice: count(template.pointsPrice),
              eligibleTierIds: template.eligibleTierIds,
              active: template.active,
            }}
          />
        </Card>
      ) : (
        <Card className="mb-6 p-5 sm:p-6" aria-labelledby="terms-heading">
          <div className="mb-4 flex flex-wrap items-center gap-2">
            <h2 id="terms-heading" className="text-base font-semibold">
              {t("terms")}
            </h2>
            {template.active ? <Badge tone="green">{t("active")}</Badge> : <Badge>{t("inactive")}</Badge>}
          </div>
          <dl className="grid gap-4 text-sm sm:grid-cols-2 lg:grid-cols-3">
            {[
              { label: t("columns.gives"), value: terms.gives },
              { label: t("columns.minSpend"), value: terms.minSpend ?? t("noMinSpend") },
              { label: t("columns.validity"), value: [terms.validity, terms.validFrom].filter(Boolean).join(", ") },
              { label: t("columns.pointsPrice"), value: template.pointsPrice === null ? t("notInCatalogue") : t("points", { points: template.pointsPrice }) },
              {
                label: t("fields.eligibleTierIds"),
                value:
                  template.eligibleTierIds.length === 0
                    ? t("allTiers")
                    : tiers
                        .filter((tier) => template.eligibleTierIds.includes(tier.id))
                        .map((tier) => (zh ? tier.nameZh : tier.name))
                        .join(", "),
              },
              { label: t("fields.perMemberLimit"), value: template.perMemberLimit === null ? t("noLimit") : format.number(template.perMemberLimit) },
            ].map((row) => (
              <div key={row.label}>
                <dt className="text-slate-500">{row.label}</dt>
                <dd className="mt-0.5 font-medium text-slate-900">{row.value}</dd>
              </div>
            ))}
          </dl>
        </Card>
      )}

      {issuable && (
        <Card className="p-5 sm:p-6" aria-labelledby="issue-heading">
          <h2 id="issue-heading" className="text-base font-semibold">
            {t("batch.title")}
          </h2>
          <p className="mb-4 mt-1 text-sm text-slate-600">{t("batch.intro")}</p>
          {template.active ? (
            <CouponBatchForm
              action={startCouponBatchAction}
              templateId={template.id}
              templateName={name}
              segments={segments.map((segment) => ({ id: segment.id, name: segment.name, size: segment.size }))}
            />
          ) : (
            <p className="text-sm text-slate-600">{t("batch.inactive")}</p>
          )}
        </Card>
      )}
    </>
  );
}

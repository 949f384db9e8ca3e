import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { couponTemplateTerms } from "@/components/membership/coupon-template-terms";
import { ProgrammeTabs } from "@/components/membership/programme-tabs";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { can } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { listCouponTemplates } from "@/lib/membership/coupons";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("membershipAdmin.coupons"))("title") };
}

export default async function CouponTemplatesPage() {
  const actor = await requirePermission("membership.read");
  const [t, tMembership, locale, format, templates] = await Promise.all([
    getTranslations("membershipAdmin.coupons"),
    getTranslations("membershipAdmin"),
    getLocale(),
    getFormatter(),
    listCouponTemplates(actor),
  ]);
  const editable = can(actor, "membership.manage");
  // Support agents issue coupons without editing templates: they open a template to issue it.
  const issuable = !editable && can(actor, "coupons.issue") && can(actor, "customers.read");
  const zh = locale === "zh-CN";

  return (
    <>
      <PageHeader
        title={tMembership("title")}
        description={tMembership("intro")}
        actions={
          editable && (
            <Link href="/membership/coupons/new" className={buttonClass()}>
              {t("new")}
            </Link>
          )
        }
      />
      <ProgrammeTabs actor={actor} current="coupons" />
      <h2 className="text-lg font-semibold text-slate-900">{t("title")}</h2>
      <p className="mb-4 mt-1 text-sm text-slate-600">{t("intro")}</p>
      {templates.length === 0 ? (
        <EmptyState title={t("empty")}>
          <p>{t("emptyBody")}</p>
          {editable && (
            <Link href="/membership/coupons/new" className={buttonClass("secondary", "mt-4")}>
              {t("new")}
            </Link>
          )}
        </EmptyState>
      ) : (
        <Table
          head={
            <>
              <Th className="whitespace-nowrap">{t("columns.name")}</Th>
              <Th className="whitespace-nowrap">{t("columns.gives")}</Th>
              <Th className="whitespace-nowrap">{t("columns.minSpend")}</Th>
              <Th className="whitespace-nowrap">{t("columns.validity")}</Th>
              <Th className="text-right whitespace-nowrap">{t("columns.issued")}</Th>
              <Th className="text-right whitespace-nowrap">{t("columns.redeemed")}</Th>
              <Th className="text-right whitespace-nowrap">{t("columns.pointsPrice")}</Th>
              <Th className="whitespace-nowrap">{t("columns.status")}</Th>
              {(editable || issuable) && (
                <Th>
                  <span className="sr-only">{t("columns.actions")}</span>
                </Th>
              )}
            </>
          }
        >
          {templates.map((template) => {
            const name = zh && template.nameZh ? template.nameZh : template.name;
            const terms = couponTemplateTerms(template, { t, format });
            const soldOut = template.totalQuantity !== null && template.issuedCount >= template.totalQuantity;
            return (
              <tr key={template.id} className="align-top">
                <Td className="min-w-44">
                  <p className="font-medium text-slate-900">{name}</p>
                  {template.description && <p className="mt-0.5 line-clamp-2 max-w-xs text-xs text-slate-500">{template.description}</p>}
                </Td>
                <Td className="whitespace-nowrap tabular-nums">{terms.gives}</Td>
                <Td className="whitespace-nowrap tabular-nums">{terms.minSpend ?? <span className="text-slate-500">{t("noMinSpend")}</span>}</Td>
                <Td className="min-w-40">
                  <p>{terms.validity}</p>
                  {terms.validFrom && <p className="text-xs text-slate-500">{terms.validFrom}</p>}
                </Td>
                <Td className="text-right whitespace-nowrap tabular-nums">
                  {template.totalQuantity === null
                    ? t("quantityUnlimited", { issued: format.number(template.issuedCount) })
                    : t("quantity", { issued: format.number(template.issuedCount), total: format.number(template.totalQuantity) })}
                </Td>
                <Td className="text-right whitespace-nowrap tabular-nums">
                  <p>{format.number(template.redeemedCount)}</p>
                  {template.issuedCount > 0 && (
                    <p className="text-xs text-slate-500">
                      {t("redemptionRate", { rate: format.number(template.redeemedCount / template.issuedCount, { style: "percent", maximumFractionDigits: 1 }) })}
                    </p>
                  )}
                </Td>
                <Td className="text-right whitespace-nowrap tabular-nums">
                  {template.pointsPrice === null ? (
                    <>
                      <span aria-hidden className="text-slate-500">
                        —
                      </span>
                      <span className="sr-only">{t("notInCatalogue")}</span>
                    </>
                  ) : (
                    t("points", { points: template.pointsPrice })
                  )}
                </Td>
                <Td>
                  <div className="flex flex-wrap gap-1.5 whitespace-nowrap">
                    {template.active ? <Badge tone="green">{t("active")}</Badge> : <Badge>{t("inactive")}</Badge>}
                    {soldOut && <Badge tone="amber">{t("soldOut")}</Badge>}
                  </div>
                </Td>
                {(editable || issuable) && (
                  <Td className="text-right whitespace-nowrap">
                    <Link
                      href={`/membership/coupons/${template.id}`}
                      className="text-brand-700 hover:underline"
                      aria-label={editable ? t("editNamed", { name }) : t("issueNamed", { name })}
                    >
                      {editable ? t("edit") : t("issue")}
                    </Link>
                  </Td>
                )}
              </tr>
            );
          })}
        </Table>
      )}
    </>
  );
}

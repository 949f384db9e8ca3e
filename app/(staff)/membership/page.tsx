import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { ProgrammeTabs } from "@/components/membership/programme-tabs";
import { TierForm } from "@/components/membership/tier-form";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { can } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { listTiers } from "@/lib/membership/programme";
import { toMajorUnits } from "@/lib/money";
import { getSetting } from "@/lib/settings/queries";
import { createTierAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("membershipAdmin"))("title") };
}

export default async function MembershipPage() {
  const actor = await requirePermission("membership.read");
  const [t, locale, format, tiers, organisation, rules] = await Promise.all([
    getTranslations("membershipAdmin"),
    getLocale(),
    getFormatter(),
    listTiers(),
    getSetting("organisation"),
    getSetting("membership"),
  ]);
  const editable = can(actor, "membership.manage");
  const zh = locale === "zh-CN";
  const { currency } = organisation;
  /** Whole amounts without decimals (CN¥2,000), others with all of the currency's (CN¥2,000.50). */
  const money = (minor: number) => {
    const major = toMajorUnits(minor, currency);
    return format.number(major, { style: "currency", currency, ...(Number.isInteger(major) && { minimumFractionDigits: 0, maximumFractionDigits: 0 }) });
  };

  const thresholds = (tier: (typeof tiers)[number]) => {
    if (tier.minSpend !== null && tier.minPoints !== null) return t("tiers.thresholds.both", { amount: money(tier.minSpend), points: tier.minPoints });
    if (tier.minSpend !== null) return t("tiers.thresholds.spend", { amount: money(tier.minSpend) });
    if (tier.minPoints !== null) return t("tiers.thresholds.points", { points: tier.minPoints });
    return t("tiers.thresholds.none");
  };

  const ruleRows = [
    { label: t("rules.rate"), value: t("rules.rateValue", { points: rules.pointsPerUnit, unit: format.number(1, { style: "currency", currency, minimumFractionDigits: 0 }) }) },
    { label: t("rules.expiry"), value: t("rules.expiryValue", { months: rules.expiryMonths }) },
    { label: t("rules.signupBonus"), value: t("rules.points", { points: rules.signupBonus }) },
    { label: t("rules.birthdayBonus"), value: t("rules.points", { points: rules.birthdayBonus }) },
    { label: t("rules.agentCap"), value: t("rules.agentCapValue", { points: rules.agentAdjustCap }) },
    { label: t("rules.pendingDays"), value: rules.pendingDays > 0 ? t("rules.pendingDaysValue", { days: rules.pendingDays }) : t("rules.pendingNone") },
    { label: t("rules.pointValue.label"), value: t("rules.pointValue.value", { value: format.number(toMajorUnits(rules.pointValue, currency), { style: "currency", currency, maximumFractionDigits: 6 }) }) },
  ];

  return (
    <>
      <PageHeader title={t("title")} description={t("intro")} />
      <ProgrammeTabs actor={actor} current="overview" />

      <Card className="mb-8 p-5 sm:p-6" aria-labelledby="rules-heading">
        <div className="mb-4 flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="rules-heading" className="text-base font-semibold">
            {t("rules.title")}
          </h2>
          {can(actor, "settings.manage") && (
            <Link href="/membership/settings" className="text-sm text-brand-700 hover:underline">
              {t("rules.edit")}
            </Link>
          )}
        </div>
        <dl className="grid gap-4 text-sm sm:grid-cols-3 lg:grid-cols-5">
          {ruleRows.map((row) => (
            <div key={row.label}>
              <dt className="text-slate-500">{row.label}</dt>
              <dd className="mt-0.5 font-medium text-slate-900">{row.value}</dd>
            </div>
          ))}
        </dl>
      </Card>

      <section aria-labelledby="tiers-heading" className="mb-8">
        <h2 id="tiers-heading" className="text-lg font-semibold text-slate-900">
          {t("tiers.title")}
        </h2>
        <p className="mb-4 mt-1 text-sm text-slate-600">{t("tiers.intro")}</p>
        {tiers.length === 0 ? (
          <EmptyState title={t("tiers.empty")}>{editable && t("tiers.emptyBody")}</EmptyState>
        ) : (
          <Table
            head={
              <>
                <Th className="whitespace-nowrap">{t("tiers.columns.rank")}</Th>
                <Th className="whitespace-nowrap">{t("tiers.columns.name")}</Th>
                <Th className="whitespace-nowrap">{t("tiers.columns.qualifies")}</Th>
                <Th className="whitespace-nowrap">{t("tiers.columns.multiplier")}</Th>
                <Th className="whitespace-nowrap">{t("tiers.columns.benefits")}</Th>
                <Th className="text-right whitespace-nowrap">{t("tiers.columns.members")}</Th>
                {editable && (
                  <Th>
                    <span className="sr-only">{t("tiers.columns.actions")}</span>
                  </Th>
                )}
              </>
            }
          >
            {tiers.map((tier) => {
              const name = zh ? tier.nameZh : tier.name;
              const benefits = (zh ? tier.benefitsZh : tier.benefits) || (zh ? tier.benefits : tier.benefitsZh);
              return (
                <tr key={tier.id} className="align-top">
                  <Td className="tabular-nums text-slate-500">{tier.rank}</Td>
                  <Td className="font-medium whitespace-nowrap text-slate-900">{name}</Td>
                  <Td className="min-w-48">{thresholds(tier)}</Td>
                  <Td className="tabular-nums whitespace-nowrap">{t("tiers.multiplier", { factor: format.number(tier.multiplierPercent / 100) })}</Td>
                  <Td className="min-w-56 whitespace-pre-line text-slate-700">{benefits || "—"}</Td>
                  <Td className="text-right tabular-nums">{format.number(tier.members)}</Td>
                  {editable && (
                    <Td className="text-right whitespace-nowrap">
                      <Link href={`/membership/tiers/${tier.id}`} className="text-brand-700 hover:underline" aria-label={t("tiers.editNamed", { name })}>
                        {t("tiers.edit")}
                      </Link>
                    </Td>
                  )}
                </tr>
              );
            })}
          </Table>
        )}
      </section>

      {editable && (
        <Card className="p-5 sm:p-6">
          <h2 className="mb-4 text-base font-semibold">{t("tiers.add")}</h2>
          <TierForm action={createTierAction} currency={currency} />
        </Card>
      )}
    </>
  );
}

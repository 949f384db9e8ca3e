import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { ProgrammeTabs } from "@/components/membership/programme-tabs";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { can } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { dayIn, startOfDayIn } from "@/lib/dates";
import { listCampaigns } from "@/lib/membership/programme";
import { getSetting } from "@/lib/settings/queries";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("membershipAdmin.campaigns"))("title") };
}

export default async function CampaignsPage() {
  const actor = await requirePermission("membership.read");
  const [t, tMembership, format, campaigns, { timeZone }] = await Promise.all([
    getTranslations("membershipAdmin.campaigns"),
    getTranslations("membershipAdmin"),
    getFormatter(),
    listCampaigns(actor),
    getSetting("organisation"),
  ]);
  const editable = can(actor, "membership.manage");
  const today = dayIn(new Date(), timeZone);
  const day = (value: string) => format.dateTime(startOfDayIn(value, timeZone), "date");

  return (
    <>
      <PageHeader
        title={tMembership("title")}
        description={tMembership("intro")}
        actions={
          editable && (
            <Link href="/membership/campaigns/new" className={buttonClass()}>
              {t("new")}
            </Link>
          )
        }
      />
      <ProgrammeTabs actor={actor} current="campaigns" />
      <h2 className="text-lg font-semibold text-slate-900">{t("title")}</h2>
      <p className="mb-4 mt-1 text-sm text-slate-600">{t("intro")}</p>
      {campaigns.length === 0 ? (
        <EmptyState title={t("empty")}>
          <p>{t("emptyBody")}</p>
          {editable && (
            <Link href="/membership/campaigns/new" className={buttonClass("secondary", "mt-4")}>
              {t("new")}
            </Link>
          )}
        </EmptyState>
      ) : (
        <Table
          head={
            <>
              <Th className="whitespace-nowrap">{t("columns.name")}</Th>
              <Th className="whitespace-nowrap">{t("columns.reward")}</Th>
              <Th className="whitespace-nowrap">{t("columns.appliesTo")}</Th>
              <Th className="whitespace-nowrap">{t("columns.dates")}</Th>
              <Th className="whitespace-nowrap">{t("columns.status")}</Th>
              {editable && (
                <Th>
                  <span className="sr-only">{t("columns.actions")}</span>
                </Th>
              )}
            </>
          }
        >
          {campaigns.map((campaign) => {
            const running = campaign.active && campaign.startsOn <= today && today <= campaign.endsOn;
            return (
              <tr key={campaign.id} className="align-top">
                <Td className="min-w-40 font-medium text-slate-900">{campaign.name}</Td>
                <Td className="whitespace-nowrap">
                  <p className="tabular-nums">
                    {campaign.kind === "multiplier"
                      ? t("reward.multiplier", { factor: format.number((campaign.multiplierPercent ?? 100) / 100) })
                      : t("reward.bonus", { points: campaign.bonusPoints ?? 0 })}
                  </p>
                  <p className="text-xs text-slate-500">{t(`kinds.${campaign.kind}`)}</p>
                </Td>
                <Td className="min-w-32">{campaign.category ?? <span className="text-slate-500">{t("allProducts")}</span>}</Td>
                <Td className="whitespace-nowrap tabular-nums">{t("dates", { start: day(campaign.startsOn), end: day(campaign.endsOn) })}</Td>
                <Td>
                  <div className="flex flex-wrap gap-1.5 whitespace-nowrap">
                    {campaign.active ? <Badge tone="green">{t("active")}</Badge> : <Badge>{t("inactive")}</Badge>}
                    {running && <Badge tone="brand">{t("running")}</Badge>}
                  </div>
                </Td>
                {editable && (
                  <Td className="text-right whitespace-nowrap">
                    <Link href={`/membership/campaigns/${campaign.id}`} className="text-brand-700 hover:underline" aria-label={t("editNamed", { name: campaign.name })}>
                      {t("edit")}
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

import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { DealForm } from "@/components/sales/deal-form";
import { BackLink } from "@/components/ui/back-link";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { dealSources } from "@/db/schema";
import { requirePermission } from "@/lib/auth/session";
import { toMajorUnits } from "@/lib/money";
import { formatDealNumber } from "@/lib/sales/rules";
import { listDealOwners } from "@/lib/sales/teams";
import { updateDealAction } from "../../actions";
import { loadDeal } from "../load";

export async function generateMetadata({ params }: PageProps<"/sales/deals/[dealId]/edit">): Promise<Metadata> {
  const actor = await requirePermission("deals.write");
  const [t, { deal }] = await Promise.all([getTranslations("deals"), loadDeal(actor, (await params).dealId)]);
  return { title: t("editTitle", { title: deal.title }) };
}

export default async function EditDealPage({ params }: PageProps<"/sales/deals/[dealId]/edit">) {
  const actor = await requirePermission("deals.write");
  const view = await loadDeal(actor, (await params).dealId);
  // A teammate may read the deal but not change it: for them there is no edit page.
  if (!view.canEdit) notFound();
  const { deal, stage, owner } = view;
  const [t, owners] = await Promise.all([getTranslations("deals"), view.canReassign ? listDealOwners(actor) : null]);
  const ownerOptions = owners?.map((candidate) => ({ value: candidate.id, label: candidate.name })) ?? null;
  // An owner who can no longer be chosen stays visible, so that saving keeps them unless changed.
  if (ownerOptions && !ownerOptions.some((option) => option.value === owner.id)) ownerOptions.unshift({ value: owner.id, label: owner.name });
  return (
    <>
      <BackLink href={`/sales/deals/${deal.id}`}>{`${formatDealNumber(deal.number)} ${deal.title}`}</BackLink>
      <PageHeader title={t("editTitle", { title: deal.title })} />
      <Card className="p-5 sm:p-6">
        <DealForm
          action={updateDealAction}
          currency={deal.currency}
          sources={dealSources.map((value) => ({ value, label: t(`sources.${value}`) }))}
          owners={ownerOptions}
          stageProbability={stage.probability}
          cancelHref={`/sales/deals/${deal.id}`}
          submitLabel={t("save")}
          initial={{
            id: deal.id,
            title: deal.title,
            amount: String(toMajorUnits(deal.amount, deal.currency)),
            expectedCloseOn: deal.expectedCloseOn ?? "",
            probability: deal.probability === null ? "" : String(deal.probability),
            ownerId: deal.ownerId,
            source: deal.source ?? "",
            nextStep: deal.nextStep ?? "",
          }}
        />
      </Card>
    </>
  );
}

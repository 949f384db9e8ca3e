import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { searchCustomersAction } from "@/app/(staff)/customers/actions";
import { DealForm } from "@/components/sales/deal-form";
import { BackLink } from "@/components/ui/back-link";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { dealSources } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { getCustomer } from "@/lib/customers/queries";
import { formatCustomerNumber } from "@/lib/customers/rules";
import { listPipelines } from "@/lib/sales/pipelines";
import { listDealOwners } from "@/lib/sales/teams";
import { getSetting } from "@/lib/settings/queries";
import { createDealAction } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("deals"))("new") };
}

export default async function NewDealPage({ searchParams }: PageProps<"/sales/deals/new">) {
  const actor = await requirePermission("deals.write");
  const { customerId } = await searchParams;
  const [t, pipelines, owners, { currency }, customer] = await Promise.all([
    getTranslations("deals"),
    listPipelines(actor),
    can(actor, "deals.reassign") ? listDealOwners(actor) : null,
    getSetting("organisation"),
    // `?customerId=` (from a customer's page) chooses the customer; an unknown one is simply not chosen.
    typeof customerId === "string" ? getCustomer(actor, customerId).catch(() => null) : null,
  ]);
  return (
    <>
      <BackLink href="/sales/deals">{t("title")}</BackLink>
      <PageHeader title={t("new")} />
      <Card className="p-5 sm:p-6">
        <DealForm
          action={createDealAction}
          currency={currency}
          sources={dealSources.map((value) => ({ value, label: t(`sources.${value}`) }))}
          owners={owners && owners.map((owner) => ({ value: owner.id, label: owner.name }))}
          create={{
            customer: customer && { id: customer.id, name: customer.name, number: formatCustomerNumber(customer.number) },
            searchCustomers: searchCustomersAction,
            pipelines: pipelines.map((pipeline) => ({
              id: pipeline.id,
              name: pipeline.name,
              stages: pipeline.stages.filter((stage) => stage.outcome === "open").map((stage) => ({ id: stage.id, name: stage.name, probability: stage.probability })),
            })),
          }}
          cancelHref={customer ? `/customers/${customer.id}` : "/sales/deals"}
          submitLabel={t("create")}
          initial={{ title: "", amount: "", expectedCloseOn: "", probability: "", ownerId: actor.userId, source: "", nextStep: "" }}
        />
      </Card>
    </>
  );
}

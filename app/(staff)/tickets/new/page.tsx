import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { searchCustomersAction } from "@/app/(staff)/customers/actions";
import type { ChosenCustomer } from "@/components/customers/customer-picker";
import { TicketForm } from "@/components/tickets/ticket-form";
import { BackLink } from "@/components/ui/back-link";
import { PageHeader } from "@/components/ui/page-header";
import { ticketCategories, ticketChannels, ticketPriorities } from "@/db/schema";
import { requirePermission } from "@/lib/auth/session";
import { getCustomer } from "@/lib/customers/queries";
import { formatCustomerNumber } from "@/lib/customers/rules";
import { listServicePeople } from "@/lib/service/people";
import { getSetting } from "@/lib/settings/queries";
import { createTicketAction, customerOrdersAction } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("tickets"))("new") };
}

/** A new ticket, for a customer chosen here or given in the link (`?customerId=`, from the customer's page). */
export default async function NewTicketPage({ searchParams }: PageProps<"/tickets/new">) {
  const actor = await requirePermission("tickets.write");
  const { customerId } = await searchParams;
  const [t, people, service, customer] = await Promise.all([
    getTranslations("tickets"),
    listServicePeople(actor),
    getSetting("service"),
    typeof customerId === "string" && customerId
      ? getCustomer(actor, customerId).then(
          (found): ChosenCustomer => ({ id: found.id, name: found.name, number: formatCustomerNumber(found.number) }),
          () => null,
        )
      : null,
  ]);

  return (
    <>
      <BackLink href="/tickets">{t("title")}</BackLink>
      <PageHeader title={t("new")} />
      <TicketForm
        action={createTicketAction}
        customer={customer}
        searchCustomers={searchCustomersAction}
        customerOrders={customerOrdersAction}
        channels={ticketChannels.filter((channel) => channel !== "portal").map((channel) => ({ value: channel, label: t(`channels.${channel}`) }))}
        categories={ticketCategories.map((category) => ({ value: category, label: t(`categories.${category}`) }))}
        priorities={ticketPriorities.map((priority) => ({ value: priority, label: t(`priorities.${priority}`) }))}
        teams={people.teams.map((team) => ({ value: team.id, label: team.name }))}
        defaultTeamId={service.defaultTeamId}
      />
    </>
  );
}

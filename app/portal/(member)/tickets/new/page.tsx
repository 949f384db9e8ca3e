import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { z } from "zod";
import { TicketForm } from "@/components/portal/ticket-form";
import { BackLink } from "@/components/ui/back-link";
import { Card } from "@/components/ui/card";
import { ticketCategories } from "@/db/schema";
import { requireMember } from "@/lib/auth/session";
import { toMajorUnits } from "@/lib/money";
import { formatOrderNumber } from "@/lib/sales/rules";
import { listOwnOrderChoices } from "@/lib/service/portal";
import { uuidParam } from "@/lib/validation";
import { openTicketAction } from "../actions";
import { loadOrganisation } from "../../load";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("portalTickets.new"))("title") };
}

/** `?orderId=` preselects one of the member's orders (from an order's page); a bad value is ignored. */
const paramsSchema = z.object({ orderId: uuidParam.optional().catch(undefined) });

/** The member writes to support, optionally about one of their orders. */
export default async function PortalNewTicketPage({ searchParams }: PageProps<"/portal/tickets/new">) {
  const actor = await requireMember();
  const { orderId } = paramsSchema.parse(await searchParams);
  const [orders, organisation, t, tt, format] = await Promise.all([
    listOwnOrderChoices(actor),
    loadOrganisation(),
    getTranslations("portalTickets.new"),
    getTranslations("portalTickets"),
    getFormatter(),
  ]);
  const choices = orders.map((order) => ({
    id: order.id,
    label: tt("form.orderOption", {
      number: formatOrderNumber(order.number, order.placedAt, organisation.timeZone),
      date: format.dateTime(order.placedAt, "date"),
      total: format.number(toMajorUnits(order.total, order.currency), { style: "currency", currency: order.currency }),
    }),
  }));
  const categories = ticketCategories.map((category) => ({ value: category, label: tt(`categories.${category}`) }));

  return (
    <>
      <BackLink href="/portal/tickets">{tt("title")}</BackLink>
      <h1 className="mb-1 text-2xl font-semibold tracking-tight">{t("title")}</h1>
      <p className="mb-4 text-sm text-slate-600">{t("intro")}</p>
      <Card className="p-4">
        <TicketForm
          action={openTicketAction}
          categories={categories}
          orders={choices}
          initialOrderId={orderId && choices.some((choice) => choice.id === orderId) ? orderId : ""}
        />
      </Card>
    </>
  );
}

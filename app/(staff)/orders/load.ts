import "server-only";
import { cache } from "react";
import type { OrderCustomer } from "@/components/orders/order-form";
import { can, type Actor } from "@/lib/auth/permissions";
import { getCustomer } from "@/lib/customers/queries";
import { formatCustomerNumber } from "@/lib/customers/rules";
import { getMemberSummary } from "@/lib/membership/queries";
import { getOrder } from "@/lib/sales/orders";
import { foundOrNotFound } from "@/lib/http/not-found";

/** The order of the URL, or the not-found page; once per request (the page and its title share it). */
export const loadOrder = cache((actor: Actor, orderId: string) => foundOrNotFound(getOrder(actor, orderId)));

/** A customer as the order form shows it: who they are, and whether they can pay with points. */
export async function loadOrderCustomer(actor: Actor, customerId: unknown): Promise<OrderCustomer> {
  const customer = await getCustomer(actor, customerId);
  const summary = can(actor, "membership.read") ? await getMemberSummary(actor, customer.id) : null;
  return {
    id: customer.id,
    name: customer.name,
    number: formatCustomerNumber(customer.number),
    member: summary && {
      status: summary.membership.status,
      balance: summary.membership.balance,
      tier: { name: summary.tier.name, nameZh: summary.tier.nameZh },
    },
  };
}

"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { defineMemberAction } from "@/lib/http/action";
import { uploadsOf } from "@/lib/http/uploads";
import { openOwnTicket, rateOwnTicket, replyToOwnTicket } from "@/lib/service/portal";

/** A change to a request shows on the list, on the request and in the new-request form: re-render them. */
const refresh = () => revalidatePath("/portal/tickets", "layout");

/** Opens a request and goes to it; only its id goes back to the browser. */
export const openTicketAction = defineMemberAction(
  async (values, actor, formData) => {
    const ticket = await openOwnTicket(actor, { subject: values.subject, description: values.description, category: values.category, orderId: values.orderId }, await uploadsOf(formData));
    return { ticketId: ticket.id };
  },
  ({ ticketId }) => {
    refresh();
    redirect(`/portal/tickets/${ticketId}`);
  },
);

export const replyToTicketAction = defineMemberAction(async (values, actor, formData) => {
  await replyToOwnTicket(actor, values.ticketId, { body: values.body }, await uploadsOf(formData));
  return { sent: true };
}, refresh);

export const rateTicketAction = defineMemberAction(async (values, actor) => {
  await rateOwnTicket(actor, values.ticketId, { rating: values.rating, comment: values.comment });
  return { rated: true };
}, refresh);

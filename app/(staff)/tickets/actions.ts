"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireActor } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { defineAction } from "@/lib/http/action";
import { uploadsOf } from "@/lib/http/uploads";
import { listCustomerOrders } from "@/lib/sales/orders";
import { renderCannedReply } from "@/lib/service/canned";
import { assignTicket, changeTicketStatus, createTicket, mergeTicket, replyToTicket, updateTicket } from "@/lib/service/tickets";

/** Everything that shows a ticket: its page, the queues, and its customer's page. */
function revalidateTicket(ticket: { id: string; customerId: string }) {
  revalidatePath(`/tickets/${ticket.id}`);
  revalidatePath("/tickets");
  revalidatePath(`/customers/${ticket.customerId}`);
}

export const createTicketAction = defineAction(
  async ({ customerId, subject, description, channel, category, priority, orderId, teamId, tags }, actor, formData) =>
    createTicket(actor, { customerId, subject, description, channel, category, priority, orderId, teamId, tags }, await uploadsOf(formData)),
  (ticket) => {
    revalidateTicket(ticket);
    redirect(`/tickets/${ticket.id}`);
  },
);

export const replyToTicketAction = defineAction(
  async ({ ticketId, body, internal }, actor, formData) => {
    await replyToTicket(actor, ticketId, { body, internal }, await uploadsOf(formData));
    return { id: ticketId!, at: Date.now() };
  },
  (reply) => revalidatePath(`/tickets/${reply.id}`),
);

export const changeTicketStatusAction = defineAction(
  ({ ticketId, status, outcome, outcomeNote, compensationPoints }, actor) => changeTicketStatus(actor, ticketId, { status, outcome, outcomeNote, compensationPoints }),
  revalidateTicket,
);

export const updateTicketAction = defineAction(
  ({ ticketId, category, priority, orderId, tags }, actor) => updateTicket(actor, ticketId, { category, priority, orderId, tags }),
  revalidateTicket,
);

export const assignTicketAction = defineAction(
  ({ ticketId, teamId, assigneeId }, actor) => assignTicket(actor, ticketId, { teamId, assigneeId }),
  revalidateTicket,
);

export const mergeTicketAction = defineAction(
  ({ ticketId, intoId }, actor) => mergeTicket(actor, ticketId, { intoId }),
  (closed) => {
    revalidateTicket(closed);
    redirect(`/tickets/${closed.mergedIntoId}`);
  },
);

/** A canned reply filled in for the ticket, to put in the reply box; null when it is not the actor's to use. */
export async function fillCannedReplyAction(replyId: string, ticketId: string): Promise<string | null> {
  const actor = await requireActor();
  try {
    return await renderCannedReply(actor, replyId, ticketId);
  } catch (error) {
    if (error instanceof AppError) return null;
    throw error;
  }
}

/** A customer's newest orders, for the order a new ticket is about; none when the customer is not visible. */
export async function customerOrdersAction(customerId: string): Promise<{ id: string; label: string }[]> {
  const actor = await requireActor();
  try {
    const { rows } = await listCustomerOrders(actor, customerId);
    return rows.map((order) => ({ id: order.id, label: order.label }));
  } catch (error) {
    if (error instanceof AppError) return [];
    throw error;
  }
}

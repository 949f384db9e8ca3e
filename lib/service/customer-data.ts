import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Database } from "@/db/client";
import { ticketAttachments, ticketMessages, tickets } from "@/db/schema";

/**
 * What the service module holds about a customer, for the customers module's merge, personal-data
 * export and erasure: it calls these in its own transaction.
 */

/** A merged-away customer's tickets move to the kept one, with their messages and clocks. */
export async function moveCustomerTickets(tx: Database, fromCustomerId: string, toCustomerId: string) {
  await tx.update(tickets).set({ customerId: toCustomerId }).where(eq(tickets.customerId, fromCustomerId));
}

/** Every ticket about the customer with its public replies; internal notes are staff's working notes, not the customer's data. */
export async function customerTicketData(tx: Database, customerId: string) {
  // What the customer asked and was told; the desk's own fields (priority, tags, notes on the outcome) stay out.
  const rows = await tx
    .select({
      id: tickets.id,
      number: tickets.number,
      subject: tickets.subject,
      description: tickets.description,
      channel: tickets.channel,
      category: tickets.category,
      status: tickets.status,
      orderId: tickets.orderId,
      outcome: tickets.outcome,
      compensationPoints: tickets.compensationPoints,
      rating: tickets.rating,
      ratingComment: tickets.ratingComment,
      ratedAt: tickets.ratedAt,
      solvedAt: tickets.solvedAt,
      closedAt: tickets.closedAt,
      createdAt: tickets.createdAt,
    })
    .from(tickets)
    .where(eq(tickets.customerId, customerId))
    .orderBy(asc(tickets.createdAt));
  const ids = rows.map((ticket) => ticket.id);
  const files = ids.length
    ? await tx
        .select({ ticketId: ticketAttachments.ticketId, messageId: ticketAttachments.messageId, filename: ticketAttachments.filename, contentType: ticketAttachments.contentType, size: ticketAttachments.size })
        .from(ticketAttachments)
        .where(inArray(ticketAttachments.ticketId, ids))
    : [];
  const messages = ids.length
    ? await tx
        .select({ id: ticketMessages.id, ticketId: ticketMessages.ticketId, authorKind: ticketMessages.authorKind, body: ticketMessages.body, createdAt: ticketMessages.createdAt })
        .from(ticketMessages)
        .where(and(inArray(ticketMessages.ticketId, ids), eq(ticketMessages.kind, "reply")))
        .orderBy(asc(ticketMessages.createdAt))
    : [];
  return rows.map((ticket) => ({
    ...ticket,
    messages: messages.filter((message) => message.ticketId === ticket.id && message.authorKind !== "system"),
    // The files of the description and of public replies, described (their content stays in the CRM).
    attachments: files.filter((file) => file.ticketId === ticket.id && (file.messageId === null || messages.some((message) => message.id === file.messageId))),
  }));
}

/**
 * Erasure: what the customer wrote and what was written to them goes, with the files; the tickets stay with their
 * numbers, categories, times and ratings (service statistics). Returns the audit entries whose
 * copies of that text the caller must scrub too.
 */
export async function eraseCustomerTicketText(tx: Database, customerId: string, erasedText: string): Promise<{ entityType: string; ids: string[]; fields: string[] }[]> {
  const rows = await tx.select({ id: tickets.id }).from(tickets).where(eq(tickets.customerId, customerId));
  const ids = rows.map((row) => row.id);
  if (ids.length) {
    await tx.update(tickets).set({ subject: erasedText, description: erasedText, outcomeNote: null, ratingComment: null, tags: [] }).where(inArray(tickets.id, ids));
    await tx.update(ticketMessages).set({ body: erasedText }).where(inArray(ticketMessages.ticketId, ids));
    // Files the customer sent or was sent (photos, receipts) are personal data too.
    await tx.delete(ticketAttachments).where(inArray(ticketAttachments.ticketId, ids));
  }
  return [{ entityType: "ticket", ids, fields: ["subject", "description", "outcomeNote", "ratingComment", "tags"] }];
}

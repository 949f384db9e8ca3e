import "server-only";
import { asc, eq, inArray } from "drizzle-orm";
import type { Database } from "@/db/client";
import { ticketMessages, tickets } from "@/db/schema";

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
  const rows = await tx.select().from(tickets).where(eq(tickets.customerId, customerId)).orderBy(asc(tickets.createdAt));
  const ids = rows.map((ticket) => ticket.id);
  const messages = ids.length
    ? await tx
        .select({ ticketId: ticketMessages.ticketId, authorKind: ticketMessages.authorKind, body: ticketMessages.body, createdAt: ticketMessages.createdAt })
        .from(ticketMessages)
        .where(inArray(ticketMessages.ticketId, ids))
        .orderBy(asc(ticketMessages.createdAt))
    : [];
  return rows.map(({ assigneeId: _assignee, teamId: _team, createdBy: _creator, ...ticket }) => ({
    ...ticket,
    messages: messages.filter((message) => message.ticketId === ticket.id && message.authorKind !== "system"),
  }));
}

/**
 * Erasure: what the customer wrote and what was written to them goes; the tickets stay with their
 * numbers, categories, times and ratings (service statistics). Returns the audit entries whose
 * copies of that text the caller must scrub too.
 */
export async function eraseCustomerTicketText(tx: Database, customerId: string, erasedText: string): Promise<{ entityType: string; ids: string[]; fields: string[] }[]> {
  const rows = await tx.select({ id: tickets.id }).from(tickets).where(eq(tickets.customerId, customerId));
  const ids = rows.map((row) => row.id);
  if (ids.length) {
    await tx.update(tickets).set({ subject: erasedText, description: erasedText, outcomeNote: null, ratingComment: null, tags: [] }).where(inArray(tickets.id, ids));
    await tx.update(ticketMessages).set({ body: erasedText }).where(inArray(ticketMessages.ticketId, ids));
  }
  return [{ entityType: "ticket", ids, fields: ["subject", "description", "outcomeNote", "ratingComment", "tags"] }];
}

/** The live events that change what a ticket screen shows. */
export const ticketEvents = ["ticket.created", "ticket.updated", "ticket.message"] as const;

import { apiRoute } from "@/lib/http/api";
import { ticketOperations, toTicketResource } from "@/lib/integration/api/tickets";
import { pageOf } from "@/lib/integration/cursor";
import { createTicket, listTicketsBefore } from "@/lib/service/tickets";

export const GET = apiRoute(ticketOperations.list, async ({ actor, query: { cursor, limit, ...filter } }) => {
  const { rows, nextCursor } = pageOf(await listTicketsBefore(actor, filter, { before: cursor, limit }), limit);
  return { data: rows.map(toTicketResource), nextCursor };
});

export const POST = apiRoute(ticketOperations.create, async ({ actor, body }) => toTicketResource(await createTicket(actor, body)));

import { apiRoute } from "@/lib/http/api";
import { ticketOperations, toTicketMessageResource, toTicketResource } from "@/lib/integration/api/tickets";
import { getTicket, listTicketMessages } from "@/lib/service/tickets";

export const GET = apiRoute(ticketOperations.get, async ({ actor, params }) => {
  const loaded = await getTicket(actor, params.ticketId);
  const messages = await listTicketMessages(actor, loaded);
  return { ...toTicketResource(loaded.ticket), messages: messages.map(({ message, authorName }) => toTicketMessageResource(message, authorName)) };
});

import { apiRoute } from "@/lib/http/api";
import { ticketOperations, toTicketMessageResource } from "@/lib/integration/api/tickets";
import { replyToTicket } from "@/lib/service/tickets";

export const POST = apiRoute(ticketOperations.addMessage, async ({ actor, params, body }) => toTicketMessageResource(await replyToTicket(actor, params.ticketId, body)));

import { z } from "zod";
import { complaintOutcomes, ticketAuthorKinds, ticketCategories, ticketChannels, ticketMessageKinds, ticketPriorities, ticketStatuses, type Ticket, type TicketMessage } from "@/db/schema";
import { formatTicketNumber } from "@/lib/service/rules";
import { maxMessageLength, ticketCreateSchema } from "@/lib/service/schemas";
import { requiredText } from "@/lib/validation";
import { listOf, pageParams } from "../cursor";
import { defineOperation } from "../operation";

export const ticketResource = z
  .object({
    id: z.uuid(),
    number: z.string().meta({ example: "#1042" }),
    customerId: z.uuid(),
    subject: z.string(),
    description: z.string().meta({ description: "What the customer first wrote." }),
    channel: z.enum(ticketChannels),
    category: z.enum(ticketCategories),
    priority: z.enum(ticketPriorities),
    status: z.enum(ticketStatuses),
    teamId: z.uuid().nullable(),
    assigneeId: z.uuid().nullable(),
    orderId: z.uuid().nullable(),
    tags: z.array(z.string()),
    outcome: z.enum(complaintOutcomes).nullable().meta({ description: "How a solved complaint was settled." }),
    outcomeNote: z.string().nullable(),
    compensationPoints: z.int().nullable().meta({ description: "Points given to settle a complaint." }),
    rating: z.int().nullable().meta({ description: "The member's rating of the service, 1 to 5." }),
    mergedIntoId: z.uuid().nullable().meta({ description: "Set on a duplicate that was merged: the ticket its messages moved to." }),
    escalatedAt: z.iso.datetime().nullable(),
    solvedAt: z.iso.datetime().nullable(),
    closedAt: z.iso.datetime().nullable(),
    lastActivityAt: z.iso.datetime(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: "Ticket" });

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function toTicketResource(ticket: Ticket): z.input<typeof ticketResource> {
  return {
    id: ticket.id,
    number: formatTicketNumber(ticket.number),
    customerId: ticket.customerId,
    subject: ticket.subject,
    description: ticket.description,
    channel: ticket.channel,
    category: ticket.category,
    priority: ticket.priority,
    status: ticket.status,
    teamId: ticket.teamId,
    assigneeId: ticket.assigneeId,
    orderId: ticket.orderId,
    tags: ticket.tags,
    outcome: ticket.outcome,
    outcomeNote: ticket.outcomeNote,
    compensationPoints: ticket.compensationPoints,
    rating: ticket.rating,
    mergedIntoId: ticket.mergedIntoId,
    escalatedAt: iso(ticket.escalatedAt),
    solvedAt: iso(ticket.solvedAt),
    closedAt: iso(ticket.closedAt),
    lastActivityAt: ticket.lastActivityAt.toISOString(),
    createdAt: ticket.createdAt.toISOString(),
    updatedAt: ticket.updatedAt.toISOString(),
  };
}

export const ticketMessageResource = z
  .object({
    id: z.uuid(),
    visibility: z.enum(["public", "internal"]).meta({ description: "`public`: a reply the customer sees (and is e-mailed); `internal`: a note only staff see." }),
    kind: z.enum(ticketMessageKinds).meta({ description: "`reply` (public) or `note` (internal)." }),
    author: z.object({
      kind: z.enum(ticketAuthorKinds),
      id: z.uuid().nullable().meta({ description: "The staff member; null for the customer, the system and API keys." }),
      name: z.string().nullable(),
    }),
    body: z.string(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "TicketMessage" });

export function toTicketMessageResource(message: TicketMessage, authorName: string | null = null): z.input<typeof ticketMessageResource> {
  return {
    id: message.id,
    visibility: message.kind === "note" ? "internal" : "public",
    kind: message.kind,
    author: { kind: message.authorKind, id: message.authorId, name: authorName },
    body: message.body,
    createdAt: message.createdAt.toISOString(),
  };
}

const ticketWithMessages = ticketResource.extend({ messages: z.array(ticketMessageResource).meta({ description: "Replies and internal notes, oldest first." }) }).meta({ id: "TicketWithMessages" });

const apiChannels = ticketChannels.filter((channel) => channel !== "portal") as ["phone", "email", "walk_in", "api"];

/** A ticket opened for a customer: the staff form's fields; the channel is `api` unless given. No attachments. */
const ticketInput = ticketCreateSchema
  .extend({
    channel: z.enum(apiChannels, { error: "validation.invalid" }).default("api").meta({ description: "How the customer got in touch; `api` when left out." }),
  })
  .meta({ id: "TicketInput", description: "`teamId` left out: the default team (a setting); null: no team. `category` defaults to `inquiry`, `priority` to `normal`." });

const messageInput = z
  .strictObject({
    body: requiredText(maxMessageLength),
    internal: z.boolean({ error: "validation.invalid" }).default(false).meta({ description: "true: an internal note, never shown to the customer; false (the default): a public reply, e-mailed to the customer." }),
  })
  .meta({ id: "TicketMessageInput" });

const ticketFilters = z.strictObject({
  status: z.enum(ticketStatuses, { error: "validation.invalid" }).optional(),
  priority: z.enum(ticketPriorities, { error: "validation.invalid" }).optional(),
  category: z.enum(ticketCategories, { error: "validation.invalid" }).optional(),
  customerId: z.uuid({ error: "validation.invalid" }).optional(),
  ...pageParams,
});

export const ticketOperations = {
  list: defineOperation({
    method: "GET",
    path: "/tickets",
    operationId: "listTickets",
    summary: "List tickets",
    description: "Newest first by ticket number, of every status unless `status` says which.",
    tag: "Tickets",
    scope: "tickets:read",
    query: ticketFilters,
    response: listOf(ticketResource),
  }),
  create: defineOperation({
    method: "POST",
    path: "/tickets",
    operationId: "createTicket",
    summary: "Open a ticket",
    description: "Opens a ticket for a customer; its SLA clocks start, and it lands in a team and, with automatic assignment on, with that team's next agent. A complaint is escalated to the manager.",
    tag: "Tickets",
    scope: "tickets:write",
    body: ticketInput,
    example: { customerId: "3f1c2a9e-8b7d-4c6e-9a5b-1d2e3f4a5b6c", subject: "Points missing for my last order", description: "I paid order SO-2026-000123 on Monday but see no points yet.", category: "points_dispute", priority: "normal" },
    response: ticketResource,
    status: 201,
    errors: [409],
  }),
  get: defineOperation({
    method: "GET",
    path: "/tickets/{ticketId}",
    operationId: "getTicket",
    summary: "Get a ticket with its messages",
    tag: "Tickets",
    scope: "tickets:read",
    response: ticketWithMessages,
    errors: [404],
  }),
  addMessage: defineOperation({
    method: "POST",
    path: "/tickets/{ticketId}/messages",
    operationId: "addTicketMessage",
    summary: "Reply to a ticket or add an internal note",
    description: "A public reply is e-mailed to the customer, meets the first-response target and opens a new ticket; a note changes nothing the customer sees. A closed ticket answers 409 `ticket_closed`.",
    tag: "Tickets",
    scope: "tickets:write",
    body: messageInput,
    example: { body: "Thank you: the points are in your balance now.", internal: false },
    response: ticketMessageResource,
    status: 201,
    errors: [404, 409],
  }),
};

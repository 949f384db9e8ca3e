import "server-only";
import { and, asc, desc, eq, isNull } from "drizzle-orm";
import { getDb } from "@/db/client";
import { orders, ticketMessages, tickets, users, type Ticket } from "@/db/schema";
import { recordAudit } from "@/lib/audit/commands";
import { ownCustomerId } from "@/lib/customers/self-service";
import type { Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { readSetting } from "@/lib/settings/queries";
import { parseInput, uuidParam } from "@/lib/validation";
import { checkUploads, listAttachments, storeAttachments, type Upload } from "./attachments";
import { followStatus } from "./clocks";
import { statusAfterMessage } from "./rules";
import { memberMessageSchema, portalTicketSchema, ticketRatingSchema } from "./schemas";
import { announceTicket, insertTicket } from "./tickets";

/**
 * The member's side of tickets: their own only (anyone else's is not found), public messages only
 * (internal notes never leave the back office).
 */

const memberColumns = {
  id: tickets.id,
  number: tickets.number,
  subject: tickets.subject,
  description: tickets.description,
  category: tickets.category,
  status: tickets.status,
  orderId: tickets.orderId,
  rating: tickets.rating,
  ratingComment: tickets.ratingComment,
  ratedAt: tickets.ratedAt,
  mergedIntoId: tickets.mergedIntoId,
  solvedAt: tickets.solvedAt,
  lastActivityAt: tickets.lastActivityAt,
  createdAt: tickets.createdAt,
};

export async function listOwnTickets(actor: Actor) {
  const customerId = ownCustomerId(actor);
  const db = await getDb();
  return db.select(memberColumns).from(tickets).where(eq(tickets.customerId, customerId)).orderBy(desc(tickets.lastActivityAt)).limit(200);
}

/** One of the member's tickets with its public conversation, oldest first. */
export async function getOwnTicket(actor: Actor, ticketId: unknown) {
  const customerId = ownCustomerId(actor);
  const id = uuidParam.safeParse(ticketId);
  if (!id.success) throw new AppError("NOT_FOUND");
  const db = await getDb();
  const [ticket] = await db
    .select({ ...memberColumns, orderNumber: orders.number, orderPlacedAt: orders.placedAt })
    .from(tickets)
    .leftJoin(orders, eq(orders.id, tickets.orderId))
    .where(and(eq(tickets.id, id.data), eq(tickets.customerId, customerId)));
  if (!ticket) throw new AppError("NOT_FOUND");
  const [messages, merged, attachments] = await Promise.all([
    db
      .select({ id: ticketMessages.id, authorKind: ticketMessages.authorKind, authorName: users.name, body: ticketMessages.body, createdAt: ticketMessages.createdAt })
      .from(ticketMessages)
      .leftJoin(users, eq(users.id, ticketMessages.authorId))
      .where(and(eq(ticketMessages.ticketId, ticket.id), eq(ticketMessages.kind, "reply")))
      .orderBy(asc(ticketMessages.createdAt)),
    ticket.mergedIntoId
      ? db.select({ id: tickets.id, number: tickets.number }).from(tickets).where(and(eq(tickets.id, ticket.mergedIntoId), eq(tickets.customerId, customerId)))
      : [],
    listAttachments(db, ticket.id, { publicOnly: true }),
  ]);
  return { ticket, messages, attachments, mergedInto: merged[0] ?? null };
}

/** The member opens a ticket, optionally about one of their own orders, with files if they like. */
export async function openOwnTicket(actor: Actor, input: unknown, uploads: Upload[] = []): Promise<Ticket> {
  const customerId = ownCustomerId(actor);
  const values = parseInput(portalTicketSchema, input);
  const files = checkUploads(uploads);
  const db = await getDb();
  const settings = await readSetting("service", db);
  return db.transaction((tx) => insertTicket(tx, actor, { ...values, customerId, channel: "portal", priority: "normal" }, settings, files));
}

/** The member writes on their ticket; a ticket waiting on them, or solved, opens again. */
export async function replyToOwnTicket(actor: Actor, ticketId: unknown, input: unknown, uploads: Upload[] = []) {
  const customerId = ownCustomerId(actor);
  const { body } = parseInput(memberMessageSchema, input);
  const files = checkUploads(uploads);
  const id = uuidParam.safeParse(ticketId);
  if (!id.success) throw new AppError("NOT_FOUND");
  const db = await getDb();
  const settings = await readSetting("service", db);
  return db.transaction(async (tx) => {
    const [ticket] = await tx
      .select()
      .from(tickets)
      .where(and(eq(tickets.id, id.data), eq(tickets.customerId, customerId)))
      .for("update");
    if (!ticket) throw new AppError("NOT_FOUND");
    if (ticket.status === "closed") throw new AppError("INVALID_STATE", "errors.ticketClosed");
    const now = new Date();
    const [message] = await tx.insert(ticketMessages).values({ ticketId: ticket.id, kind: "reply", authorKind: "customer", authorId: null, body }).returning();
    await storeAttachments(tx, actor, ticket.id, message!.id, files);
    const status = statusAfterMessage(ticket.status, { by: "customer", internal: false });
    if (status !== ticket.status) await followStatus(tx, settings, ticket.id, ticket.status, status, now);
    await tx
      .update(tickets)
      .set({ status, lastActivityAt: now, solvedAt: status === ticket.status ? ticket.solvedAt : null })
      .where(eq(tickets.id, ticket.id));
    await recordAudit(tx, actor, { action: "ticket.customer_reply", entityType: "ticket", entityId: ticket.id, before: { status: ticket.status }, after: { status, messageId: message!.id } });
    await announceTicket(tx, ticket, "ticket.message");
    return message!;
  });
}

/** The member rates a solved ticket, once. */
export async function rateOwnTicket(actor: Actor, ticketId: unknown, input: unknown): Promise<Ticket> {
  const customerId = ownCustomerId(actor);
  const { rating, comment } = parseInput(ticketRatingSchema, input);
  const id = uuidParam.safeParse(ticketId);
  if (!id.success) throw new AppError("NOT_FOUND");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [ticket] = await tx
      .select()
      .from(tickets)
      .where(and(eq(tickets.id, id.data), eq(tickets.customerId, customerId)))
      .for("update");
    if (!ticket) throw new AppError("NOT_FOUND");
    if (ticket.status !== "solved" && ticket.status !== "closed") throw new AppError("INVALID_STATE", "errors.ticketNotSolved");
    if (ticket.mergedIntoId) throw new AppError("INVALID_STATE", "errors.ticketNotSolved");
    const [rated] = await tx
      .update(tickets)
      .set({ rating, ratingComment: comment ?? null, ratedAt: new Date() })
      .where(and(eq(tickets.id, ticket.id), isNull(tickets.ratedAt)))
      .returning();
    if (!rated) throw new AppError("CONFLICT", "errors.ticketRated");
    await recordAudit(tx, actor, { action: "ticket.rate", entityType: "ticket", entityId: ticket.id, after: { rating, ratingComment: comment ?? null } });
    await announceTicket(tx, rated, "ticket.updated");
    return rated;
  });
}

/** The member's own orders, newest first, for the order picker of a new ticket. */
export async function listOwnOrderChoices(actor: Actor) {
  const customerId = ownCustomerId(actor);
  const db = await getDb();
  return db
    .select({ id: orders.id, number: orders.number, placedAt: orders.placedAt, total: orders.total, currency: orders.currency })
    .from(orders)
    .where(eq(orders.customerId, customerId))
    .orderBy(desc(orders.placedAt))
    .limit(50);
}

import "server-only";
import { and, asc, count, desc, eq, ilike, inArray, isNull, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { cache } from "react";
import { getDb, type Database } from "@/db/client";
import {
  auditLog,
  customers,
  orders,
  teamMembers,
  teams,
  ticketAssignmentTurns,
  ticketAttachments,
  ticketMessages,
  tickets,
  ticketSlaClocks,
  users,
  type Ticket,
  type TicketStatus,
} from "@/db/schema";
import { recordAudit } from "@/lib/audit/commands";
import { assertCan, can, rolesWith, type Actor } from "@/lib/auth/permissions";
import { dayRange } from "@/lib/dates";
import { getCustomer } from "@/lib/customers/queries";
import { maskContact } from "@/lib/customers/rules";
import { likePattern } from "@/lib/like";
import { adjustPoints } from "@/lib/membership/commands";
import { AppError } from "@/lib/errors";
import { publishEvent } from "@/lib/events/publish";
import { emitWebhook } from "@/lib/integration/webhooks";
import { readSetting } from "@/lib/settings/queries";
import type { ServiceSettings } from "@/lib/settings/schemas";
import { parseInput, uuidParam } from "@/lib/validation";
import { checkUploads, listAttachments, storeAttachments, type Upload } from "./attachments";
import { ticketDatedIn } from "./dated";
import { ticketVisibleTo } from "./scope";
import { asClock, followStatus, retargetClocks, startTicketClocks, stopFirstResponse } from "./clocks";
import { notifyEscalation, notifyTicketReply, requestRating } from "./notify";
import { activeStatuses, canMoveTo, formatTicketNumber, parseTicketNumber, raisedPriority, statusAfterMessage } from "./rules";
import {
  ticketAssignSchema,
  ticketCreateSchema,
  ticketListParamsSchema,
  ticketMergeSchema,
  ticketMessageSchema,
  ticketStatusSchema,
  ticketUpdateSchema,
  type TicketListParams,
} from "./schemas";
import { addBusinessMinutes, clockState } from "./sla";

const pageSize = 25;
const selfId = (actor: Actor) => (actor.kind === "user" ? actor.userId : null);

/** A ticket the actor may see, locked for the transaction, or NOT_FOUND. */
async function lockVisibleTicket(tx: Database, actor: Actor, ticketId: unknown): Promise<Ticket> {
  const id = uuidParam.safeParse(ticketId);
  if (!id.success) throw new AppError("NOT_FOUND");
  const [row] = await tx
    .select({ ticket: tickets })
    .from(tickets)
    .innerJoin(customers, eq(customers.id, tickets.customerId))
    .where(and(eq(tickets.id, id.data), ticketVisibleTo(actor)))
    .for("update", { of: tickets });
  if (!row) throw new AppError("NOT_FOUND");
  return row.ticket;
}

/**
 * Tells staff screens (by ticket) that a ticket changed, and the member's portal too (by
 * customer, as `member_tickets:<customerId>`) unless only staff can see the change (a note).
 */
export async function announceTicket(
  tx: Database,
  ticket: Pick<Ticket, "id" | "customerId">,
  type: "ticket.created" | "ticket.updated" | "ticket.message",
  { staffOnly = false } = {},
) {
  await publishEvent(tx, { type, entityType: "ticket", entityId: ticket.id, permission: "tickets.read" });
  if (!staffOnly) await publishEvent(tx, { type: "ticket.changed", entityType: "member_tickets", entityId: ticket.customerId, permission: "tickets.read" });
}

/** A ticket as webhooks carry it: ids and its state, not what the customer wrote. */
function ticketWebhookData(ticket: Ticket) {
  const { id, customerId, category, priority, status, channel, orderId, createdAt, solvedAt, outcome } = ticket;
  return { ticketId: id, number: formatTicketNumber(ticket.number), customerId, category, priority, status, channel, orderId, createdAt, solvedAt, outcome };
}

/** Roles that work tickets, and so may be given one. */
const agentRoles = rolesWith("tickets.write");

/** Whether `userId` is active staff who works tickets (and in `teamId`, when given). */
async function isAgent(tx: Database, userId: string, teamId: string | null): Promise<boolean> {
  const [user] = await tx
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.id, userId),
        eq(users.active, true),
        inArray(users.role, agentRoles),
        teamId ? sql`exists (select 1 from ${teamMembers} where ${teamMembers.teamId} = ${teamId} and ${teamMembers.userId} = ${userId})` : undefined,
      ),
    );
  return Boolean(user);
}

/** The next agent of a team, in turn (round robin by user id); null when the team has none. */
async function nextInTurn(tx: Database, teamId: string): Promise<string | null> {
  await tx.insert(ticketAssignmentTurns).values({ teamId }).onConflictDoNothing();
  const [turn] = await tx.select().from(ticketAssignmentTurns).where(eq(ticketAssignmentTurns.teamId, teamId)).for("update");
  const agents = await tx
    .select({ id: users.id })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(and(eq(teamMembers.teamId, teamId), eq(users.active, true), inArray(users.role, agentRoles)))
    .orderBy(asc(users.id));
  if (agents.length === 0) return null;
  const next = agents.find((agent) => turn?.lastUserId && agent.id > turn.lastUserId) ?? agents[0]!;
  await tx.update(ticketAssignmentTurns).set({ lastUserId: next.id }).where(eq(ticketAssignmentTurns.teamId, teamId));
  return next.id;
}

/** Marks a ticket escalated and tells the manager; once per ticket. */
async function escalate(tx: Database, actor: Actor, ticket: Ticket, reason: "complaint" | "breaching", raise: boolean): Promise<Ticket> {
  if (ticket.escalatedAt) return ticket;
  const [after] = await tx
    .update(tickets)
    .set({ escalatedAt: new Date(), priority: raise ? raisedPriority(ticket.priority) : ticket.priority })
    .where(eq(tickets.id, ticket.id))
    .returning();
  await recordAudit(tx, actor, { action: "ticket.escalate", entityType: "ticket", entityId: ticket.id, before: { priority: ticket.priority, escalatedAt: null }, after: { priority: after!.priority, escalatedAt: after!.escalatedAt, reason } });
  await notifyEscalation(tx, after!, reason);
  return after!;
}

export type NewTicket = {
  customerId: string;
  subject: string;
  description: string;
  channel: Ticket["channel"];
  category: Ticket["category"];
  priority: Ticket["priority"];
  orderId?: string;
  teamId?: string | null;
  assigneeId?: string;
  tags?: string[];
};

/**
 * Writes a checked ticket: its SLA clocks start, it lands in a team (the default one unless given)
 * and, with automatic assignment on, with that team's next agent; a complaint goes to the manager.
 * For staff and the portal alike; the caller has checked who may open it for whom.
 */
export async function insertTicket(tx: Database, actor: Actor, values: NewTicket, settings: ServiceSettings, files: ReturnType<typeof checkUploads> = []): Promise<Ticket> {
  const problems: Record<string, string[]> = {};
  if (values.orderId) {
    const [order] = await tx.select({ id: orders.id }).from(orders).where(and(eq(orders.id, values.orderId), eq(orders.customerId, values.customerId)));
    if (!order) problems.orderId = ["validation.ticketOrder"];
  }
  const teamId = values.teamId === undefined ? settings.defaultTeamId : values.teamId;
  if (teamId) {
    const [team] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId));
    if (!team) problems.teamId = ["validation.invalid"];
  }
  if (values.assigneeId && !(await isAgent(tx, values.assigneeId, teamId ?? null))) problems.assigneeId = ["validation.ticketAssignee"];
  if (Object.keys(problems).length) throw new AppError("VALIDATION", "errors.VALIDATION", problems);

  const assigneeId = values.assigneeId ?? (teamId && settings.autoAssign ? await nextInTurn(tx, teamId) : null);
  const now = new Date();
  const [created] = await tx
    .insert(tickets)
    .values({
      customerId: values.customerId,
      subject: values.subject,
      description: values.description,
      channel: values.channel,
      category: values.category,
      priority: values.priority,
      status: assigneeId ? "open" : "new",
      orderId: values.orderId ?? null,
      teamId: teamId ?? null,
      assigneeId,
      tags: values.tags ?? [],
      createdBy: selfId(actor),
      lastActivityAt: now,
    })
    .returning();
  let ticket = created!;
  await storeAttachments(tx, actor, ticket.id, null, files);
  await startTicketClocks(tx, settings, ticket, now);
  await recordAudit(tx, actor, { action: "ticket.create", entityType: "ticket", entityId: ticket.id, after: { ...ticket, description: undefined } });
  if (ticket.category === "complaint") ticket = await escalate(tx, actor, ticket, "complaint", false);
  await announceTicket(tx, ticket, "ticket.created");
  await emitWebhook(tx, "ticket.created", ticketWebhookData(ticket));
  return ticket;
}

/** A ticket opened by staff for a customer they may see, with the files the customer sent, if any. */
export async function createTicket(actor: Actor, input: unknown, uploads: Upload[] = []): Promise<Ticket> {
  assertCan(actor, "tickets.write");
  const values = parseInput(ticketCreateSchema, input);
  const files = checkUploads(uploads);
  const db = await getDb();
  const settings = await readSetting("service", db);
  return db.transaction(async (tx) => {
    const customer = await getCustomer(actor, values.customerId, tx).catch((error: unknown) => {
      if (error instanceof AppError && error.code === "NOT_FOUND") throw new AppError("VALIDATION", "errors.VALIDATION", { customerId: ["validation.customerRequired"] });
      throw error;
    });
    return insertTicket(tx, actor, { ...values, customerId: customer.id, teamId: values.teamId }, settings, files);
  });
}

const assignee = alias(users, "assignee");

/** One ticket as its page shows it, with its customer, people, order and clocks; NOT_FOUND when not visible. Read once per request. */
export const getTicket = cache(async (actor: Actor, ticketId: unknown) => {
  assertCan(actor, "tickets.read");
  const id = uuidParam.safeParse(ticketId);
  if (!id.success) throw new AppError("NOT_FOUND");
  const db = await getDb();
  const [row] = await db
    .select({
      ticket: tickets,
      customer: { id: customers.id, name: customers.name, number: customers.number, email: customers.email, phone: customers.phone },
      assigneeName: assignee.name,
      teamName: teams.name,
      order: { id: orders.id, number: orders.number, placedAt: orders.placedAt },
    })
    .from(tickets)
    .innerJoin(customers, eq(customers.id, tickets.customerId))
    .leftJoin(assignee, eq(assignee.id, tickets.assigneeId))
    .leftJoin(teams, eq(teams.id, tickets.teamId))
    .leftJoin(orders, eq(orders.id, tickets.orderId))
    .where(and(eq(tickets.id, id.data), ticketVisibleTo(actor)));
  if (!row) throw new AppError("NOT_FOUND");
  const [clocks, merged, attachments] = await Promise.all([
    db.select().from(ticketSlaClocks).where(eq(ticketSlaClocks.ticketId, row.ticket.id)).orderBy(asc(ticketSlaClocks.kind)),
    row.ticket.mergedIntoId ? db.select({ id: tickets.id, number: tickets.number }).from(tickets).where(eq(tickets.id, row.ticket.mergedIntoId)) : [],
    listAttachments(db, row.ticket.id, { publicOnly: false }),
  ]);
  const customer = can(actor, "customers.pii.read") ? row.customer : maskContact(row.customer);
  return { ...row, customer, clocks, attachments, mergedInto: merged[0] ?? null, mayWrite: can(actor, "tickets.write") };
});

/** The messages of a ticket whose visibility the caller has checked. */
function messagesOf(db: Database, ticketId: string) {
  return db
    .select({ message: ticketMessages, authorName: users.name })
    .from(ticketMessages)
    .leftJoin(users, eq(users.id, ticketMessages.authorId))
    .where(eq(ticketMessages.ticketId, ticketId))
    .orderBy(asc(ticketMessages.createdAt));
}

/**
 * Everything written on a ticket, oldest first, with who wrote it. Staff only: notes are here.
 * Give the ticket `getTicket` loaded for this actor to skip loading it again (route handlers, where
 * `cache()` does not dedupe).
 */
export async function listTicketMessages(actor: Actor, ticket: string | Pick<Awaited<ReturnType<typeof getTicket>>, "ticket">) {
  assertCan(actor, "tickets.read");
  const loaded = typeof ticket === "string" ? await getTicket(actor, ticket) : ticket;
  return messagesOf(await getDb(), loaded.ticket.id);
}

/** Status changes, assignment and the rest of a ticket's history, newest first. */
export async function listTicketHistory(actor: Actor, ticketId: string) {
  const ticket = await getTicket(actor, ticketId);
  const db = await getDb();
  return db
    .select({ id: auditLog.id, action: auditLog.action, actorLabel: auditLog.actorLabel, changes: auditLog.changes, createdAt: auditLog.createdAt })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, "ticket"), eq(auditLog.entityId, ticket.ticket.id)))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(200);
}

/**
 * A reply to the customer or an internal note. The first public reply meets the first-response
 * target and opens a new ticket; the customer is e-mailed the reply, never a note.
 */
export async function replyToTicket(actor: Actor, ticketId: unknown, input: unknown, uploads: Upload[] = []) {
  assertCan(actor, "tickets.write");
  const { body, internal } = parseInput(ticketMessageSchema, input);
  const files = checkUploads(uploads);
  const db = await getDb();
  const settings = await readSetting("service", db);
  return db.transaction(async (tx) => {
    const ticket = await lockVisibleTicket(tx, actor, ticketId);
    if (ticket.status === "closed") throw new AppError("INVALID_STATE", "errors.ticketClosed");
    const now = new Date();
    const [message] = await tx
      .insert(ticketMessages)
      .values({ ticketId: ticket.id, kind: internal ? "note" : "reply", authorKind: "staff", authorId: selfId(actor), body })
      .returning();
    await storeAttachments(tx, actor, ticket.id, message!.id, files);
    const status = statusAfterMessage(ticket.status, { by: "staff", internal });
    if (!internal) await stopFirstResponse(tx, settings, ticket.id, now);
    if (status !== ticket.status) await followStatus(tx, settings, ticket.id, ticket.status, status, now);
    const [after] = await tx.update(tickets).set({ status, lastActivityAt: now }).where(eq(tickets.id, ticket.id)).returning();
    await recordAudit(tx, actor, {
      action: internal ? "ticket.note" : "ticket.reply",
      entityType: "ticket",
      entityId: ticket.id,
      before: { status: ticket.status },
      after: { status, messageId: message!.id },
    });
    if (!internal) await notifyTicketReply(tx, after!, body);
    await announceTicket(tx, ticket, "ticket.message", { staffOnly: internal && status === ticket.status });
    return message!;
  });
}

/**
 * Moves a ticket to another status. Solving a complaint needs its outcome; a points compensation
 * goes through the member's ledger once per ticket. Solving asks the member for a rating.
 */
export async function changeTicketStatus(actor: Actor, ticketId: unknown, input: unknown): Promise<Ticket> {
  assertCan(actor, "tickets.write");
  const values = parseInput(ticketStatusSchema, input);
  const db = await getDb();
  const settings = await readSetting("service", db);
  return db.transaction(async (tx) => {
    const ticket = await lockVisibleTicket(tx, actor, ticketId);
    if (ticket.status === values.status) return ticket;
    if (ticket.mergedIntoId || !canMoveTo(ticket.status, values.status)) throw new AppError("INVALID_STATE", "errors.ticketStatusMove");
    const solving = values.status === "solved";
    if (solving && ticket.category === "complaint" && !values.outcome) {
      throw new AppError("VALIDATION", "errors.VALIDATION", { outcome: ["validation.outcomeRequired"] });
    }
    // Points given once are not asked for again.
    if (solving && values.outcome === "points_compensation" && ticket.compensationPoints === null && values.compensationPoints === undefined) {
      throw new AppError("VALIDATION", "errors.VALIDATION", { compensationPoints: ["validation.compensationPoints"] });
    }
    const now = new Date();
    const outcome = solving ? { outcome: values.outcome ?? null, outcomeNote: values.outcomeNote ?? null } : {};
    let compensationPoints = ticket.compensationPoints;
    if (solving && values.outcome === "points_compensation" && compensationPoints === null) {
      compensationPoints = values.compensationPoints!;
      await adjustPoints(
        actor,
        ticket.customerId,
        // The reason names the ticket only: the ledger is kept for good, what the customer wrote is not.
        { delta: compensationPoints, reason: formatTicketNumber(ticket.number), idempotencyKey: `ticket:${ticket.id}` },
        tx,
      ).catch((error: unknown) => {
        // Said on the field the agent typed: no membership, or more than an agent may give.
        if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "VALIDATION")) {
          throw new AppError("VALIDATION", "errors.VALIDATION", { compensationPoints: [error.code === "NOT_FOUND" ? "validation.notAMember" : "validation.adjustCap"] });
        }
        throw error;
      });
    }
    await followStatus(tx, settings, ticket.id, ticket.status, values.status, now);
    const [after] = await tx
      .update(tickets)
      .set({
        status: values.status,
        ...outcome,
        compensationPoints,
        solvedAt: solving ? now : values.status === "closed" ? ticket.solvedAt : null,
        closedAt: values.status === "closed" ? now : null,
        lastActivityAt: now,
      })
      .where(eq(tickets.id, ticket.id))
      .returning();
    await recordAudit(tx, actor, { action: "ticket.status", entityType: "ticket", entityId: ticket.id, before: ticket, after: after! });
    if (solving && after!.rating === null) await requestRating(tx, after!);
    await announceTicket(tx, after!, "ticket.updated");
    if (solving) await emitWebhook(tx, "ticket.solved", ticketWebhookData(after!));
    return after!;
  });
}

/** Category, priority, order and tags. A new priority brings its SLA targets; becoming a complaint escalates. */
export async function updateTicket(actor: Actor, ticketId: unknown, input: unknown): Promise<Ticket> {
  assertCan(actor, "tickets.write");
  const values = parseInput(ticketUpdateSchema, input);
  const db = await getDb();
  const settings = await readSetting("service", db);
  return db.transaction(async (tx) => {
    const ticket = await lockVisibleTicket(tx, actor, ticketId);
    if (ticket.status === "closed") throw new AppError("INVALID_STATE", "errors.ticketClosed");
    if (values.orderId) {
      const [order] = await tx.select({ id: orders.id }).from(orders).where(and(eq(orders.id, values.orderId), eq(orders.customerId, ticket.customerId)));
      if (!order) throw new AppError("VALIDATION", "errors.VALIDATION", { orderId: ["validation.ticketOrder"] });
    }
    const [updated] = await tx
      .update(tickets)
      .set({ category: values.category, priority: values.priority, tags: values.tags, orderId: values.orderId === undefined ? ticket.orderId : values.orderId, lastActivityAt: new Date() })
      .where(eq(tickets.id, ticket.id))
      .returning();
    if (updated!.priority !== ticket.priority) await retargetClocks(tx, settings, ticket.id, updated!.priority);
    await recordAudit(tx, actor, { action: "ticket.update", entityType: "ticket", entityId: ticket.id, before: ticket, after: updated! });
    const after = updated!.category === "complaint" && ticket.category !== "complaint" ? await escalate(tx, actor, updated!, "complaint", false) : updated!;
    await announceTicket(tx, after, "ticket.updated");
    return after;
  });
}

/**
 * Gives a ticket to a team and a person: someone named, nobody, or the team's next agent in turn
 * (`auto`). A new ticket that gets an assignee is open.
 */
export async function assignTicket(actor: Actor, ticketId: unknown, input: unknown): Promise<Ticket> {
  assertCan(actor, "tickets.assign");
  const values = parseInput(ticketAssignSchema, input);
  const db = await getDb();
  const settings = await readSetting("service", db);
  return db.transaction(async (tx) => {
    const ticket = await lockVisibleTicket(tx, actor, ticketId);
    if (ticket.status === "closed") throw new AppError("INVALID_STATE", "errors.ticketClosed");
    const teamId = values.teamId === undefined ? ticket.teamId : values.teamId;
    if (teamId && teamId !== ticket.teamId) {
      const [team] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId));
      if (!team) throw new AppError("VALIDATION", "errors.VALIDATION", { teamId: ["validation.invalid"] });
    }
    let assigneeId = values.assigneeId === undefined ? ticket.assigneeId : values.assigneeId;
    if (assigneeId === "auto") {
      if (!teamId) throw new AppError("VALIDATION", "errors.VALIDATION", { teamId: ["validation.autoAssignTeam"] });
      assigneeId = await nextInTurn(tx, teamId);
      if (!assigneeId) throw new AppError("VALIDATION", "errors.VALIDATION", { assigneeId: ["validation.teamHasNoAgents"] });
    } else if (assigneeId && (assigneeId !== ticket.assigneeId || teamId !== ticket.teamId) && !(await isAgent(tx, assigneeId, teamId))) {
      throw new AppError("VALIDATION", "errors.VALIDATION", { assigneeId: ["validation.ticketAssignee"] });
    }
    const status: TicketStatus = ticket.status === "new" && assigneeId ? "open" : ticket.status;
    const now = new Date();
    if (status !== ticket.status) await followStatus(tx, settings, ticket.id, ticket.status, status, now);
    const [after] = await tx.update(tickets).set({ teamId, assigneeId, status, lastActivityAt: now }).where(eq(tickets.id, ticket.id)).returning();
    await recordAudit(tx, actor, { action: "ticket.assign", entityType: "ticket", entityId: ticket.id, before: ticket, after: after! });
    await announceTicket(tx, after!, "ticket.updated");
    return after!;
  });
}

/**
 * Merges a duplicate into another ticket of the same customer: its description and messages move
 * there (nothing the customer wrote is lost), and the duplicate closes with a link to it.
 */
export async function mergeTicket(actor: Actor, ticketId: unknown, input: unknown): Promise<Ticket> {
  assertCan(actor, "tickets.merge");
  const { intoId } = parseInput(ticketMergeSchema, input);
  const db = await getDb();
  const settings = await readSetting("service", db);
  return db.transaction(async (tx) => {
    const sourceId = uuidParam.safeParse(ticketId);
    if (!sourceId.success) throw new AppError("NOT_FOUND");
    const refusedTarget = (error: unknown) => {
      if (error instanceof AppError && error.code === "NOT_FOUND") throw new AppError("VALIDATION", "errors.VALIDATION", { intoId: ["validation.mergeTarget"] });
      throw error;
    };
    // Both locked in id order, so that two merges of the same pair cannot deadlock.
    const [first, second] = sourceId.data < intoId ? [sourceId.data, intoId] : [intoId, sourceId.data];
    const lockOne = (id: string) => (id === intoId ? lockVisibleTicket(tx, actor, id).catch(refusedTarget) : lockVisibleTicket(tx, actor, id));
    const locked = new Map<string, Ticket>();
    for (const id of first === second ? [first] : [first, second]) locked.set(id, await lockOne(id));
    const source = locked.get(sourceId.data)!;
    const target = locked.get(intoId)!;
    if (source.id === target.id || source.customerId !== target.customerId) {
      throw new AppError("VALIDATION", "errors.VALIDATION", { intoId: ["validation.mergeTarget"] });
    }
    if (source.status === "closed" || target.status === "closed") throw new AppError("INVALID_STATE", "errors.ticketClosed");
    const now = new Date();
    await tx.update(ticketMessages).set({ ticketId: target.id }).where(eq(ticketMessages.ticketId, source.id));
    const [description] = await tx
      .insert(ticketMessages)
      // The duplicate's description, as the customer wrote it, when they wrote it.
      .values({ ticketId: target.id, kind: "reply", authorKind: "customer", authorId: null, body: `${source.subject}\n\n${source.description}`, createdAt: source.createdAt })
      .returning();
    await tx.insert(ticketMessages).values({ ticketId: target.id, kind: "note", authorKind: "system", authorId: selfId(actor), body: `merged:${source.number}` });
    // The files of the duplicate's description go with that description; the rest with their messages.
    await tx.update(ticketAttachments).set({ ticketId: target.id, messageId: description!.id }).where(and(eq(ticketAttachments.ticketId, source.id), isNull(ticketAttachments.messageId)));
    await tx.update(ticketAttachments).set({ ticketId: target.id }).where(eq(ticketAttachments.ticketId, source.id));
    await followStatus(tx, settings, source.id, source.status, "closed", now);
    const [closed] = await tx
      .update(tickets)
      .set({ status: "closed", mergedIntoId: target.id, closedAt: now, lastActivityAt: now })
      .where(eq(tickets.id, source.id))
      .returning();
    // What the customer wrote there now waits for an answer here: a solved or pending target opens
    // again; points given on the duplicate count for the target, so they are not given twice.
    const status = statusAfterMessage(target.status, { by: "customer", internal: false });
    if (status !== target.status) await followStatus(tx, settings, target.id, target.status, status, now);
    const [merged] = await tx
      .update(tickets)
      .set({
        status,
        solvedAt: status === target.status ? target.solvedAt : null,
        compensationPoints: target.compensationPoints ?? source.compensationPoints,
        lastActivityAt: now,
      })
      .where(eq(tickets.id, target.id))
      .returning();
    await recordAudit(tx, actor, { action: "ticket.merge", entityType: "ticket", entityId: source.id, before: source, after: closed! });
    await recordAudit(tx, actor, { action: "ticket.merge_in", entityType: "ticket", entityId: target.id, before: target, after: { ...merged!, mergedTicket: formatTicketNumber(source.number) } });
    await announceTicket(tx, closed!, "ticket.updated");
    await announceTicket(tx, target, "ticket.message");
    return closed!;
  });
}

/** The statuses and assignment each queue shows; a status filter takes the place of the queue's statuses. */
function queueCondition(actor: Actor, params: TicketListParams, soonBy: Date): SQL | undefined {
  const active = params.status ? undefined : inArray(tickets.status, [...activeStatuses]);
  switch (params.queue) {
    case "mine":
      return and(active, eq(tickets.assigneeId, selfId(actor) ?? "00000000-0000-0000-0000-000000000000"));
    case "unassigned":
      return and(active, isNull(tickets.assigneeId));
    case "open":
      return active;
    case "breaching":
      return and(
        active,
        sql`exists (select 1 from ${ticketSlaClocks} where ${ticketSlaClocks.ticketId} = ${tickets.id} and ${ticketSlaClocks.stoppedAt} is null and (${ticketSlaClocks.dueAt} <= ${soonBy.toISOString()}::timestamptz or ${ticketSlaClocks.breachedAt} is not null))`,
      );
    case "solved":
      return params.status ? undefined : eq(tickets.status, "solved");
    case "all":
      return undefined;
  }
}

function searchCondition(q: string): SQL | undefined {
  if (!q) return undefined;
  const number = parseTicketNumber(q);
  const pattern = likePattern(q);
  return or(number !== null ? eq(tickets.number, number) : undefined, ilike(tickets.subject, pattern), ilike(customers.name, pattern));
}

/** The next time a running clock of the ticket is due; null when none runs. */
const nextDue = sql<Date | null>`(select min(${ticketSlaClocks.dueAt}) from ${ticketSlaClocks} where ${ticketSlaClocks.ticketId} = ${tickets.id} and ${ticketSlaClocks.stoppedAt} is null)`;

/** A page of a queue, with each ticket's customer, assignee and SLA state, and how many match. */
export async function listTickets(actor: Actor, input: unknown = {}) {
  assertCan(actor, "tickets.read");
  const params = ticketListParamsSchema.parse(input);
  const db = await getDb();
  const [settings, { timeZone }] = await Promise.all([readSetting("service", db), readSetting("organisation", db)]);
  const now = new Date();
  const soonBy = addBusinessMinutes(settings.calendar, now, settings.soonMinutes);
  const range = dayRange(params.from, params.to, timeZone);
  const where = and(
    ticketVisibleTo(actor),
    queueCondition(actor, params, soonBy),
    searchCondition(params.q),
    params.status ? eq(tickets.status, params.status) : undefined,
    params.priority ? eq(tickets.priority, params.priority) : undefined,
    params.category ? eq(tickets.category, params.category) : undefined,
    params.team === "none" ? isNull(tickets.teamId) : params.team ? eq(tickets.teamId, params.team) : undefined,
    params.assignee ? eq(tickets.assigneeId, params.assignee) : undefined,
    params.customer ? eq(tickets.customerId, params.customer) : undefined,
    ticketDatedIn(params.dates, range, params.sla),
  );
  const direction = params.dir === "asc" ? asc : desc;
  const order =
    params.sort === "created"
      ? [direction(tickets.createdAt)]
      : params.sort === "priority"
        ? [direction(tickets.priority), desc(tickets.lastActivityAt)]
        : params.sort === "due"
          ? [params.dir === "asc" ? sql`${nextDue} asc nulls last` : sql`${nextDue} desc nulls last`]
          : [direction(tickets.lastActivityAt)];
  const [rows, [total]] = await Promise.all([
    db
      .select({
        ticket: tickets,
        customerName: customers.name,
        customerNumber: customers.number,
        assigneeName: assignee.name,
        teamName: teams.name,
      })
      .from(tickets)
      .innerJoin(customers, eq(customers.id, tickets.customerId))
      .leftJoin(assignee, eq(assignee.id, tickets.assigneeId))
      .leftJoin(teams, eq(teams.id, tickets.teamId))
      .where(where)
      .orderBy(...order, desc(tickets.number))
      .limit(pageSize)
      .offset((params.page - 1) * pageSize),
    db.select({ n: count() }).from(tickets).innerJoin(customers, eq(customers.id, tickets.customerId)).where(where),
  ]);
  const ids = rows.map((row) => row.ticket.id);
  const clocks = ids.length ? await db.select().from(ticketSlaClocks).where(inArray(ticketSlaClocks.ticketId, ids)) : [];
  const withSla = rows.map((row) => ({
    ...row,
    sla: clocks
      .filter((clock) => clock.ticketId === row.ticket.id)
      .map((clock) => ({ kind: clock.kind, dueAt: clock.dueAt, state: clockState(settings.calendar, asClock(clock), now, settings.soonMinutes) })),
  }));
  const totalCount = total?.n ?? 0;
  return { rows: withSla, total: totalCount, page: params.page, pageCount: Math.max(1, Math.ceil(totalCount / pageSize)), params };
}

/** Tickets the actor may see, newest first by number, for cursor pages: `before` is the last number of the previous page. */
export async function listTicketsBefore(
  actor: Actor,
  filter: { status?: TicketStatus; priority?: Ticket["priority"]; category?: Ticket["category"]; customerId?: string },
  page: { before?: number; limit: number },
): Promise<Ticket[]> {
  assertCan(actor, "tickets.read");
  const db = await getDb();
  const rows = await db
    .select({ ticket: tickets })
    .from(tickets)
    .innerJoin(customers, eq(customers.id, tickets.customerId))
    .where(
      and(
        ticketVisibleTo(actor),
        filter.status ? eq(tickets.status, filter.status) : undefined,
        filter.priority ? eq(tickets.priority, filter.priority) : undefined,
        filter.category ? eq(tickets.category, filter.category) : undefined,
        filter.customerId ? eq(tickets.customerId, filter.customerId) : undefined,
        page.before !== undefined ? lt(tickets.number, page.before) : undefined,
      ),
    )
    .orderBy(desc(tickets.number))
    .limit(page.limit + 1);
  return rows.map((row) => row.ticket);
}

/** How many tickets each working queue holds, for its tab. */
export async function countQueues(actor: Actor) {
  assertCan(actor, "tickets.read");
  const db = await getDb();
  const settings = await readSetting("service", db);
  const soonBy = addBusinessMinutes(settings.calendar, new Date(), settings.soonMinutes);
  const queues = ["mine", "unassigned", "open", "breaching"] as const;
  const counts = await Promise.all(
    queues.map(async (queue) => {
      const params = ticketListParamsSchema.parse({ queue });
      const [row] = await db
        .select({ n: count() })
        .from(tickets)
        .innerJoin(customers, eq(customers.id, tickets.customerId))
        .where(and(ticketVisibleTo(actor), queueCondition(actor, params, soonBy)));
      return [queue, row?.n ?? 0] as const;
    }),
  );
  return Object.fromEntries(counts) as Record<(typeof queues)[number], number>;
}

/** The SLA check: records breaches of running clocks and escalates tickets about to breach. */
export async function checkSla(actor: Actor, now = new Date()): Promise<{ breached: number; escalated: number }> {
  const db = await getDb();
  const settings = await readSetting("service", db);
  const soonBy = addBusinessMinutes(settings.calendar, now, settings.soonMinutes);
  // The breach and its record in the ticket's history commit together.
  const breached = await db.transaction(async (tx) => {
    const rows = await tx
      .update(ticketSlaClocks)
      .set({ breachedAt: sql`${ticketSlaClocks.dueAt}` })
      .where(and(isNull(ticketSlaClocks.stoppedAt), isNull(ticketSlaClocks.breachedAt), lte(ticketSlaClocks.dueAt, now)))
      .returning({ ticketId: ticketSlaClocks.ticketId, kind: ticketSlaClocks.kind });
    const owners = rows.length
      ? await tx.select({ id: tickets.id, customerId: tickets.customerId }).from(tickets).where(inArray(tickets.id, [...new Set(rows.map((row) => row.ticketId))]))
      : [];
    for (const { ticketId, kind } of rows) {
      await recordAudit(tx, actor, { action: "ticket.sla_breach", entityType: "ticket", entityId: ticketId, after: { clock: kind } });
    }
    for (const ticket of owners) await announceTicket(tx, ticket, "ticket.updated", { staffOnly: true });
    return rows;
  });
  const soon = await db
    .selectDistinct({ id: tickets.id })
    .from(tickets)
    .innerJoin(ticketSlaClocks, eq(ticketSlaClocks.ticketId, tickets.id))
    .where(and(inArray(tickets.status, [...activeStatuses]), isNull(tickets.escalatedAt), isNull(ticketSlaClocks.stoppedAt), lte(ticketSlaClocks.dueAt, soonBy)));
  let escalated = 0;
  for (const { id } of soon) {
    await db.transaction(async (tx) => {
      // Read again under the lock: solved, paused or escalated since the scan, it is left alone.
      const [ticket] = await tx
        .select()
        .from(tickets)
        .where(
          and(
            eq(tickets.id, id),
            isNull(tickets.escalatedAt),
            inArray(tickets.status, [...activeStatuses]),
            sql`exists (select 1 from ${ticketSlaClocks} where ${ticketSlaClocks.ticketId} = ${tickets.id} and ${ticketSlaClocks.stoppedAt} is null and ${ticketSlaClocks.dueAt} <= ${soonBy.toISOString()}::timestamptz)`,
          ),
        )
        .for("update");
      if (!ticket) return;
      await announceTicket(tx, await escalate(tx, actor, ticket, "breaching", true), "ticket.updated");
      escalated++;
    });
  }
  return { breached: breached.length, escalated };
}

/** Closes tickets solved more than `autoCloseDays` ago. */
export async function closeSolvedTickets(actor: Actor, now = new Date()): Promise<number> {
  const db = await getDb();
  const settings = await readSetting("service", db);
  const before = new Date(now.getTime() - settings.autoCloseDays * 86_400_000);
  const due = await db.select({ id: tickets.id }).from(tickets).where(and(eq(tickets.status, "solved"), lte(tickets.solvedAt, before)));
  for (const { id } of due) {
    await db.transaction(async (tx) => {
      const [ticket] = await tx.select().from(tickets).where(and(eq(tickets.id, id), eq(tickets.status, "solved"))).for("update");
      if (!ticket) return;
      await followStatus(tx, settings, ticket.id, "solved", "closed", now);
      const [after] = await tx.update(tickets).set({ status: "closed", closedAt: now }).where(eq(tickets.id, ticket.id)).returning();
      await recordAudit(tx, actor, { action: "ticket.status", entityType: "ticket", entityId: ticket.id, before: ticket, after: after! });
      await announceTicket(tx, after!, "ticket.updated");
    });
  }
  return due.length;
}

import { sql } from "drizzle-orm";
import { type AnyPgColumn, bigint, check, customType, index, integer, pgEnum, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "./columns";
import { customers } from "./customers";
import { users } from "./platform";
import { orders, teams } from "./sales";

export const ticketChannels = ["portal", "phone", "email", "walk_in", "api"] as const;
export const ticketChannelEnum = pgEnum("ticket_channel", ticketChannels);
export const ticketCategories = ["inquiry", "issue", "complaint", "return", "points_dispute"] as const;
export const ticketCategoryEnum = pgEnum("ticket_category", ticketCategories);
export const ticketPriorities = ["low", "normal", "high", "urgent"] as const;
export const ticketPriorityEnum = pgEnum("ticket_priority", ticketPriorities);
/** `pending` waits on the customer; `on_hold` on someone else (a supplier, another team). */
export const ticketStatuses = ["new", "open", "pending", "on_hold", "solved", "closed"] as const;
export const ticketStatusEnum = pgEnum("ticket_status", ticketStatuses);
/** How a complaint was settled; a complaint cannot be solved without one. */
export const complaintOutcomes = ["explanation", "refund", "points_compensation", "replacement"] as const;
export const complaintOutcomeEnum = pgEnum("complaint_outcome", complaintOutcomes);

export type TicketStatus = (typeof ticketStatuses)[number];
export type TicketPriority = (typeof ticketPriorities)[number];
export type TicketCategory = (typeof ticketCategories)[number];

/** A customer's question, problem or complaint. People read its number as `#1042`. */
export const tickets = pgTable(
  "tickets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    number: bigint("number", { mode: "number" }).notNull().generatedAlwaysAsIdentity({ startWith: 1001 }),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id),
    subject: text("subject").notNull(),
    /** What the customer first wrote; kept as written. */
    description: text("description").notNull(),
    channel: ticketChannelEnum("channel").notNull(),
    category: ticketCategoryEnum("category").notNull().default("inquiry"),
    priority: ticketPriorityEnum("priority").notNull().default("normal"),
    status: ticketStatusEnum("status").notNull().default("new"),
    assigneeId: uuid("assignee_id").references(() => users.id),
    teamId: uuid("team_id").references(() => teams.id),
    orderId: uuid("order_id").references(() => orders.id),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    outcome: complaintOutcomeEnum("outcome"),
    outcomeNote: text("outcome_note"),
    /** Points given back through the ledger for a complaint (idempotency key `ticket:<id>`). */
    compensationPoints: integer("compensation_points"),
    /** When the ticket was escalated to the team's manager (about to breach, or a complaint). */
    escalatedAt: timestamp("escalated_at", { withTimezone: true }),
    solvedAt: timestamp("solved_at", { withTimezone: true }),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    /** The member's rating of the service, 1–5, given once after the ticket was solved. */
    rating: smallint("rating"),
    ratingComment: text("rating_comment"),
    ratedAt: timestamp("rated_at", { withTimezone: true }),
    /** Set on a duplicate that was merged: the ticket its messages moved to. */
    mergedIntoId: uuid("merged_into_id").references((): AnyPgColumn => tickets.id),
    /** The newest message or change, for sorting queues. */
    lastActivityAt: timestamp("last_activity_at", { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid("created_by").references(() => users.id),
    ...timestamps,
  },
  (table) => [
    uniqueIndex("tickets_number_key").on(table.number),
    index("tickets_customer_idx").on(table.customerId, table.createdAt),
    index("tickets_status_idx").on(table.status, table.lastActivityAt),
    index("tickets_assignee_idx").on(table.assigneeId, table.status),
    index("tickets_team_idx").on(table.teamId, table.status),
    index("tickets_order_idx").on(table.orderId),
    // The service dashboard and the queues' date filters read tickets by when they were opened, solved and rated.
    index("tickets_created_idx").on(table.createdAt),
    index("tickets_solved_idx").on(table.solvedAt).where(sql`${table.solvedAt} is not null`),
    index("tickets_rated_idx").on(table.ratedAt).where(sql`${table.ratedAt} is not null`),
    check("tickets_rating_check", sql`${table.rating} is null or ${table.rating} between 1 and 5`),
    check("tickets_compensation_check", sql`${table.compensationPoints} is null or ${table.compensationPoints} > 0`),
  ],
);

export type Ticket = typeof tickets.$inferSelect;

export const ticketMessageKinds = ["reply", "note"] as const;
export const ticketMessageKindEnum = pgEnum("ticket_message_kind", ticketMessageKinds);
export const ticketAuthorKinds = ["staff", "customer", "system"] as const;
export const ticketAuthorKindEnum = pgEnum("ticket_author_kind", ticketAuthorKinds);

/**
 * What was written on a ticket: public replies (staff or customer) and internal notes, which never
 * reach the member. Messages are never edited or deleted; merging a ticket moves them.
 */
export const ticketMessages = pgTable(
  "ticket_messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => tickets.id),
    kind: ticketMessageKindEnum("kind").notNull(),
    authorKind: ticketAuthorKindEnum("author_kind").notNull(),
    authorId: uuid("author_id").references(() => users.id),
    body: text("body").notNull(),
    ...timestamps,
  },
  (table) => [
    index("ticket_messages_ticket_idx").on(table.ticketId, table.createdAt),
    check("ticket_messages_note_check", sql`${table.kind} = 'reply' or ${table.authorKind} <> 'customer'`),
  ],
);

export type TicketMessage = typeof ticketMessages.$inferSelect;

/** Raw bytes; both drivers hand them back as a Buffer. */
const bytes = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/**
 * A file sent with a message (or, without one, with the ticket's description). Kept in the
 * database, checked by its content (images, PDF, plain text only) and only ever served as a
 * download with the type found, never run or shown inline.
 */
export const ticketAttachments = pgTable(
  "ticket_attachments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => tickets.id),
    messageId: uuid("message_id").references(() => ticketMessages.id),
    filename: text("filename").notNull(),
    /** The type its content shows, not the one the sender claimed. */
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
    data: bytes("data").notNull(),
    uploadedBy: uuid("uploaded_by").references(() => users.id),
    ...timestamps,
  },
  (table) => [index("ticket_attachments_ticket_idx").on(table.ticketId), index("ticket_attachments_message_idx").on(table.messageId), check("ticket_attachments_size_check", sql`${table.size} > 0`)],
);

export type TicketAttachment = typeof ticketAttachments.$inferSelect;

export const slaClockKinds = ["first_response", "resolution"] as const;
export const slaClockKindEnum = pgEnum("sla_clock_kind", slaClockKinds);
export type SlaClockKind = (typeof slaClockKinds)[number];

/**
 * A ticket's SLA clocks, counted in business minutes: the first public reply stops the first
 * response clock, solving stops the resolution clock; statuses run or pause each (a setting).
 */
export const ticketSlaClocks = pgTable(
  "ticket_sla_clocks",
  {
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => tickets.id),
    kind: slaClockKindEnum("kind").notNull(),
    targetMinutes: integer("target_minutes").notNull(),
    /** Business minutes used while the clock ran, up to `running_since`. */
    elapsedMinutes: integer("elapsed_minutes").notNull().default(0),
    runningSince: timestamp("running_since", { withTimezone: true }),
    /** When it breaches if it keeps running; null while paused or stopped. */
    dueAt: timestamp("due_at", { withTimezone: true }),
    stoppedAt: timestamp("stopped_at", { withTimezone: true }),
    breachedAt: timestamp("breached_at", { withTimezone: true }),
    ...timestamps,
  },
  (table) => [
    primaryKey({ columns: [table.ticketId, table.kind] }),
    // The SLA check and the "breaching soon" queue read running clocks by due time.
    index("ticket_sla_clocks_due_idx").on(table.dueAt).where(sql`${table.dueAt} is not null`),
    // SLA compliance counts a clock when it stopped or, still running, when it breached.
    index("ticket_sla_clocks_decided_idx").on(table.kind, sql`coalesce(${table.stoppedAt}, ${table.breachedAt})`),
  ],
);

export type TicketSlaClock = typeof ticketSlaClocks.$inferSelect;

/** Reply texts with placeholders (`{{customer.name}}`, `{{order.number}}`, `{{agent.name}}`); no team = everyone's. */
export const cannedReplies = pgTable(
  "canned_replies",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    teamId: uuid("team_id").references(() => teams.id),
    createdBy: uuid("created_by").references(() => users.id),
    ...timestamps,
  },
  (table) => [index("canned_replies_team_idx").on(table.teamId)],
);

export type CannedReply = typeof cannedReplies.$inferSelect;

/** Round-robin assignment: who in a team was given a ticket last. */
export const ticketAssignmentTurns = pgTable("ticket_assignment_turns", {
  teamId: uuid("team_id")
    .primaryKey()
    .references(() => teams.id, { onDelete: "cascade" }),
  lastUserId: uuid("last_user_id").references(() => users.id),
  ...timestamps,
});

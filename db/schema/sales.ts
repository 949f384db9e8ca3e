import { sql } from "drizzle-orm";
import { bigint, boolean, check, date, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "./columns";
import { customers } from "./customers";
import { coupons } from "./membership";
import { users } from "./platform";

/** A sales team and its manager. */
export const teams = pgTable(
  "teams",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    managerId: uuid("manager_id").references(() => users.id),
    ...timestamps,
  },
  (table) => [uniqueIndex("teams_name_key").on(sql`lower(${table.name})`), index("teams_manager_idx").on(table.managerId)],
);

export type Team = typeof teams.$inferSelect;

/** Who belongs to which team; a user is in at most one. */
export const teamMembers = pgTable(
  "team_members",
  {
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    ...timestamps,
  },
  (table) => [uniqueIndex("team_members_user_key").on(table.userId), index("team_members_team_idx").on(table.teamId)],
);

/** The catalogue. Prices in minor units of `currency`. */
export const products = pgTable(
  "products",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    sku: text("sku").notNull(),
    name: text("name").notNull(),
    category: text("category"),
    price: bigint("price", { mode: "number" }).notNull(),
    currency: text("currency").notNull(),
    active: boolean("active").notNull().default(true),
    ...timestamps,
  },
  (table) => [
    uniqueIndex("products_sku_key").on(sql`lower(${table.sku})`),
    index("products_name_idx").on(sql`lower(${table.name})`),
    index("products_category_idx").on(table.category),
    check("products_price_check", sql`${table.price} >= 0`),
  ],
);

export type Product = typeof products.$inferSelect;

export const pipelines = pgTable(
  "pipelines",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    /** The pipeline a new deal goes to when none is chosen; exactly one is. */
    isDefault: boolean("is_default").notNull().default(false),
    ...timestamps,
  },
  (table) => [
    uniqueIndex("pipelines_name_key").on(sql`lower(${table.name})`),
    uniqueIndex("pipelines_default_key").on(table.isDefault).where(sql`${table.isDefault}`),
  ],
);

export type Pipeline = typeof pipelines.$inferSelect;

export const dealSources = ["inbound", "outbound", "referral", "website", "event", "partner", "existing_customer", "other"] as const;
export const dealSourceEnum = pgEnum("deal_source", dealSources);

export const stageOutcomes = ["open", "won", "lost"] as const;
export const stageOutcomeEnum = pgEnum("stage_outcome", stageOutcomes);

/** The ordered stages of a pipeline; a won or lost stage closes the deal. */
export const pipelineStages = pgTable(
  "pipeline_stages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    pipelineId: uuid("pipeline_id")
      .notNull()
      .references(() => pipelines.id),
    name: text("name").notNull(),
    position: integer("position").notNull(),
    /** Default win probability in percent for deals in this stage. */
    probability: integer("probability").notNull(),
    outcome: stageOutcomeEnum("outcome").notNull().default("open"),
    ...timestamps,
  },
  (table) => [
    index("pipeline_stages_pipeline_idx").on(table.pipelineId, table.position),
    check("pipeline_stages_probability_check", sql`${table.probability} between 0 and 100`),
  ],
);

export type PipelineStage = typeof pipelineStages.$inferSelect;

/** A deal: what a rep hopes to sell to a customer, moving through a pipeline's stages. */
export const opportunities = pgTable(
  "opportunities",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Shown to people as `D-000123`. */
    number: bigint("number", { mode: "number" }).notNull().generatedAlwaysAsIdentity(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id),
    pipelineId: uuid("pipeline_id")
      .notNull()
      .references(() => pipelines.id),
    stageId: uuid("stage_id")
      .notNull()
      .references(() => pipelineStages.id),
    title: text("title").notNull(),
    amount: bigint("amount", { mode: "number" }).notNull(),
    currency: text("currency").notNull(),
    expectedCloseOn: date("expected_close_on", { mode: "string" }),
    /** Overrides the stage's default win probability; null follows the stage. */
    probability: integer("probability"),
    ownerId: uuid("owner_id")
      .notNull()
      .references(() => users.id),
    source: dealSourceEnum("source"),
    nextStep: text("next_step"),
    lostReason: text("lost_reason"),
    stageEnteredAt: timestamp("stage_entered_at", { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    /**
     * Every stage the deal has been in, once each, kept by a trigger on its stage history: how far
     * it got, read without the history (conversion figures and the deals list's "reached" filter).
     */
    reachedStageIds: uuid("reached_stage_ids").array().notNull().default(sql`'{}'::uuid[]`),
    createdBy: uuid("created_by").references(() => users.id),
    ...timestamps,
  },
  (table) => [
    uniqueIndex("opportunities_number_key").on(table.number),
    // The board's columns, and the sales dashboard's funnel read from the index alone.
    index("opportunities_board_idx").on(table.pipelineId, table.stageId, table.ownerId, table.currency, table.amount),
    index("opportunities_owner_idx").on(table.ownerId),
    index("opportunities_customer_idx").on(table.customerId),
    // Deals by expected close: the forecast's pipeline and the deals closing this month, from the index alone.
    index("opportunities_close_idx").on(table.expectedCloseOn, table.ownerId, table.stageId, table.currency, table.amount, table.probability),
    /** The sales dashboard: deals created in a span of months, per pipeline, with how far they got. */
    index("opportunities_created_idx").on(table.pipelineId, table.createdAt, table.ownerId, table.reachedStageIds),
    /** The sales dashboard and the forecast: deals closed in a span of months, with what their figures need. */
    index("opportunities_closed_idx")
      .on(table.closedAt, table.ownerId, table.stageId, table.currency, table.amount, table.createdAt)
      .where(sql`${table.closedAt} is not null`),
    check("opportunities_amount_check", sql`${table.amount} >= 0`),
    check("opportunities_probability_check", sql`${table.probability} between 0 and 100`),
  ],
);

export type Opportunity = typeof opportunities.$inferSelect;

/** Each stage a deal was in, from when to when; the open row has no `left_at`. */
export const opportunityStageHistory = pgTable(
  "opportunity_stage_history",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    opportunityId: uuid("opportunity_id")
      .notNull()
      .references(() => opportunities.id),
    stageId: uuid("stage_id")
      .notNull()
      .references(() => pipelineStages.id),
    enteredAt: timestamp("entered_at", { withTimezone: true }).notNull(),
    leftAt: timestamp("left_at", { withTimezone: true }),
    movedBy: uuid("moved_by").references(() => users.id),
    ...timestamps,
  },
  (table) => [index("opportunity_stage_history_opportunity_idx").on(table.opportunityId, table.enteredAt)],
);

export const orderChannels = ["store", "online", "sales"] as const;
export const orderChannelEnum = pgEnum("order_channel", orderChannels);
export const orderStatuses = ["pending", "paid", "fulfilled", "cancelled", "refunded"] as const;
export const orderStatusEnum = pgEnum("order_status", orderStatuses);

/**
 * A customer's purchase. Totals are computed on the server from the lines: `subtotal` (after line
 * discounts) − `couponDiscount` − `pointsValue` = `total`, the money to pay. A partial refund keeps
 * the status and raises `refunded`; refunding everything makes it `refunded`.
 */
export const orders = pgTable(
  "orders",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Shown to people as `SO-2026-000123`, with the year the order was placed. */
    number: bigint("number", { mode: "number" }).notNull().generatedAlwaysAsIdentity(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id),
    opportunityId: uuid("opportunity_id").references(() => opportunities.id),
    channel: orderChannelEnum("channel").notNull(),
    status: orderStatusEnum("status").notNull().default("pending"),
    currency: text("currency").notNull(),
    subtotal: bigint("subtotal", { mode: "number" }).notNull(),
    couponCode: text("coupon_code"),
    couponId: uuid("coupon_id").references(() => coupons.id),
    couponDiscount: bigint("coupon_discount", { mode: "number" }).notNull().default(0),
    pointsUsed: bigint("points_used", { mode: "number" }).notNull().default(0),
    /** What the points used are worth, in minor units (the points rate is a setting). */
    pointsValue: bigint("points_value", { mode: "number" }).notNull().default(0),
    total: bigint("total", { mode: "number" }).notNull(),
    /** Money refunded so far, in minor units; never more than `total`. */
    refunded: bigint("refunded", { mode: "number" }).notNull().default(0),
    note: text("note"),
    ownerId: uuid("owner_id").references(() => users.id),
    createdBy: uuid("created_by").references(() => users.id),
    placedAt: timestamp("placed_at", { withTimezone: true }).notNull().defaultNow(),
    paidAt: timestamp("paid_at", { withTimezone: true }),
    fulfilledAt: timestamp("fulfilled_at", { withTimezone: true }),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    ...timestamps,
  },
  (table) => [
    uniqueIndex("orders_number_key").on(table.number),
    index("orders_customer_idx").on(table.customerId, table.placedAt),
    index("orders_status_idx").on(table.status, table.placedAt),
    index("orders_placed_idx").on(table.placedAt),
    index("orders_opportunity_idx").on(table.opportunityId),
    check("orders_amounts_check", sql`${table.subtotal} >= 0 and ${table.total} >= 0 and ${table.couponDiscount} >= 0 and ${table.pointsValue} >= 0 and ${table.pointsUsed} >= 0`),
    check("orders_refunded_check", sql`${table.refunded} between 0 and ${table.total}`),
  ],
);

export type Order = typeof orders.$inferSelect;
export type OrderStatus = (typeof orderStatuses)[number];

/** An order line: a catalogue product as it was sold (name, category and price kept). */
export const orderLines = pgTable(
  "order_lines",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id),
    position: integer("position").notNull(),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id),
    sku: text("sku").notNull(),
    name: text("name").notNull(),
    category: text("category"),
    quantity: integer("quantity").notNull(),
    unitPrice: bigint("unit_price", { mode: "number" }).notNull(),
    /** Off the whole line, in minor units. */
    discount: bigint("discount", { mode: "number" }).notNull().default(0),
    /** quantity × unit price − discount. */
    amount: bigint("amount", { mode: "number" }).notNull(),
    ...timestamps,
  },
  (table) => [
    index("order_lines_order_idx").on(table.orderId, table.position),
    index("order_lines_product_idx").on(table.productId),
    check("order_lines_figures_check", sql`${table.quantity} > 0 and ${table.unitPrice} >= 0 and ${table.discount} >= 0 and ${table.amount} >= 0`),
  ],
);

export type OrderLine = typeof orderLines.$inferSelect;

/** Each refund of an order, once: its id is the key that reverses the order's points once. */
export const orderRefunds = pgTable(
  "order_refunds",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id),
    amount: bigint("amount", { mode: "number" }).notNull(),
    reason: text("reason").notNull(),
    /** The request's idempotency key: the same refund sent twice refunds once. */
    requestKey: text("request_key").notNull(),
    createdBy: uuid("created_by").references(() => users.id),
    ...timestamps,
  },
  (table) => [
    index("order_refunds_order_idx").on(table.orderId),
    uniqueIndex("order_refunds_request_key").on(table.orderId, table.requestKey),
    check("order_refunds_amount_check", sql`${table.amount} > 0`),
  ],
);

export type OrderRefund = typeof orderRefunds.$inferSelect;

/** A to-do for a rep, optionally about a customer or a deal. */
export const tasks = pgTable(
  "tasks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    title: text("title").notNull(),
    notes: text("notes"),
    dueOn: date("due_on", { mode: "string" }).notNull(),
    assigneeId: uuid("assignee_id")
      .notNull()
      .references(() => users.id),
    customerId: uuid("customer_id").references(() => customers.id),
    opportunityId: uuid("opportunity_id").references(() => opportunities.id),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    createdBy: uuid("created_by").references(() => users.id),
    ...timestamps,
  },
  (table) => [
    index("tasks_assignee_idx").on(table.assigneeId, table.dueOn),
    index("tasks_customer_idx").on(table.customerId),
    index("tasks_opportunity_idx").on(table.opportunityId),
  ],
);

export type Task = typeof tasks.$inferSelect;

/** A rep's monthly sales target, set by a manager; a team's target is the sum of its reps'. */
export const salesTargets = pgTable(
  "sales_targets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    /** The first day of the month. */
    month: date("month", { mode: "string" }).notNull(),
    amount: bigint("amount", { mode: "number" }).notNull(),
    currency: text("currency").notNull(),
    setBy: uuid("set_by").references(() => users.id),
    ...timestamps,
  },
  (table) => [uniqueIndex("sales_targets_user_month_key").on(table.userId, table.month), check("sales_targets_amount_check", sql`${table.amount} >= 0`)],
);

export type SalesTarget = typeof salesTargets.$inferSelect;

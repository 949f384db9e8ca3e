import { bigint, boolean, date, index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "./columns";
import { customers } from "./customers";

/**
 * Customers whose purchases (or whose owner) changed since the reports last looked, and, with no
 * customer, a change of team membership that regroups every month. Written by triggers on the
 * source tables in the writing transaction, so no committed change is missed; read and emptied by
 * the refresh job. No key beyond the id: concurrent writers never wait on each other here.
 */
export const reportChanges = pgTable("report_changes", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  customerId: uuid("customer_id"),
  ...timestamps,
});

/**
 * What the rollups were computed with. A change of the organisation's time zone or currency moves
 * every month boundary, so the refresh rebuilds everything when these differ from the settings.
 */
export const reportState = pgTable("report_state", {
  name: text("name").primaryKey(),
  timeZone: text("time_zone").notNull(),
  currency: text("currency").notNull(),
  refreshedAt: timestamp("refreshed_at", { withTimezone: true }).notNull(),
  ...timestamps,
});

/**
 * Each buying customer's purchases to date, in the organisation's currency: the source of top
 * customers, first-purchase cohorts and RFM. Only customers with a paid order have a row.
 */
export const reportCustomers = pgTable(
  "report_customers",
  {
    customerId: uuid("customer_id")
      .primaryKey()
      .references(() => customers.id),
    firstPaidAt: timestamp("first_paid_at", { withTimezone: true }).notNull(),
    /** The month of the first paid order, in the organisation's time zone: the customer's cohort. */
    firstMonth: date("first_month", { mode: "string" }).notNull(),
    lastPaidAt: timestamp("last_paid_at", { withTimezone: true }).notNull(),
    paidOrders: integer("paid_orders").notNull(),
    paidAmount: bigint("paid_amount", { mode: "number" }).notNull(),
    refundedAmount: bigint("refunded_amount", { mode: "number" }).notNull(),
    /** paid − refunded. */
    netSpend: bigint("net_spend", { mode: "number" }).notNull(),
    /**
     * The customer's owner, and whether the customer is not deleted, as of the last refresh (an
     * owner change, deletion or restore notes the customer): the rollups group by team and score
     * RFM from these without reading the customers.
     */
    ownerId: uuid("owner_id"),
    live: boolean("live").notNull().default(true),
    ...timestamps,
  },
  (table) => [
    // Top customers: the highest spend first, ties by id, so the scan stops after the first few
    // (nulls first, as ORDER BY … DESC has them, or the planner cannot use it).
    index("report_customers_net_spend_idx").on(table.netSpend.desc().nullsFirst(), table.customerId),
    index("report_customers_first_month_idx").on(table.firstMonth),
    // RFM segments are ranges of these (see report_rfm).
    index("report_customers_last_paid_at_idx").on(table.lastPaidAt),
    index("report_customers_paid_orders_idx").on(table.paidOrders),
  ],
);

/**
 * One customer's month: orders paid in it and refunds made in it (a month with only a refund has
 * a row with no orders). Months are the organisation's, as every report's.
 */
export const reportCustomerMonths = pgTable(
  "report_customer_months",
  {
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id),
    /** The first day of the month. */
    month: date("month", { mode: "string" }).notNull(),
    paidOrders: integer("paid_orders").notNull(),
    paidAmount: bigint("paid_amount", { mode: "number" }).notNull(),
    refundedAmount: bigint("refunded_amount", { mode: "number" }).notNull(),
    ...timestamps,
  },
  (table) => [primaryKey({ columns: [table.customerId, table.month] }), index("report_customer_months_month_idx").on(table.month)],
);

/**
 * The sales figures of a month, for everyone (`all`), per team (its id: customers owned by its
 * members) and for customers owned by nobody in a team (`none`). Buyer counts are distinct
 * customers, so they are kept per month and never added across months.
 */
export const reportMonthly = pgTable(
  "report_monthly",
  {
    month: date("month", { mode: "string" }).notNull(),
    teamKey: text("team_key").notNull(),
    paidOrders: integer("paid_orders").notNull(),
    paidAmount: bigint("paid_amount", { mode: "number" }).notNull(),
    refundedAmount: bigint("refunded_amount", { mode: "number" }).notNull(),
    /** Customers with a paid order in the month. */
    buyers: integer("buyers").notNull(),
    /** Buyers whose first paid order is in the month. */
    newBuyers: integer("new_buyers").notNull(),
    /** Buyers who bought before the month, or twice or more in it. */
    repeatBuyers: integer("repeat_buyers").notNull(),
    ...timestamps,
  },
  (table) => [primaryKey({ columns: [table.teamKey, table.month] })],
);

/**
 * First-purchase cohorts: of the customers whose first paid order is in `cohort_month`, how many
 * bought again in `month` (the cohort's own month counts them all), for everyone, each team and no
 * team as in `report_monthly`. Regrouped with the months a refresh touches.
 */
export const reportCohorts = pgTable(
  "report_cohorts",
  {
    cohortMonth: date("cohort_month", { mode: "string" }).notNull(),
    month: date("month", { mode: "string" }).notNull(),
    teamKey: text("team_key").notNull(),
    /** Customers of the cohort with a paid order in the month. */
    customers: integer("customers").notNull(),
    ...timestamps,
  },
  (table) => [primaryKey({ columns: [table.teamKey, table.cohortMonth, table.month] }), index("report_cohorts_month_idx").on(table.month)],
);

/**
 * The RFM quintile boundaries over every live buying customer, as of the last refresh that changed
 * anything. Score s (1–5) on a measure means the value is above s − 1 of the four boundaries; equal
 * values share a score. Recency is by the last paid order's time, so scores do not age between
 * refreshes: a customer who stops buying falls behind as others buy.
 */
export const reportRfm = pgTable("report_rfm", {
  /** Always `currentRfm`: the table holds one row. */
  name: text("name").primaryKey(),
  recencyCuts: timestamp("recency_cuts", { withTimezone: true }).array().notNull(),
  frequencyCuts: integer("frequency_cuts").array().notNull(),
  monetaryCuts: bigint("monetary_cuts", { mode: "number" }).array().notNull(),
  /** Live buying customers scored. */
  customers: integer("customers").notNull(),
  ...timestamps,
});

/** The name of `report_rfm`'s one row. */
export const currentRfm = "current";

/** Customers per recency × frequency score, for everyone, each team and no team. */
export const reportRfmCells = pgTable(
  "report_rfm_cells",
  {
    teamKey: text("team_key").notNull(),
    recency: integer("recency").notNull(),
    frequency: integer("frequency").notNull(),
    customers: integer("customers").notNull(),
    /** Sum of their net spend, minor units. */
    netSpend: bigint("net_spend", { mode: "number" }).notNull(),
    /** Sum of their monetary scores, for the cell's average. */
    monetaryScores: integer("monetary_scores").notNull(),
    ...timestamps,
  },
  (table) => [primaryKey({ columns: [table.teamKey, table.recency, table.frequency] })],
);

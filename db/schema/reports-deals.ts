import { bigint, date, index, integer, numeric, pgTable, primaryKey, timestamp, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "./columns";

/**
 * What changed for the sales dashboard since it last looked, written by a trigger on deals in the
 * writing transaction: the instants a deal was created and closed at (their days, in the
 * organisation's time zone, are recomputed) with its owner (whose funnel rows are), before and after
 * the change. No key beyond the id: concurrent writers never wait on each other here.
 */
export const reportDealChanges = pgTable("report_deal_changes", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  occurredAt: timestamp("occurred_at", { withTimezone: true }),
  ownerId: uuid("owner_id"),
  ...timestamps,
});

/**
 * Every deal now, by pipeline, stage and owner: the funnel is the rows of the open stages. The
 * value adds up the deals in the organisation's currency; the count takes them all.
 */
export const reportDealStages = pgTable(
  "report_deal_stages",
  {
    ownerId: uuid("owner_id").notNull(),
    pipelineId: uuid("pipeline_id").notNull(),
    stageId: uuid("stage_id").notNull(),
    deals: integer("deals").notNull(),
    value: bigint("value", { mode: "number" }).notNull(),
    ...timestamps,
  },
  (table) => [primaryKey({ columns: [table.ownerId, table.pipelineId, table.stageId] })],
);

/**
 * Deals created on a day (in the organisation's time zone), by pipeline, owner and the stages they
 * have reached: how far the deals of any span got, whatever order the pipeline's stages are in by
 * the time it is read.
 */
export const reportDealsCreated = pgTable(
  "report_deals_created",
  {
    day: date("day", { mode: "string" }).notNull(),
    pipelineId: uuid("pipeline_id").notNull(),
    ownerId: uuid("owner_id").notNull(),
    reachedStageIds: uuid("reached_stage_ids").array().notNull(),
    deals: integer("deals").notNull(),
    ...timestamps,
  },
  (table) => [index("report_deals_created_day_idx").on(table.day)],
);

/** Deals closed on a day (in the organisation's time zone) per owner: won and lost, what the wins were worth and how long they took. */
export const reportDealsClosed = pgTable(
  "report_deals_closed",
  {
    day: date("day", { mode: "string" }).notNull(),
    ownerId: uuid("owner_id").notNull(),
    won: integer("won").notNull(),
    lost: integer("lost").notNull(),
    /** The won deals in the organisation's currency, in its minor units. */
    wonValue: bigint("won_value", { mode: "number" }).notNull(),
    /** The days from creation to win, added up over the won deals (exact, for their mean). */
    wonCycleDays: numeric("won_cycle_days").notNull(),
    ...timestamps,
  },
  (table) => [index("report_deals_closed_day_idx").on(table.day)],
);

import { bigint, date, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "./columns";

/**
 * What changed for the service dashboard since it last looked, written by triggers in the writing
 * transaction: an instant whose day (in the organisation's time zone) is recomputed, one row per
 * instant a ticket was opened, solved or rated at, or an SLA clock decided at, before and after the
 * change. No key beyond the id: concurrent writers never wait on each other here.
 */
export const reportServiceChanges = pgTable("report_service_changes", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
  ...timestamps,
});

/**
 * The service figures of a day (in the organisation's time zone), for the tickets of live
 * customers, grouped by what decides who sees them and how the dashboard splits them: the ticket's
 * team and assignee and its customer's owner, as they are now. A row holds only what happened on
 * its day; rows of the same day and keys may repeat, and are summed.
 */
export const reportServiceDaily = pgTable(
  "report_service_daily",
  {
    day: date("day", { mode: "string" }).notNull(),
    teamId: uuid("team_id"),
    assigneeId: uuid("assignee_id"),
    ownerId: uuid("owner_id"),
    /** Tickets opened on the day. */
    opened: integer("opened").notNull(),
    /** Tickets solved on the day (their latest solving). */
    solved: integer("solved").notNull(),
    /** Ratings given on the day, and their sum. */
    ratings: integer("ratings").notNull(),
    ratingSum: integer("rating_sum").notNull(),
    /** SLA clocks decided on the day (stopped, or breached while running), of tickets not merged away, and how many met their target. */
    firstResponseCounted: integer("first_response_counted").notNull(),
    firstResponseMet: integer("first_response_met").notNull(),
    resolutionCounted: integer("resolution_counted").notNull(),
    resolutionMet: integer("resolution_met").notNull(),
    ...timestamps,
  },
  (table) => [index("report_service_daily_day_idx").on(table.day)],
);

/**
 * First responses given on a day, by how many business minutes they took: the distribution that
 * medians over any span and any readers' tickets are taken from. Keys as in `report_service_daily`.
 */
export const reportServiceResponses = pgTable(
  "report_service_responses",
  {
    day: date("day", { mode: "string" }).notNull(),
    teamId: uuid("team_id"),
    assigneeId: uuid("assignee_id"),
    ownerId: uuid("owner_id"),
    /** Business minutes from opening to the first response, as the SLA clock counted them. */
    minutes: integer("minutes").notNull(),
    responses: integer("responses").notNull(),
    ...timestamps,
  },
  (table) => [index("report_service_responses_day_idx").on(table.day)],
);

/** The time zone the service rollups' days were computed in (a change rebuilds them), and when they were last brought up to date. */
export const reportServiceState = pgTable("report_service_state", {
  name: text("name").primaryKey(),
  timeZone: text("time_zone").notNull(),
  refreshedAt: timestamp("refreshed_at", { withTimezone: true }).notNull(),
  ...timestamps,
});

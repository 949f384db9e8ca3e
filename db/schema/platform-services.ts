import { sql } from "drizzle-orm";
import { bigint, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "./columns";
import { users } from "./platform";

export const jobStatuses = ["queued", "running", "succeeded", "dead"] as const;
export const jobStatusEnum = pgEnum("job_status", jobStatuses);

/** Queued and scheduled work, claimed by workers with `FOR UPDATE SKIP LOCKED`. */
export const jobs = pgTable(
  "jobs",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    name: text("name").notNull(),
    payload: jsonb("payload").notNull(),
    status: jobStatusEnum("status").notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(5),
    runAt: timestamp("run_at", { withTimezone: true }).notNull().defaultNow(),
    /** Makes an enqueue idempotent: a second job with the same key is not created. */
    key: text("key"),
    lockedBy: text("locked_by"),
    lockedAt: timestamp("locked_at", { withTimezone: true }),
    lastError: text("last_error"),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    ...timestamps,
  },
  (table) => [
    index("jobs_claim_idx").on(table.status, table.runAt),
    uniqueIndex("jobs_key_key").on(table.key).where(sql`${table.key} is not null`),
  ],
);

export type Job = typeof jobs.$inferSelect;
export type JobStatus = (typeof jobStatuses)[number];

/** Recurring jobs: the next time each is due; workers advance it as they enqueue. */
export const jobSchedules = pgTable("job_schedules", {
  name: text("name").primaryKey(),
  cron: text("cron").notNull(),
  nextRunAt: timestamp("next_run_at", { withTimezone: true }).notNull(),
  lastRunAt: timestamp("last_run_at", { withTimezone: true }),
  ...timestamps,
});

/**
 * Domain events, kept for a day so that a browser reconnecting with `Last-Event-ID` misses none.
 * They carry types and ids, never personal data.
 */
export const events = pgTable(
  "events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    type: text("type").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id").notNull(),
    /** The permission a user needs to receive it. */
    permission: text("permission").notNull(),
    ...timestamps,
  },
  (table) => [index("events_created_at_idx").on(table.createdAt)],
);

export type EventRow = typeof events.$inferSelect;

export const mailStatuses = ["queued", "sending", "sent", "failed"] as const;
export const mailStatusEnum = pgEnum("mail_status", mailStatuses);

/** Every e-mail the system writes; a job sends it through SMTP when one is configured. */
export const mailOutbox = pgTable(
  "mail_outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    template: text("template").notNull(),
    locale: text("locale").notNull(),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    html: text("html").notNull(),
    text: text("text").notNull(),
    status: mailStatusEnum("status").notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    messageId: text("message_id"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    ...timestamps,
  },
  (table) => [index("mail_outbox_created_at_idx").on(table.createdAt), index("mail_outbox_status_idx").on(table.status)],
);

export type MailOutboxRow = typeof mailOutbox.$inferSelect;

/** Single-use password reset links; only the token's hash is stored. */
export const passwordResetTokens = pgTable(
  "password_reset_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    tokenHash: text("token_hash").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    ...timestamps,
  },
  (table) => [uniqueIndex("password_reset_tokens_hash_key").on(table.tokenHash)],
);

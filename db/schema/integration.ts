import { boolean, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "./columns";
import { orders } from "./sales";
import { users } from "./platform";

/**
 * Keys other systems call the REST API with. The secret is shown once; only its SHA-256 is kept
 * (the secret is 32 random bytes, so a slow hash adds nothing). `prefix` finds the row and is
 * what people see in lists.
 */
export const apiKeys = pgTable("api_keys", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  prefix: text("prefix").notNull().unique(),
  secretHash: text("secret_hash").notNull(),
  scopes: text("scopes").array().notNull(),
  /** Requests a minute before the API answers 429. */
  rateLimitPerMinute: integer("rate_limit_per_minute").notNull().default(600),
  createdBy: uuid("created_by").references(() => users.id),
  lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
  ...timestamps,
});

export type ApiKey = typeof apiKeys.$inferSelect;

/**
 * The first answer to each `Idempotency-Key` of a key: a retry with the same request gets it
 * again; another request under the same key is refused. `status` is null while the first is
 * still being answered.
 */
export const apiIdempotencyKeys = pgTable(
  "api_idempotency_keys",
  {
    apiKeyId: uuid("api_key_id")
      .notNull()
      .references(() => apiKeys.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    /** SHA-256 of the method, path and body. */
    requestHash: text("request_hash").notNull(),
    status: integer("status"),
    response: jsonb("response"),
    ...timestamps,
  },
  (table) => [primaryKey({ columns: [table.apiKeyId, table.key] }), index("api_idempotency_keys_created_idx").on(table.createdAt)],
);

/** A URL that is sent the events it subscribes to, signed with its own secret. */
export const webhookEndpoints = pgTable("webhook_endpoints", {
  id: uuid("id").primaryKey().defaultRandom(),
  url: text("url").notNull(),
  description: text("description"),
  events: text("events").array().notNull(),
  /** Signs every delivery; the receiver keeps a copy to check signatures. */
  secret: text("secret").notNull(),
  active: boolean("active").notNull().default(true),
  createdBy: uuid("created_by").references(() => users.id),
  ...timestamps,
});

export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;

export const webhookDeliveryStatusEnum = pgEnum("webhook_delivery_status", ["pending", "succeeded", "failed"]);

/**
 * The outbox of outbound webhooks: one row per event and endpoint, written in the transaction of
 * the change it reports, then sent (and retried) by the job runner. `failed` means given up.
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    endpointId: uuid("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    /** The same for every endpoint the event goes to; receivers de-duplicate on it. */
    eventId: uuid("event_id").notNull(),
    eventType: text("event_type").notNull(),
    payload: jsonb("payload").notNull(),
    status: webhookDeliveryStatusEnum("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true }),
    lastResponseStatus: integer("last_response_status"),
    lastError: text("last_error"),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    ...timestamps,
  },
  (table) => [index("webhook_deliveries_endpoint_idx").on(table.endpointId, table.createdAt), index("webhook_deliveries_event_idx").on(table.eventId)],
);

export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;

/** Each try of a delivery: when, the receiver's status code or the network error, and how long it took. */
export const webhookDeliveryAttempts = pgTable(
  "webhook_delivery_attempts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    deliveryId: uuid("delivery_id")
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: "cascade" }),
    responseStatus: integer("response_status"),
    error: text("error"),
    durationMs: integer("duration_ms").notNull(),
    ...timestamps,
  },
  (table) => [index("webhook_delivery_attempts_delivery_idx").on(table.deliveryId, table.createdAt)],
);

/** Payment-provider events already handled, by the provider's event id: a replay changes nothing. */
export const paymentEvents = pgTable("payment_events", {
  eventId: text("event_id").primaryKey(),
  type: text("type").notNull(),
  orderId: uuid("order_id").references(() => orders.id),
  /** What the event did (`paid`, `refunded`, or why it changed nothing). */
  outcome: text("outcome").notNull(),
  ...timestamps,
});

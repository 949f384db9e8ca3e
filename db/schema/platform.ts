import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { timestamps } from "./columns";

export const roleEnum = pgEnum("role", ["admin", "manager", "sales_rep", "support_agent", "member"]);

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: roleEnum("role").notNull(),
    passwordHash: text("password_hash").notNull(),
    active: boolean("active").notNull().default(true),
    /** Raised to end every session the user holds (deactivation, password change, sign-out everywhere). */
    sessionVersion: integer("session_version").notNull().default(1),
    lastSignInAt: timestamp("last_sign_in_at", { withTimezone: true }),
    /** The confirmed TOTP secret, sealed (`sealTotpSecret`); null without two-factor sign-in. */
    totpSecret: text("totp_secret"),
    /** A secret being set up, sealed: it replaces `totpSecret` once a code from it is entered. */
    totpPendingSecret: text("totp_pending_secret"),
    totpEnabledAt: timestamp("totp_enabled_at", { withTimezone: true }),
    /** The 30-second step of the last code accepted: a code is good once. */
    totpLastStep: bigint("totp_last_step", { mode: "number" }),
    ...timestamps,
  },
  (table) => [uniqueIndex("users_email_key").on(sql`lower(${table.email})`)],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;

export const signInOutcomeEnum = pgEnum("sign_in_outcome", ["success", "failure", "locked"]);

/** Every sign-in attempt, for throttling per account and per IP. */
export const signInAttempts = pgTable(
  "sign_in_attempts",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    email: text("email").notNull(),
    ip: text("ip"),
    outcome: signInOutcomeEnum("outcome").notNull(),
    ...timestamps,
  },
  (table) => [
    index("sign_in_attempts_email_idx").on(table.email, table.createdAt),
    index("sign_in_attempts_ip_idx").on(table.ip, table.createdAt),
  ],
);

/** Append-only record of every mutation: who, what, before/after, from where, when. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    actorId: uuid("actor_id").references(() => users.id),
    /** The actor's name at the time, or the system process (`cli`, `seed`) that acted. */
    actorLabel: text("actor_label").notNull(),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id").notNull(),
    /** `{ field: { before, after } }`; personal data appears only as it was written to the entity. */
    changes: jsonb("changes").$type<Record<string, { before: unknown; after: unknown }>>().notNull(),
    ip: text("ip"),
    ...timestamps,
    /**
     * The writing transaction, which fixes the row's place in the hash chain once every
     * transaction before it has ended. Rows older than the column carry the id of the migration
     * that added it (a constant default, so the table is not rewritten).
     */
    txId: bigint("tx_id", { mode: "number" })
      .notNull()
      .default(sql`(pg_current_xact_id()::text)::bigint`),
    // The hash chain (lib/audit/chain.ts): null until the row is sealed, after its transaction commits.
    seq: bigint("seq", { mode: "number" }),
    /** sha256 of the canonical JSON of `changes`. */
    digest: text("digest"),
    /** sha256 over the previous row's hash and this row's fields. */
    hash: text("hash"),
  },
  (table) => [
    index("audit_log_created_at_idx").on(table.createdAt),
    // Serves a record's history, newest first (the customer timeline).
    index("audit_log_entity_idx").on(table.entityType, table.entityId, table.createdAt),
    index("audit_log_actor_idx").on(table.actorId, table.createdAt),
    uniqueIndex("audit_log_seq_key").on(table.seq),
    // The rows waiting to be sealed, in the order they join the chain.
    index("audit_log_unsealed_idx").on(table.txId, table.id).where(sql`${table.hash} is null`),
  ],
);

export type AuditEntry = typeof auditLog.$inferSelect;

/** One typed value per key; each module validates its own keys with zod (`lib/settings`). */
export const settings = pgTable("settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedBy: uuid("updated_by").references(() => users.id),
  ...timestamps,
});

import { sql } from "drizzle-orm";
import { bigint, index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "./columns";
import { users } from "./platform";

export const customerSources = ["walk_in", "website", "referral", "social", "event", "import", "other"] as const;
export const customerSourceEnum = pgEnum("customer_source", customerSources);

export const customers = pgTable(
  "customers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Shown to people as `C-000123`. */
    number: bigint("number", { mode: "number" }).notNull().generatedAlwaysAsIdentity(),
    name: text("name").notNull(),
    email: text("email"),
    /** E.164, e.g. `+8613800138000`. */
    phone: text("phone"),
    city: text("city"),
    source: customerSourceEnum("source").notNull().default("other"),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    notes: text("notes"),
    ownerId: uuid("owner_id").references(() => users.id),
    createdBy: uuid("created_by").references(() => users.id),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    ...timestamps,
  },
  (table) => [
    uniqueIndex("customers_number_key").on(table.number),
    index("customers_name_idx").on(sql`lower(${table.name})`),
    index("customers_email_idx").on(sql`lower(${table.email})`),
    index("customers_phone_idx").on(table.phone),
    index("customers_created_at_idx").on(table.createdAt),
  ],
);

export type Customer = typeof customers.$inferSelect;
export type NewCustomer = typeof customers.$inferInsert;
export type CustomerSource = (typeof customerSources)[number];

import { sql } from "drizzle-orm";
import { type AnyPgColumn, bigint, boolean, date, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "./columns";
import { users } from "./platform";
import { opportunities } from "./sales";

export const customerSources = ["walk_in", "website", "referral", "social", "event", "import", "other"] as const;
export const customerSourceEnum = pgEnum("customer_source", customerSources);

export const customerKinds = ["person", "company"] as const;
export const customerKindEnum = pgEnum("customer_kind", customerKinds);
export const genders = ["female", "male", "other"] as const;
export const genderEnum = pgEnum("gender", genders);
export const lifecycleStages = ["lead", "prospect", "customer", "churned"] as const;
export const lifecycleStageEnum = pgEnum("lifecycle_stage", lifecycleStages);

export const customers = pgTable(
  "customers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Shown to people as `C-000123`. */
    number: bigint("number", { mode: "number" }).notNull().generatedAlwaysAsIdentity(),
    kind: customerKindEnum("kind").notNull().default("person"),
    name: text("name").notNull(),
    /** The primary e-mail address. */
    email: text("email"),
    /** The primary phone number, in E.164, e.g. `+8613800138000`. */
    phone: text("phone"),
    birthday: date("birthday", { mode: "string" }),
    gender: genderEnum("gender"),
    /** ISO 3166 alpha-2. */
    country: text("country"),
    province: text("province"),
    city: text("city"),
    addressLine: text("address_line"),
    postalCode: text("postal_code"),
    source: customerSourceEnum("source").notNull().default("other"),
    lifecycleStage: lifecycleStageEnum("lifecycle_stage").notNull().default("customer"),
    /** Current marketing consent per channel; `customer_consents` keeps how and when it changed. */
    emailConsent: boolean("email_consent").notNull().default(false),
    smsConsent: boolean("sms_consent").notNull().default(false),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    notes: text("notes"),
    /** Values of the organisation's custom fields, by field key; checked against their definitions. */
    customFields: jsonb("custom_fields").$type<Record<string, string | number>>().notNull().default({}),
    ownerId: uuid("owner_id").references(() => users.id),
    createdBy: uuid("created_by").references(() => users.id),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    /** Set when personal data was erased on request; the record stays for its financial rows. */
    erasedAt: timestamp("erased_at", { withTimezone: true }),
    /** Set on the record that was merged away: where its history now lives. */
    mergedIntoId: uuid("merged_into_id").references((): AnyPgColumn => customers.id),
    ...timestamps,
  },
  (table) => [
    uniqueIndex("customers_number_key").on(table.number),
    index("customers_merged_into_idx").on(table.mergedIntoId),
    index("customers_name_idx").on(sql`lower(${table.name})`),
    index("customers_email_idx").on(sql`lower(${table.email})`),
    index("customers_phone_idx").on(table.phone),
    // The search matches any part of these (ILIKE '%…%'): trigram indexes (pg_trgm, migration 0006).
    index("customers_name_trgm_idx").using("gin", table.name.op("gin_trgm_ops")),
    index("customers_email_trgm_idx").using("gin", table.email.op("gin_trgm_ops")),
    index("customers_phone_trgm_idx").using("gin", table.phone.op("gin_trgm_ops")),
    index("customers_created_at_idx").on(table.createdAt),
    index("customers_owner_idx").on(table.ownerId),
    index("customers_stage_idx").on(table.lifecycleStage),
    index("customers_city_idx").on(sql`lower(${table.city})`),
    index("customers_tags_idx").using("gin", table.tags),
  ],
);

export type Customer = typeof customers.$inferSelect;
export type NewCustomer = typeof customers.$inferInsert;
export type CustomerSource = (typeof customerSources)[number];

export const consentChannels = ["email", "sms"] as const;
export const consentChannelEnum = pgEnum("consent_channel", consentChannels);
export const consentMethods = ["in_person", "web_form", "phone", "email", "import", "other"] as const;
export const consentMethodEnum = pgEnum("consent_method", consentMethods);

/** Every time marketing consent was given or withdrawn, how, and who recorded it. Append-only. */
export const customerConsents = pgTable(
  "customer_consents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id),
    channel: consentChannelEnum("channel").notNull(),
    granted: boolean("granted").notNull(),
    method: consentMethodEnum("method").notNull(),
    note: text("note"),
    recordedBy: uuid("recorded_by").references(() => users.id),
    ...timestamps,
  },
  (table) => [index("customer_consents_customer_idx").on(table.customerId, table.createdAt)],
);

export type CustomerConsent = typeof customerConsents.$inferSelect;

export const activityKinds = ["call", "meeting", "email", "note", "visit"] as const;
export const activityKindEnum = pgEnum("activity_kind", activityKinds);

/** What staff did with a customer: calls, meetings, e-mails, notes and visits. */
export const activities = pgTable(
  "activities",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id),
    kind: activityKindEnum("kind").notNull(),
    subject: text("subject").notNull(),
    body: text("body"),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    durationMinutes: integer("duration_minutes"),
    /** The deal it was about, if any. */
    opportunityId: uuid("opportunity_id").references((): AnyPgColumn => opportunities.id),
    createdBy: uuid("created_by").references(() => users.id),
    ...timestamps,
  },
  (table) => [index("activities_customer_idx").on(table.customerId, table.occurredAt), index("activities_opportunity_idx").on(table.opportunityId, table.occurredAt)],
);

export type Activity = typeof activities.$inferSelect;

/**
 * A named, saved filter over customers. Dynamic: its members are whoever matches the filter when
 * it is opened. Other modules address groups of customers through segments.
 */
export const customerSegments = pgTable(
  "customer_segments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    /** A `customerFilterSchema` value. */
    filters: jsonb("filters").$type<Record<string, unknown>>().notNull(),
    createdBy: uuid("created_by").references(() => users.id),
    ...timestamps,
  },
  (table) => [uniqueIndex("customer_segments_name_key").on(sql`lower(${table.name})`)],
);

export type CustomerSegment = typeof customerSegments.$inferSelect;

export const importStatuses = ["uploaded", "checked", "running", "done", "failed"] as const;
export const importStatusEnum = pgEnum("import_status", importStatuses);
export const duplicateChoices = ["update", "skip"] as const;
export const duplicateChoiceEnum = pgEnum("import_duplicate_choice", duplicateChoices);

export type ImportProblem = { line: number; field?: string; message: string };

/** A CSV import: the file, how its columns map to customer fields, and how far it has got. */
export const customerImports = pgTable("customer_imports", {
  id: uuid("id").primaryKey().defaultRandom(),
  filename: text("filename").notNull(),
  content: text("content").notNull(),
  /** Column headers in file order. */
  headers: jsonb("headers").$type<string[]>().notNull(),
  /** Customer field → column index. */
  mapping: jsonb("mapping").$type<Record<string, number>>().notNull(),
  onDuplicate: duplicateChoiceEnum("on_duplicate").notNull().default("skip"),
  status: importStatusEnum("status").notNull().default("uploaded"),
  totalRows: integer("total_rows").notNull().default(0),
  processedRows: integer("processed_rows").notNull().default(0),
  createdCount: integer("created_count").notNull().default(0),
  updatedCount: integer("updated_count").notNull().default(0),
  skippedCount: integer("skipped_count").notNull().default(0),
  errorCount: integer("error_count").notNull().default(0),
  /** The first problems found, with their line numbers in the file. */
  problems: jsonb("problems").$type<ImportProblem[]>().notNull().default([]),
  createdBy: uuid("created_by").references(() => users.id),
  ...timestamps,
});

export type CustomerImport = typeof customerImports.$inferSelect;

/** The people at a company customer; one of them may be the primary contact. */
export const customerContacts = pgTable(
  "customer_contacts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => customers.id),
    name: text("name").notNull(),
    title: text("title"),
    email: text("email"),
    /** E.164. */
    phone: text("phone"),
    isPrimary: boolean("is_primary").notNull().default(false),
    ...timestamps,
  },
  (table) => [
    index("customer_contacts_company_idx").on(table.companyId),
    uniqueIndex("customer_contacts_primary_key").on(table.companyId).where(sql`${table.isPrimary}`),
  ],
);

export type CustomerContact = typeof customerContacts.$inferSelect;

export const tagColors = ["slate", "red", "orange", "amber", "green", "teal", "blue", "indigo", "purple", "pink"] as const;
export const tagColorEnum = pgEnum("tag_color", tagColors);

/** Colours of customer tags; a tag without a row here shows in the neutral colour. */
export const tagStyles = pgTable("tag_styles", {
  name: text("name").primaryKey(),
  color: tagColorEnum("color").notNull(),
  ...timestamps,
});

export const customFieldTypes = ["text", "number", "date", "select"] as const;
export const customFieldTypeEnum = pgEnum("custom_field_type", customFieldTypes);

/** Fields an admin adds to every customer's profile. */
export const customFieldDefinitions = pgTable(
  "custom_field_definitions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Stable key under which values are stored, e.g. `membership_card`. */
    key: text("key").notNull(),
    label: text("label").notNull(),
    type: customFieldTypeEnum("type").notNull(),
    /** The choices of a `select` field. */
    options: text("options").array().notNull().default(sql`'{}'::text[]`),
    required: boolean("required").notNull().default(false),
    position: integer("position").notNull().default(0),
    ...timestamps,
  },
  (table) => [uniqueIndex("custom_field_definitions_key_key").on(table.key)],
);

export type CustomFieldDefinition = typeof customFieldDefinitions.$inferSelect;

export const channelKinds = ["email", "phone"] as const;
export const channelKindEnum = pgEnum("channel_kind", channelKinds);

/**
 * A customer's further e-mail addresses and phone numbers. The primary one of each kind is on the
 * customer row (`email`, `phone`); making one of these primary swaps them.
 */
export const customerChannels = pgTable(
  "customer_channels",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id),
    kind: channelKindEnum("kind").notNull(),
    /** Lower-case e-mail, or E.164 phone. */
    value: text("value").notNull(),
    label: text("label"),
    ...timestamps,
  },
  (table) => [
    uniqueIndex("customer_channels_value_key").on(table.customerId, table.kind, table.value),
    // The import finds customers already on file by a further e-mail or phone.
    index("customer_channels_kind_value_idx").on(table.kind, table.value),
    // The customer search matches any part of a further e-mail or phone too.
    index("customer_channels_value_trgm_idx").using("gin", table.value.op("gin_trgm_ops")),
  ],
);

export type CustomerChannel = typeof customerChannels.$inferSelect;

import "server-only";
import { parse } from "csv-parse/sync";
import { and, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { CountryCode } from "libphonenumber-js";
import { z } from "zod";
import { insertFromJson } from "@/db/bulk";
import { getDb, type Database } from "@/db/client";
import {
  auditLog,
  customerChannels,
  customerImports,
  customers,
  duplicateChoices,
  type CustomFieldDefinition,
  type CustomerImport,
  type ImportProblem,
} from "@/db/schema";
import { diffRecords } from "@/lib/audit/diff";
import { recordAudit } from "@/lib/audit/commands";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { publishEvent } from "@/lib/events/publish";
import { emitWebhooks } from "@/lib/integration/webhooks";
import { defineJob } from "@/lib/jobs/define";
import { enqueue } from "@/lib/jobs/queue";
import { readSetting } from "@/lib/settings/queries";
import { findUserById } from "@/lib/users/queries";
import { isStorableText, parseInput, uuidParam } from "@/lib/validation";
import { changedFields, customerWebhookData } from "./commands";
import { customValuesSchema, listCustomFields } from "./custom-fields";
import { normalisePhone } from "./rules";
import { customerSchemaFor } from "./schemas";

/** Customer fields a CSV column can fill. */
export const importFields = [
  "name", "email", "phone", "kind", "lifecycleStage", "source", "tags", "birthday", "gender",
  "country", "province", "city", "addressLine", "postalCode", "notes",
] as const;
export type ImportField = (typeof importFields)[number];

/** Columns that hold further e-mails or phones, several to a cell. */
const channelFields = { otherEmails: "email", otherPhones: "phone" } as const;
type ChannelField = keyof typeof channelFields;

/** The mapping key of an admin-defined field: `custom.<key>`. */
const customPrefix = "custom.";
export const customTarget = (field: CustomFieldDefinition) => `${customPrefix}${field.key}`;

/** Everything a column can fill, in the order the mapping form shows them. */
export function importTargets(definitions: CustomFieldDefinition[]): string[] {
  return [...importFields, ...(Object.keys(channelFields) as ChannelField[]), ...definitions.map(customTarget)];
}

export const maxImportBytes = 20 * 1024 * 1024;
export const maxImportRows = 200_000;
const batchSize = 500;
const maxProblemsKept = 1000;

/** Header words that suggest a field, in English and Chinese. */
const headerHints: Record<ImportField | ChannelField, string[]> = {
  name: ["name", "full name", "customer", "姓名", "名称", "客户"],
  email: ["email", "e-mail", "mail", "邮箱", "电子邮箱", "邮件"],
  phone: ["phone", "mobile", "tel", "telephone", "电话", "手机", "手机号"],
  kind: ["kind", "type", "类型"],
  lifecycleStage: ["stage", "lifecycle", "阶段"],
  source: ["source", "channel", "来源", "渠道"],
  tags: ["tags", "tag", "标签"],
  birthday: ["birthday", "birth date", "date of birth", "生日", "出生日期"],
  gender: ["gender", "sex", "性别"],
  country: ["country", "国家"],
  province: ["province", "state", "省", "省份"],
  city: ["city", "town", "城市"],
  addressLine: ["address", "street", "地址", "详细地址"],
  postalCode: ["postal code", "postcode", "zip", "邮编", "邮政编码"],
  notes: ["notes", "note", "remarks", "备注"],
  otherEmails: ["other emails", "other e-mails", "further emails", "其他邮箱"],
  otherPhones: ["other phones", "further phones", "其他电话", "其他手机"],
};

/** Suggests a column for each field whose name or label the header spells out. */
function guessMapping(headers: string[], definitions: CustomFieldDefinition[]): Record<string, number> {
  const hints: [string, string[]][] = [
    ...Object.entries(headerHints),
    ...definitions.map((field): [string, string[]] => [customTarget(field), [field.key, field.label.trim().toLowerCase()]]),
  ];
  const mapping: Record<string, number> = {};
  headers.forEach((header, index) => {
    const text = header.trim().toLowerCase();
    const target = hints.find(([candidate, words]) => mapping[candidate] === undefined && words.includes(text));
    if (target) mapping[target[0]] = index;
  });
  return mapping;
}

type Row = { line: number; values: string[] };

/** The file's records with the line each starts on; the first record is the header. */
function readCsv(content: string): { headers: string[]; rows: Row[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(content, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as typeof records;
  } catch {
    throw new AppError("VALIDATION", "errors.importUnreadable", { file: ["errors.importUnreadable"] });
  }
  const [header, ...rest] = records;
  if (!header || rest.length === 0) throw new AppError("VALIDATION", "errors.importEmpty", { file: ["errors.importEmpty"] });
  return { headers: header.record, rows: rest.map(({ record, info }) => ({ line: info.lines, values: record })) };
}

const startSchema = z.strictObject({
  filename: z.string().trim().max(200, { error: "validation.tooLong" }).refine(isStorableText, { error: "validation.invalid" }),
  // A NUL is not in any CSV: a binary file (a spreadsheet) that the database could not keep either.
  content: z.string().min(1, { error: "errors.importEmpty" }).max(maxImportBytes, { error: "errors.importTooLarge" }).refine(isStorableText, { error: "errors.importUnreadable" }),
});

/** Keeps an uploaded CSV and suggests which column fills which field. */
export async function startImport(actor: Actor, input: unknown): Promise<CustomerImport> {
  assertCan(actor, "customers.import");
  const parsed = startSchema.safeParse(input);
  // The form has one field for both: the file.
  if (!parsed.success) throw new AppError("VALIDATION", "errors.VALIDATION", { file: [parsed.error.issues[0]!.message] });
  const { filename, content } = parsed.data;
  const { headers, rows } = readCsv(content);
  if (rows.length > maxImportRows) throw new AppError("VALIDATION", "errors.importTooManyRows", { file: ["errors.importTooManyRows"] });
  const db = await getDb();
  const definitions = await listCustomFields(db);
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(customerImports)
      .values({
        filename,
        content,
        headers,
        mapping: guessMapping(headers, definitions),
        totalRows: rows.length,
        createdBy: actor.kind === "user" ? actor.userId : null,
      })
      .returning();
    await recordAudit(tx, actor, { action: "import.create", entityType: "import", entityId: created!.id, after: { filename, rows: rows.length } });
    return created!;
  });
}

export async function getImport(actor: Actor, id: unknown, db?: Database): Promise<CustomerImport> {
  assertCan(actor, "customers.import");
  const importId = uuidParam.safeParse(id);
  if (!importId.success) throw new AppError("NOT_FOUND");
  const database = db ?? (await getDb());
  const [found] = await database.select().from(customerImports).where(eq(customerImports.id, importId.data));
  if (!found) throw new AppError("NOT_FOUND");
  return found;
}

/** The first rows as the mapping reads them, for the preview. */
export function previewRows(found: CustomerImport, count = 5) {
  const { rows } = readCsv(found.content);
  return rows.slice(0, count).map((row) => ({ line: row.line, values: mappedValues(found.mapping, row.values) }));
}

function mappedValues(mapping: Record<string, number>, values: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(mapping).map(([field, column]) => [field, values[column] ?? ""]));
}

/** A mapping names known fields only, the name and every required custom field among them. */
const mappingSchemaFor = (definitions: CustomFieldDefinition[]) => {
  const targets = new Set(importTargets(definitions));
  return z.strictObject({
    onDuplicate: z.enum(duplicateChoices, { error: "validation.invalid" }),
    mapping: z.record(z.string(), z.coerce.number().int().min(0)).superRefine((mapping, context) => {
      if (Object.keys(mapping).some((target) => !targets.has(target))) context.addIssue({ code: "custom", message: "validation.invalid" });
      if (mapping.name === undefined) context.addIssue({ code: "custom", message: "errors.importNeedsName" });
      else if (definitions.some((field) => field.required && mapping[customTarget(field)] === undefined)) {
        context.addIssue({ code: "custom", message: "errors.importNeedsRequiredField" });
      }
    }),
  });
};

type Validated = {
  line: number;
  values: ReturnType<ReturnType<typeof customerSchemaFor>["parse"]>;
  /** Values of the mapped custom fields, by key. */
  custom: Record<string, string | number>;
  otherEmails: string[];
  otherPhones: string[];
};

/** The separate values of a cell with several e-mails or phones. */
const splitCell = (cell: string | undefined) => [...new Set((cell ?? "").split(/[;,，；、|\n]+/).map((part) => part.trim()).filter(Boolean))];

/** Parses each row as a customer; bad rows become problems with their line numbers. */
function validateRows(rows: Row[], mapping: Record<string, number>, country: CountryCode, definitions: CustomFieldDefinition[]) {
  const schema = customerSchemaFor(country);
  const mappedDefinitions = definitions.filter((field) => mapping[customTarget(field)] !== undefined);
  const customSchema = customValuesSchema(mappedDefinitions);
  const profileFields = Object.keys(mapping).filter((target) => (importFields as readonly string[]).includes(target));
  const valid: Validated[] = [];
  const problems: ImportProblem[] = [];
  for (const row of rows) {
    const cells = mappedValues(mapping, row.values);
    const rowProblems: ImportProblem[] = [];
    const parsed = schema.safeParse({ source: "import", ...Object.fromEntries(profileFields.map((field) => [field, cells[field]])) });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) rowProblems.push({ line: row.line, field: String(issue.path[0] ?? ""), message: issue.message });
    }
    const custom = customSchema.safeParse(Object.fromEntries(mappedDefinitions.map((field) => [field.key, cells[customTarget(field)]])));
    if (!custom.success) {
      for (const issue of custom.error.issues) rowProblems.push({ line: row.line, field: `${customPrefix}${String(issue.path[0])}`, message: issue.message });
    }
    const otherEmails = splitCell(cells.otherEmails).map((email) => email.toLowerCase());
    if (otherEmails.some((email) => !z.email().safeParse(email).success)) rowProblems.push({ line: row.line, field: "otherEmails", message: "validation.email" });
    const otherPhones = splitCell(cells.otherPhones).map((phone) => normalisePhone(phone, country));
    if (otherPhones.some((phone) => phone === null)) rowProblems.push({ line: row.line, field: "otherPhones", message: "validation.phone" });

    if (rowProblems.length || !parsed.success || !custom.success) {
      problems.push(...rowProblems);
      continue;
    }
    const values = parsed.data;
    valid.push({
      line: row.line,
      values,
      custom: Object.fromEntries(Object.entries(custom.data).filter(([, value]) => value !== undefined)) as Record<string, string | number>,
      otherEmails: otherEmails.filter((email) => email !== values.email),
      otherPhones: (otherPhones as string[]).filter((phone) => phone !== values.phone),
    });
  }
  return { valid, problems };
}

/**
 * The dry run: saves the mapping, checks every row, reports each bad one with its line number and
 * reason, and writes no customer.
 */
export async function checkImport(actor: Actor, id: unknown, input: unknown): Promise<CustomerImport> {
  assertCan(actor, "customers.import");
  const db = await getDb();
  const definitions = await listCustomFields(db);
  const { mapping, onDuplicate } = parseInput(mappingSchemaFor(definitions), input);
  const found = await getImport(actor, id, db);
  if (found.status === "running" || found.status === "done") throw new AppError("INVALID_STATE", "errors.importStarted");
  for (const column of Object.values(mapping)) {
    if (column >= found.headers.length) throw new AppError("VALIDATION", "errors.VALIDATION", { mapping: ["validation.invalid"] });
  }
  const { country } = await readSetting("organisation", db);
  const { rows } = readCsv(found.content);
  const { problems } = validateRows(rows, mapping, country as CountryCode, definitions);
  const badLines = new Set(problems.map((problem) => problem.line));
  const [checked] = await db
    .update(customerImports)
    .set({ mapping, onDuplicate, status: "checked", errorCount: badLines.size, problems: problems.slice(0, maxProblemsKept) })
    .where(eq(customerImports.id, found.id))
    .returning();
  return checked!;
}

/** Starts importing a checked file in the background; bad rows are skipped and stay reported. */
export async function runImport(actor: Actor, id: unknown): Promise<CustomerImport> {
  assertCan(actor, "customers.import");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const found = await getImport(actor, id, tx);
    const [running] = await tx
      .update(customerImports)
      .set({ status: "running", processedRows: 0, createdCount: 0, updatedCount: 0, skippedCount: 0, errorCount: 0, problems: [] })
      .where(and(eq(customerImports.id, found.id), eq(customerImports.status, "checked")))
      .returning();
    if (!running) throw new AppError("INVALID_STATE", "errors.importNotChecked");
    await enqueue(tx, importCustomersJob, { importId: found.id, actorId: actor.kind === "user" ? actor.userId : null });
    await recordAudit(tx, actor, { action: "import.run", entityType: "import", entityId: found.id, after: { mapping: running.mapping, onDuplicate: running.onDuplicate } });
    return running;
  });
}

type Values = Validated["values"];

/** The columns an import writes: all for a new customer; for an update, only fields the file maps. */
function columnsOf(values: Values, mapped?: Set<string>) {
  const all = {
    kind: values.kind,
    name: values.name,
    email: values.email ?? null,
    phone: values.phone,
    birthday: values.birthday ?? null,
    gender: values.gender ?? null,
    country: values.country ?? null,
    province: values.province ?? null,
    city: values.city ?? null,
    addressLine: values.addressLine ?? null,
    postalCode: values.postalCode ?? null,
    source: values.source,
    lifecycleStage: values.lifecycleStage,
    tags: values.tags,
    notes: values.notes ?? null,
  };
  if (!mapped) return all;
  return Object.fromEntries(Object.entries(all).filter(([field]) => mapped.has(field) || field === "name")) as Partial<typeof all> & { name: string };
}

/** One batch in one transaction: customers, their channels, audit rows and the progress move together. */
async function importBatch(db: Database, actor: Actor, found: CustomerImport, batch: Row[], country: CountryCode, definitions: CustomFieldDefinition[]) {
  const { valid, problems } = validateRows(batch, found.mapping, country, definitions);
  const mapped = new Set(Object.keys(found.mapping));
  const emails = valid.map((row) => row.values.email).filter((email): email is string => Boolean(email));
  const phones = valid.map((row) => row.values.phone).filter((phone): phone is string => Boolean(phone));
  const actorId = actor.kind === "user" ? actor.userId : null;

  await db.transaction(async (tx) => {
    // Customers already on file: the same e-mail or phone, as their primary or a further one.
    const channelMatches =
      emails.length + phones.length === 0
        ? []
        : await tx
            .select({ customerId: customerChannels.customerId, kind: customerChannels.kind, value: customerChannels.value })
            .from(customerChannels)
            .where(
              or(
                emails.length ? and(eq(customerChannels.kind, "email"), inArray(customerChannels.value, emails)) : undefined,
                phones.length ? and(eq(customerChannels.kind, "phone"), inArray(customerChannels.value, phones)) : undefined,
              ),
            );
    const existing =
      emails.length + phones.length === 0
        ? []
        : await tx
            .select()
            .from(customers)
            .where(
              and(
                isNull(customers.deletedAt),
                or(
                  emails.length ? inArray(sql`lower(${customers.email})`, emails) : undefined,
                  phones.length ? inArray(customers.phone, phones) : undefined,
                  channelMatches.length ? inArray(customers.id, channelMatches.map((match) => match.customerId)) : undefined,
                ),
              ),
            )
            .for("update");
    const byId = new Map(existing.map((row) => [row.id, row]));
    const byEmail = new Map(existing.filter((row) => row.email).map((row) => [row.email!.toLowerCase(), row]));
    const byPhone = new Map(existing.filter((row) => row.phone).map((row) => [row.phone!, row]));
    for (const { customerId, kind, value } of channelMatches) {
      const customer = byId.get(customerId);
      const index = kind === "email" ? byEmail : byPhone;
      if (customer && !index.has(value)) index.set(value, customer);
    }
    const seenInBatch = new Set<string>();
    const toInsert: (ReturnType<typeof columnsOf> & { id: string; customFields: Record<string, string | number>; ownerId: string | null; createdBy: string | null })[] = [];
    const channels: (typeof customerChannels.$inferInsert)[] = [];
    const updates: { before: (typeof existing)[number]; after: (typeof existing)[number] }[] = [];
    let skipped = 0;

    for (const { values, custom, otherEmails, otherPhones } of valid) {
      const match = (values.email && byEmail.get(values.email)) || (values.phone && byPhone.get(values.phone)) || null;
      const keys = [values.email && `e:${values.email}`, values.phone && `p:${values.phone}`].filter(Boolean) as string[];
      if (!match && keys.some((key) => seenInBatch.has(key))) {
        skipped++; // The same person twice in this batch of the file: the first one counts.
        continue;
      }
      keys.forEach((key) => seenInBatch.add(key));
      if (match && found.onDuplicate === "skip") {
        skipped++;
        continue;
      }
      let customer: { id: string; email: string | null; phone: string | null };
      if (match) {
        const changes = { ...columnsOf(values, mapped), customFields: { ...match.customFields, ...custom } };
        const [after] = await tx.update(customers).set(changes).where(eq(customers.id, match.id)).returning();
        // A further e-mail or phone that the file makes the primary one is no longer a further one.
        const primaries = [
          after!.email && and(eq(customerChannels.kind, "email"), eq(customerChannels.value, after!.email.toLowerCase())),
          after!.phone && and(eq(customerChannels.kind, "phone"), eq(customerChannels.value, after!.phone)),
        ].filter((condition) => condition !== null && condition !== "");
        if (primaries.length) await tx.delete(customerChannels).where(and(eq(customerChannels.customerId, match.id), or(...primaries)));
        updates.push({ before: match, after: after! });
        // A later row of this batch that matches the same customer starts from this version.
        for (const index of [byEmail, byPhone]) for (const [key, row] of index) if (row.id === match.id) index.set(key, after!);
        customer = after!;
      } else {
        customer = { id: crypto.randomUUID(), email: values.email ?? null, phone: values.phone };
        toInsert.push({ ...columnsOf(values), id: customer.id, customFields: custom, ownerId: actorId, createdBy: actorId });
      }
      for (const email of otherEmails) if (email !== customer.email) channels.push({ customerId: customer.id, kind: "email", value: email });
      for (const phone of otherPhones) if (phone !== customer.phone) channels.push({ customerId: customer.id, kind: "phone", value: phone });
    }
    await insertFromJson(tx, customers, toInsert);
    const inserted = toInsert.length ? await tx.select().from(customers).where(inArray(customers.id, toInsert.map((row) => row.id))) : [];
    // A channel the customer already has stays as it is.
    const added = channels.length ? await tx.insert(customerChannels).values(channels).onConflictDoNothing().returning() : [];
    const addedTo = (customerId: string) => {
      const mine = added.filter((channel) => channel.customerId === customerId);
      const values = (kind: string) => mine.filter((channel) => channel.kind === kind).map((channel) => channel.value);
      return Object.fromEntries(
        ([["otherEmail", values("email")], ["otherPhone", values("phone")]] as const).filter(([, list]) => list.length > 0),
      );
    };
    const audits = [
      ...updates.map(({ before, after }) => auditRow(actor, "customer.update", after.id, before, { ...after, ...addedTo(after.id) })),
      ...inserted.map((customer) => auditRow(actor, "customer.import", customer.id, null, { ...customer, ...addedTo(customer.id) })),
    ];
    await insertFromJson(tx, auditLog, audits);
    await emitWebhooks(tx, "customer.created", inserted.map((customer) => customerWebhookData(customer)));
    await emitWebhooks(tx, "customer.updated", updates.map(({ before, after }) => customerWebhookData(after, changedFields(before, { ...after, ...addedTo(after.id) }))));

    const badLines = new Set(problems.map((problem) => problem.line)).size;
    await tx
      .update(customerImports)
      .set({
        processedRows: sql`${customerImports.processedRows} + ${batch.length}`,
        createdCount: sql`${customerImports.createdCount} + ${inserted.length}`,
        updatedCount: sql`${customerImports.updatedCount} + ${updates.length}`,
        skippedCount: sql`${customerImports.skippedCount} + ${skipped}`,
        errorCount: sql`${customerImports.errorCount} + ${badLines}`,
        problems: sql`(${customerImports.problems} || ${JSON.stringify(problems)}::jsonb)`,
      })
      .where(eq(customerImports.id, found.id));
    await publishEvent(tx, { type: "customer_import.progress", entityType: "import", entityId: found.id, permission: "customers.import" });
  });
}

function auditRow(actor: Actor, action: string, entityId: string, before: Record<string, unknown> | null, after: Record<string, unknown>): typeof auditLog.$inferInsert {
  return {
    actorId: actor.kind === "user" ? actor.userId : null,
    actorLabel: actor.name,
    action,
    entityType: "customer",
    entityId,
    changes: diffRecords(before, after),
    ip: actor.ip ?? null,
  };
}

/**
 * Imports a file in batches of 500 rows, each in its own transaction with its progress, so the
 * page shows a moving bar and a retried job resumes where it stopped.
 */
export const importCustomersJob = defineJob({
  name: "customers.import",
  payload: z.object({ importId: z.uuid(), actorId: z.uuid().nullable() }),
  maxAttempts: 3,
  async run({ importId, actorId }, { db }) {
    const user = actorId ? await findUserById(actorId, db) : null;
    const actor: Actor = user
      ? { kind: "user", userId: user.id, role: user.role, name: user.name, ip: null }
      : { kind: "system", name: "import" };
    const [found] = await db.select().from(customerImports).where(eq(customerImports.id, importId));
    if (!found || found.status !== "running") return;
    const { country } = await readSetting("organisation", db);
    const definitions = await listCustomFields(db);
    const { rows } = readCsv(found.content);
    try {
      for (let start = found.processedRows; start < rows.length; start += batchSize) {
        await importBatch(db, actor, found, rows.slice(start, start + batchSize), country as CountryCode, definitions);
      }
    } catch (error) {
      await db.update(customerImports).set({ status: "failed" }).where(eq(customerImports.id, importId));
      throw error;
    }
    await db.transaction(async (tx) => {
      // Problems beyond what the page can show are counted, not kept.
      await tx
        .update(customerImports)
        .set({ status: "done", problems: sql`(select coalesce(jsonb_agg(p), '[]'::jsonb) from (select p from jsonb_array_elements(${customerImports.problems}) p limit ${maxProblemsKept}) kept)` })
        .where(eq(customerImports.id, importId));
      await publishEvent(tx, { type: "customer_import.progress", entityType: "import", entityId: importId, permission: "customers.import" });
      await publishEvent(tx, { type: "customer.created", entityType: "import", entityId: importId, permission: "customers.read" });
    });
  },
});

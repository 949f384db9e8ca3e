import "server-only";
import { parse } from "csv-parse/sync";
import { and, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { CountryCode } from "libphonenumber-js";
import { z } from "zod";
import { getDb, type Database } from "@/db/client";
import { auditLog, customerImports, customers, duplicateChoices, type CustomerImport, type ImportProblem } from "@/db/schema";
import { diffRecords } from "@/lib/audit/diff";
import { recordAudit } from "@/lib/audit/commands";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { publishEvent } from "@/lib/events/publish";
import { defineJob } from "@/lib/jobs/define";
import { enqueue } from "@/lib/jobs/queue";
import { readSetting } from "@/lib/settings/queries";
import { findUserById } from "@/lib/users/queries";
import { parseInput, uuidParam } from "@/lib/validation";
import { customerSchemaFor } from "./schemas";

/** Customer fields a CSV column can fill. */
export const importFields = [
  "name", "email", "phone", "kind", "lifecycleStage", "source", "tags", "birthday", "gender",
  "country", "province", "city", "addressLine", "postalCode", "notes",
] as const;
export type ImportField = (typeof importFields)[number];

export const maxImportBytes = 20 * 1024 * 1024;
export const maxImportRows = 200_000;
const batchSize = 500;
const maxProblemsKept = 1000;

/** Header words that suggest a field, in English and Chinese. */
const headerHints: Record<ImportField, string[]> = {
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
};

function guessMapping(headers: string[]): Partial<Record<ImportField, number>> {
  const mapping: Partial<Record<ImportField, number>> = {};
  headers.forEach((header, index) => {
    const text = header.trim().toLowerCase();
    const field = importFields.find((candidate) => mapping[candidate] === undefined && headerHints[candidate].includes(text));
    if (field) mapping[field] = index;
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
  filename: z.string().trim().min(1).max(200),
  content: z.string().max(maxImportBytes, { error: "errors.importTooLarge" }),
});

/** Keeps an uploaded CSV and suggests which column fills which field. */
export async function startImport(actor: Actor, input: unknown): Promise<CustomerImport> {
  assertCan(actor, "customers.import");
  const { filename, content } = parseInput(startSchema, input);
  const { headers, rows } = readCsv(content);
  if (rows.length > maxImportRows) throw new AppError("VALIDATION", "errors.importTooManyRows", { file: ["errors.importTooManyRows"] });
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(customerImports)
      .values({
        filename,
        content,
        headers,
        mapping: guessMapping(headers),
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

const mappingSchema = z.strictObject({
  onDuplicate: z.enum(duplicateChoices, { error: "validation.invalid" }),
  mapping: z
    .partialRecord(z.enum(importFields), z.coerce.number().int().min(0))
    .refine((mapping) => mapping.name !== undefined, { error: "errors.importNeedsName" }),
});

type Validated = { line: number; values: ReturnType<ReturnType<typeof customerSchemaFor>["parse"]> };

/** Parses each row as a customer; bad rows become problems with their line numbers. */
function validateRows(rows: Row[], mapping: Record<string, number>, country: CountryCode) {
  const schema = customerSchemaFor(country);
  const valid: Validated[] = [];
  const problems: ImportProblem[] = [];
  for (const row of rows) {
    const input = { source: "import", ...mappedValues(mapping, row.values) };
    const parsed = schema.safeParse(input);
    if (parsed.success) valid.push({ line: row.line, values: parsed.data });
    else for (const issue of parsed.error.issues) problems.push({ line: row.line, field: String(issue.path[0] ?? ""), message: issue.message });
  }
  return { valid, problems };
}

/**
 * The dry run: saves the mapping, checks every row, reports each bad one with its line number and
 * reason, and writes no customer.
 */
export async function checkImport(actor: Actor, id: unknown, input: unknown): Promise<CustomerImport> {
  assertCan(actor, "customers.import");
  const { mapping, onDuplicate } = parseInput(mappingSchema, input);
  const db = await getDb();
  const found = await getImport(actor, id, db);
  if (found.status === "running" || found.status === "done") throw new AppError("INVALID_STATE", "errors.importStarted");
  for (const column of Object.values(mapping)) {
    if (column >= found.headers.length) throw new AppError("VALIDATION", "errors.VALIDATION", { mapping: ["validation.invalid"] });
  }
  const { country } = await readSetting("organisation", db);
  const { rows } = readCsv(found.content);
  const { problems } = validateRows(rows, mapping, country as CountryCode);
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

/** One batch in one transaction: customers, their audit rows and the progress move together. */
async function importBatch(db: Database, actor: Actor, found: CustomerImport, batch: Row[], country: CountryCode) {
  const { valid, problems } = validateRows(batch, found.mapping, country);
  const mapped = new Set(Object.keys(found.mapping));
  const emails = valid.map((row) => row.values.email).filter((email): email is string => Boolean(email));
  const phones = valid.map((row) => row.values.phone).filter((phone): phone is string => Boolean(phone));
  const actorId = actor.kind === "user" ? actor.userId : null;

  await db.transaction(async (tx) => {
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
                ),
              ),
            )
            .for("update");
    const byEmail = new Map(existing.filter((row) => row.email).map((row) => [row.email!.toLowerCase(), row]));
    const byPhone = new Map(existing.filter((row) => row.phone).map((row) => [row.phone!, row]));
    const seenInBatch = new Set<string>();
    const toInsert: (ReturnType<typeof columnsOf> & { ownerId: string | null; createdBy: string | null })[] = [];
    let updated = 0;
    let skipped = 0;
    const audits: (typeof auditLog.$inferInsert)[] = [];

    for (const { values } of valid) {
      const match = (values.email && byEmail.get(values.email)) || (values.phone && byPhone.get(values.phone)) || null;
      const keys = [values.email && `e:${values.email}`, values.phone && `p:${values.phone}`].filter(Boolean) as string[];
      if (!match && keys.some((key) => seenInBatch.has(key))) {
        skipped++; // The same person twice in this batch of the file: the first one counts.
        continue;
      }
      keys.forEach((key) => seenInBatch.add(key));
      if (match) {
        if (found.onDuplicate === "skip") {
          skipped++;
          continue;
        }
        const changes = columnsOf(values, mapped);
        const [after] = await tx.update(customers).set(changes).where(eq(customers.id, match.id)).returning();
        audits.push(auditRow(actor, "customer.update", match.id, match, after!));
        updated++;
      } else {
        toInsert.push({ ...columnsOf(values), ownerId: actorId, createdBy: actorId });
      }
    }
    const inserted = toInsert.length ? await tx.insert(customers).values(toInsert).returning() : [];
    for (const customer of inserted) audits.push(auditRow(actor, "customer.import", customer.id, null, customer));
    if (audits.length) await tx.insert(auditLog).values(audits);

    const badLines = new Set(problems.map((problem) => problem.line)).size;
    await tx
      .update(customerImports)
      .set({
        processedRows: sql`${customerImports.processedRows} + ${batch.length}`,
        createdCount: sql`${customerImports.createdCount} + ${inserted.length}`,
        updatedCount: sql`${customerImports.updatedCount} + ${updated}`,
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
    const { rows } = readCsv(found.content);
    try {
      for (let start = found.processedRows; start < rows.length; start += batchSize) {
        const [current] = await db.select().from(customerImports).where(eq(customerImports.id, importId));
        await importBatch(db, actor, current!, rows.slice(start, start + batchSize), country as CountryCode);
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

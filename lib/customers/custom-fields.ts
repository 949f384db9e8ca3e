import "server-only";
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Database } from "@/db/client";
import { customFieldDefinitions, customFieldTypes, type CustomFieldDefinition } from "@/db/schema";
import { recordAudit } from "@/lib/audit/commands";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { AppError, uniqueViolation } from "@/lib/errors";
import { calendarDay, optionalText, parseInput, requiredText, uuidParam } from "@/lib/validation";

export async function listCustomFields(db?: Database): Promise<CustomFieldDefinition[]> {
  const database = db ?? (await getDb());
  return database.select().from(customFieldDefinitions).orderBy(asc(customFieldDefinitions.position), asc(customFieldDefinitions.label));
}

const definitionSchema = z
  .strictObject({
    label: requiredText(60),
    key: z
      .string({ error: "validation.required" })
      .trim()
      .regex(/^[a-z][a-z0-9_]{0,39}$/, { error: "validation.fieldKey" }),
    type: z.enum(customFieldTypes, { error: "validation.invalid" }),
    /** For `select`: one choice per line or comma-separated. */
    options: optionalText(2000).transform((text) => [...new Set((text ?? "").split(/[\n,]/).map((option) => option.trim()).filter(Boolean))]),
    required: z.preprocess((value) => value === "on" || value === "true" || value === true, z.boolean()),
  })
  .refine((field) => field.type !== "select" || field.options.length > 0, { path: ["options"], error: "validation.selectOptions" });

export async function createCustomField(actor: Actor, input: unknown): Promise<CustomFieldDefinition> {
  assertCan(actor, "settings.manage");
  const values = parseInput(definitionSchema, input);
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      const existing = await listCustomFields(tx);
      const [field] = await tx
        .insert(customFieldDefinitions)
        .values({ ...values, position: existing.length })
        .returning();
      await recordAudit(tx, actor, { action: "custom_field.create", entityType: "custom_field", entityId: field!.id, after: field });
      return field!;
    });
  } catch (error) {
    if (uniqueViolation(error) === "custom_field_definitions_key_key") {
      throw new AppError("CONFLICT", "errors.fieldKeyTaken", { key: ["errors.fieldKeyTaken"] });
    }
    throw error;
  }
}

/** Removes a field from the form; values already stored stay in customers' records. */
export async function deleteCustomField(actor: Actor, id: unknown): Promise<void> {
  assertCan(actor, "settings.manage");
  const fieldId = uuidParam.safeParse(id);
  if (!fieldId.success) throw new AppError("NOT_FOUND");
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [field] = await tx.delete(customFieldDefinitions).where(eq(customFieldDefinitions.id, fieldId.data)).returning();
    if (!field) throw new AppError("NOT_FOUND");
    await recordAudit(tx, actor, { action: "custom_field.delete", entityType: "custom_field", entityId: field.id, before: field });
  });
}

const blank = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

/** The schema of customers' custom values, built from today's definitions. */
export function customValuesSchema(fields: CustomFieldDefinition[]) {
  const shape: Record<string, z.ZodType> = {};
  for (const field of fields) {
    const base =
      field.type === "number"
        ? z.coerce.number({ error: "validation.number" }).refine(Number.isFinite, { error: "validation.number" })
        : field.type === "date"
          ? calendarDay
          : field.type === "select"
            ? z.enum(field.options as [string, ...string[]], { error: "validation.invalid" })
            : z.string().trim().max(500, { error: "validation.tooLong" });
    shape[field.key] = z.preprocess(blank, field.required ? base : base.optional());
  }
  // Values of fields that no longer exist are dropped, not refused.
  return z.object(shape);
}

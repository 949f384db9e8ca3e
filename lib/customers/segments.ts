import "server-only";
import { asc, count, eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { customerSegments, customers, type CustomerSegment } from "@/db/schema";
import { recordAudit } from "@/lib/audit/commands";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { AppError, uniqueViolation } from "@/lib/errors";
import { readSetting } from "@/lib/settings/queries";
import { parseInput, uuidParam } from "@/lib/validation";
import { customerFilterCondition } from "./queries";
import { activeFilters, customerFilterSchema, segmentInputSchema, type CustomerFilter } from "./schemas";

/** Saves the filters as a named segment. Its members are worked out each time it is opened. */
export async function createSegment(actor: Actor, input: unknown): Promise<CustomerSegment> {
  assertCan(actor, "segments.write");
  const { name, filters } = parseInput(segmentInputSchema, input);
  const saved = activeFilters(filters);
  if (Object.keys(saved).length === 0) throw new AppError("VALIDATION", "errors.segmentEmpty");
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      const [segment] = await tx
        .insert(customerSegments)
        .values({ name, filters: saved, createdBy: actor.kind === "user" ? actor.userId : null })
        .returning();
      await recordAudit(tx, actor, { action: "segment.create", entityType: "segment", entityId: segment!.id, after: segment });
      return segment!;
    });
  } catch (error) {
    if (uniqueViolation(error) === "customer_segments_name_key") {
      throw new AppError("CONFLICT", "errors.segmentNameTaken", { name: ["errors.segmentNameTaken"] });
    }
    throw error;
  }
}

export async function deleteSegment(actor: Actor, id: unknown): Promise<void> {
  assertCan(actor, "segments.write");
  const segmentId = uuidParam.safeParse(id);
  if (!segmentId.success) throw new AppError("NOT_FOUND");
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [segment] = await tx.delete(customerSegments).where(eq(customerSegments.id, segmentId.data)).returning();
    if (!segment) throw new AppError("NOT_FOUND");
    await recordAudit(tx, actor, { action: "segment.delete", entityType: "segment", entityId: segment.id, before: segment });
  });
}

/** A segment with its filters read back through today's schema. */
export async function getSegment(actor: Actor, id: unknown): Promise<CustomerSegment & { filter: CustomerFilter }> {
  assertCan(actor, "customers.read");
  const segmentId = uuidParam.safeParse(id);
  if (!segmentId.success) throw new AppError("NOT_FOUND");
  const db = await getDb();
  const [segment] = await db.select().from(customerSegments).where(eq(customerSegments.id, segmentId.data));
  if (!segment) throw new AppError("NOT_FOUND");
  return { ...segment, filter: customerFilterSchema.parse(segment.filters) };
}

/** Every segment with how many customers it holds now. */
export async function listSegments(actor: Actor) {
  assertCan(actor, "customers.read");
  const db = await getDb();
  const organisation = await readSetting("organisation", db);
  const segments = await db.select().from(customerSegments).orderBy(asc(sql`lower(${customerSegments.name})`));
  return Promise.all(
    segments.map(async (segment) => {
      const filter = customerFilterSchema.parse(segment.filters);
      const [row] = await db.select({ n: count() }).from(customers).where(customerFilterCondition(actor, filter, organisation));
      return { ...segment, filter, size: row?.n ?? 0 };
    }),
  );
}

/**
 * The condition on `customers` that selects a segment's customers today, for other modules that
 * act on a segment (a bulk coupon issue); `owner: "me"` means whoever opens it.
 */
export async function segmentCondition(actor: Actor, id: unknown) {
  const segment = await getSegment(actor, id);
  const organisation = await readSetting("organisation");
  return { segment, where: customerFilterCondition(actor, segment.filter, organisation) };
}

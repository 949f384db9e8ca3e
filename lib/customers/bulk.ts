import "server-only";
import { and, count, eq, gte, inArray } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { auditLog, customers } from "@/db/schema";
import { diffRecords } from "@/lib/audit/diff";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { publishEvent } from "@/lib/events/publish";
import { emitWebhooks, type WebhookEventData } from "@/lib/integration/webhooks";
import { readSetting } from "@/lib/settings/queries";
import { isAssignableOwner } from "@/lib/users/queries";
import { parseInput } from "@/lib/validation";
import { ownerWritableBy } from "@/lib/sales/teams";
import { customerWebhookData } from "./commands";
import { customerFilterCondition } from "./queries";
import { customerFilterSchema } from "./schemas";

/** Customers one bulk action may change; larger groups are split by the user into segments. */
export const bulkLimit = 10_000;
export const bulkActionsPerMinute = 10;

const tag = z.string({ error: "validation.required" }).trim().min(1, { error: "validation.required" }).max(40, { error: "validation.tagTooLong" });

export const bulkInputSchema = z.strictObject({
  /** Either chosen customers, or every customer a filter matches. */
  target: z.union([
    z.strictObject({ ids: z.array(z.uuid()).min(1, { error: "errors.bulkNoneSelected" }).max(1000) }),
    z.strictObject({ filter: customerFilterSchema }),
  ]),
  action: z.discriminatedUnion("type", [
    z.strictObject({ type: z.literal("addTag"), tag }),
    z.strictObject({ type: z.literal("removeTag"), tag }),
    z.strictObject({ type: z.literal("setOwner"), ownerId: z.uuid({ error: "validation.owner" }) }),
  ]),
});

/**
 * Adds or removes a tag, or changes the owner, of many customers at once: one transaction, one
 * audit row per customer changed, limited in size and in how often one person may do it.
 */
export async function bulkUpdateCustomers(actor: Actor, input: unknown): Promise<{ matched: number; changed: number }> {
  assertCan(actor, "customers.write");
  const { target, action } = parseInput(bulkInputSchema, input);
  const db = await getDb();
  if (action.type === "setOwner" && !(await isAssignableOwner(action.ownerId, db))) {
    throw new AppError("VALIDATION", "errors.VALIDATION", { ownerId: ["validation.owner"] });
  }
  const organisation = await readSetting("organisation", db);
  // Only the customers the actor may change: a rep's own and unowned ones, a manager's team's.
  const where = and(
    "ids" in target ? and(customerFilterCondition(actor, customerFilterSchema.parse({}), organisation), inArray(customers.id, target.ids)) : customerFilterCondition(actor, target.filter, organisation),
    ownerWritableBy(actor, customers.ownerId),
  );

  return db.transaction(async (tx) => {
    if (actor.kind === "user") {
      const [recent] = await tx
        .select({ n: count() })
        .from(auditLog)
        .where(and(eq(auditLog.actorId, actor.userId), eq(auditLog.action, "customer.bulk_update"), gte(auditLog.createdAt, new Date(Date.now() - 60_000))));
      if ((recent?.n ?? 0) >= bulkActionsPerMinute) throw new AppError("RATE_LIMITED");
    }
    const rows = await tx
      .select({ id: customers.id, tags: customers.tags, ownerId: customers.ownerId })
      .from(customers)
      .where(where)
      .limit(bulkLimit + 1)
      .for("update");
    if (rows.length > bulkLimit) throw new AppError("VALIDATION", "errors.bulkTooMany");

    const audits: (typeof auditLog.$inferInsert)[] = [];
    const changed: WebhookEventData["customer.updated"][] = [];
    for (const row of rows) {
      const after =
        action.type === "setOwner"
          ? { ownerId: action.ownerId }
          : { tags: action.type === "addTag" ? [...new Set([...row.tags, action.tag])] : row.tags.filter((existing) => existing !== action.tag) };
      const before = action.type === "setOwner" ? { ownerId: row.ownerId } : { tags: row.tags };
      const changes = diffRecords(before, after);
      if (Object.keys(changes).length === 0) continue;
      const [updated] = await tx.update(customers).set(after).where(eq(customers.id, row.id)).returning();
      changed.push(customerWebhookData(updated!, Object.keys(changes)));
      audits.push({
        actorId: actor.kind === "user" ? actor.userId : null,
        actorLabel: actor.name,
        action: "customer.update",
        entityType: "customer",
        entityId: row.id,
        changes,
        ip: actor.ip ?? null,
      });
    }
    // One row for the action itself, which also counts towards the rate limit.
    audits.push({
      actorId: actor.kind === "user" ? actor.userId : null,
      actorLabel: actor.name,
      action: "customer.bulk_update",
      entityType: "customer_bulk",
      entityId: action.type,
      changes: { action: { before: null, after: action }, changed: { before: null, after: audits.length } },
      ip: actor.ip ?? null,
    });
    await tx.insert(auditLog).values(audits);
    await emitWebhooks(tx, "customer.updated", changed);
    await publishEvent(tx, { type: "customer.updated", entityType: "customer_bulk", entityId: action.type, permission: "customers.read" });
    return { matched: rows.length, changed: audits.length - 1 };
  });
}

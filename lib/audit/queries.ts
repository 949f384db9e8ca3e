import "server-only";
import { addDays } from "date-fns";
import { and, asc, count, desc, eq, gte, lt } from "drizzle-orm";
import { getDb } from "@/db/client";
import { auditLog, users } from "@/db/schema";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { startOfDayIn } from "@/lib/dates";
import { readSetting } from "@/lib/settings/queries";
import { displayedChanges } from "./chain";
import { auditListParamsSchema, type AuditListParams } from "./schemas";

const pageSize = 50;

export async function listAudit(actor: Actor, rawParams: unknown) {
  assertCan(actor, "audit.read");
  const params: AuditListParams = auditListParamsSchema.parse(rawParams ?? {});
  const db = await getDb();
  const { timeZone } = await readSetting("organisation", db);
  // Days are the organisation's days: "to" includes the whole of that day.
  const where = and(
    params.actor ? eq(auditLog.actorId, params.actor) : undefined,
    params.entityType ? eq(auditLog.entityType, params.entityType) : undefined,
    params.entityId ? eq(auditLog.entityId, params.entityId) : undefined,
    params.from ? gte(auditLog.createdAt, startOfDayIn(params.from, timeZone)) : undefined,
    params.to ? lt(auditLog.createdAt, addDays(startOfDayIn(params.to, timeZone), 1)) : undefined,
  );
  const [[totalRow], rows] = await Promise.all([
    db.select({ n: count() }).from(auditLog).where(where),
    db
      .select()
      .from(auditLog)
      .where(where)
      .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
      .limit(pageSize)
      .offset((params.page - 1) * pageSize),
  ]);
  const total = totalRow?.n ?? 0;
  const shown = rows.map((row) => ({ ...row, changes: displayedChanges(row.changes) }));
  return { rows: shown, total, page: params.page, pageCount: Math.max(1, Math.ceil(total / pageSize)), params };
}

/** The choices for the audit filters: people who can act, and kinds of record. */
export async function listAuditFilterOptions(actor: Actor) {
  assertCan(actor, "audit.read");
  const db = await getDb();
  const [actors, entityTypes] = await Promise.all([
    db.select({ id: users.id, name: users.name }).from(users).orderBy(asc(users.name)),
    db.selectDistinct({ entityType: auditLog.entityType }).from(auditLog).orderBy(asc(auditLog.entityType)),
  ]);
  return { actors, entityTypes: entityTypes.map((row) => row.entityType) };
}

import "server-only";
import type { Database } from "@/db/client";
import { auditLog } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { diffRecords } from "./diff";

export type AuditInput = {
  action: string;
  entityType: string;
  entityId: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
};

/** Writes one audit row. Call it inside the transaction of the change it records. */
export async function recordAudit(tx: Database, actor: Actor, entry: AuditInput) {
  await tx.insert(auditLog).values({
    actorId: actor.kind === "user" ? actor.userId : null,
    actorLabel: actor.name,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    changes: diffRecords(entry.before ?? null, entry.after ?? null),
    ip: actor.ip ?? null,
  });
}

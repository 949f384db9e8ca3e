import "server-only";
import crypto from "node:crypto";
import { and, eq, isNull, lt, sql } from "drizzle-orm";
import { getDb, type Database } from "@/db/client";
import { apiIdempotencyKeys } from "@/db/schema";
import { defineJob } from "@/lib/jobs/define";
import { z } from "zod";

/** How long a key's first answer is kept and replayed (at least; they are pruned daily). */
export const idempotencyRetentionMs = 48 * 60 * 60 * 1000;

/** No request takes this long: a claim still unanswered after it was abandoned by a process that died. */
export const abandonedAfterMs = 5 * 60 * 1000;

export type IdempotencyClaim =
  | { kind: "new" }
  | { kind: "replay"; status: number; body: unknown }
  | { kind: "mismatch" }
  | { kind: "in_progress" };

export const requestHash = (method: string, path: string, body: string) => crypto.createHash("sha256").update(`${method} ${path}\n${body}`).digest("hex");

/**
 * Claims `key` for this request, or says what became of an earlier request under it: its answer
 * (same request), a conflict (another request), or that it is still being answered.
 */
export async function claimIdempotencyKey(apiKeyId: string, key: string, hash: string): Promise<IdempotencyClaim> {
  const db = await getDb();
  const [claimed] = await db
    .insert(apiIdempotencyKeys)
    .values({ apiKeyId, key, requestHash: hash })
    .onConflictDoNothing()
    .returning({ key: apiIdempotencyKeys.key });
  if (claimed) return { kind: "new" };
  const [earlier] = await db
    .select()
    .from(apiIdempotencyKeys)
    .where(and(eq(apiIdempotencyKeys.apiKeyId, apiKeyId), eq(apiIdempotencyKeys.key, key)));
  if (!earlier) return claimIdempotencyKey(apiKeyId, key, hash);
  if (earlier.requestHash !== hash) return { kind: "mismatch" };
  if (earlier.status === null) {
    // A claim left unanswered this long belongs to a process that died: it is taken over.
    const [taken] = await db
      .update(apiIdempotencyKeys)
      .set({ updatedAt: new Date() })
      .where(
        and(
          eq(apiIdempotencyKeys.apiKeyId, apiKeyId),
          eq(apiIdempotencyKeys.key, key),
          sql`${apiIdempotencyKeys.status} is null`,
          lt(apiIdempotencyKeys.updatedAt, new Date(Date.now() - abandonedAfterMs)),
        ),
      )
      .returning({ key: apiIdempotencyKeys.key });
    return taken ? { kind: "new" } : { kind: "in_progress" };
  }
  return { kind: "replay", status: earlier.status, body: earlier.response };
}

/**
 * Keeps the answer, whatever it is, to replay it to retries; in `outer`, it commits with the change
 * it answers. An answer once kept stays: a failure reported after a commit that did go through (the
 * connection lost at COMMIT) does not replace the answer that committed with it.
 */
export async function completeIdempotencyKey(apiKeyId: string, key: string, status: number, body: unknown, outer?: Database): Promise<void> {
  const db = outer ?? (await getDb());
  await db
    .update(apiIdempotencyKeys)
    .set({ status, response: body })
    .where(and(eq(apiIdempotencyKeys.apiKeyId, apiKeyId), eq(apiIdempotencyKeys.key, key), isNull(apiIdempotencyKeys.status)));
}

/** Forgets answers older than the retention. */
export async function pruneIdempotencyKeys(db: Database, now = new Date()): Promise<number> {
  const removed = await db
    .delete(apiIdempotencyKeys)
    .where(lt(apiIdempotencyKeys.createdAt, new Date(now.getTime() - idempotencyRetentionMs)))
    .returning({ key: apiIdempotencyKeys.key });
  return removed.length;
}

/** Daily: API answers past the retention are forgotten. */
export const pruneIdempotencyKeysJob = defineJob({
  name: "api.prune_idempotency_keys",
  payload: z.object({}).strict(),
  async run(_payload, { db }) {
    await pruneIdempotencyKeys(db);
  },
});

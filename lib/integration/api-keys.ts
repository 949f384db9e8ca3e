import "server-only";
import crypto from "node:crypto";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { apiKeys, users, type ApiKey } from "@/db/schema";
import { recordAudit } from "@/lib/audit/commands";
import { assertCan, type Actor, type Permission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { parseInput, requiredText, uuidParam, wholeNumber } from "@/lib/validation";
import { permissionsOf, scopes } from "./scopes";

/** Keys read `mcrm_<prefix>_<secret>`: the prefix finds the row, the whole key is checked against its hash. */
const keyPattern = /^mcrm_([a-z0-9]{8})_([A-Za-z0-9_-]{43})$/;

export const apiKeyInputSchema = z.strictObject({
  name: requiredText(80),
  scopes: z.preprocess(
    (value) => (typeof value === "string" ? value.split(",").map((scope) => scope.trim()).filter(Boolean) : value),
    z.array(z.enum(scopes, { error: "validation.scope" }), { error: "validation.scopes" }).min(1, { error: "validation.scopes" }),
  ),
  rateLimitPerMinute: z.preprocess((value) => (value === "" || value === undefined ? 600 : value), wholeNumber(1, 100_000)),
});

const hashOf = (key: string) => crypto.createHash("sha256").update(key).digest("hex");

/** What a key's list shows: never its hash. */
const publicColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  scopes: apiKeys.scopes,
  rateLimitPerMinute: apiKeys.rateLimitPerMinute,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
  createdAt: apiKeys.createdAt,
};
export type PublicApiKey = Pick<ApiKey, keyof typeof publicColumns>;

/** Creates a key. Its secret is in the answer and nowhere else: the database keeps a hash. */
export async function createApiKey(actor: Actor, input: unknown): Promise<{ apiKey: PublicApiKey; secret: string }> {
  assertCan(actor, "integrations.manage");
  const values = parseInput(apiKeyInputSchema, input);
  const prefix = crypto.randomBytes(5).toString("hex").slice(0, 8);
  const secret = `mcrm_${prefix}_${crypto.randomBytes(32).toString("base64url")}`;
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [apiKey] = await tx
      .insert(apiKeys)
      .values({
        name: values.name,
        prefix,
        secretHash: hashOf(secret),
        scopes: [...new Set(values.scopes)],
        rateLimitPerMinute: values.rateLimitPerMinute,
        createdBy: actor.kind === "user" ? actor.userId : null,
      })
      .returning(publicColumns);
    await recordAudit(tx, actor, { action: "api_key.create", entityType: "api_key", entityId: apiKey!.id, after: { name: apiKey!.name, prefix, scopes: apiKey!.scopes } });
    return { apiKey: apiKey!, secret };
  });
}

/** Revokes a key: from now on it authenticates nothing. Revoking twice changes nothing. */
export async function revokeApiKey(actor: Actor, keyId: unknown): Promise<PublicApiKey> {
  assertCan(actor, "integrations.manage");
  const id = parseInput(uuidParam, keyId);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [before] = await tx.select(publicColumns).from(apiKeys).where(eq(apiKeys.id, id)).for("update");
    if (!before) throw new AppError("NOT_FOUND");
    if (before.revokedAt) return before;
    const [after] = await tx.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, id)).returning(publicColumns);
    await recordAudit(tx, actor, { action: "api_key.revoke", entityType: "api_key", entityId: id, before: { revokedAt: null }, after: { revokedAt: after!.revokedAt } });
    return after!;
  });
}

export async function listApiKeys(actor: Actor) {
  assertCan(actor, "integrations.manage");
  const db = await getDb();
  return db
    .select({ ...publicColumns, createdByName: users.name })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdBy))
    // Keys in use first, newest first.
    .orderBy(sql`${apiKeys.revokedAt} is not null`, desc(apiKeys.createdAt));
}

/** `last_used_at` is written at most this often, so that a busy key does not write on every request. */
const lastUsedResolution = 60_000;

export type ApiKeyActor = Extract<Actor, { kind: "system" }> & { apiKey: { id: string; permissions: readonly Permission[] }; scopes: readonly string[]; rateLimitPerMinute: number };

/**
 * The actor a bearer key stands for, or null for a malformed, unknown or revoked key (the caller
 * answers 401 without saying which).
 */
export async function authenticateApiKey(key: string, ip: string | null, now = new Date()): Promise<ApiKeyActor | null> {
  const match = keyPattern.exec(key);
  if (!match) return null;
  const db = await getDb();
  const [row] = await db.select().from(apiKeys).where(and(eq(apiKeys.prefix, match[1]!), isNull(apiKeys.revokedAt)));
  if (!row) return null;
  const given = Buffer.from(hashOf(key), "hex");
  if (!crypto.timingSafeEqual(given, Buffer.from(row.secretHash, "hex"))) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > lastUsedResolution) {
    await db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.id));
  }
  return {
    kind: "system",
    name: `API key ${row.name} (${row.prefix})`,
    ip,
    apiKey: { id: row.id, permissions: permissionsOf(row.scopes) },
    scopes: row.scopes,
    rateLimitPerMinute: row.rateLimitPerMinute,
  };
}

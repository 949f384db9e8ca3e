import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { apiIdempotencyKeys } from "@/db/schema";
import { seedActor } from "@/lib/factories";
import { createApiKey } from "./api-keys";
import { abandonedAfterMs, claimIdempotencyKey, completeIdempotencyKey, idempotencyRetentionMs, pruneIdempotencyKeys } from "./idempotency";

const newKey = async () => (await createApiKey(seedActor, { name: "Idempotent", scopes: ["customers:write"] })).apiKey.id;

describe("Idempotency-Key claims", () => {
  it("let one of many concurrent requests run; the others hear it is in progress, then get its answer", async () => {
    const keyId = await newKey();
    const claims = await Promise.all(Array.from({ length: 8 }, () => claimIdempotencyKey(keyId, "k-1", "hash-a")));
    expect(claims.filter((claim) => claim.kind === "new")).toHaveLength(1);
    expect(claims.filter((claim) => claim.kind === "in_progress")).toHaveLength(7);
    await completeIdempotencyKey(keyId, "k-1", 201, { id: "c-1" });
    expect(await claimIdempotencyKey(keyId, "k-1", "hash-a")).toEqual({ kind: "replay", status: 201, body: { id: "c-1" } });
    expect(await claimIdempotencyKey(keyId, "k-1", "hash-b")).toEqual({ kind: "mismatch" });
  });

  it("are per API key", async () => {
    const [first, second] = [await newKey(), await newKey()];
    expect((await claimIdempotencyKey(first, "shared", "h")).kind).toBe("new");
    expect((await claimIdempotencyKey(second, "shared", "h")).kind).toBe("new");
  });

  it("are taken over once a claim is left unanswered for longer than any request takes", async () => {
    const keyId = await newKey();
    expect((await claimIdempotencyKey(keyId, "orphan", "h")).kind).toBe("new");
    expect((await claimIdempotencyKey(keyId, "orphan", "h")).kind).toBe("in_progress");
    const db = await getDb();
    await db
      .update(apiIdempotencyKeys)
      .set({ updatedAt: new Date(Date.now() - abandonedAfterMs - 1000) })
      .where(and(eq(apiIdempotencyKeys.apiKeyId, keyId), eq(apiIdempotencyKeys.key, "orphan")));
    expect((await claimIdempotencyKey(keyId, "orphan", "other")).kind).toBe("mismatch");
    const takeovers = await Promise.all([claimIdempotencyKey(keyId, "orphan", "h"), claimIdempotencyKey(keyId, "orphan", "h")]);
    expect(takeovers.map((claim) => claim.kind).sort()).toEqual(["in_progress", "new"]);
  });

  it("are forgotten after the retention, not before", async () => {
    const keyId = await newKey();
    await claimIdempotencyKey(keyId, "old", "h");
    await completeIdempotencyKey(keyId, "old", 200, {});
    const db = await getDb();
    expect(await pruneIdempotencyKeys(db, new Date(Date.now() + idempotencyRetentionMs - 60_000))).toBe(0);
    expect(await pruneIdempotencyKeys(db, new Date(Date.now() + idempotencyRetentionMs + 60_000))).toBeGreaterThanOrEqual(1);
    expect((await claimIdempotencyKey(keyId, "old", "other")).kind).toBe("new");
  });
});

import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { apiKeys, auditLog } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import { expectAppError } from "@/lib/expect-app-error";
import { makeActor, seedActor } from "@/lib/factories";
import { authenticateApiKey, createApiKey, listApiKeys, revokeApiKey } from "./api-keys";

describe("API keys", () => {
  it("show their secret once and keep only its hash; the key then acts within its scopes", async () => {
    const admin = await makeActor("admin");
    const { apiKey, secret } = await createApiKey(admin, { name: "Web shop", scopes: ["customers:read", "orders:write"] });
    expect(secret).toMatch(new RegExp(`^mcrm_${apiKey.prefix}_[A-Za-z0-9_-]{43}$`));
    const db = await getDb();
    const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, apiKey.id));
    // The random part whole (it may hold underscores itself, so not what follows the last one).
    expect(JSON.stringify(row)).not.toContain(secret.slice(`mcrm_${apiKey.prefix}_`.length));
    expect(await listApiKeys(admin)).toEqual(expect.arrayContaining([expect.objectContaining({ id: apiKey.id, name: "Web shop" })]));
    expect(JSON.stringify(await listApiKeys(admin))).not.toContain(row!.secretHash);

    const actor = await authenticateApiKey(secret, "198.51.100.4");
    expect(actor).toMatchObject({ kind: "system", ip: "198.51.100.4", apiKey: { id: apiKey.id } });
    expect(can(actor!, "customers.read")).toBe(true);
    expect(can(actor!, "orders.write")).toBe(true);
    expect(can(actor!, "customers.write")).toBe(false);
    expect(can(actor!, "users.manage")).toBe(false);
    const [used] = await db.select({ lastUsedAt: apiKeys.lastUsedAt }).from(apiKeys).where(eq(apiKeys.id, apiKey.id));
    expect(used!.lastUsedAt).not.toBeNull();
  });

  it("stop authenticating once revoked, and the revocation is audited", async () => {
    const admin = await makeActor("admin");
    const { apiKey, secret } = await createApiKey(admin, { name: "Till", scopes: "orders:write" });
    await revokeApiKey(admin, apiKey.id);
    expect(await authenticateApiKey(secret, null)).toBeNull();
    const db = await getDb();
    const audit = await db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, apiKey.id));
    expect(audit.map((row) => row.action).sort()).toEqual(["api_key.create", "api_key.revoke"]);
    // Revoking again changes nothing.
    expect((await revokeApiKey(admin, apiKey.id)).revokedAt).toEqual((await listApiKeys(admin)).find((key) => key.id === apiKey.id)!.revokedAt);
  });

  it("refuse unknown, malformed and altered keys", async () => {
    const { secret } = await createApiKey(seedActor, { name: "Probe", scopes: ["customers:read"] });
    for (const key of ["", "mcrm_", "Bearer x", secret.slice(0, -1), `${secret.slice(0, -1)}${secret.endsWith("A") ? "B" : "A"}`, `mcrm_00000000_${"A".repeat(43)}`]) {
      expect(await authenticateApiKey(key, null)).toBeNull();
    }
  });

  it("are for admins only, and need a name and known scopes", async () => {
    for (const role of ["manager", "sales_rep", "support_agent", "member"] as const) {
      await expectAppError(createApiKey(await makeActor(role), { name: "Mine", scopes: ["customers:read"] }), "FORBIDDEN");
    }
    const admin = await makeActor("admin");
    await expectAppError(listApiKeys(await makeActor("manager")), "FORBIDDEN");
    const error = await expectAppError(createApiKey(admin, { name: " ", scopes: ["customers:read", "everything:write"], rateLimitPerMinute: 0 }), "VALIDATION");
    expect(Object.keys(error.fieldErrors ?? {}).sort()).toEqual(["name", "rateLimitPerMinute", "scopes"]);
    await expectAppError(createApiKey(admin, { name: "None", scopes: [] }), "VALIDATION");
    await expectAppError(revokeApiKey(admin, crypto.randomUUID()), "NOT_FOUND");
  });
});

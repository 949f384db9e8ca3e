import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { actorOf, makeActor, makeCustomer, makeUser, seedActor } from "@/lib/factories";
import { updateSetting } from "@/lib/settings/commands";
import { listAudit, listAuditFilterOptions } from "./queries";

let admin: Actor;
let rep: Actor;
let repCustomerId: string;

beforeAll(async () => {
  admin = actorOf(await makeUser("admin", { name: "Audit Admin" }));
  rep = actorOf(await makeUser("sales_rep", { name: "Audit Rep" }));
  repCustomerId = (await makeCustomer(rep, { name: "Rep's customer" })).id;
  await makeCustomer(admin, { name: "Admin's customer" });
  // Place two entries around midnight in Shanghai (UTC+8) on 1 March 2026.
  const db = await getDb();
  await db.insert(auditLog).values([
    { actorLabel: "seed", action: "x.before", entityType: "customer", entityId: "a", changes: {}, createdAt: new Date("2026-02-28T15:59:00Z") },
    { actorLabel: "seed", action: "x.after", entityType: "customer", entityId: "b", changes: {}, createdAt: new Date("2026-02-28T16:01:00Z") },
  ]);
});

describe("listAudit", () => {
  it("filters by actor and by record", async () => {
    const byRep = await listAudit(admin, { actor: rep.kind === "user" ? rep.userId : "" });
    expect(byRep.rows.map((row) => row.action)).toEqual(["customer.create"]);
    expect(byRep.rows[0]!.actorLabel).toBe("Audit Rep");

    const ofCustomer = await listAudit(admin, { entityType: "customer", entityId: repCustomerId });
    expect(ofCustomer.total).toBe(1);
    expect(ofCustomer.rows[0]!.changes.name).toEqual({ before: null, after: "Rep's customer" });
  });

  it("counts days in the organisation's time zone", async () => {
    const march = await listAudit(admin, { from: "2026-03-01", to: "2026-03-01" });
    expect(march.rows.map((row) => row.action)).toEqual(["x.after"]);
    const february = await listAudit(admin, { from: "2026-02-28", to: "2026-02-28" });
    expect(february.rows.map((row) => row.action)).toEqual(["x.before"]);

    await updateSetting(seedActor, "organisation", { name: "Org", currency: "EUR", timeZone: "UTC", country: "DE" });
    const marchUtc = await listAudit(admin, { from: "2026-03-01", to: "2026-03-01" });
    expect(marchUtc.rows).toHaveLength(0);
  });

  it("ignores malformed filters instead of failing", async () => {
    const result = await listAudit(admin, { actor: "not-a-uuid", from: "yesterday", entityType: "'; drop table x", page: "0" });
    expect(result.params).toEqual({ page: 1 });
    expect(result.total).toBeGreaterThan(0);
  });

  it("offers the people and kinds of record to filter by", async () => {
    const options = await listAuditFilterOptions(admin);
    expect(options.actors.map((user) => user.name)).toEqual(expect.arrayContaining(["Audit Admin", "Audit Rep"]));
    expect(options.entityTypes).toContain("customer");
  });

  it("is for admins only", async () => {
    for (const role of ["manager", "sales_rep", "support_agent", "member"] as const) {
      const actor = await makeActor(role);
      await expect(listAudit(actor, {})).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
  });

  it("leaves entries alone: reading writes nothing", async () => {
    const db = await getDb();
    const before = await db.select().from(auditLog).where(eq(auditLog.entityId, repCustomerId));
    await listAudit(admin, { entityId: repCustomerId });
    expect(await db.select().from(auditLog).where(eq(auditLog.entityId, repCustomerId))).toEqual(before);
  });
});

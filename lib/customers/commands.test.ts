import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, customers } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { makeActor, makeCustomer } from "@/lib/factories";
import { createCustomer, updateCustomer } from "./commands";
import { getCustomer } from "./queries";

async function customerCount() {
  const db = await getDb();
  return (await db.select().from(customers)).length;
}

describe("createCustomer", () => {
  it("stores a normalised customer and audits it", async () => {
    const rep = await makeActor("sales_rep");
    const customer = await createCustomer(rep, {
      name: "  王小明 ",
      email: "XiaoMing.Wang@Example.COM",
      phone: "138 0013 8000",
      city: "上海",
      source: "referral",
      tags: "vip, wholesale, vip",
    });
    expect(customer).toMatchObject({
      name: "王小明",
      email: "xiaoming.wang@example.com",
      phone: "+8613800138000",
      city: "上海",
      source: "referral",
      tags: ["vip", "wholesale"],
    });
    expect(customer.number).toBeGreaterThan(0);

    const db = await getDb();
    const audit = await db.select().from(auditLog).where(eq(auditLog.entityId, customer.id));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "customer.create", entityType: "customer", ip: "203.0.113.7" });
    expect(audit[0]!.changes.phone).toEqual({ before: null, after: "+8613800138000" });
  });

  it("rejects bad input field by field and writes nothing", async () => {
    const rep = await makeActor("sales_rep");
    const before = await customerCount();
    const error = await createCustomer(rep, { name: "   ", email: "not-an-email", phone: "12", source: "tv" }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("VALIDATION");
    expect((error as AppError).fieldErrors).toMatchObject({
      name: ["validation.required"],
      email: ["validation.email"],
      phone: ["validation.phone"],
      source: ["validation.source"],
    });
    expect(await customerCount()).toBe(before);
  });

  it("refuses unknown fields, so a form cannot set what it does not show", async () => {
    const rep = await makeActor("sales_rep");
    await expect(createCustomer(rep, { name: "Ana", number: 7, deletedAt: "2020-01-01" })).rejects.toMatchObject({
      code: "VALIDATION",
    });
  });

  it("is forbidden to support agents and members", async () => {
    for (const role of ["support_agent", "member"] as const) {
      const actor = await makeActor(role);
      const before = await customerCount();
      await expect(createCustomer(actor, { name: "Ana" })).rejects.toMatchObject({ code: "FORBIDDEN" });
      expect(await customerCount()).toBe(before);
    }
  });
});

describe("updateCustomer", () => {
  it("changes the fields and audits before and after", async () => {
    const manager = await makeActor("manager");
    const customer = await makeCustomer(manager, { name: "Ana Silva", city: "Lisbon" });
    const updated = await updateCustomer(manager, customer.id, { name: "Ana Silva", city: "Porto", phone: "+351 912 345 678" });
    expect(updated).toMatchObject({ city: "Porto", phone: "+351912345678", number: customer.number });

    const db = await getDb();
    const [entry] = await db.select().from(auditLog).where(eq(auditLog.action, "customer.update"));
    expect(entry!.changes).toEqual({
      city: { before: "Lisbon", after: "Porto" },
      phone: { before: null, after: "+351912345678" },
    });
  });

  it("answers NOT_FOUND for unknown and malformed ids", async () => {
    const manager = await makeActor("manager");
    await expect(updateCustomer(manager, crypto.randomUUID(), { name: "X" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(updateCustomer(manager, "1 or 1=1", { name: "X" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getCustomer(manager, "../etc")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("is forbidden to support agents, and changes nothing", async () => {
    const rep = await makeActor("sales_rep");
    const agent = await makeActor("support_agent");
    const customer = await makeCustomer(rep, { name: "Kept Name" });
    await expect(updateCustomer(agent, customer.id, { name: "Changed" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await getCustomer(rep, customer.id)).name).toBe("Kept Name");
  });
});

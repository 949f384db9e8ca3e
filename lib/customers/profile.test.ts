import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { customerConsents } from "@/db/schema";
import { makeActor, makeCustomer, makeUser } from "@/lib/factories";
import { deleteCustomer, logActivity, recordConsent, restoreCustomer, updateCustomer } from "./commands";
import { getCustomer, listCustomers } from "./queries";
import { encodeCursor, listTimeline } from "./timeline";

describe("customer profile", () => {
  it("keeps a company's address, stage, birthday and owner", async () => {
    // An admin: the customer goes to a rep outside any team that a manager would lead.
    const manager = await makeActor("admin");
    const rep = await makeUser("sales_rep", { name: "Owner Rep" });
    const customer = await makeCustomer(manager, {
      kind: "company",
      name: "Lotus Tea Co.",
      country: "cn",
      province: "浙江",
      city: "杭州",
      addressLine: "西湖区 1 号",
      postalCode: "310000",
      lifecycleStage: "prospect",
      ownerId: rep.id,
    });
    expect(customer).toMatchObject({ kind: "company", country: "CN", province: "浙江", lifecycleStage: "prospect", ownerId: rep.id });
    expect((await getCustomer(manager, customer.id)).ownerName).toBe("Owner Rep");
  });

  it("refuses a birthday in the future or malformed, an unknown gender, and an owner who cannot own customers", async () => {
    const manager = await makeActor("manager");
    const agent = await makeUser("support_agent");
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await expect(makeCustomer(manager, { birthday: tomorrow, gender: "robot", country: "XX" })).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { birthday: ["validation.pastDate"], gender: ["validation.invalid"], country: ["validation.country"] },
    });
    await expect(makeCustomer(manager, { birthday: "1990-02-30" })).rejects.toMatchObject({ fieldErrors: { birthday: ["validation.pastDate"] } });
    await expect(makeCustomer(manager, { ownerId: agent.id })).rejects.toMatchObject({ fieldErrors: { ownerId: ["validation.owner"] } });
    await expect(makeCustomer(manager, { ownerId: "not-a-uuid" })).rejects.toMatchObject({ fieldErrors: { ownerId: ["validation.owner"] } });
  });
});

describe("consent", () => {
  it("records each change with how it was given, keeps the history, and follows the newest", async () => {
    const rep = await makeActor("sales_rep");
    const customer = await makeCustomer(rep);
    await recordConsent(rep, customer.id, { channel: "email", granted: "true", method: "web_form" });
    await recordConsent(rep, customer.id, { channel: "sms", granted: true, method: "in_person", note: "Signed at the till" });
    const withdrawn = await recordConsent(rep, customer.id, { channel: "email", granted: "false", method: "email" });
    expect(withdrawn).toMatchObject({ emailConsent: false, smsConsent: true });
    const db = await getDb();
    const history = await db.select().from(customerConsents).where(eq(customerConsents.customerId, customer.id)).orderBy(customerConsents.createdAt);
    expect(history.map((row) => [row.channel, row.granted, row.method])).toEqual([
      ["email", true, "web_form"],
      ["sms", true, "in_person"],
      ["email", false, "email"],
    ]);
  });

  it("refuses an unknown way of consenting, and agents may not change consent", async () => {
    const rep = await makeActor("sales_rep");
    const agent = await makeActor("support_agent");
    const customer = await makeCustomer(rep);
    await expect(recordConsent(rep, customer.id, { channel: "email", granted: true, method: "telepathy" })).rejects.toMatchObject({
      fieldErrors: { method: ["validation.consentMethod"] },
    });
    await expect(recordConsent(agent, customer.id, { channel: "email", granted: true, method: "phone" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("activities and the timeline", () => {
  it("merges activities and profile changes newest first, pages without gaps or repeats, and filters by kind", async () => {
    const rep = await makeActor("sales_rep");
    const customer = await makeCustomer(rep, { name: "Timeline Person", city: "Beijing" });
    const base = Date.parse("2026-03-01T08:00:00Z");
    for (let i = 0; i < 30; i++) {
      await logActivity(rep, customer.id, { kind: i % 2 ? "call" : "note", subject: `Contact ${i}`, occurredAt: new Date(base + i * 60_000).toISOString() });
    }
    await updateCustomer(rep, customer.id, { name: "Timeline Person", city: "Shanghai" });

    const seen: string[] = [];
    let before: string | undefined;
    let pages = 0;
    do {
      const page = await listTimeline(rep, customer.id, { before }, 7);
      seen.push(...page.entries.map((entry) => `${entry.kind}:${entry.id}`));
      before = page.nextCursor ?? undefined;
      pages++;
    } while (before);
    expect(pages).toBe(5);
    expect(seen).toHaveLength(32); // 30 activities, the creation and the change
    expect(new Set(seen).size).toBe(32);

    const first = await listTimeline(rep, customer.id, {}, 3);
    expect(first.entries[0]).toMatchObject({ kind: "profile", change: { action: "customer.update", changes: { city: { before: "Beijing", after: "Shanghai" } } } });
    const onlyActivities = await listTimeline(rep, customer.id, { kind: "activity" }, 50);
    expect(onlyActivities.entries).toHaveLength(30);
    expect(onlyActivities.entries[0]).toMatchObject({ kind: "activity", activity: { subject: "Contact 29", kind: "call" } });
    expect(onlyActivities.entries.at(-1)).toMatchObject({ activity: { subject: "Contact 0" } });
  });

  it("reads a typed time in the organisation's time zone and refuses future times and empty subjects", async () => {
    const agent = await makeActor("support_agent");
    const rep = await makeActor("sales_rep");
    const customer = await makeCustomer(rep);
    const activity = await logActivity(agent, customer.id, { kind: "call", subject: "Asked about delivery", occurredAt: "2026-03-02T09:30", durationMinutes: "12" });
    expect(activity.occurredAt.toISOString()).toBe("2026-03-02T01:30:00.000Z"); // 09:30 in Shanghai
    expect(activity.durationMinutes).toBe(12);
    await expect(logActivity(agent, customer.id, { kind: "fax", subject: "", occurredAt: "2999-01-01T00:00" })).rejects.toMatchObject({
      fieldErrors: { kind: ["validation.activityKind"], subject: ["validation.required"], occurredAt: ["validation.pastDate"] },
    });
  });

  it("masks personal fields in profile changes for those without access, and ignores a forged cursor", async () => {
    const rep = await makeActor("sales_rep");
    const agent = await makeActor("support_agent");
    const customer = await makeCustomer(rep, { name: "Masked Change", phone: "13812345678" });
    const page = await listTimeline(agent, customer.id, {});
    const created = page.entries.find((entry) => entry.kind === "profile");
    expect(created && created.kind === "profile" && created.change.changes.phone).toEqual({ before: null, after: "+86 138****5678" });
    const forged = await listTimeline(rep, customer.id, { before: "not-a-cursor" });
    expect(forged.entries.length).toBeGreaterThan(0);
    expect(encodeCursor(forged.entries[0]!)).toMatch(/^[\w-]+$/);
  });

  it("answers NOT_FOUND for the timeline of an unknown customer, and members may not log activities", async () => {
    const rep = await makeActor("sales_rep");
    const member = await makeActor("member");
    await expect(listTimeline(rep, crypto.randomUUID(), {})).rejects.toMatchObject({ code: "NOT_FOUND" });
    const customer = await makeCustomer(rep);
    await expect(logActivity(member, customer.id, { kind: "note", subject: "x" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("delete and restore", () => {
  it("hides a deleted customer from lists, search and the record, until an admin restores it", async () => {
    const admin = await makeActor("admin");
    const rep = await makeActor("sales_rep");
    const customer = await makeCustomer(rep, { name: "Soon Gone Ltd" });
    await expect(deleteCustomer(rep, customer.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await deleteCustomer(admin, customer.id);
    expect((await listCustomers(rep, { q: "Soon Gone" })).total).toBe(0);
    await expect(getCustomer(rep, customer.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(deleteCustomer(admin, customer.id)).rejects.toMatchObject({ code: "NOT_FOUND" });

    await restoreCustomer(admin, customer.id);
    expect((await listCustomers(rep, { q: "Soon Gone" })).total).toBe(1);
    await expect(restoreCustomer(admin, customer.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

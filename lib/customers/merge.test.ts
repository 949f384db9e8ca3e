import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { activities, customerConsents, tickets } from "@/db/schema";
import { makeActor, makeCustomer, seedActor } from "@/lib/factories";
import { createTicket } from "@/lib/service/tickets";
import { addChannel } from "./channels";
import { logActivity, recordConsent } from "./commands";
import { findMergedTarget, listDuplicates, mergeCustomers } from "./merge";
import { getCustomer, listCustomers } from "./queries";
import { formatCustomerNumber } from "./rules";

describe("duplicates", () => {
  it("pairs customers with the same e-mail, the same phone, or the same name in the same city", async () => {
    const manager = await makeActor("manager");
    const a = await makeCustomer(manager, { name: "Dup Mail A", email: "same@example.com" });
    const b = await makeCustomer(manager, { name: "Dup Mail B", email: "SAME@example.com" });
    const c = await makeCustomer(manager, { name: "Dup Phone C", phone: "13711112222" });
    const d = await makeCustomer(manager, { name: "Dup Phone D", phone: "137 1111 2222" });
    const e = await makeCustomer(manager, { name: "王 小 明", city: "Chengdu" });
    const f = await makeCustomer(manager, { name: "王小明", city: "chengdu" });
    await makeCustomer(manager, { name: "王小明", city: "Xian" });
    const pairs = (await listDuplicates(manager)).map((pair) => [pair.first.id, pair.second.id, pair.reason]);
    expect(pairs).toEqual(
      expect.arrayContaining([
        [a.id, b.id, "email"],
        [c.id, d.id, "phone"],
        [e.id, f.id, "name_city"],
      ]),
    );
    expect(pairs).toHaveLength(3);
  });

  it("are for managers and admins", async () => {
    const rep = await makeActor("sales_rep");
    await expect(listDuplicates(rep)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("mergeCustomers", () => {
  it("moves the history to the kept record, fills its gaps, combines tags and keeps both numbers findable", async () => {
    const manager = await makeActor("manager");
    const keep = await makeCustomer(manager, { name: "Keep Me", email: "keep@example.com", tags: "vip" });
    const merge = await makeCustomer(manager, { name: "Keep Me (old)", phone: "13622223333", city: "Dalian", tags: "vip, wholesale" });
    await logActivity(manager, merge.id, { kind: "call", subject: "On the old record" });
    const ticket = await createTicket(await makeActor("support_agent"), { customerId: merge.id, subject: "Asked on the old record", description: "Where is my card?", channel: "phone" });
    await recordConsent(manager, keep.id, { channel: "email", granted: true, method: "web_form" });
    await recordConsent(manager, merge.id, { channel: "email", granted: false, method: "email" }); // newer: withdrawn

    const kept = await mergeCustomers(manager, { keepId: keep.id, mergeId: merge.id });
    expect(kept).toMatchObject({ email: "keep@example.com", phone: "+8613622223333", city: "Dalian", tags: ["vip", "wholesale"], emailConsent: false });

    const db = await getDb();
    expect(await db.select().from(activities).where(eq(activities.customerId, keep.id))).toHaveLength(1);
    expect((await db.select().from(tickets).where(eq(tickets.customerId, keep.id))).map((row) => row.id)).toEqual([ticket.id]);
    expect(await db.select().from(customerConsents).where(eq(customerConsents.customerId, keep.id))).toHaveLength(2);
    await expect(getCustomer(manager, merge.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await findMergedTarget(manager, merge.id)).toBe(keep.id);

    const byOldNumber = await listCustomers(manager, { q: formatCustomerNumber(merge.number) });
    expect(byOldNumber.rows.map((row) => row.id)).toEqual([keep.id]);
  });

  it("refuses merging a customer with itself, unknown ids, and merged or deleted records", async () => {
    const manager = await makeActor("manager");
    const a = await makeCustomer(manager);
    const b = await makeCustomer(manager);
    await expect(mergeCustomers(manager, { keepId: a.id, mergeId: a.id })).rejects.toMatchObject({ message: "errors.mergeSame" });
    await expect(mergeCustomers(manager, { keepId: a.id, mergeId: crypto.randomUUID() })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(mergeCustomers(manager, { keepId: a.id, mergeId: "x" })).rejects.toMatchObject({ code: "VALIDATION" });
    await mergeCustomers(manager, { keepId: a.id, mergeId: b.id });
    await expect(mergeCustomers(manager, { keepId: a.id, mergeId: b.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("is refused to reps and agents", async () => {
    const rep = await makeActor("sales_rep");
    const a = await makeCustomer(rep);
    const b = await makeCustomer(rep);
    await expect(mergeCustomers(rep, { keepId: a.id, mergeId: b.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("duplicates by further e-mails and phones", () => {
  it("pair a customer whose further phone or e-mail is another's primary or further one", async () => {
    const manager = await makeActor("manager");
    const tag = Math.random().toString(36).slice(2, 8);
    const first = await makeCustomer(seedActor, { name: `Further A ${tag}`, email: `a.${tag}@example.com` });
    const second = await makeCustomer(seedActor, { name: `Further B ${tag}`, phone: "139 1111 2222" });
    const third = await makeCustomer(seedActor, { name: `Further C ${tag}` });
    await addChannel(seedActor, second.id, { kind: "email", value: `A.${tag}@example.com` });
    await addChannel(seedActor, third.id, { kind: "phone", value: "+86 139 1111 2222" });
    const pairs = (await listDuplicates(manager)).map((pair) => [pair.first.id, pair.second.id, pair.reason]);
    expect(pairs).toContainEqual([first.id, second.id, "email"]);
    expect(pairs).toContainEqual([second.id, third.id, "phone"]);
    expect(pairs.filter(([a, b]) => (a === first.id && b === third.id) || (a === third.id && b === first.id))).toEqual([]);
  });
});

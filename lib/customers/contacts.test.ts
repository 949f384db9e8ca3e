import { describe, expect, it } from "vitest";
import { makeActor, makeCustomer } from "@/lib/factories";
import { addContact, listContacts, removeContact } from "./contacts";
import { mergeCustomers } from "./merge";
import { exportCustomerData } from "./privacy";
import { listTimeline } from "./timeline";

describe("company contacts", () => {
  it("keeps one primary contact, moving it as contacts come and go", async () => {
    const rep = await makeActor("sales_rep");
    const company = await makeCustomer(rep, { kind: "company", name: "Jade Tea Trading" });
    const first = await addContact(rep, company.id, { name: "Wu Fang", title: "Buyer", email: "Wu.Fang@jade.example", phone: "13811112222" });
    expect(first).toMatchObject({ isPrimary: true, email: "wu.fang@jade.example", phone: "+8613811112222" });
    const second = await addContact(rep, company.id, { name: "Alice Zhou", isPrimary: "on" });
    const third = await addContact(rep, company.id, { name: "Bob Qian" });
    expect((await listContacts(rep, company.id)).map((contact) => [contact.name, contact.isPrimary])).toEqual([
      ["Alice Zhou", true],
      ["Bob Qian", false],
      ["Wu Fang", false],
    ]);
    await removeContact(rep, second.id);
    expect((await listContacts(rep, company.id)).find((contact) => contact.isPrimary)?.id).toBe(third.id);
    const timeline = await listTimeline(rep, company.id, { kind: "profile" });
    expect(timeline.entries.filter((entry) => entry.kind === "profile" && entry.change.action.startsWith("customer.contact_"))).toHaveLength(4);
    expect(first.id).toBeTruthy();
  });

  it("refuses contacts on a person, bad details, and agents; masks details for agents", async () => {
    const rep = await makeActor("sales_rep");
    const agent = await makeActor("support_agent");
    const person = await makeCustomer(rep, { kind: "person" });
    await expect(addContact(rep, person.id, { name: "X" })).rejects.toMatchObject({ message: "errors.notACompany" });
    const company = await makeCustomer(rep, { kind: "company" });
    await expect(addContact(rep, company.id, { name: "", email: "nope", phone: "1" })).rejects.toMatchObject({
      fieldErrors: { name: ["validation.required"], email: ["validation.email"], phone: ["validation.phone"] },
    });
    await expect(addContact(agent, company.id, { name: "Agent's friend" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await addContact(rep, company.id, { name: "Masked Person", email: "masked@example.com", phone: "13899990000" });
    expect((await listContacts(agent, company.id))[0]).toMatchObject({ email: "m***@example.com", phone: "+86 138****0000" });
  });

  it("move with a merge and appear in the privacy export", async () => {
    const manager = await makeActor("manager");
    const admin = await makeActor("admin");
    const keep = await makeCustomer(manager, { kind: "company", name: "Keep Co" });
    const old = await makeCustomer(manager, { kind: "company", name: "Keep Co (old)" });
    await addContact(manager, keep.id, { name: "Kept Primary" });
    await addContact(manager, old.id, { name: "Old Primary" });
    await mergeCustomers(manager, { keepId: keep.id, mergeId: old.id });
    expect((await listContacts(manager, keep.id)).map((contact) => [contact.name, contact.isPrimary])).toEqual([
      ["Kept Primary", true],
      ["Old Primary", false],
    ]);
    const data = await exportCustomerData(admin, keep.id);
    expect(data.contacts.map((contact) => contact.name)).toEqual(["Kept Primary", "Old Primary"]);
  });
});

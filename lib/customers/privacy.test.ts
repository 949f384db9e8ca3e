import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { makeActor, makeCustomer } from "@/lib/factories";
import { logActivity, recordConsent, restoreCustomer, updateCustomer } from "./commands";
import { createTicket, replyToTicket } from "@/lib/service/tickets";
import { createCustomField } from "./custom-fields";
import { exportCustomerData, eraseCustomer } from "./privacy";
import { getCustomer, listCustomers } from "./queries";

/** How many rows of every table in the database mention `text` anywhere. */
async function mentions(text: string): Promise<Record<string, number>> {
  const db = await getDb();
  const tables = (await db.execute(sql`select tablename from pg_tables where schemaname = 'public'`)) as unknown as
    | { rows: { tablename: string }[] }
    | { tablename: string }[];
  const names = (Array.isArray(tables) ? tables : tables.rows).map((row) => row.tablename);
  const found: Record<string, number> = {};
  for (const table of names) {
    const result = (await db.execute(sql`select count(*)::int as n from ${sql.identifier(table)} t where t::text ilike ${`%${text}%`}`)) as unknown as
      | { rows: { n: number }[] }
      | { n: number }[];
    const n = (Array.isArray(result) ? result : result.rows)[0]!.n;
    if (n > 0) found[table] = n;
  }
  return found;
}

/** A customer with personal data in every place it can be: profile, history, consent, activities. */
async function personWithHistory(surname: string, phone: string, birthday = "1985-04-12") {
  const rep = await makeActor("sales_rep");
  const name = `Ingrid ${surname}`;
  const email = `ingrid.${surname.toLowerCase()}@example.se`;
  const customer = await makeCustomer(rep, {
    name,
    email,
    phone,
    birthday,
    city: "Göteborg",
    addressLine: `${surname}gatan 12`,
    notes: `Prefers ${name} on the invoice`,
  });
  await updateCustomer(rep, customer.id, { name, email, phone, city: "Malmö" });
  await recordConsent(rep, customer.id, { channel: "email", granted: true, method: "web_form", note: `${name} signed up` });
  await logActivity(rep, customer.id, { kind: "call", subject: `Called ${name}`, body: `${email} asked for a refund` });
  const agent = await makeActor("support_agent");
  const ticket = await createTicket(agent, { customerId: customer.id, subject: `Refund for ${name}`, description: `${name} at ${phone} wants a refund`, channel: "phone" });
  await replyToTicket(agent, ticket.id, { body: `Dear ${name}, the refund is on its way.` });
  return customer;
}

describe("privacy requests", () => {
  it("export everything held about a customer as one document", async () => {
    const admin = await makeActor("admin");
    const customer = await personWithHistory("Exportson", "+46 70 111 22 33", "1970-01-02");
    const data = await exportCustomerData(admin, customer.id);
    expect(data.format).toBe("member-crm.customer-data/1");
    expect(data.customer).toMatchObject({ name: "Ingrid Exportson", email: "ingrid.exportson@example.se", city: "Malmö" });
    expect(data.consents).toHaveLength(1);
    expect(data.tickets).toMatchObject([{ subject: "Refund for Ingrid Exportson", messages: [{ authorKind: "staff", body: "Dear Ingrid Exportson, the refund is on its way." }] }]);
    expect(data.activities.map((activity) => activity.subject)).toEqual(["Called Ingrid Exportson"]);
    expect(data.history.map((entry) => entry.action)).toEqual(["customer.create", "customer.update", "customer.consent_given"]);
    expect(JSON.parse(JSON.stringify(data))).toBeTruthy();
  });

  it("erase personal data everywhere, keep the record and its number, and only after the name is typed", async () => {
    const admin = await makeActor("admin");
    const customer = await personWithHistory("Erasmus", "+46 70 123 45 67");
    await createCustomField(admin, { label: "Passport", key: "passport_no", type: "text" });
    await updateCustomer(admin, customer.id, { name: "Ingrid Erasmus", phone: "+46 70 123 45 67", customFields: { passport_no: "PX991ERA" } });
    expect(Object.keys(await mentions("Ingrid Erasmus")).length).toBeGreaterThan(0);
    expect(Object.keys(await mentions("PX991ERA")).length).toBeGreaterThan(0);

    await expect(eraseCustomer(admin, customer.id, { confirmName: "Ingrid" })).rejects.toMatchObject({
      fieldErrors: { confirmName: ["validation.confirmName"] },
    });
    expect((await getCustomer(admin, customer.id)).name).toBe("Ingrid Erasmus");

    const erased = await eraseCustomer(admin, customer.id, { confirmName: "Ingrid Erasmus" });
    expect(erased).toMatchObject({ number: customer.number, email: null, phone: null, birthday: null, emailConsent: false });
    expect(erased.erasedAt).toBeInstanceOf(Date);

    for (const text of ["Erasmus", "ingrid.erasmus@example.se", "46701234567", "1985-04-12", "PX991ERA"]) {
      expect({ text, found: await mentions(text) }).toEqual({ text, found: {} });
    }
    expect((await listCustomers(admin, { q: "C-" + String(customer.number).padStart(6, "0") })).total).toBe(0);
    await expect(restoreCustomer(admin, customer.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("are for admins only", async () => {
    const customer = await personWithHistory("Guarded", "+46 70 999 88 77", "1970-01-03");
    for (const role of ["manager", "sales_rep", "support_agent"] as const) {
      const actor = await makeActor(role);
      await expect(exportCustomerData(actor, customer.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(eraseCustomer(actor, customer.id, { confirmName: "Ingrid Guarded" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
  });
});

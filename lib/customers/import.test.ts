import http from "node:http";
import type { AddressInfo } from "node:net";
import { and, asc, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, customerChannels, customers, webhookDeliveries } from "@/db/schema";
import { makeActor, makeCustomer } from "@/lib/factories";
import { countWebhookOutbox } from "@/lib/integration/testing";
import { createWebhookEndpoint, deleteWebhookEndpoint } from "@/lib/integration/webhooks";
import { jobDefinitions } from "@/lib/jobs/registry";
import { createJobRunner } from "@/lib/jobs/runner";
import { addChannel } from "./channels";
import { createCustomField, deleteCustomField } from "./custom-fields";
import { checkImport, getImport, previewRows, runImport, startImport } from "./import";
import { listCustomers } from "./queries";

const csv = [
  "姓名,邮箱,手机,城市,标签",
  "Import Ada,ada.import@example.com,13900000001,Shanghai,vip",
  "Import Bo,bo.import@example.com,13900000002,Beijing,",
  ",nameless@example.com,13900000003,Shanghai,", // line 4: no name
  "Import Cy,not-an-email,13900000004,Shanghai,", // line 5: bad e-mail
  "Import Di,di.import@example.com,12,Shanghai,", // line 6: bad phone
  "Import Existing,existing.import@example.com,13900000005,Hangzhou,new",
].join("\n");

async function countCustomers() {
  const db = await getDb();
  return (await db.select({ n: count() }).from(customers))[0]!.n;
}

async function runJobs() {
  const db = await getDb();
  return createJobRunner({ db, definitions: jobDefinitions, workerId: "import-test" }).drain();
}

describe("CSV import", () => {
  it("guesses the mapping from the headers and previews the first rows", async () => {
    const admin = await makeActor("admin");
    const upload = await startImport(admin, { filename: "people.csv", content: `\uFEFF${csv}` });
    expect(upload).toMatchObject({ status: "uploaded", totalRows: 6, headers: ["姓名", "邮箱", "手机", "城市", "标签"] });
    expect(upload.mapping).toEqual({ name: 0, email: 1, phone: 2, city: 3, tags: 4 });
    expect(previewRows(upload, 2)).toEqual([
      { line: 2, values: { name: "Import Ada", email: "ada.import@example.com", phone: "13900000001", city: "Shanghai", tags: "vip" } },
      { line: 3, values: { name: "Import Bo", email: "bo.import@example.com", phone: "13900000002", city: "Beijing", tags: "" } },
    ]);
  });

  it("reports every bad row with its line number in a dry run, and writes no customer", async () => {
    const admin = await makeActor("admin");
    const before = await countCustomers();
    const upload = await startImport(admin, { filename: "people.csv", content: csv });
    const checked = await checkImport(admin, upload.id, { mapping: upload.mapping, onDuplicate: "skip" });
    expect(checked.errorCount).toBe(3);
    expect(checked.problems).toEqual([
      { line: 4, field: "name", message: "validation.required" },
      { line: 5, field: "email", message: "validation.email" },
      { line: 6, field: "phone", message: "validation.phone" },
    ]);
    expect(await countCustomers()).toBe(before);
  });

  it("imports the good rows in the background, updating duplicates when asked", async () => {
    const admin = await makeActor("admin");
    const existing = await makeCustomer(admin, { name: "Existing Person", email: "existing.import@example.com", city: "Suzhou", notes: "kept" });
    const upload = await startImport(admin, { filename: "people.csv", content: csv });
    await checkImport(admin, upload.id, { mapping: upload.mapping, onDuplicate: "update" });
    await runImport(admin, upload.id);
    await runJobs();

    const done = await getImport(admin, upload.id);
    expect(done).toMatchObject({ status: "done", processedRows: 6, createdCount: 2, updatedCount: 1, skippedCount: 0, errorCount: 3 });
    expect(done.problems.map((problem) => problem.line)).toEqual([4, 5, 6]);
    const ada = (await listCustomers(admin, { q: "Import Ada" })).rows[0];
    expect(ada).toMatchObject({ email: "ada.import@example.com", phone: "+8613900000001", city: "Shanghai", tags: ["vip"], source: "import" });
    const db = await getDb();
    const [updated] = await db.select().from(customers).where(eq(customers.id, existing.id));
    expect(updated).toMatchObject({ name: "Import Existing", city: "Hangzhou", tags: ["new"], notes: "kept" });
  });

  it("skips duplicates when asked, and refuses to run twice or before the dry run", async () => {
    const admin = await makeActor("admin");
    const upload = await startImport(admin, { filename: "again.csv", content: csv });
    await expect(runImport(admin, upload.id)).rejects.toMatchObject({ code: "INVALID_STATE" });
    await checkImport(admin, upload.id, { mapping: upload.mapping, onDuplicate: "skip" });
    await runImport(admin, upload.id);
    await expect(runImport(admin, upload.id)).rejects.toMatchObject({ code: "INVALID_STATE" });
    await runJobs();
    expect(await getImport(admin, upload.id)).toMatchObject({ createdCount: 0, skippedCount: 3, errorCount: 3 });
  });

  it("refuses empty and unreadable files, a mapping without a name, and people who may not import", async () => {
    const admin = await makeActor("admin");
    await expect(startImport(admin, { filename: "empty.csv", content: "name,email\n" })).rejects.toMatchObject({ message: "errors.importEmpty" });
    // No file chosen at all: the form's file field says so.
    await expect(startImport(admin, { filename: "", content: "" })).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { file: ["errors.importEmpty"] } });
    await expect(startImport(admin, { filename: "bad.csv", content: 'name\n"unclosed' })).rejects.toMatchObject({ message: "errors.importUnreadable" });
    const upload = await startImport(admin, { filename: "x.csv", content: csv });
    await expect(checkImport(admin, upload.id, { mapping: { email: 1 }, onDuplicate: "skip" })).rejects.toMatchObject({ code: "VALIDATION" });
    const rep = await makeActor("sales_rep");
    await expect(startImport(rep, { filename: "x.csv", content: csv })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(getImport(rep, upload.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("fills custom fields and further e-mails and phones, and checks them like the form does", async () => {
    const admin = await makeActor("admin");
    const card = await createCustomField(admin, { label: "Card no.", key: "card_no", type: "text", required: "on" });
    const size = await createCustomField(admin, { label: "Household", key: "household", type: "number" });
    const known = await makeCustomer(admin, { name: "Known Person", email: "known.primary@example.com", customFields: { card_no: "K-1", household: 2 } });
    await addChannel(admin, known.id, { kind: "email", value: "known.other@example.com" });
    const file = [
      "name,email,other emails,other phones,card no.,household",
      'Chan Mei,mei.chan@example.com,"mei@work.example.com; MEI@home.example.com","13900001001, 13900001002",M-77,4',
      "Chan Bad,bad.chan@example.com,not-an-email,12,,many", // line 3: four problems
      "Known Again,known.other@example.com,known.primary@example.com,13900001003,K-2,", // line 4: the known customer, by a further e-mail
    ].join("\n");

    try {
      const upload = await startImport(admin, { filename: "custom.csv", content: file });
      expect(upload.mapping).toEqual({ name: 0, email: 1, otherEmails: 2, otherPhones: 3, "custom.card_no": 4, "custom.household": 5 });

      // A required custom field must have a column; unknown fields are refused.
      const { "custom.card_no": _card, ...withoutCard } = upload.mapping;
      await expect(checkImport(admin, upload.id, { mapping: withoutCard, onDuplicate: "update" })).rejects.toMatchObject({
        fieldErrors: { mapping: ["errors.importNeedsRequiredField"] },
      });
      await expect(checkImport(admin, upload.id, { mapping: { ...upload.mapping, "custom.nope": 1 }, onDuplicate: "update" })).rejects.toMatchObject({
        code: "VALIDATION",
      });

      const checked = await checkImport(admin, upload.id, { mapping: upload.mapping, onDuplicate: "update" });
      expect(checked.problems).toEqual([
        { line: 3, field: "custom.card_no", message: "validation.required" },
        { line: 3, field: "custom.household", message: "validation.number" },
        { line: 3, field: "otherEmails", message: "validation.email" },
        { line: 3, field: "otherPhones", message: "validation.phone" },
      ]);
      await runImport(admin, upload.id);
      await runJobs();
      expect(await getImport(admin, upload.id)).toMatchObject({ status: "done", createdCount: 1, updatedCount: 1, errorCount: 1 });

      const db = await getDb();
      const channelsOf = (customerId: string) =>
        db
          .select({ kind: customerChannels.kind, value: customerChannels.value })
          .from(customerChannels)
          .where(eq(customerChannels.customerId, customerId))
          .orderBy(asc(customerChannels.kind), asc(customerChannels.value));
      const mei = (await listCustomers(admin, { q: "Chan Mei" })).rows[0]!;
      const [meiRow] = await db.select().from(customers).where(eq(customers.id, mei.id));
      expect(meiRow!.customFields).toEqual({ card_no: "M-77", household: 4 });
      expect(await channelsOf(mei.id)).toEqual([
        { kind: "email", value: "mei@home.example.com" },
        { kind: "email", value: "mei@work.example.com" },
        { kind: "phone", value: "+8613900001001" },
        { kind: "phone", value: "+8613900001002" },
      ]);
      const [created] = await db.select().from(auditLog).where(and(eq(auditLog.entityId, mei.id), eq(auditLog.action, "customer.import")));
      expect(created!.changes.otherPhone).toEqual({ before: null, after: ["+8613900001001", "+8613900001002"] });

      // The known customer is updated and its other values kept; the file swaps its e-mails.
      const [knownRow] = await db.select().from(customers).where(eq(customers.id, known.id));
      expect(knownRow).toMatchObject({ name: "Known Again", email: "known.other@example.com", customFields: { card_no: "K-2", household: 2 } });
      expect(await channelsOf(known.id)).toEqual([
        { kind: "email", value: "known.primary@example.com" },
        { kind: "phone", value: "+8613900001003" },
      ]);
    } finally {
      await deleteCustomField(admin, card.id);
      await deleteCustomField(admin, size.id);
    }
  });
});

describe("CSV import and webhooks", () => {
  async function importFile(admin: Awaited<ReturnType<typeof makeActor>>, content: string) {
    const upload = await startImport(admin, { filename: "hooked.csv", content });
    await checkImport(admin, upload.id, { mapping: upload.mapping, onDuplicate: "update" });
    await runImport(admin, upload.id);
    await runJobs();
    return getImport(admin, upload.id);
  }

  it("announce every customer created or updated, and write nothing when nobody subscribes", async () => {
    const admin = await makeActor("admin");
    const before = await countWebhookOutbox();
    expect(await importFile(admin, "name,email\nQuiet Qi,quiet.qi@example.com\n")).toMatchObject({ createdCount: 1 });
    expect(await countWebhookOutbox()).toEqual(before);

    // A receiver on this machine: the runner that imports also delivers.
    const received: string[] = [];
    const server = http.createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString()));
      request.on("end", () => {
        received.push(body);
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const endpoint = await createWebhookEndpoint(admin, { url: `http://127.0.0.1:${port}/hooks`, events: ["customer.created", "customer.updated"] });
    const existing = await makeCustomer(admin, { name: "Hooked Old", email: "hooked.old@example.com", city: "Suzhou" });
    try {
      const file = ["name,email,city", "Hooked New,hooked.new@example.com,Ningbo", "Hooked Two,hooked.two@example.com,Ningbo", "Hooked Old,hooked.old@example.com,Hangzhou"].join("\n");
      expect(await importFile(admin, file)).toMatchObject({ status: "done", createdCount: 2, updatedCount: 1 });
      const db = await getDb();
      const deliveries = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id));
      const payloads = deliveries.map((delivery) => delivery.payload as { type: string; data: { customerId: string; changed?: string[] } });
      const imported = await db.select({ id: customers.id, name: customers.name }).from(customers).where(eq(customers.city, "Ningbo"));
      // The factory's own customer.created, then the import's two created and one updated.
      expect(payloads.filter((payload) => payload.type === "customer.created").map((payload) => payload.data.customerId).sort()).toEqual([existing.id, ...imported.map((row) => row.id)].sort());
      expect(payloads.filter((payload) => payload.type === "customer.updated").map((payload) => payload.data)).toEqual([expect.objectContaining({ customerId: existing.id, changed: ["city"] })]);
      expect(received).toHaveLength(4);
      expect(deliveries.every((delivery) => delivery.status === "succeeded")).toBe(true);
    } finally {
      await deleteWebhookEndpoint(admin, endpoint.id);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

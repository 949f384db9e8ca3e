import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { customers } from "@/db/schema";
import { makeActor, makeCustomer } from "@/lib/factories";
import { jobDefinitions } from "@/lib/jobs/registry";
import { createJobRunner } from "@/lib/jobs/runner";
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
    await expect(startImport(admin, { filename: "bad.csv", content: 'name\n"unclosed' })).rejects.toMatchObject({ message: "errors.importUnreadable" });
    const upload = await startImport(admin, { filename: "x.csv", content: csv });
    await expect(checkImport(admin, upload.id, { mapping: { email: 1 }, onDuplicate: "skip" })).rejects.toMatchObject({ code: "VALIDATION" });
    const rep = await makeActor("sales_rep");
    await expect(startImport(rep, { filename: "x.csv", content: csv })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(getImport(rep, upload.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

import crypto from "node:crypto";
import { and, count, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, products } from "@/db/schema";
import { expectAppError } from "@/lib/expect-app-error";
import { makeActor } from "@/lib/factories";
import {
  createProduct,
  findProductsBySku,
  getProduct,
  importProducts,
  listProductCategories,
  listProducts,
  previewProductImport,
  searchProductsForOrder,
  updateProduct,
} from "./products";

/** A prefix no other test uses (Z is no hex digit, so no word of a name appears in it). */
const unique = () => `Z${crypto.randomBytes(3).toString("hex").toUpperCase()}`;

async function productCount() {
  const db = await getDb();
  return (await db.select({ n: count() }).from(products))[0]!.n;
}

async function auditsFor(action: string, entityId?: string) {
  const db = await getDb();
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), entityId ? eq(auditLog.entityId, entityId) : undefined));
}

describe("products", () => {
  it("creates a product in the organisation's currency and audits it", async () => {
    const manager = await makeActor("manager");
    const tag = unique();
    const product = await createProduct(manager, { sku: `${tag}-001`, name: "Jasmine tea 250 g", category: "Tea", price: "1,280.50", active: "on" });
    expect(product).toMatchObject({ sku: `${tag}-001`, name: "Jasmine tea 250 g", category: "Tea", price: 128_050, currency: "CNY", active: true });
    expect(await getProduct(manager, product.id)).toMatchObject({ id: product.id, price: 128_050 });
    const [audit] = await auditsFor("product.create", product.id);
    expect(audit!.changes).toMatchObject({ sku: { before: null, after: `${tag}-001` }, price: { before: null, after: 128_050 } });
  });

  it("makes a product active unless told otherwise, and reads a form's unticked box as inactive", async () => {
    const admin = await makeActor("admin");
    const tag = unique();
    expect(await createProduct(admin, { sku: `${tag}-A`, name: "Default", price: 10 })).toMatchObject({ active: true, price: 1000 });
    expect(await createProduct(admin, { sku: `${tag}-B`, name: "Off", price: "10", active: "false" })).toMatchObject({ active: false });
  });

  it("updates a product, recording what changed", async () => {
    const manager = await makeActor("manager");
    const tag = unique();
    const product = await createProduct(manager, { sku: `${tag}-1`, name: "Cup", price: "30", category: "Teaware" });
    const updated = await updateProduct(manager, product.id, { sku: `${tag}-1`, name: "Tea cup", price: "32.5", category: "", active: "false" });
    expect(updated).toMatchObject({ name: "Tea cup", price: 3250, category: null, active: false });
    const [audit] = await auditsFor("product.update", product.id);
    expect(audit!.changes).toEqual({
      name: { before: "Cup", after: "Tea cup" },
      price: { before: 3000, after: 3250 },
      category: { before: "Teaware", after: null },
      active: { before: true, after: false },
    });
  });

  it("refuses a SKU that another product has, in any case, on the SKU field", async () => {
    const manager = await makeActor("manager");
    const tag = unique();
    const first = await createProduct(manager, { sku: `${tag}-sku`, name: "First", price: "1" });
    const error = await expectAppError(createProduct(manager, { sku: `${tag}-SKU`, name: "Second", price: "1" }), "CONFLICT");
    expect(error.fieldErrors).toEqual({ sku: ["validation.productSkuTaken"] });
    const second = await createProduct(manager, { sku: `${tag}-other`, name: "Second", price: "1" });
    const clash = await expectAppError(updateProduct(manager, second.id, { sku: first.sku.toUpperCase(), name: "Second", price: "1" }), "CONFLICT");
    expect(clash.fieldErrors).toEqual({ sku: ["validation.productSkuTaken"] });
    // Its own SKU in another case is no clash.
    expect(await updateProduct(manager, first.id, { sku: first.sku.toUpperCase(), name: "First", price: "1" })).toMatchObject({ sku: first.sku.toUpperCase() });
  });

  it("reports every bad field, and writes nothing", async () => {
    const manager = await makeActor("manager");
    const before = await productCount();
    const error = await expectAppError(
      createProduct(manager, { sku: "has space", name: "", category: "x".repeat(61), price: "12.345" }),
      "VALIDATION",
    );
    expect(error.fieldErrors).toEqual({
      sku: ["validation.productSku"],
      name: ["validation.required"],
      category: ["validation.tooLong"],
      price: ["validation.amount"],
    });
    const negative = await expectAppError(createProduct(manager, { sku: unique(), name: "Minus", price: "-5" }), "VALIDATION");
    expect(negative.fieldErrors).toEqual({ price: ["validation.amount"] });
    const long = await expectAppError(createProduct(manager, { sku: "A".repeat(41), name: "N".repeat(161), price: "1" }), "VALIDATION");
    expect(long.fieldErrors).toEqual({ sku: ["validation.tooLong"], name: ["validation.tooLong"] });
    expect(await productCount()).toBe(before);
  });

  it("lets only managers and admins change the catalogue, and keeps members out of it", async () => {
    const manager = await makeActor("manager");
    const product = await createProduct(manager, { sku: unique(), name: "Guarded", price: "5" });
    const agent = await makeActor("support_agent");
    const rep = await makeActor("sales_rep");
    const member = await makeActor("member");
    await expectAppError(createProduct(agent, { sku: unique(), name: "No", price: "1" }), "FORBIDDEN");
    await expectAppError(createProduct(rep, { sku: unique(), name: "No", price: "1" }), "FORBIDDEN");
    await expectAppError(updateProduct(rep, product.id, { sku: product.sku, name: "No", price: "1" }), "FORBIDDEN");
    await expectAppError(listProducts(member, {}), "FORBIDDEN");
    await expectAppError(getProduct(member, product.id), "FORBIDDEN");
    await expectAppError(searchProductsForOrder(member, "Guarded"), "FORBIDDEN");
    await expectAppError(listProductCategories(member), "FORBIDDEN");
    expect((await listProducts(agent, { q: product.sku })).total).toBe(1);
    expect((await getProduct(rep, product.id)).name).toBe("Guarded");
  });

  it("answers not found for ids that do not exist or are not ids", async () => {
    const manager = await makeActor("manager");
    await expectAppError(getProduct(manager, "not-a-uuid"), "NOT_FOUND");
    await expectAppError(getProduct(manager, crypto.randomUUID()), "NOT_FOUND");
    await expectAppError(updateProduct(manager, crypto.randomUUID(), { sku: unique(), name: "Ghost", price: "1" }), "NOT_FOUND");
  });

  it("lists with search, category, status, sorting and pages", async () => {
    const manager = await makeActor("manager");
    const tag = unique();
    const category = `Cat ${tag}`;
    await createProduct(manager, { sku: `${tag}-C`, name: "Oolong", category, price: "50" });
    await createProduct(manager, { sku: `${tag}-A`, name: "green tea", category, price: "80" });
    await createProduct(manager, { sku: `${tag}-B`, name: "Black tea", category, price: "20" });
    await createProduct(manager, { sku: `${tag}-D`, name: "Old stock", category, price: "10", active: "false" });
    await createProduct(manager, { sku: `${tag}-E`, name: "Kettle", category: `Other ${tag}`, price: "200" });

    const skus = (result: Awaited<ReturnType<typeof listProducts>>) => result.rows.map((row) => row.sku.slice(tag.length + 1));
    expect(skus(await listProducts(manager, { q: tag }))).toEqual(["B", "A", "E", "C"]);
    expect(skus(await listProducts(manager, { q: tag.toLowerCase(), sort: "price", dir: "desc" }))).toEqual(["E", "A", "C", "B"]);
    expect(skus(await listProducts(manager, { q: tag, sort: "sku", dir: "desc", status: "all" }))).toEqual(["E", "D", "C", "B", "A"]);
    expect(skus(await listProducts(manager, { q: tag, status: "inactive" }))).toEqual(["D"]);
    expect(skus(await listProducts(manager, { category, sort: "price" }))).toEqual(["B", "C", "A"]);
    expect(skus(await listProducts(manager, { q: "TEA", category }))).toEqual(["B", "A"]);
    expect(skus(await listProducts(manager, { q: `${tag}-c` }))).toEqual(["C"]);

    const first = await listProducts(manager, { q: tag, status: "all", pageSize: "25", sort: "sku" });
    expect(first).toMatchObject({ total: 5, page: 1, pageCount: 1 });
    // A bad URL value falls back to the default instead of failing.
    const fallback = await listProducts(manager, { q: tag, sort: "colour", dir: "up", status: "gone", page: "-3", pageSize: "7" });
    expect(fallback.params).toMatchObject({ sort: "name", dir: "asc", status: "active", page: 1, pageSize: 25 });

    const categories = await listProductCategories(manager);
    expect(categories).toContain(category);
    expect(categories).toContain(`Other ${tag}`);
    expect(new Set(categories).size).toBe(categories.length);
  });

  it("pages through a long list without repeating a product", async () => {
    const manager = await makeActor("manager");
    const tag = unique();
    for (let index = 0; index < 27; index++) await createProduct(manager, { sku: `${tag}-${String(index).padStart(2, "0")}`, name: "Same name", price: "1" });
    const first = await listProducts(manager, { q: tag });
    const second = await listProducts(manager, { q: tag, page: 2 });
    expect(first).toMatchObject({ total: 27, pageCount: 2 });
    expect(first.rows).toHaveLength(25);
    expect(second.rows).toHaveLength(2);
    expect(new Set([...first.rows, ...second.rows].map((row) => row.id)).size).toBe(27);
  });

  it("treats % and _ in a search as text", async () => {
    const manager = await makeActor("manager");
    const tag = unique();
    await createProduct(manager, { sku: `${tag}_1`, name: "100% cotton", price: "1" });
    await createProduct(manager, { sku: `${tag}-2`, name: "1000 cotton", price: "1" });
    expect((await listProducts(manager, { q: "100% cot" })).rows.map((row) => row.name)).toEqual(["100% cotton"]);
    expect((await listProducts(manager, { q: `${tag}_` })).rows.map((row) => row.name)).toEqual(["100% cotton"]);
  });

  it("finds active products for an order line, an exact SKU first, at most 20", async () => {
    const manager = await makeActor("manager");
    const rep = await makeActor("sales_rep");
    const tag = unique();
    await createProduct(manager, { sku: `${tag}-X1`, name: `Alpha ${tag}`, category: "Tea", price: "9.90" });
    await createProduct(manager, { sku: `${tag}-X`, name: `Zeta ${tag}`, price: "5" });
    await createProduct(manager, { sku: `${tag}-OFF`, name: `Retired ${tag}`, price: "5", active: "false" });
    const found = await searchProductsForOrder(rep, `${tag}-x`);
    expect(found.map((row) => row.sku)).toEqual([`${tag}-X`, `${tag}-X1`]);
    expect(found[1]).toEqual({ id: expect.any(String), sku: `${tag}-X1`, name: `Alpha ${tag}`, category: "Tea", price: 990, currency: "CNY" });
    expect((await searchProductsForOrder(rep, `retired ${tag}`)).length).toBe(0);
    expect((await searchProductsForOrder(rep, `zeta ${tag.toLowerCase()}`)).map((row) => row.sku)).toEqual([`${tag}-X`]);

    for (let index = 0; index < 22; index++) await createProduct(manager, { sku: `${tag}-M${index}`, name: `Many ${tag}`, price: "1" });
    expect(await searchProductsForOrder(rep, `Many ${tag}`)).toHaveLength(20);
  });

  it("finds the active products of several SKUs at once, in any case, and leaves out the rest", async () => {
    const manager = await makeActor("manager");
    const rep = await makeActor("sales_rep");
    const tag = unique();
    const tea = await createProduct(manager, { sku: `${tag}-TEA`, name: "Tea", price: "9.90" });
    const cup = await createProduct(manager, { sku: `${tag}-cup`, name: "Cup", price: "5" });
    await createProduct(manager, { sku: `${tag}-OFF`, name: "Retired", price: "5", active: "false" });
    await createProduct(manager, { sku: `${tag}_X`, name: "Underscore", price: "1" });
    const found = await findProductsBySku(rep, [`${tag}-tea`, `${tag}-CUP`, ` ${tag}-Tea `, `${tag}-OFF`, `${tag}-NONE`, `${tag}-X`, ""]);
    expect(found.map((row) => row.id).sort()).toEqual([tea.id, cup.id].sort());
    expect(found.find((row) => row.id === tea.id)).toEqual({ id: tea.id, sku: `${tag}-TEA`, name: "Tea", category: null, price: 990, currency: "CNY" });
    expect(await findProductsBySku(rep, [])).toEqual([]);
    await expectAppError(findProductsBySku(await makeActor("member"), [`${tag}-TEA`]), "FORBIDDEN");
  });
});

describe("product CSV import", () => {
  it("previews a file: counts, problems with their lines and reasons, a sample, and changes nothing", async () => {
    const manager = await makeActor("manager");
    const tag = unique();
    await createProduct(manager, { sku: `${tag}-OLD`, name: "Existing", price: "1" });
    const csv = [
      "SKU, Name ,Category,Price,Active",
      `${tag}-1,Green tea,Tea,12.50,yes`,
      `${tag}-2,"Cup, large",Teaware,"1,200",0`,
      `,Nameless,Tea,5,`, // line 4: no SKU
      `${tag}-3,Bad price,Tea,12.345,true`, // line 5
      `${tag}-4,Bad flag,Tea,5,maybe`, // line 6
      `${tag}-1,Repeat,Tea,5,true`, // line 7: the SKU of line 2
      "",
      `${tag}-old,"Two`,
      `lines",,3,FALSE`,
      `bad sku!,,Tea,x,`, // line 11: three problems
    ].join("\r\n");
    const before = await productCount();
    const preview = await previewProductImport(manager, csv);
    expect(preview).toMatchObject({ rows: 8, valid: 3, errorCount: 7, toCreate: 2, toUpdate: 1 });
    expect(preview.errors).toEqual([
      { line: 4, field: "sku", message: "validation.required" },
      { line: 5, field: "price", message: "validation.amount" },
      { line: 6, field: "active", message: "validation.productActiveWord" },
      { line: 7, field: "sku", message: "validation.productSkuRepeated" },
      { line: 11, field: "sku", message: "validation.productSku" },
      { line: 11, field: "name", message: "validation.required" },
      { line: 11, field: "price", message: "validation.amount" },
    ]);
    expect(preview.sample).toEqual([
      { line: 2, sku: `${tag}-1`, name: "Green tea", category: "Tea", price: 1250, currency: "CNY", active: true, exists: false },
      { line: 3, sku: `${tag}-2`, name: "Cup, large", category: "Teaware", price: 120_000, currency: "CNY", active: false, exists: false },
      { line: 9, sku: `${tag}-old`, name: "Two\nlines", category: null, price: 300, currency: "CNY", active: false, exists: true },
    ]);
    expect(await productCount()).toBe(before);
  });

  it("reports header problems on line 1, and needs sku, name and price columns", async () => {
    const manager = await makeActor("manager");
    const preview = await previewProductImport(manager, "\uFEFFsku,Title,price,price\nA-1,Tea,1,2\n");
    expect(preview).toMatchObject({ rows: 1, valid: 0, toCreate: 0, sample: [] });
    expect(preview.errors).toEqual([
      { line: 1, field: "Title", message: "validation.importColumnUnknown" },
      { line: 1, field: "price", message: "validation.importColumnTwice" },
      { line: 1, field: "name", message: "validation.importColumnMissing" },
    ]);
  });

  it("refuses empty, unreadable and oversized files, and people who may not manage products", async () => {
    const manager = await makeActor("manager");
    await expectAppError(previewProductImport(manager, "sku,name,price\n"), "VALIDATION", "errors.importEmpty");
    await expectAppError(previewProductImport(manager, ""), "VALIDATION", "errors.importEmpty");
    await expectAppError(previewProductImport(manager, 'sku,name,price\n"unclosed,1,2'), "VALIDATION", "errors.importUnreadable");
    await expectAppError(previewProductImport(manager, 42), "VALIDATION");
    const full = ["sku,name,price", ...Array.from({ length: 10_000 }, (_, index) => `S${index},N,1`)];
    expect(await previewProductImport(manager, full.join("\n"))).toMatchObject({ rows: 10_000, errorCount: 0 });
    const tooMany = [...full, "S-last,N,1"].join("\n");
    await expectAppError(previewProductImport(manager, tooMany), "VALIDATION", "errors.productImportTooManyRows");
    await expectAppError(importProducts(manager, tooMany), "VALIDATION", "errors.productImportTooManyRows");
    const rep = await makeActor("sales_rep");
    await expectAppError(previewProductImport(rep, "sku,name,price\nA,B,1"), "FORBIDDEN");
    await expectAppError(importProducts(await makeActor("support_agent"), "sku,name,price\nA,B,1"), "FORBIDDEN");
  });

  it("creates and updates by SKU in any case, keeps columns the file lacks, and audits once", async () => {
    const admin = await makeActor("admin");
    const tag = unique();
    const kept = await createProduct(admin, { sku: `${tag}-keep`, name: "Keep", category: "Old category", price: "7", active: "false" });
    const same = await createProduct(admin, { sku: `${tag}-same`, name: "Same", price: "3" });
    const csv = ["name,sku,price", `Kept renamed,${tag}-KEEP,8`, `Same,${tag}-same,3`, `New one,${tag}-new,4.5`].join("\n");

    expect(await importProducts(admin, csv)).toEqual({ created: 1, updated: 1, unchanged: 1 });
    expect(await getProduct(admin, kept.id)).toMatchObject({ sku: `${tag}-keep`, name: "Kept renamed", category: "Old category", price: 800, active: false });
    expect(await getProduct(admin, same.id)).toMatchObject({ name: "Same", price: 300 });
    const created = (await listProducts(admin, { q: `${tag}-new` })).rows;
    expect(created).toEqual([expect.objectContaining({ name: "New one", category: null, price: 450, currency: "CNY", active: true })]);

    const db = await getDb();
    const imports = await db.select().from(auditLog).where(and(eq(auditLog.action, "product.import"), eq(auditLog.actorId, admin.kind === "user" ? admin.userId : "")));
    expect(imports).toHaveLength(1);
    expect(imports[0]!.changes).toMatchObject({ created: { after: 1 }, updated: { after: 1 }, unchanged: { after: 1 }, rows: { after: 3 } });

    // With the columns present, empty cells mean no category and active.
    expect(await importProducts(admin, `sku,name,price,category,active\n${tag}-keep,Kept renamed,8,,`)).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect(await getProduct(admin, kept.id)).toMatchObject({ category: null, active: true });
  });

  it("is all or nothing: one bad row refuses the whole file, naming every problem", async () => {
    const manager = await makeActor("manager");
    const tag = unique();
    const existing = await createProduct(manager, { sku: `${tag}-E`, name: "Existing", price: "1" });
    const before = await productCount();
    const [{ n: auditsBefore }] = (await (await getDb()).select({ n: count() }).from(auditLog).where(eq(auditLog.action, "product.import"))) as [{ n: number }];
    const csv = ["sku,name,price", `${tag}-E,Changed,2`, `${tag}-N,New,3`, `${tag}-N,Again,3`, `${tag}-Q,,-1`].join("\n");

    const error = await expectAppError(importProducts(manager, csv), "VALIDATION", "errors.productImportInvalid");
    expect(error.fieldErrors).toEqual({
      "lines.4.sku": ["validation.productSkuRepeated"],
      "lines.5.name": ["validation.required"],
      "lines.5.price": ["validation.amount"],
    });
    expect(await productCount()).toBe(before);
    expect(await getProduct(manager, existing.id)).toMatchObject({ name: "Existing", price: 100 });
    const db = await getDb();
    const [{ n: auditsAfter }] = (await db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, "product.import"))) as [{ n: number }];
    expect(auditsAfter).toBe(auditsBefore);
  });

  it("imports a large file in one go", async () => {
    const manager = await makeActor("manager");
    const tag = unique();
    const lines = Array.from({ length: 2500 }, (_, index) => `${tag}-${index},Bulk ${index},Bulk ${tag},${index}.5,${index % 2 ? "no" : "yes"}`);
    expect(await importProducts(manager, ["sku,name,category,price,active", ...lines].join("\n"))).toEqual({ created: 2500, updated: 0, unchanged: 0 });
    const again = lines.map((line, index) => (index < 1200 ? line.replace(`Bulk ${index},`, `Bulk ${index} v2,`) : line));
    expect(await importProducts(manager, ["sku,name,category,price,active", ...again].join("\n"))).toEqual({ created: 0, updated: 1200, unchanged: 1300 });
    const db = await getDb();
    const [row] = await db.select().from(products).where(eq(sql`lower(${products.sku})`, `${tag}-1199`.toLowerCase()));
    expect(row).toMatchObject({ name: "Bulk 1199 v2", price: 119_950, active: false, category: `Bulk ${tag}` });
    expect((await listProducts(manager, { category: `Bulk ${tag}`, status: "all" })).total).toBe(2500);
  });
});

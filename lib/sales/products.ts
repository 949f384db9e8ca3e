import "server-only";
import { likePattern } from "@/lib/like";
import crypto from "node:crypto";
import { parse } from "csv-parse/sync";
import { and, asc, count, desc, eq, ilike, inArray, isNotNull, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Database } from "@/db/client";
import { products, type Product } from "@/db/schema";
import { recordAudit } from "@/lib/audit/commands";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { AppError, uniqueViolation } from "@/lib/errors";
import { publishEvent } from "@/lib/events/publish";
import { readSetting } from "@/lib/settings/queries";
import { checkbox, isStorableText, moneyInput, optionalText, parseInput, requiredText, uuidParam } from "@/lib/validation";

const skuPattern = /^[A-Za-z0-9._-]+$/;

const sku = requiredText(40).refine((value) => skuPattern.test(value), { error: "validation.productSku" });

/** Ticked by default: JSON input that leaves it out makes an active product (forms say "false" outright). */
const activeFlag = z.preprocess((value) => value ?? true, checkbox);

/** A product as forms and the API send it; the price is major units of the organisation's currency. */
export const productInputSchemaFor = (currency: string) =>
  z.strictObject({
    sku,
    name: requiredText(160),
    category: optionalText(60),
    price: moneyInput(currency),
    active: activeFlag,
  });
export type ProductInput = z.input<ReturnType<typeof productInputSchemaFor>>;

export const productSortKeys = ["name", "sku", "price", "category"] as const;
export const productStatuses = ["active", "inactive", "all"] as const;
export const productPageSizes = [25, 50, 100] as const;

const blank = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

/** The list's URL state; a bad value falls back to its default instead of failing the page. */
export const productListParamsSchema = z.object({
  q: z.string().trim().max(100).refine(isStorableText).catch("").default(""),
  category: z.preprocess(blank, z.string().trim().max(60).refine(isStorableText).optional()).catch(undefined),
  status: z.enum(productStatuses).catch("active").default("active"),
  sort: z.enum(productSortKeys).catch("name").default("name"),
  dir: z.enum(["asc", "desc"]).catch("asc").default("asc"),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
  pageSize: z.coerce
    .number()
    .refine((size): size is (typeof productPageSizes)[number] => (productPageSizes as readonly number[]).includes(size))
    .catch(25)
    .default(25),
});
export type ProductListParams = z.output<typeof productListParamsSchema>;


function matches(q: string): SQL | undefined {
  if (!q) return undefined;
  const pattern = likePattern(q);
  return or(ilike(products.sku, pattern), ilike(products.name, pattern));
}

const sortColumns = {
  name: sql`lower(${products.name})`,
  sku: sql`lower(${products.sku})`,
  price: products.price,
  category: sql`lower(${products.category})`,
} as const;

export type ProductRow = Pick<Product, "id" | "sku" | "name" | "category" | "price" | "currency" | "active" | "updatedAt">;

export type ProductListResult = {
  rows: ProductRow[];
  total: number;
  page: number;
  pageCount: number;
  params: ProductListParams;
};

const rowColumns = {
  id: products.id,
  sku: products.sku,
  name: products.name,
  category: products.category,
  price: products.price,
  currency: products.currency,
  active: products.active,
  updatedAt: products.updatedAt,
};

export async function listProducts(actor: Actor, rawParams: unknown): Promise<ProductListResult> {
  assertCan(actor, "products.read");
  const params = productListParamsSchema.parse(rawParams ?? {});
  const db = await getDb();
  const where = and(
    params.status === "all" ? undefined : eq(products.active, params.status === "active"),
    params.category ? eq(products.category, params.category) : undefined,
    matches(params.q),
  );
  const order = params.dir === "asc" ? asc : desc;
  const [[totalRow], rows] = await Promise.all([
    db.select({ n: count() }).from(products).where(where),
    db
      .select(rowColumns)
      .from(products)
      .where(where)
      // The SKU is unique, so ties break the same way on every page.
      .orderBy(order(sortColumns[params.sort]), asc(sql`lower(${products.sku})`))
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
  ]);
  const total = totalRow?.n ?? 0;
  return { rows, total, page: params.page, pageCount: Math.max(1, Math.ceil(total / params.pageSize)), params };
}

/** Every category in use, for the list's filter and the forms' suggestions. */
export async function listProductCategories(actor: Actor): Promise<string[]> {
  assertCan(actor, "products.read");
  const db = await getDb();
  const rows = await db.selectDistinct({ category: products.category }).from(products).where(isNotNull(products.category)).orderBy(asc(products.category));
  return rows.map((row) => row.category!);
}

export async function getProduct(actor: Actor, id: unknown, db?: Database): Promise<Product> {
  assertCan(actor, "products.read");
  const productId = uuidParam.safeParse(id);
  if (!productId.success) throw new AppError("NOT_FOUND");
  const database = db ?? (await getDb());
  const [product] = await database.select().from(products).where(eq(products.id, productId.data));
  if (!product) throw new AppError("NOT_FOUND");
  return product;
}

export type ProductOption = Pick<Product, "id" | "sku" | "name" | "category" | "price" | "currency">;

/** Active products whose SKU or name contains `q`, for picking an order line; an exact SKU comes first. */
export async function searchProductsForOrder(actor: Actor, q: unknown): Promise<ProductOption[]> {
  assertCan(actor, "products.read");
  const text = z.string().trim().max(100).catch("").parse(q ?? "");
  const db = await getDb();
  return db
    .select({ id: products.id, sku: products.sku, name: products.name, category: products.category, price: products.price, currency: products.currency })
    .from(products)
    .where(and(eq(products.active, true), matches(text)))
    .orderBy(desc(sql`lower(${products.sku}) = ${text.toLowerCase()}`), asc(sql`lower(${products.name})`), asc(sql`lower(${products.sku})`))
    .limit(20);
}

/** The active products whose SKU is one of `skus`, in any case, in one query; a SKU with no such product is left out. */
export async function findProductsBySku(actor: Actor, skus: readonly string[]): Promise<ProductOption[]> {
  assertCan(actor, "products.read");
  const wanted = [...new Set(skus.map((value) => value.trim().toLowerCase()))].filter(Boolean);
  if (wanted.length === 0) return [];
  const db = await getDb();
  return db
    .select({ id: products.id, sku: products.sku, name: products.name, category: products.category, price: products.price, currency: products.currency })
    .from(products)
    .where(and(eq(products.active, true), inArray(sql`lower(${products.sku})`, wanted)));
}

const skuTaken = (error: unknown) => {
  if (uniqueViolation(error) === "products_sku_key") return new AppError("CONFLICT", "errors.CONFLICT", { sku: ["validation.productSkuTaken"] });
  return error;
};

async function parseProduct(input: unknown, db: Database) {
  const { currency } = await readSetting("organisation", db);
  const values = parseInput(productInputSchemaFor(currency), input);
  return { sku: values.sku, name: values.name, category: values.category ?? null, price: values.price, currency, active: values.active };
}

async function recordChange(tx: Database, actor: Actor, before: Product | null, after: Product) {
  await recordAudit(tx, actor, { action: before ? "product.update" : "product.create", entityType: "product", entityId: after.id, before, after });
  await publishEvent(tx, { type: before ? "product.updated" : "product.created", entityType: "product", entityId: after.id, permission: "products.read" });
}

export async function createProduct(actor: Actor, input: unknown): Promise<Product> {
  assertCan(actor, "products.manage");
  const db = await getDb();
  const values = await parseProduct(input, db);
  try {
    return await db.transaction(async (tx) => {
      const [product] = (await tx.insert(products).values(values).returning()) as [Product];
      await recordChange(tx, actor, null, product);
      return product;
    });
  } catch (error) {
    throw skuTaken(error);
  }
}

/** Changes a product; its price is then in the organisation's currency, whatever it was in before. */
export async function updateProduct(actor: Actor, id: unknown, input: unknown): Promise<Product> {
  assertCan(actor, "products.manage");
  const productId = uuidParam.safeParse(id);
  if (!productId.success) throw new AppError("NOT_FOUND");
  const db = await getDb();
  const values = await parseProduct(input, db);
  try {
    return await db.transaction(async (tx) => {
      const [before] = await tx.select().from(products).where(eq(products.id, productId.data)).for("update");
      if (!before) throw new AppError("NOT_FOUND");
      const [after] = (await tx.update(products).set(values).where(eq(products.id, before.id)).returning()) as [Product];
      await recordChange(tx, actor, before, after);
      return after;
    });
  } catch (error) {
    throw skuTaken(error);
  }
}

/* CSV import ------------------------------------------------------------------------------------ */

export const maxProductImportRows = 10_000;
const maxImportBytes = 5 * 1024 * 1024;
/** The preview lists this many problems; the count covers all of them. */
const maxProblemsShown = 500;
const sampleSize = 10;
const writeChunk = 1000;

const importColumns = ["sku", "name", "category", "price", "active"] as const;
type ImportColumn = (typeof importColumns)[number];
const requiredColumns: ImportColumn[] = ["sku", "name", "price"];

const csvTextSchema = z.string({ error: "validation.required" }).max(maxImportBytes, { error: "errors.productImportTooLarge" });

const flagWords: Record<string, boolean> = { true: true, yes: true, "1": true, false: false, no: false, "0": false };
/** `true/false/yes/no/1/0` in any case; an empty cell (or no such column) means active. */
const csvFlag = z.preprocess(
  (value) => (value === undefined || value === "" ? true : typeof value === "string" ? flagWords[value.toLowerCase()] : value),
  z.boolean({ error: "validation.productActiveWord" }),
);

/** A problem with the file: its line (1 is the header), the column, and a message key. */
export type ImportProblem = { line: number; field: string; message: string };

export type ImportRow = { line: number; sku: string; name: string; category: string | null; price: number; currency: string; active: boolean };

type ReadFile = { rows: number; columns: Set<ImportColumn>; valid: ImportRow[]; problems: ImportProblem[] };

function splitCsv(text: string): { line: number; cells: string[] }[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // One kind of line break, so that csv-parse counts lines the way an editor does.
    records = parse(text.replace(/\r\n?/g, "\n"), { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as typeof records;
  } catch {
    throw new AppError("VALIDATION", "errors.importUnreadable", { csv: ["errors.importUnreadable"] });
  }
  // csv-parse counts to a record's last line; a quoted field may span several.
  return records.map(({ record, info }) => ({ line: info.lines - record.join("").split("\n").length + 1, cells: record }));
}

/** Reads and checks the whole file against the catalogue's rules; changes nothing. */
function readProductCsv(text: string, currency: string): ReadFile {
  const [header, ...records] = splitCsv(text);
  if (!header || records.length === 0) throw new AppError("VALIDATION", "errors.importEmpty", { csv: ["errors.importEmpty"] });
  if (records.length > maxProductImportRows) throw new AppError("VALIDATION", "errors.productImportTooManyRows", { csv: ["errors.productImportTooManyRows"] });

  const problems: ImportProblem[] = [];
  const positions = new Map<ImportColumn, number>();
  header.cells.forEach((cell, index) => {
    const name = cell.trim().toLowerCase();
    if (!(importColumns as readonly string[]).includes(name)) problems.push({ line: header.line, field: cell, message: "validation.importColumnUnknown" });
    else if (positions.has(name as ImportColumn)) problems.push({ line: header.line, field: name, message: "validation.importColumnTwice" });
    else positions.set(name as ImportColumn, index);
  });
  for (const column of requiredColumns) {
    if (!positions.has(column)) problems.push({ line: header.line, field: column, message: "validation.importColumnMissing" });
  }
  const columns = new Set(positions.keys());
  if (problems.length) return { rows: records.length, columns, valid: [], problems };

  const schema = productInputSchemaFor(currency).extend({ active: csvFlag });
  const firstLineOf = new Map<string, number>();
  const valid: ImportRow[] = [];
  for (const { line, cells } of records) {
    const input = Object.fromEntries([...positions].map(([column, index]) => [column, cells[index] ?? ""]));
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push({ line, field: String(issue.path[0] ?? ""), message: issue.message });
      continue;
    }
    const key = parsed.data.sku.toLowerCase();
    if (firstLineOf.has(key)) {
      problems.push({ line, field: "sku", message: "validation.productSkuRepeated" });
      continue;
    }
    firstLineOf.set(key, line);
    const { sku: rowSku, name, category, price, active } = parsed.data;
    valid.push({ line, sku: rowSku, name, category: category ?? null, price, currency, active });
  }
  return { rows: records.length, columns, valid, problems };
}

async function existingBySku(db: Database, rows: ImportRow[], lock: boolean): Promise<Map<string, Product>> {
  const found: Product[] = [];
  for (let start = 0; start < rows.length; start += writeChunk) {
    const skus = rows.slice(start, start + writeChunk).map((row) => row.sku.toLowerCase());
    const query = db.select().from(products).where(inArray(sql`lower(${products.sku})`, skus));
    found.push(...(lock ? await query.for("update") : await query));
  }
  return new Map(found.map((product) => [product.sku.toLowerCase(), product]));
}

export type ProductImportPreview = {
  /** Data rows in the file (not counting the header). */
  rows: number;
  valid: number;
  /** Every problem is counted; the first 500 are listed. */
  errorCount: number;
  errors: ImportProblem[];
  /** What importing would do with the valid rows. */
  toCreate: number;
  toUpdate: number;
  sample: (ImportRow & { exists: boolean })[];
};

/** The dry run of `importProducts`: reads and checks every row, and says what would happen. */
export async function previewProductImport(actor: Actor, csvText: unknown): Promise<ProductImportPreview> {
  assertCan(actor, "products.manage");
  const text = parseInput(csvTextSchema, csvText);
  const db = await getDb();
  const { currency } = await readSetting("organisation", db);
  const file = readProductCsv(text, currency);
  const existing = await existingBySku(db, file.valid, false);
  const toUpdate = file.valid.filter((row) => existing.has(row.sku.toLowerCase())).length;
  return {
    rows: file.rows,
    valid: file.valid.length,
    errorCount: file.problems.length,
    errors: file.problems.slice(0, maxProblemsShown),
    toCreate: file.valid.length - toUpdate,
    toUpdate,
    sample: file.valid.slice(0, sampleSize).map((row) => ({ ...row, exists: existing.has(row.sku.toLowerCase()) })),
  };
}

export type ProductImportResult = { created: number; updated: number; unchanged: number };

/**
 * Creates or updates products by SKU (in any case) from a CSV file, all in one transaction: a file
 * with any bad row changes nothing. An update writes only the columns the file has.
 */
export async function importProducts(actor: Actor, csvText: unknown): Promise<ProductImportResult> {
  assertCan(actor, "products.manage");
  const text = parseInput(csvTextSchema, csvText);
  const db = await getDb();
  const { currency } = await readSetting("organisation", db);
  const file = readProductCsv(text, currency);
  if (file.problems.length) {
    const fieldErrors: Record<string, string[]> = {};
    for (const problem of file.problems.slice(0, maxProblemsShown)) (fieldErrors[`lines.${problem.line}.${problem.field}`] ??= []).push(problem.message);
    throw new AppError("VALIDATION", "errors.productImportInvalid", fieldErrors);
  }
  try {
    return await db.transaction(async (tx) => {
      const existing = await existingBySku(tx, file.valid, true);
      const toInsert: (typeof products.$inferInsert)[] = [];
      const toUpdate: Product[] = [];
      for (const row of file.valid) {
        const current = existing.get(row.sku.toLowerCase());
        if (!current) {
          toInsert.push({ sku: row.sku, name: row.name, category: row.category, price: row.price, currency: row.currency, active: row.active });
          continue;
        }
        const next = {
          ...current,
          name: row.name,
          price: row.price,
          currency: row.currency,
          category: file.columns.has("category") ? row.category : current.category,
          active: file.columns.has("active") ? row.active : current.active,
        };
        const changed = (["name", "category", "price", "currency", "active"] as const).some((field) => next[field] !== current[field]);
        if (changed) toUpdate.push(next);
      }
      for (let start = 0; start < toInsert.length; start += writeChunk) await tx.insert(products).values(toInsert.slice(start, start + writeChunk));
      for (let start = 0; start < toUpdate.length; start += writeChunk) await updateMany(tx, toUpdate.slice(start, start + writeChunk));

      const result = { created: toInsert.length, updated: toUpdate.length, unchanged: file.valid.length - toInsert.length - toUpdate.length };
      // One entry for the whole file: a row per product would bury the log under a large catalogue.
      const importId = crypto.randomUUID();
      await recordAudit(tx, actor, { action: "product.import", entityType: "product", entityId: importId, after: { rows: file.rows, ...result } });
      await publishEvent(tx, { type: "product.imported", entityType: "product", entityId: importId, permission: "products.read" });
      return result;
    });
  } catch (error) {
    // Someone added one of the file's SKUs while it was being imported.
    if (uniqueViolation(error) === "products_sku_key") throw new AppError("CONFLICT", "errors.productImportConflict", { csv: ["errors.productImportConflict"] });
    throw error;
  }
}

/** One statement for a chunk of updates instead of one per product. */
async function updateMany(tx: Database, rows: Product[]) {
  const values = sql.join(
    rows.map((row) => sql`(${row.id}::uuid, ${row.name}::text, ${row.category}::text, ${row.price}::bigint, ${row.currency}::text, ${row.active}::boolean)`),
    sql`, `,
  );
  await tx.execute(sql`
    update ${products} set
      name = v.name, category = v.category, price = v.price, currency = v.currency, active = v.active, updated_at = now()
    from (values ${values}) as v(id, name, category, price, currency, active)
    where ${products.id} = v.id`);
}

import crypto from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { connectPostgres, getDb, openPglite, type Connection, type Database } from "@/db/client";
import { openTestDatabase, testDatabaseUrl } from "@/db/testing/database";
import { addChannel } from "@/lib/customers/channels";
import { createCustomField } from "@/lib/customers/custom-fields";
import { makeActor, makeCustomer, makeMember, makeMemberAccount, makeProduct, seedActor } from "@/lib/factories";
import { redeemPoints } from "@/lib/membership/commands";
import { createCouponTemplate, issueCoupon } from "@/lib/membership/coupons";
import { verifyLedger } from "@/lib/membership/verify";
import { createOrder, payOrder, refundOrder } from "@/lib/sales/orders";
import { createTicket, mergeTicket, replyToTicket } from "@/lib/service/tickets";
import { requestPasswordReset } from "@/lib/users/password-reset";
import { readMigrations, readSequence, readSequenceNames, readTables, rowsOf, useValueSettings } from "./catalog";
import { backupDatabase, type TableProgress } from "./dump";
import { BackupError } from "./format";
import { readBackupHeader, restoreDatabase } from "./restore";

const onServer = Boolean(process.env.DATABASE_URL);
const folder = await fs.mkdtemp(path.join(os.tmpdir(), "crm-backup-"));
const backupFile = path.join(folder, "organisation.jsonl.gz");
const key = () => crypto.randomUUID();
/** A name with everything a text form has to escape: quotes, backslash, comma, braces, a newline, CJK. */
const trickyName = `王小明 "Tiny" O'Brien \\ {a,b}\nsecond line`;
const attachment = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0xff, 0x00, 0x5c]);

/** A small organisation with a row in every kind of table that matters, made through the domain functions. */
async function buildOrganisation() {
  const admin = await makeActor("admin");
  const rep = await makeActor("sales_rep");
  const manager = await makeActor("manager");
  const agent = await makeActor("support_agent");
  await createCustomField(admin, { label: "Card", key: "card_no", type: "text" });
  await createCustomField(admin, { label: "Household", key: "household", type: "number" });
  const { customer } = await makeMember(seedActor, { name: trickyName, tags: ["vip", "a,b", 'q"uote'], customFields: { card_no: "M-1001", household: "4" } });
  await addChannel(admin, customer.id, { kind: "email", value: "Work@Example.com", label: "Work" });
  await addChannel(admin, customer.id, { kind: "phone", value: "139 0000 2222" });

  // Earned (sign-up and two paid orders), refunded (one order) and redeemed points.
  const product = await makeProduct({ price: "89.90" });
  for (const refund of [false, true]) {
    const order = await createOrder(rep, { customerId: customer.id, channel: "store", lines: [{ productId: product.id, quantity: 2 }] });
    await payOrder(rep, order.id);
    if (refund) await refundOrder(manager, order.id, { reason: "Broken", idempotencyKey: key() });
  }
  await redeemPoints(seedActor, customer.id, { points: 50, idempotencyKey: key() });
  const template = await createCouponTemplate(seedActor, { name: `¥20 off ${key().slice(0, 6)}`, kind: "fixed", amountOff: "20", minSpend: "100", validDays: "30" });
  await issueCoupon(seedActor, customer.id, { templateId: template.id, idempotencyKey: key() });

  // Tickets with public and internal messages and an attachment; one merged into another (a self-reference).
  const ticket = await createTicket(agent, { customerId: customer.id, subject: "Card not scanning", description: "The till cannot read my card.", channel: "phone", priority: "high" }, [
    { filename: "card.png", bytes: attachment },
  ]);
  await replyToTicket(agent, ticket.id, { body: "Customer called twice already.", internal: "on" });
  await replyToTicket(agent, ticket.id, { body: "A new card is on its way." });
  const duplicate = await createTicket(agent, { customerId: customer.id, subject: "Card again", description: "Still broken.", channel: "email" });
  await mergeTicket(agent, duplicate.id, { intoId: ticket.id });

  // A member who signed up in the portal and asked for a new password: an e-mail waits to be sent.
  const { email } = await makeMemberAccount();
  await requestPasswordReset({ email }, "203.0.113.9");
  await makeCustomer(rep, { name: "Walk-in" });
}

/**
 * Every table's row count and a checksum of its rows' text, every sequence's state, and which
 * triggers, foreign keys and indexes exist (and are on): equal fingerprints mean equal databases.
 */
async function fingerprint(db: Database): Promise<Record<string, string>> {
  return db.transaction(async (tx) => {
    await useValueSettings(tx);
    const result: Record<string, string> = {};
    for (const table of await readTables(tx)) {
      const [row] = await rowsOf<{ n: string; md5: string }>(
        tx,
        sql.raw(`select count(*)::text as n, md5(coalesce(string_agg(t::text, E'\\n' order by t::text collate "C"), '')) as md5 from public."${table.name}" t`),
      );
      result[table.name] = `${row!.n} ${row!.md5}`;
    }
    for (const name of await readSequenceNames(tx)) {
      const sequence = await readSequence(tx, name);
      result[`sequence ${name}`] = `${sequence.lastValue} ${sequence.isCalled}`;
    }
    const [schema] = await rowsOf<{ triggers: string; keys: string; indexes: string }>(
      tx,
      sql`select
        (select string_agg(c.relname || '.' || t.tgname || '=' || t.tgenabled::text, ' ' order by c.relname, t.tgname) from pg_trigger t join pg_class c on c.oid = t.tgrelid where not t.tgisinternal) as triggers,
        (select string_agg(conname || ' ' || pg_get_constraintdef(oid), '; ' order by conname) from pg_constraint where contype = 'f') as keys,
        (select string_agg(indexdef, '; ' order by indexname) from pg_indexes where schemaname = 'public') as indexes`,
    );
    result.triggers = schema!.triggers;
    result["foreign keys"] = schema!.keys;
    result.indexes = schema!.indexes;
    return result;
  });
}

const ledgerSums = (db: Database) =>
  rowsOf<{ membership_id: string; total: string; rows: string }>(
    db,
    sql`select membership_id, sum(delta)::text as total, count(*)::text as rows from points_ledger group by membership_id order by membership_id`,
  );

/** A new, migrated, empty database of the kind under test (on a server, with its URL). */
async function freshDatabase(): Promise<Connection & { url?: string }> {
  const connection = await openTestDatabase(inject("databaseTemplate"));
  return onServer ? { ...connection, url: testDatabaseUrl() } : connection;
}

async function withFresh<T>(work: (target: Connection & { url?: string }) => Promise<T>): Promise<T> {
  const target = await freshDatabase();
  try {
    return await work(target);
  } finally {
    await target.close();
  }
}

/** Rewrites the lines of a backup (all but the header) with `edit`, into a new file. */
async function editedBackup(name: string, edit: (lines: string[]) => string[]): Promise<string> {
  const lines = gunzipSync(await fs.readFile(backupFile)).toString("utf8").trimEnd().split("\n");
  const file = path.join(folder, name);
  await fs.writeFile(file, gzipSync(`${[lines[0]!, ...edit(lines.slice(1))].join("\n")}\n`));
  return file;
}

/** Changes the rows of the first batch of `table` in a backup with `change`. */
const editRows = (table: string, change: (rows: (string | null)[][], columns: string[]) => void) => async (name: string) => {
  const header = JSON.parse(gunzipSync(await fs.readFile(backupFile)).toString("utf8").split("\n")[0]!) as { tables: { name: string; columns: { name: string }[] }[] };
  const columns = header.tables.find((candidate) => candidate.name === table)!.columns.map((column) => column.name);
  let done = false;
  return editedBackup(name, (lines) =>
    lines.map((line) => {
      const batch = JSON.parse(line) as { table?: string; rows?: (string | null)[][] };
      if (done || batch.table !== table) return line;
      done = true;
      change(batch.rows!, columns);
      return JSON.stringify(batch);
    }),
  );
};

let source: Record<string, string>;
let summary: Awaited<ReturnType<typeof backupDatabase>>;

beforeAll(async () => {
  await buildOrganisation();
  summary = await backupDatabase(await getDb(), backupFile);
  source = await fingerprint(await getDb());
}, 180_000);

afterAll(() => fs.rm(folder, { recursive: true, force: true }));

describe("backupDatabase and restoreDatabase", () => {
  it("copy every row, value and sequence exactly into an empty database, with its triggers and references back on", { timeout: 120_000 }, async () => {
    expect(summary.tables.find((table) => table.name === "points_ledger")!.rows).toBeGreaterThanOrEqual(4);
    expect(summary.rows).toBe(summary.tables.reduce((sum, table) => sum + table.rows, 0));
    expect(summary.tables.map((table) => table.name)).not.toContain("__drizzle_migrations");
    // The e-mails not yet sent are data: their jobs travel with the backup.
    const db = await getDb();
    const [queued] = await rowsOf<{ n: string }>(db, sql`select count(*)::text as n from jobs where status = 'queued'`);
    expect(Number(queued!.n)).toBeGreaterThan(0);

    await withFresh(async (target) => {
      const restored = await restoreDatabase(target.db, backupFile);
      expect(restored.rows).toBe(summary.rows);
      expect(await fingerprint(target.db)).toEqual(source);
      expect(await ledgerSums(target.db)).toEqual(await ledgerSums(db));
      expect((await verifyLedger(target.db)).problems).toEqual([]);
      const [customer] = await rowsOf<{ name: string; tags: string[] | string }>(target.db, sql`select name, tags::text as tags from customers where name = ${trickyName}`);
      expect(customer).toEqual({ name: trickyName, tags: '{vip,"a,b","q\\"uote"}' });
      const [file] = await rowsOf<{ hex: string }>(target.db, sql`select encode(data, 'hex') as hex from ticket_attachments`);
      expect(file!.hex).toBe(Buffer.from(attachment).toString("hex"));
      // The ledger is append-only again.
      await expect(target.db.execute(sql`delete from points_ledger`)).rejects.toThrow();
    });
  });

  it("refuse a database that holds data, and change nothing in it", async () => {
    const db = await getDb();
    await expect(restoreDatabase(db, backupFile)).rejects.toThrow(/holds data already \(\d+ rows in users, \d+ rows in customers, \d+ rows in audit_log\); a restore goes only into a new, empty database/);
    expect(await fingerprint(db)).toEqual(source);
  });

  it("refuse a database with other migrations than the backup, naming them", async () => {
    const applied = await readMigrations(await getDb());
    const last = applied.at(-1)!;
    expect(last.tag).toMatch(/^\d{4}_/);
    await withFresh(async (target) => {
      await target.db.execute(sql`delete from drizzle.__drizzle_migrations where created_at = ${last.createdAt}`);
      await target.db.execute(sql`insert into drizzle.__drizzle_migrations (hash, created_at) values ('x', 86400000)`);
      const refusal = restoreDatabase(target.db, backupFile);
      await expect(refusal).rejects.toThrow(BackupError);
      await expect(refusal).rejects.toThrow(
        `was written by another version of Member CRM: only the backup has ${last.tag}; only this database has the migration of 1970-01-02T00:00:00.000Z.`,
      );
      const [users] = await rowsOf<{ n: string }>(target.db, sql`select count(*)::text as n from users`);
      expect(users!.n).toBe("0");
    });
  });

  it("refuse foreign and damaged files, and a failed restore leaves the target as it was", { timeout: 120_000 }, async () => {
    const plain = path.join(folder, "notes.txt");
    await fs.writeFile(plain, "just some notes\n");
    const foreign = path.join(folder, "foreign.json.gz");
    await fs.writeFile(foreign, gzipSync('{"hello":"world"}\n'));
    const future = path.join(folder, "future.jsonl.gz");
    await fs.writeFile(future, gzipSync(`${JSON.stringify({ format: "member-crm-backup", version: 2 })}\n`));
    const whole = await fs.readFile(backupFile);
    const cut = path.join(folder, "cut.jsonl.gz");
    await fs.writeFile(cut, whole.subarray(0, Math.floor(whole.length * 0.8)));

    const cases: [string, string | RegExp][] = [
      [path.join(folder, "missing.jsonl.gz"), /missing\.jsonl\.gz does not exist\./],
      [plain, /notes\.txt is not a Member CRM backup \(it is not a gzip file\)\./],
      [foreign, /foreign\.json\.gz is not a Member CRM backup\./],
      [future, /is a backup in format version 2; this version of Member CRM reads version 1\./],
      [cut, /cut\.jsonl\.gz is damaged: it ends early/],
      [await editedBackup("no-end.jsonl.gz", (lines) => lines.slice(0, -1)), /no-end\.jsonl\.gz is damaged: it ends early/],
      [await editedBackup("short.jsonl.gz", (lines) => lines.filter((line) => !line.startsWith('{"table":"tickets"'))), /holds 0 rows of tickets, its header says 2/],
      [await editRows("users", ([row]) => void (row![0] = "not-a-uuid"))("bad-value.jsonl.gz"), /a row of users \(line \d+\) was refused: invalid input syntax for type uuid: "not-a-uuid"\. Nothing was restored\./],
      [
        await editRows("points_ledger", ([row], columns) => void (row![columns.indexOf("membership_id")] = crypto.randomUUID()))("dangling.jsonl.gz"),
        /its rows break the reference points_ledger_membership_id_memberships_id_fk/,
      ],
      [
        // Two ledger rows with one idempotency key: caught when the unique index is built again.
        await editRows("points_ledger", ([first, second], columns) => {
          for (const column of ["idempotency_scope", "idempotency_key"]) second![columns.indexOf(column)] = first![columns.indexOf(column)]!;
        })("twice.jsonl.gz"),
        /its rows break the index points_ledger_idempotency_key \(could not create unique index/,
      ],
      [await editRows("orders", ([row]) => void row!.pop())("narrow.jsonl.gz"), /holds a row of orders that does not have its \d+ columns/],
    ];
    await withFresh(async (target) => {
      const before = await fingerprint(target.db);
      expect(before.pipelines).toMatch(/^1 /);
      for (const [file, message] of cases) {
        await expect(restoreDatabase(target.db, file), path.basename(file)).rejects.toThrow(message);
      }
      // The rows the migrations wrote are still there, every trigger and reference too.
      expect(await fingerprint(target.db)).toEqual(before);
      // And the database still takes the good backup afterwards.
      await restoreDatabase(target.db, backupFile);
      expect(await fingerprint(target.db)).toEqual(source);
    });
  });
});

describe("backupDatabase", () => {
  it("writes over an existing file only when forced, and leaves nothing behind when it fails", async () => {
    const db = await getDb();
    const file = path.join(folder, "existing.jsonl.gz");
    await fs.writeFile(file, "keep me");
    await expect(backupDatabase(db, file)).rejects.toThrow(`${file} exists already; add --force to overwrite it.`);
    expect(await fs.readFile(file, "utf8")).toBe("keep me");
    await expect(backupDatabase(db, path.join(folder, "missing", "x.gz"))).rejects.toThrow(`The folder ${path.join(folder, "missing")} does not exist.`);

    const failing = ({ table }: TableProgress) => {
      if (table === "orders") throw new Error("disk full");
    };
    await expect(backupDatabase(db, file, { force: true, onProgress: failing })).rejects.toThrow("disk full");
    expect(await fs.readFile(file, "utf8")).toBe("keep me");
    await backupDatabase(db, file, { force: true });
    expect((await readBackupHeader(file)).rows).toBe(summary.rows);
    expect((await fs.readdir(folder)).filter((name) => name.includes(".partial"))).toEqual([]);
  });
});

describe.runIf(onServer)("on a PostgreSQL server", () => {
  it("move to the embedded database and back without a difference", { timeout: 120_000 }, async () => {
    const embedded = await openPglite();
    const again = path.join(folder, "from-embedded.jsonl.gz");
    try {
      await restoreDatabase(embedded.db, backupFile);
      expect(await fingerprint(embedded.db)).toEqual(source);
      await backupDatabase(embedded.db, again);
    } finally {
      await embedded.close();
    }
    await withFresh(async (target) => {
      await restoreDatabase(target.db, again);
      expect(await fingerprint(target.db)).toEqual(source);
    });
  });

  it("refuse, saying what is needed, a role that does not own the tables", async () => {
    const role = `crm_restorer_${crypto.randomBytes(4).toString("hex")}`;
    const admin = await connectPostgres(process.env.DATABASE_URL!, { max: 1 });
    await admin.db.execute(sql.raw(`create role ${role} login`));
    try {
      await withFresh(async (target) => {
        await target.db.execute(sql.raw(`grant usage on schema public, drizzle to ${role}; grant all on all tables in schema public, drizzle to ${role}; grant all on all sequences in schema public to ${role}`));
        const url = new URL(target.url!);
        url.username = role;
        const restorer = await connectPostgres(url.toString(), { max: 1 });
        try {
          await expect(restoreDatabase(restorer.db, backupFile)).rejects.toThrow(
            `A restore needs the database role that owns the tables (the one that ran the migrations) or a superuser; ${role} is neither`,
          );
        } finally {
          await restorer.close();
        }
        const [users] = await rowsOf<{ n: string }>(target.db, sql`select count(*)::text as n from users`);
        expect(users!.n).toBe("0");
      });
    } finally {
      await admin.db.execute(sql.raw(`drop role ${role}`));
      await admin.close();
    }
  });

  // Last: it writes to this file's database while the backup runs.
  it("take one snapshot while the app keeps writing", { timeout: 120_000 }, async () => {
    const db = await getDb();
    const during = path.join(folder, "during.jsonl.gz");
    let written = false;
    await backupDatabase(db, during, {
      onProgress: async () => {
        if (written) return;
        written = true;
        // Through another connection of the pool, committed while the backup reads.
        await makeCustomer(seedActor, { name: "Arrived during the backup" });
        await redeemPoints(seedActor, (await rowsOf<{ id: string }>(db, sql`select customer_id as id from memberships where balance >= 10 limit 1`))[0]!.id, {
          points: 10,
          idempotencyKey: key(),
        });
      },
    });
    expect(written).toBe(true);
    await withFresh(async (target) => {
      await restoreDatabase(target.db, during);
      expect(await fingerprint(target.db)).toEqual(source);
      expect((await verifyLedger(target.db)).problems).toEqual([]);
    });
    expect((await fingerprint(db)).customers).not.toBe(source.customers);
  });
});

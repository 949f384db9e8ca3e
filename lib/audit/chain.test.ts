import { and, asc, count, eq, isNull, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb, type Database } from "@/db/client";
import { auditLog, jobs } from "@/db/schema";
import { testDatabaseUrl } from "@/db/testing/database";
import type { Actor } from "@/lib/auth/permissions";
import { logActivity, updateCustomer } from "@/lib/customers/commands";
import { eraseCustomer } from "@/lib/customers/privacy";
import { makeActor, makeCustomer } from "@/lib/factories";
import { jobDefinitions, jobSchedules } from "@/lib/jobs/registry";
import { createJobRunner } from "@/lib/jobs/runner";
import { canonicalJson, erasureProofField, sealAudit, verifyAudit } from "./chain";
import { listAudit } from "./queries";

const rowsOf = <T>(result: unknown) => (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];

/** The database's own error under the query wrapper. */
async function failure(work: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await work;
  } catch (error) {
    let cause = error as { code?: string; message: string; cause?: unknown };
    while (cause.cause) cause = cause.cause as typeof cause;
    return { code: cause.code, message: cause.message };
  }
  throw new Error("The statement was not refused.");
}

/** Works as a superuser who switched triggers off, as someone tampering with the database would. */
async function asSuperuser(work: (tx: Database) => Promise<unknown>) {
  const db = await getDb();
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await work(tx);
  });
}

/** Keeps rows exactly as stored (microseconds included), to put them back after tampering. */
async function saved(ids: number[]) {
  const db = await getDb();
  const [row] = rowsOf<{ rows: string }>(await db.execute(sql`select jsonb_agg(to_jsonb(a))::text as rows from audit_log a where a.id = any(${`{${ids.join(",")}}`}::bigint[])`));
  return async () =>
    asSuperuser(async (tx) => {
      await tx.execute(sql`delete from audit_log where id = any(${`{${ids.join(",")}}`}::bigint[])`);
      await tx.execute(sql`insert into audit_log overriding system value select * from jsonb_populate_recordset(null::audit_log, ${row!.rows}::jsonb)`);
    });
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 250));

/**
 * Seals until `done`, by default until no row is left. On a shared server, a long transaction in
 * another database holds the snapshot's xmin, and with it sealing, back for a while.
 */
async function sealUntil(done?: () => Promise<boolean>, options?: { batchSize?: number }): Promise<number> {
  const db = await getDb();
  let total = 0;
  for (let attempt = 0; attempt < 80; attempt++) {
    total += (await sealAudit(db, options)).sealed;
    if (done ? await done() : (await db.select({ n: count() }).from(auditLog).where(isNull(auditLog.hash)))[0]!.n === 0) return total;
    await pause();
  }
  throw new Error("Audit rows stayed unsealed.");
}

async function sealedRows(limit = 3) {
  const db = await getDb();
  await sealUntil();
  return db.select().from(auditLog).where(sql`${auditLog.seq} is not null`).orderBy(asc(auditLog.seq)).limit(limit);
}

async function verified() {
  return verifyAudit(await getDb());
}

let admin: Actor;
async function someHistory() {
  admin ??= await makeActor("admin");
  const customer = await makeCustomer(admin, { email: "chain@example.test" });
  await updateCustomer(admin, customer.id, { name: customer.name, city: "Lund" });
  return customer;
}

describe("the audit log is append-only", () => {
  it("refuses UPDATE, DELETE and TRUNCATE, while a mutation still writes its row", async () => {
    const db = await getDb();
    const customer = await someHistory();
    const [row] = await db.select().from(auditLog).where(and(eq(auditLog.entityId, customer.id), eq(auditLog.action, "customer.create")));
    expect(row).toMatchObject({ actorLabel: admin.name, entityType: "customer", hash: null, seq: null });
    expect(row!.txId).toBeGreaterThan(0);

    const refused = { code: "42501", message: "audit_log is append-only" };
    expect(await failure(db.update(auditLog).set({ action: "customer.delete" }).where(eq(auditLog.id, row!.id)))).toEqual(refused);
    expect(await failure(db.update(auditLog).set({ changes: {} }).where(eq(auditLog.id, row!.id)))).toEqual(refused);
    expect(await failure(db.delete(auditLog).where(eq(auditLog.id, row!.id)))).toEqual(refused);
    expect(await failure(db.execute(sql`truncate audit_log`))).toEqual(refused);
    // Sealing may only fill the chain columns, once.
    const seal = { seq: 999_999, digest: "d", hash: "h" };
    expect(await failure(db.update(auditLog).set({ ...seal, action: "customer.delete" }).where(eq(auditLog.id, row!.id)))).toEqual(refused);
    await sealUntil();
    expect(await failure(db.update(auditLog).set(seal).where(eq(auditLog.id, row!.id)))).toEqual(refused);
    expect((await verified()).problems).toEqual([]);
  });

  it("lets an erasure rewrite `changes` and nothing else, only in a transaction that says so", async () => {
    const db = await getDb();
    const customer = await someHistory();
    const [row] = await db.select().from(auditLog).where(eq(auditLog.entityId, customer.id)).limit(1);
    const erasing = async (tx: Database) => void (await tx.execute(sql`select set_config('crm.audit_erasure', 'on', true)`));

    let rewritten = 0;
    const rollback = await failure(
      db.transaction(async (tx) => {
        await erasing(tx);
        rewritten = (await tx.update(auditLog).set({ changes: {} }).where(eq(auditLog.id, row!.id)).returning()).length;
        tx.rollback();
      }),
    );
    expect(rollback.message).toBe("Rollback");
    expect(rewritten).toBe(1);

    const refused = { code: "42501", message: "audit_log is append-only" };
    const other = db.transaction(async (tx) => {
      await erasing(tx);
      await tx.update(auditLog).set({ changes: {}, actorLabel: "someone else" }).where(eq(auditLog.id, row!.id));
    });
    expect(await failure(other)).toEqual(refused);
    // The setting ends with its transaction.
    expect(await failure(db.update(auditLog).set({ changes: {} }).where(eq(auditLog.id, row!.id)))).toEqual(refused);
  });
});

describe("the hash chain", () => {
  it("seals a fresh history, which then verifies clean", async () => {
    const db = await getDb();
    await someHistory();
    expect(await sealUntil()).toBeGreaterThan(0);
    expect(await sealAudit(db)).toEqual({ sealed: 0, busy: false });
    const [{ n }] = (await db.select({ n: count() }).from(auditLog)) as [{ n: number }];
    const verification = await verified();
    expect(verification).toMatchObject({ checked: n, unsealed: 0, problems: [] });
    expect(verification.head?.seq).toBe(n);
  });

  it("seals in batches, each chained to the one before", async () => {
    const db = await getDb();
    await someHistory();
    await someHistory();
    expect(await sealUntil(undefined, { batchSize: 2 })).toBeGreaterThanOrEqual(4);
    expect((await verifyAudit(db, { batchSize: 3 })).problems).toEqual([]);
  });

  it("names the row whose action was changed", async () => {
    const [, row] = await sealedRows();
    const restore = await saved([row!.id]);
    await asSuperuser((tx) => tx.update(auditLog).set({ action: "customer.restore" }).where(eq(auditLog.id, row!.id)));
    expect((await verified()).problems).toEqual([expect.objectContaining({ kind: "chain", id: String(row!.id), seq: row!.seq })]);
    await restore();
    expect((await verified()).problems).toEqual([]);
  });

  it("names the row whose changes were rewritten", async () => {
    const [row] = await sealedRows();
    const restore = await saved([row!.id]);
    await asSuperuser((tx) => tx.update(auditLog).set({ changes: { name: { before: null, after: "Someone else" } } }).where(eq(auditLog.id, row!.id)));
    const { problems } = await verified();
    expect(problems).toEqual([expect.objectContaining({ kind: "digest", id: String(row!.id) })]);
    expect(problems[0]!.message).toContain(`Row ${row!.id} `);
    await restore();
    expect((await verified()).problems).toEqual([]);
  });

  it("reports a deleted row as a gap before the row that followed it", async () => {
    const [, deleted, next] = await sealedRows();
    const restore = await saved([deleted!.id]);
    await asSuperuser((tx) => tx.delete(auditLog).where(eq(auditLog.id, deleted!.id)));
    const { problems } = await verified();
    expect(problems).toEqual([
      expect.objectContaining({ kind: "gap", id: String(next!.id), message: expect.stringContaining(`Position ${deleted!.seq} is missing`) }),
      expect.objectContaining({ kind: "chain", id: String(next!.id) }),
    ]);
    await restore();
    expect((await verified()).problems).toEqual([]);
  });

  it("names both rows when two swap their content, digests included", async () => {
    const [, first, second] = await sealedRows();
    const restore = await saved([first!.id, second!.id]);
    await asSuperuser((tx) =>
      tx.execute(sql`
        update audit_log a set actor_id = b.actor_id, actor_label = b.actor_label, action = b.action, entity_type = b.entity_type,
          entity_id = b.entity_id, changes = b.changes, digest = b.digest, ip = b.ip, created_at = b.created_at
        from audit_log b where (a.id, b.id) in ((${first!.id}, ${second!.id}), (${second!.id}, ${first!.id}))`),
    );
    expect((await verified()).problems).toEqual([
      expect.objectContaining({ kind: "chain", id: String(first!.id) }),
      expect.objectContaining({ kind: "chain", id: String(second!.id) }),
    ]);
    await restore();
    expect((await verified()).problems).toEqual([]);
  });

  it("seals rows restored from another cluster, whose transaction ids lie ahead of this one's", async () => {
    const db = await getDb();
    await db.execute(sql`
      insert into audit_log (actor_label, action, entity_type, entity_id, changes, tx_id)
      values ('restore', 'test.restored', 'test', 'restored', '{}', (pg_snapshot_xmax(pg_current_snapshot())::text)::bigint + 1000000)`);
    await sealUntil();
    const [row] = await db.select().from(auditLog).where(eq(auditLog.entityId, "restored"));
    expect(row!.seq).not.toBeNull();
    expect(await verified()).toMatchObject({ unsealed: 0, problems: [] });
  });

  it("hashes changes by their content, not by the order of their keys", () => {
    expect(canonicalJson({ b: [1, { z: null, a: "x" }], a: true })).toBe('{"a":true,"b":[1,{"a":"x","z":null}]}');
  });
});

describe("erasure and the chain", () => {
  it("leaves the chain verifiable after a customer is erased, and still catches tampering with a scrubbed row", async () => {
    const db = await getDb();
    const customer = await someHistory();
    await logActivity(admin, customer.id, { kind: "call", subject: `Called ${customer.name}`, body: "chain@example.test" });
    await sealUntil();

    await eraseCustomer(admin, customer.id, { confirmName: customer.name });
    await sealUntil();
    const [erasure] = await db.select().from(auditLog).where(and(eq(auditLog.entityId, customer.id), eq(auditLog.action, "customer.erase")));
    const scrubbedIds = Object.keys(erasure!.changes[erasureProofField]!.after as Record<string, string>);
    // The customer's creation, its update and the activity's creation held personal values.
    expect(scrubbedIds.length).toBe(3);
    const [scrubbed] = await db.select().from(auditLog).where(and(eq(auditLog.entityId, customer.id), eq(auditLog.action, "customer.create")));
    expect(scrubbedIds).toContain(String(scrubbed!.id));
    expect(scrubbed!.changes.email).toEqual({ before: "[erased]", after: "[erased]" });
    expect((await verified()).problems).toEqual([]);
    // The audit screen shows how many rows were scrubbed, not the digests.
    const listed = await listAudit(admin, { entityType: "customer", entityId: customer.id });
    expect(listed.rows.find((row) => row.action === "customer.erase")!.changes[erasureProofField]).toEqual({ before: null, after: 3 });

    const restore = await saved([scrubbed!.id]);
    await asSuperuser((tx) => tx.update(auditLog).set({ changes: { ...scrubbed!.changes, city: { before: null, after: "Malmö" } } }).where(eq(auditLog.id, scrubbed!.id)));
    expect((await verified()).problems).toEqual([expect.objectContaining({ kind: "digest", id: String(scrubbed!.id) })]);
    await restore();
    expect((await verified()).problems).toEqual([]);
  });
});

describe("sealing in the background", () => {
  it("runs every minute as a scheduled job", async () => {
    const db = await getDb();
    const customer = await someHistory();
    let clock = new Date();
    const runner = createJobRunner({
      db,
      definitions: jobDefinitions,
      schedules: jobSchedules.filter((schedule) => schedule.name === "audit.seal"),
      workerId: "audit-test",
      now: () => clock,
    });
    await runner.drain();
    const unsealed = () => db.select().from(auditLog).where(and(eq(auditLog.entityId, customer.id), isNull(auditLog.hash)));
    // Each minute the schedule comes round the job seals what it may (see `sealUntil`).
    for (let minute = 1; minute <= 40 && (await unsealed()).length > 0; minute++) {
      clock = new Date(clock.getTime() + 61_000);
      await runner.drain();
      if ((await unsealed()).length > 0) await pause();
    }
    expect(await unsealed()).toEqual([]);
    const runs = await db.select().from(jobs).where(eq(jobs.name, "audit.seal"));
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.every((job) => job.status === "succeeded")).toBe(true);
  });
});

// Transactions open side by side need a PostgreSQL server: CI runs this file again with DATABASE_URL set.
describe.runIf(process.env.DATABASE_URL)("sealing beside open transactions on PostgreSQL", () => {
  async function otherConnection() {
    const { default: postgres } = await import("postgres");
    return postgres(testDatabaseUrl(), { max: 2, onnotice: () => {} });
  }

  it("seals nothing written after a transaction still open, until it commits", async () => {
    const db = await getDb();
    const other = await otherConnection();
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    try {
      const before = await someHistory();
      let written!: () => void;
      const wrote = new Promise<void>((resolve) => (written = resolve));
      const open = other.begin(async (tx) => {
        await tx`insert into audit_log (actor_label, action, entity_type, entity_id, changes) values ('test', 'test.open', 'test', 'open-transaction', '{}')`;
        written();
        await gate;
      });
      await wrote;
      const after = await someHistory();

      const hashOf = async (entityId: string) => (await db.select({ hash: auditLog.hash, seq: auditLog.seq }).from(auditLog).where(eq(auditLog.entityId, entityId)).orderBy(asc(auditLog.id)))[0]!;
      await sealUntil(async () => (await hashOf(before.id)).hash !== null);
      expect((await hashOf(after.id)).hash).toBeNull();
      expect((await verified()).unsealed).toBeGreaterThanOrEqual(2);

      release();
      await open;
      await sealUntil();
      const opened = await hashOf("open-transaction");
      const later = await hashOf(after.id);
      expect(opened.seq).not.toBeNull();
      expect(later.seq).toBeGreaterThan(opened.seq!);
      expect(await verified()).toMatchObject({ unsealed: 0, problems: [] });
    } finally {
      release();
      await other.end();
    }
  });

  it("leaves the work to a process that is sealing already", async () => {
    const db = await getDb();
    const other = await otherConnection();
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    try {
      await someHistory();
      let locked!: () => void;
      const holding = new Promise<void>((resolve) => (locked = resolve));
      const sealing = other.begin(async (tx) => {
        await tx`select pg_advisory_xact_lock(hashtext('audit_log.seal'))`;
        locked();
        await gate;
      });
      await holding;
      expect(await sealAudit(db)).toEqual({ sealed: 0, busy: true });
      release();
      await sealing;
      expect(await sealUntil()).toBeGreaterThan(0);
    } finally {
      release();
      await other.end();
    }
  });
});

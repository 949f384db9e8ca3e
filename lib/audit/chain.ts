import "server-only";
import { createHash } from "node:crypto";
import { and, asc, count, desc, gt, isNotNull, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { auditLog } from "@/db/schema";
import { defineJob } from "@/lib/jobs/define";
import type { Changes } from "./diff";

/**
 * The audit log's hash chain. Rows are written without one: a chain computed inside the writing
 * transaction would need a lock held until commit, serialising every mutation. Instead a row is
 * sealed after its transaction ends. Its place is fixed by (tx_id, id), and only rows below the
 * oldest transaction still running are sealed, so a transaction that commits later can never
 * belong before a row already sealed. Sealing gives each row its `seq`, the `digest` of its
 * `changes` and a `hash` over the previous row's hash and its own fields; editing, deleting or
 * reordering sealed rows then breaks the chain where it happened.
 */

const batchSize = 5_000;

/** The field of an erasure's own audit row that lists the rows it scrubbed: `{ [id]: digest }`. */
export const erasureProofField = "scrubbedAudit";
/** Actions whose rows may vouch for the rows they scrubbed. */
const erasureActions = new Set(["customer.erase"]);

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/**
 * JSON with the keys of every object in sorted order, so one value always has one text: jsonb
 * keeps keys in its own order, and a value read back after a restore must hash the same.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? "null" : canonicalJson(item))).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    const entries = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** The digest of an audit row's `changes`, as sealed with it. */
export const changesDigest = (changes: unknown) => sha256(canonicalJson(changes));

type ChainedFields = {
  seq: number;
  id: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string;
  digest: string | null;
  ip: string | null;
  createdAt: string;
};

/** A row's hash: the previous row's hash and the row's own fields, serialised one way only. */
function chainHash(previous: string, row: ChainedFields): string {
  const { seq, id, actorId, actorLabel, action, entityType, entityId, digest, ip, createdAt } = row;
  return sha256(JSON.stringify([previous, String(seq), id, actorId, actorLabel, action, entityType, entityId, digest, ip, createdAt]));
}

/**
 * The columns the chain covers, as text: ids beyond 2^53 stay exact, `changes` arrives as the
 * database's text whichever driver reads it, and the time keeps its microseconds, in UTC.
 */
const chainColumns = {
  id: sql<string>`${auditLog.id}::text`,
  actorId: sql<string | null>`${auditLog.actorId}::text`,
  actorLabel: auditLog.actorLabel,
  action: auditLog.action,
  entityType: auditLog.entityType,
  entityId: auditLog.entityId,
  changes: sql<string>`${auditLog.changes}::text`,
  ip: auditLog.ip,
  createdAt: sql<string>`to_char(${auditLog.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
};

/** Postgres array literal of values that hold no comma, quote or brace (numbers, hex digests). */
const arrayLiteral = (values: (string | number)[]) => `{${values.join(",")}}`;

// postgres.js answers `execute` with the rows, PGlite with an object holding them.
const rowsOf = <T>(result: unknown) => (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];

/**
 * Rows whose place in the chain is final, judged by the snapshot of the statement that reads them:
 * every transaction below its xmin has ended, so none of them can still add a row. A visible row
 * at or above its xmax cannot come from this database's transactions at all: it was restored from
 * another cluster, whose transactions have long ended, and would otherwise wait until this
 * cluster's ids overtake its own.
 */
const sealable = sql`(${auditLog.txId} < (pg_snapshot_xmin(pg_current_snapshot())::text)::bigint or ${auditLog.txId} >= (pg_snapshot_xmax(pg_current_snapshot())::text)::bigint)`;

export type SealResult = {
  sealed: number;
  /** Another process held the sealing lock, so this one left the work to it. */
  busy: boolean;
};

/**
 * Seals every audit row whose transaction, and every transaction before it, has ended. Each batch
 * runs in its own transaction under an advisory lock; when another process holds it, this one
 * stops, as that process is sealing the same rows.
 */
export async function sealAudit(db: Database, options: { batchSize?: number } = {}): Promise<SealResult> {
  const size = options.batchSize ?? batchSize;
  let sealed = 0;
  for (;;) {
    const done = await db.transaction(async (tx) => {
      const [state] = rowsOf<{ locked: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(hashtext('audit_log.seal')) as locked`));
      if (!state!.locked) return null;
      const [head] = await tx
        .select({ seq: auditLog.seq, hash: auditLog.hash })
        .from(auditLog)
        .where(isNotNull(auditLog.seq))
        .orderBy(desc(auditLog.seq))
        .limit(1);
      const rows = await tx
        .select(chainColumns)
        .from(auditLog)
        .where(and(isNull(auditLog.hash), sealable))
        .orderBy(asc(auditLog.txId), asc(auditLog.id))
        .limit(size);
      if (rows.length === 0) return 0;

      let seq = head?.seq ?? 0;
      let previous = head?.hash ?? "";
      const seqs: number[] = [];
      const digests: string[] = [];
      const hashes: string[] = [];
      for (const row of rows) {
        seq += 1;
        const digest = changesDigest(JSON.parse(row.changes));
        previous = chainHash(previous, { ...row, seq, digest });
        seqs.push(seq);
        digests.push(digest);
        hashes.push(previous);
      }
      const updated = rowsOf<{ id: string }>(
        await tx.execute(sql`
          update ${auditLog} set seq = u.seq, digest = u.digest, hash = u.hash
          from unnest(${arrayLiteral(rows.map((row) => row.id))}::bigint[], ${arrayLiteral(seqs)}::bigint[], ${arrayLiteral(digests)}::text[], ${arrayLiteral(hashes)}::text[])
            as u(id, seq, digest, hash)
          where ${auditLog.id} = u.id and ${auditLog.hash} is null
          returning ${auditLog.id}`),
      );
      // Each hash builds on the one before: a row missed would leave the rest chained to nothing.
      if (updated.length !== rows.length) throw new Error(`Sealed ${updated.length} of ${rows.length} audit rows; the batch was rolled back.`);
      return rows.length;
    });
    if (done === null) return { sealed, busy: true };
    sealed += done;
    if (done < size) return { sealed, busy: false };
  }
}

/** Seals the audit log every minute, so tampering is detectable soon after a change is made. */
export const sealAuditJob = defineJob({
  name: "audit.seal",
  payload: z.object({}).strict(),
  maxAttempts: 3,
  async run(_payload, { db }) {
    await sealAudit(db);
  },
});

export type AuditProblem = {
  kind: "gap" | "chain" | "digest";
  /** The audit row (its id) where the problem shows. */
  id: string;
  seq: number;
  message: string;
};

export type AuditVerification = {
  /** Sealed rows walked. */
  checked: number;
  /** Rows not sealed yet: their transaction, or one before it, was still open at the last seal. */
  unsealed: number;
  /** The newest sealed row, to note down elsewhere: removing rows from the end leaves no gap. */
  head: { id: string; seq: number; hash: string } | null;
  problems: AuditProblem[];
};

const proofSchema = z.record(z.string(), z.string());

/** The rows an erasure's audit row vouches for, with the digest each had after the erasure. */
function vouchedBy(changes: unknown): Record<string, string> {
  const proof = (changes as Changes | null)?.[erasureProofField]?.after;
  const parsed = proofSchema.safeParse(proof);
  return parsed.success ? parsed.data : {};
}

/**
 * Walks the sealed rows in chain order and reports every place the chain does not hold: a
 * missing position, a hash that does not follow, or `changes` that no longer match their digest.
 * An erasure rewrites `changes` of rows that may be sealed already; such a row passes only when a
 * later erasure row names it with exactly the digest its `changes` have now.
 */
export async function verifyAudit(db: Database, options: { batchSize?: number } = {}): Promise<AuditVerification> {
  const size = options.batchSize ?? batchSize;
  // One snapshot for the whole walk, so an erasure committing half-way cannot show half its work.
  return db.transaction(
    async (tx) => {
      const problems: AuditProblem[] = [];
      const mismatched = new Map<string, { seq: number; digest: string }>();
      let previous = null as AuditVerification["head"];
      let checked = 0;
      for (;;) {
        const rows = await tx
          .select({ ...chainColumns, seq: sql<string>`${auditLog.seq}::text`, digest: auditLog.digest, hash: auditLog.hash })
          .from(auditLog)
          .where(gt(auditLog.seq, previous?.seq ?? 0))
          .orderBy(asc(auditLog.seq))
          .limit(size);
        for (const row of rows) {
          const seq = Number(row.seq);
          const expectedSeq = (previous?.seq ?? 0) + 1;
          if (seq !== expectedSeq) {
            const span = seq - 1 === expectedSeq ? `Position ${expectedSeq} is` : `Positions ${expectedSeq}–${seq - 1} are`;
            problems.push({ kind: "gap", id: row.id, seq, message: `${span} missing from the chain, before row ${row.id}: rows were deleted.` });
          }
          const changes: unknown = JSON.parse(row.changes);
          const digest = changesDigest(changes);
          if (digest !== row.digest) mismatched.set(row.id, { seq, digest });
          if (row.hash !== chainHash(previous?.hash ?? "", { ...row, seq })) {
            problems.push({ kind: "chain", id: row.id, seq, message: `Row ${row.id} (position ${seq}): its hash does not follow from the row before it; this row or the one before was changed.` });
          }
          if (erasureActions.has(row.action)) {
            for (const [id, vouched] of Object.entries(vouchedBy(changes))) {
              if (mismatched.get(id)?.digest === vouched) mismatched.delete(id);
            }
          }
          previous = { id: row.id, seq, hash: row.hash ?? "" };
        }
        checked += rows.length;
        if (rows.length < size) break;
      }
      for (const [id, { seq }] of mismatched) {
        problems.push({ kind: "digest", id, seq, message: `Row ${id} (position ${seq}): its changes do not match the digest sealed with them.` });
      }
      problems.sort((a, b) => a.seq - b.seq);
      const [unsealed] = await tx.select({ n: count() }).from(auditLog).where(isNull(auditLog.hash));
      return { checked, unsealed: unsealed?.n ?? 0, head: previous, problems };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}

/** `changes` as people read them: an erasure's list of digests shows as the number of rows it scrubbed. */
export function displayedChanges(changes: Changes): Changes {
  const proof = changes[erasureProofField];
  if (!proof) return changes;
  return { ...changes, [erasureProofField]: { before: null, after: Object.keys(vouchedBy(changes)).length } };
}


import "server-only";
import { stringify } from "csv-stringify/sync";
import { and, asc, count, eq, gt, gte } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { auditLog, customers, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/commands";
import { assertCan, can, type Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { readSetting } from "@/lib/settings/queries";
import { customerFilterCondition } from "./queries";
import { formatCustomerNumber, maskContact } from "./rules";
import { activeFilters, customerFilterSchema } from "./schemas";
import { getSegment } from "./segments";

const batchSize = 1000;
/** Exports one person may start per minute. */
export const exportsPerMinute = 5;

export const exportParamsSchema = customerFilterSchema.extend({ segment: z.uuid().optional().catch(undefined) });

const columns = ["number", "name", "kind", "email", "phone", "country", "province", "city", "source", "stage", "tags", "owner", "created_at"];

/**
 * The customers a list or segment shows, as CSV (UTF-8 with a byte-order mark, so spreadsheet
 * programs read Chinese names), streamed in batches so that memory stays flat however many there
 * are. Contact details are masked for those without access to them. Audited and rate limited.
 */
export async function exportCustomers(actor: Actor, rawParams: unknown): Promise<{ filename: string; stream: ReadableStream<Uint8Array> }> {
  assertCan(actor, "customers.export");
  const params = exportParamsSchema.parse(rawParams ?? {});
  const filter = params.segment ? (await getSegment(actor, params.segment)).filter : params;
  const db = await getDb();
  const organisation = await readSetting("organisation", db);

  await db.transaction(async (tx) => {
    if (actor.kind === "user") {
      const [recent] = await tx
        .select({ n: count() })
        .from(auditLog)
        .where(and(eq(auditLog.actorId, actor.userId), eq(auditLog.action, "customer.export"), gte(auditLog.createdAt, new Date(Date.now() - 60_000))));
      if ((recent?.n ?? 0) >= exportsPerMinute) throw new AppError("RATE_LIMITED");
    }
    await recordAudit(tx, actor, {
      action: "customer.export",
      entityType: "export",
      entityId: params.segment ?? "customers",
      after: { filters: activeFilters(filter) },
    });
  });

  const where = customerFilterCondition(actor, filter, organisation);
  const masked = !can(actor, "customers.pii.read");
  const encoder = new TextEncoder();
  let lastNumber = 0;
  let first = true;

  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const rows = await db
        .select({ customer: customers, owner: users.name })
        .from(customers)
        .leftJoin(users, eq(users.id, customers.ownerId))
        .where(and(where, gt(customers.number, lastNumber)))
        .orderBy(asc(customers.number))
        .limit(batchSize);
      const records = rows.map(({ customer, owner }) => {
        const shown = masked ? maskContact(customer) : customer;
        return [
          formatCustomerNumber(customer.number),
          customer.name,
          customer.kind,
          shown.email ?? "",
          shown.phone ?? "",
          customer.country ?? "",
          customer.province ?? "",
          customer.city ?? "",
          customer.source,
          customer.lifecycleStage,
          customer.tags.join(", "),
          owner ?? "",
          customer.createdAt.toISOString(),
        ];
      });
      const text = stringify(records, { header: first, columns });
      controller.enqueue(encoder.encode(first ? `\uFEFF${text}` : text));
      first = false;
      if (rows.length < batchSize) controller.close();
      else lastNumber = rows.at(-1)!.customer.number;
    },
  });
  const day = new Date().toISOString().slice(0, 10);
  return { filename: `customers-${day}.csv`, stream };
}

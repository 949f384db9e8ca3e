import "server-only";
import { count, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { mailOutbox, mailStatuses } from "@/db/schema";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { uuidParam } from "@/lib/validation";
import { mailTransport } from "./transport";

export const outboxListParamsSchema = z.object({
  status: z.enum(mailStatuses).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

const pageSize = 50;

export async function listOutbox(actor: Actor, rawParams: unknown) {
  assertCan(actor, "outbox.read");
  const params = outboxListParamsSchema.parse(rawParams ?? {});
  const db = await getDb();
  const where = params.status ? eq(mailOutbox.status, params.status) : undefined;
  const [rows, [totalRow]] = await Promise.all([
    db
      .select({
        id: mailOutbox.id,
        toAddress: mailOutbox.toAddress,
        subject: mailOutbox.subject,
        status: mailOutbox.status,
        attempts: mailOutbox.attempts,
        createdAt: mailOutbox.createdAt,
        sentAt: mailOutbox.sentAt,
      })
      .from(mailOutbox)
      .where(where)
      .orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.id))
      .limit(pageSize)
      .offset((params.page - 1) * pageSize),
    db.select({ n: count() }).from(mailOutbox).where(where),
  ]);
  const total = totalRow?.n ?? 0;
  return { rows, total, params, page: params.page, pageCount: Math.max(1, Math.ceil(total / pageSize)), smtpConfigured: mailTransport() !== null };
}

export async function getOutboxMail(actor: Actor, id: unknown) {
  assertCan(actor, "outbox.read");
  const mailId = uuidParam.safeParse(id);
  if (!mailId.success) throw new AppError("NOT_FOUND");
  const db = await getDb();
  const [mail] = await db.select().from(mailOutbox).where(eq(mailOutbox.id, mailId.data));
  if (!mail) throw new AppError("NOT_FOUND");
  return mail;
}

import "server-only";
import { inArray, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { mailOutbox } from "@/db/schema";
import type { Locale } from "@/lib/i18n/locales";
import { enqueue } from "@/lib/jobs/queue";
import { sendMailJob } from "./jobs";
import { renderMail, type MailTemplate, type MailTemplates } from "./templates";

/**
 * Writes an e-mail to the outbox and queues its sending, in the caller's transaction: the mail
 * exists, and goes out, only if the change that wrote it commits.
 */
export async function queueMail<T extends MailTemplate>(
  tx: Database,
  mail: { to: string; locale: Locale; template: T; context: MailTemplates[T] },
): Promise<string> {
  const rendered = renderMail(mail.template, mail.context, mail.locale);
  const [row] = await tx
    .insert(mailOutbox)
    .values({ template: mail.template, locale: mail.locale, toAddress: mail.to, ...rendered })
    .returning({ id: mailOutbox.id });
  await enqueue(tx, sendMailJob, { outboxId: row!.id });
  return row!.id;
}

/**
 * Overwrites the e-mails written to `addresses` (lower-case) with `erasedText`, for an erasure on
 * request; those not yet sent never go.
 */
export async function eraseMailTo(tx: Database, addresses: string[], erasedText: string) {
  if (addresses.length === 0) return;
  await tx
    .update(mailOutbox)
    .set({
      toAddress: erasedText,
      subject: erasedText,
      html: erasedText,
      text: erasedText,
      status: sql`case when ${mailOutbox.status} = 'sent' then 'sent'::mail_status else 'failed'::mail_status end`,
      lastError: sql`case when ${mailOutbox.status} = 'sent' then ${mailOutbox.lastError} else 'erased' end`,
    })
    .where(inArray(sql`lower(${mailOutbox.toAddress})`, addresses));
}

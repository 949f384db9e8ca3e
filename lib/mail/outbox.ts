import "server-only";
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

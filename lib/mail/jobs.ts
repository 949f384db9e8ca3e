import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { mailOutbox } from "@/db/schema";
import { defineJob } from "@/lib/jobs/define";
import { mailFrom, mailTransport } from "./transport";

/**
 * Sends one outbox mail. The row is marked `sending` before the SMTP call and `sent` after it, so
 * a mail is never sent twice: a failed send goes back to `queued` and the job retries with backoff;
 * a worker that dies mid-send leaves the row `sending` for an admin to check, never to resend.
 */
export const sendMailJob = defineJob({
  name: "mail.send",
  payload: z.object({ outboxId: z.uuid() }),
  maxAttempts: 8,
  async run({ outboxId }, { db, job }) {
    const transport = mailTransport();
    // Without SMTP the mail stays in the outbox, where admins read it.
    if (!transport) return;
    const [mail] = await db
      .update(mailOutbox)
      .set({ status: "sending", attempts: sql`${mailOutbox.attempts} + 1` })
      .where(and(eq(mailOutbox.id, outboxId), eq(mailOutbox.status, "queued")))
      .returning();
    if (!mail) return;
    try {
      const info = await transport.sendMail({ from: mailFrom(), to: mail.toAddress, subject: mail.subject, html: mail.html, text: mail.text });
      await db.update(mailOutbox).set({ status: "sent", sentAt: new Date(), messageId: info.messageId, lastError: null }).where(eq(mailOutbox.id, mail.id));
    } catch (error) {
      const lastAttempt = job.attempts >= job.maxAttempts;
      await db
        .update(mailOutbox)
        .set({ status: lastAttempt ? "failed" : "queued", lastError: error instanceof Error ? error.message : String(error) })
        .where(eq(mailOutbox.id, mail.id));
      throw error;
    }
  },
});

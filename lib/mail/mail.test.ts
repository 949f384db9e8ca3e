import { eq } from "drizzle-orm";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { jobs, mailOutbox, passwordResetTokens } from "@/db/schema";
import { makeUser } from "@/lib/factories";
import { jobDefinitions } from "@/lib/jobs/registry";
import { createJobRunner } from "@/lib/jobs/runner";
import { requestPasswordReset } from "@/lib/users/password-reset";

// A real SMTP server on localhost; set before lib/env reads the environment.
const { port } = vi.hoisted(() => {
  const port = 21000 + (process.pid % 20000);
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
  process.env.MAIL_FROM = "Member CRM <crm@example.test>";
  return { port };
});

type Received = { to: string; subject: string; text: string };
const inbox: Received[] = [];
let server: SMTPServer | null = null;

async function startSmtp() {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          inbox.push({ to: mail.to && !Array.isArray(mail.to) ? mail.to.text : "", subject: mail.subject ?? "", text: mail.text ?? "" });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server!.listen(port, "127.0.0.1", resolve));
}

async function stopSmtp() {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
}

afterAll(stopSmtp);

/** Runs every due job, as seen `laterMs` from now. */
async function runJobs(laterMs = 0) {
  const db = await getDb();
  return createJobRunner({ db, definitions: jobDefinitions, workerId: "mail-test", now: () => new Date(Date.now() + laterMs) }).drain();
}

describe("e-mail through the outbox", () => {
  it("sends a password reset once, in the language asked for, through a real SMTP server", async () => {
    await startSmtp();
    const user = await makeUser("support_agent", { name: "李华" });
    await requestPasswordReset({ email: user.email, locale: "zh-CN" }, "198.51.100.4");
    await runJobs();
    await runJobs();

    const mine = inbox.filter((mail) => mail.to === user.email);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.subject).toBe("重置您的Member CRM密码");
    expect(mine[0]!.text).toContain("李华，您好：");
    expect(mine[0]!.text).toMatch(/http:\/\/localhost:3000\/reset-password\/[\w-]{40,}/);

    const db = await getDb();
    const [row] = await db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, user.email));
    expect(row).toMatchObject({ status: "sent", attempts: 1, locale: "zh-CN" });
    expect(row!.messageId).toBeTruthy();
  });

  it("keeps mail queued while the SMTP server is down, and sends it once when it is back", async () => {
    await stopSmtp();
    const user = await makeUser("manager");
    await requestPasswordReset({ email: user.email, locale: "en" }, null);
    await runJobs();

    const db = await getDb();
    let [row] = await db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, user.email));
    expect(row).toMatchObject({ status: "queued", attempts: 1 });
    expect(row!.lastError).toMatch(/ECONNREFUSED|connect/i);
    const [job] = await db.select().from(jobs).where(eq(jobs.name, "mail.send")).orderBy(jobs.id);
    expect(job).toBeDefined();

    await startSmtp();
    await runJobs(60 * 60 * 1000); // past the retry delay
    [row] = await db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, user.email));
    expect(row).toMatchObject({ status: "sent", attempts: 2 });
    const mine = inbox.filter((mail) => mail.to === user.email);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.subject).toBe("Reset your Member CRM password");
  });

  it("writes nothing and sends nothing for unknown or deactivated accounts, and answers the same", async () => {
    const db = await getDb();
    const before = (await db.select().from(mailOutbox)).length;
    await expect(requestPasswordReset({ email: "nobody@example.test", locale: "en" }, null)).resolves.toBeUndefined();
    expect((await db.select().from(mailOutbox)).length).toBe(before);
  });

  it("sends at most three links an hour to one account", async () => {
    const user = await makeUser("sales_rep");
    for (let i = 0; i < 5; i++) await requestPasswordReset({ email: user.email, locale: "en" }, null);
    const db = await getDb();
    expect(await db.select().from(passwordResetTokens).where(eq(passwordResetTokens.userId, user.id))).toHaveLength(3);
    expect(await db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, user.email))).toHaveLength(3);
  });

  it("refuses a malformed e-mail with a field error", async () => {
    await expect(requestPasswordReset({ email: "not-an-address", locale: "en" }, null)).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { email: ["validation.email"] },
    });
  });
});

import net from "node:net";
import { and, eq, sql } from "drizzle-orm";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { jobs, mailOutbox, passwordResetTokens } from "@/db/schema";
import { makeUser } from "@/lib/factories";
import { jobDefinitions } from "@/lib/jobs/registry";
import { createJobRunner } from "@/lib/jobs/runner";
import { requestPasswordReset } from "@/lib/users/password-reset";
import { mailTransport, smtpTimeouts, smtpUrlWithTimeouts } from "./transport";

// A real SMTP server on localhost; set before lib/env reads the environment. The greeting and
// socket timeouts are shortened so that a hanging server costs the tests seconds, not minutes.
const { port } = vi.hoisted(() => {
  const port = 21000 + (process.pid % 20000);
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}?greetingTimeout=2000&socketTimeout=2000`;
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

  it("gives up on an SMTP server that takes the connection and hangs, keeps the mail queued, and sends it once when the server answers", async () => {
    await stopSmtp();
    // Takes every connection and says nothing; later it greets, then falls silent.
    let greet = false;
    const sockets = new Set<net.Socket>();
    const hung = net.createServer((socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      if (greet) socket.write("220 hung.example.test ESMTP\r\n");
    });
    await new Promise<void>((resolve) => hung.listen(port, "127.0.0.1", resolve));
    const user = await makeUser("manager");
    await requestPasswordReset({ email: user.email, locale: "en" }, null);
    const db = await getDb();
    const outbox = async () => (await db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, user.email)))[0]!;
    const job = async () => (await db.select().from(jobs).where(and(eq(jobs.name, "mail.send"), sql`${jobs.payload}->>'outboxId' = ${(await outbox()).id}`)))[0]!;

    try {
      for (const [attempt, laterMs] of [
        [1, 0],
        [2, 60 * 60 * 1000],
      ] as const) {
        greet = attempt === 2;
        const started = performance.now();
        await runJobs(laterMs);
        // The send gave up within its timeout (2 s here), not nodemailer's minutes.
        expect(performance.now() - started).toBeLessThan(8_000);
        expect(await outbox()).toMatchObject({ status: "queued", attempts: attempt, sentAt: null });
        expect((await outbox()).lastError).toMatch(/timeout|greeting never received/i);
        expect(await job()).toMatchObject({ status: "queued", attempts: attempt });
      }
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => hung.close(() => resolve()));
    }

    await startSmtp();
    await runJobs(3 * 60 * 60 * 1000); // past the next retry delay
    expect(await outbox()).toMatchObject({ status: "sent", attempts: 3 });
    expect(inbox.filter((mail) => mail.to === user.email)).toHaveLength(1);
  });

  it("bounds every SMTP wait unless SMTP_URL sets its own", () => {
    const url = new URL(smtpUrlWithTimeouts("smtp://crm%40example.test:p%40ss@mail.example.test:587?socketTimeout=60000"));
    expect(Object.fromEntries(url.searchParams)).toEqual({ connectionTimeout: "10000", greetingTimeout: "10000", socketTimeout: "60000" });
    expect([url.username, url.password, url.host]).toEqual(["crm%40example.test", "p%40ss", "mail.example.test:587"]);
    // Well under the job runner's lock (10 minutes), after which it would run the job again.
    expect(Math.max(...Object.values(smtpTimeouts))).toBeLessThanOrEqual(60_000);
    // The transport in use: this file's URL shortens two, the third is the default.
    const options = (mailTransport() as unknown as { transporter: { options: Record<string, unknown> } }).transporter.options;
    expect(options).toMatchObject({ host: "127.0.0.1", port, connectionTimeout: smtpTimeouts.connectionTimeout, greetingTimeout: 2_000, socketTimeout: 2_000 });
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

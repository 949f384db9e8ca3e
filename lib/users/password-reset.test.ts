import { desc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, mailOutbox, users } from "@/db/schema";
import { verifySignIn } from "@/lib/auth/sign-in";
import { makeUser } from "@/lib/factories";
import { requestPasswordReset, resetLinkMinutes, resetPassword } from "./password-reset";

/** The token of the newest reset link mailed to `email`, as the recipient would click it. */
async function tokenMailedTo(email: string): Promise<string> {
  const db = await getDb();
  const [mail] = await db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, email)).orderBy(desc(mailOutbox.createdAt));
  return /\/reset-password\/([\w-]+)/.exec(mail!.text)![1]!;
}

describe("resetPassword", () => {
  it("sets the new password, ends the user's sessions, and works only once", async () => {
    const user = await makeUser("sales_rep");
    await requestPasswordReset({ email: user.email, locale: "en" }, null);
    const token = await tokenMailedTo(user.email);

    await resetPassword({ token, password: "a brand new password", confirm: "a brand new password" }, "203.0.113.5");
    expect((await verifySignIn({ email: user.email, password: "a brand new password", ip: null })).ok).toBe(true);
    expect((await verifySignIn({ email: user.email, password: user.password, ip: null })).ok).toBe(false);

    const db = await getDb();
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    expect(row!.sessionVersion).toBe(user.sessionVersion + 1);
    const [entry] = await db.select().from(auditLog).where(eq(auditLog.action, "user.password_reset"));
    expect(entry).toMatchObject({ entityId: user.id, ip: "203.0.113.5", actorId: user.id });

    await expect(resetPassword({ token, password: "another new password", confirm: "another new password" }, null)).rejects.toMatchObject({
      code: "INVALID_STATE",
      message: "errors.resetLinkInvalid",
    });
  });

  it("sends members a link into the portal, and staff one into the back office", async () => {
    const member = await makeUser("member");
    const rep = await makeUser("sales_rep");
    await requestPasswordReset({ email: member.email, locale: "en" }, null);
    await requestPasswordReset({ email: rep.email, locale: "en" }, null);
    const db = await getDb();
    const [toMember] = await db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, member.email));
    const [toRep] = await db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, rep.email));
    expect(toMember!.text).toMatch(/\/portal\/reset-password\/[\w-]+/);
    expect(toRep!.text).toMatch(/[^/]\/reset-password\/[\w-]+/);
    expect(toRep!.text).not.toContain("/portal/");
  });

  it("refuses an expired link", async () => {
    const user = await makeUser("manager");
    const asked = new Date("2026-06-01T08:00:00Z");
    await requestPasswordReset({ email: user.email, locale: "en" }, null, asked);
    const token = await tokenMailedTo(user.email);
    const late = new Date(asked.getTime() + resetLinkMinutes * 60_000 + 1);
    await expect(resetPassword({ token, password: "a brand new password", confirm: "a brand new password" }, null, late)).rejects.toMatchObject({
      code: "INVALID_STATE",
    });
    expect((await verifySignIn({ email: user.email, password: user.password, ip: null })).ok).toBe(true);
  });

  it("refuses a made-up token", async () => {
    await expect(
      resetPassword({ token: "x".repeat(43), password: "a brand new password", confirm: "a brand new password" }, null),
    ).rejects.toMatchObject({ code: "INVALID_STATE" });
  });

  it("explains a weak or mistyped password field by field, and keeps the link usable", async () => {
    const user = await makeUser("admin");
    await requestPasswordReset({ email: user.email, locale: "en" }, null);
    const token = await tokenMailedTo(user.email);
    await expect(resetPassword({ token, password: "short", confirm: "other" }, null)).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { password: ["validation.passwordTooShort"] },
    });
    await expect(resetPassword({ token, password: "long enough now", confirm: "long enough now!" }, null)).rejects.toMatchObject({
      fieldErrors: { confirm: ["validation.passwordMismatch"] },
    });
    await resetPassword({ token, password: "long enough now", confirm: "long enough now" }, null);
  });
});

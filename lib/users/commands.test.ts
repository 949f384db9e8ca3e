import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, users } from "@/db/schema";
import { actorOf, makeActor, makeUser, seedActor } from "@/lib/factories";
import { actorFromSession } from "@/lib/auth/actor";
import { verifySignIn } from "@/lib/auth/sign-in";
import { expectAppError } from "@/lib/expect-app-error";
import { changeOwnPassword, createUser, deactivateUser } from "./commands";

describe("createUser", () => {
  it("creates a user with a lower-cased e-mail and audits it without the hash", async () => {
    const user = await createUser(seedActor, {
      email: "  New.Agent@Example.TEST ",
      name: "New Agent",
      role: "support_agent",
      password: "correct horse battery",
    });
    expect(user).toMatchObject({ email: "new.agent@example.test", role: "support_agent", active: true });
    expect(user).not.toHaveProperty("passwordHash");
    const db = await getDb();
    const [entry] = await db.select().from(auditLog).where(eq(auditLog.entityId, user.id));
    expect(entry).toMatchObject({ action: "user.create", actorLabel: "seed", actorId: null });
    expect(JSON.stringify(entry!.changes)).not.toContain("argon2");
  });

  it("refuses short and common passwords, bad e-mails and unknown roles, field by field", async () => {
    await expect(
      createUser(seedActor, { email: "x", name: "", role: "owner", password: "short" }),
    ).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: {
        email: ["validation.email"],
        name: ["validation.required"],
        role: ["validation.role"],
        password: ["validation.passwordTooShort"],
      },
    });
    await expect(
      createUser(seedActor, { email: "a@example.test", name: "A", role: "admin", password: "Password123" }),
    ).rejects.toMatchObject({ fieldErrors: { password: ["validation.passwordCommon"] } });
  });

  it("refuses a second account with the same e-mail in any case", async () => {
    const user = await makeUser("manager");
    await expect(
      createUser(seedActor, { email: user.email.toUpperCase(), name: "Twin", role: "manager", password: "long enough pass" }),
    ).rejects.toMatchObject({ code: "CONFLICT", fieldErrors: { email: ["errors.emailTaken"] } });
  });

  it("is for admins only", async () => {
    const manager = await makeActor("manager");
    await expect(
      createUser(manager, { email: "b@example.test", name: "B", role: "admin", password: "long enough pass" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    const db = await getDb();
    expect(await db.select().from(users).where(eq(users.email, "b@example.test"))).toHaveLength(0);
  });
});

describe("deactivateUser", () => {
  it("deactivates, ends sessions by raising the session version, and audits", async () => {
    const admin = await makeUser("admin");
    const rep = await makeUser("sales_rep");
    const result = await deactivateUser(actorOf(admin), rep.email);
    expect(result).toMatchObject({ active: false, sessionVersion: rep.sessionVersion + 1 });
    const db = await getDb();
    const [entry] = await db.select().from(auditLog).where(eq(auditLog.action, "user.deactivate"));
    expect(entry!.changes).toMatchObject({ active: { before: true, after: false } });
  });

  it("answers NOT_FOUND for an unknown e-mail and refuses deactivating oneself", async () => {
    const admin = await makeUser("admin");
    await expect(deactivateUser(actorOf(admin), "ghost@example.test")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(deactivateUser(actorOf(admin), admin.email)).rejects.toMatchObject({ code: "INVALID_STATE" });
  });
});

describe("createUser at the same time with one address", () => {
  it("creates one user and tells the other caller the address is taken", async () => {
    const input = { email: "race@example.test", name: "Racer", role: "manager", password: "long enough pass" };
    const results = await Promise.allSettled([createUser(seedActor, input), createUser(seedActor, input), createUser(seedActor, input)]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    for (const result of results) {
      if (result.status === "rejected") expect(result.reason).toMatchObject({ code: "CONFLICT" });
    }
  });
});

describe("changeOwnPassword", () => {
  it("needs the current password, keeps the rules for the new one, and changes nothing when refused", async () => {
    const user = await makeUser("sales_rep");
    const actor = actorOf(user);
    const wrong = await expectAppError(changeOwnPassword(actor, { current: "not my password", password: "a brand new passphrase", confirm: "a brand new passphrase" }), "VALIDATION");
    expect(wrong.fieldErrors).toEqual({ current: ["validation.currentPasswordWrong"] });
    const weak = await expectAppError(changeOwnPassword(actor, { current: user.password, password: "password123", confirm: "password123" }), "VALIDATION");
    expect(weak.fieldErrors).toMatchObject({ password: ["validation.passwordCommon"] });
    const differ = await expectAppError(changeOwnPassword(actor, { current: user.password, password: "a brand new passphrase", confirm: "another passphrase" }), "VALIDATION");
    expect(differ.fieldErrors).toMatchObject({ confirm: ["validation.passwordMismatch"] });
    const same = await expectAppError(changeOwnPassword(actor, { current: user.password, password: user.password, confirm: user.password }), "VALIDATION");
    expect(same.fieldErrors).toMatchObject({ password: ["validation.passwordUnchanged"] });
    expect(await verifySignIn({ email: user.email, password: user.password, ip: null })).toMatchObject({ ok: true });
  });

  it("changes the password and ends every session the user held, audited without the hash", async () => {
    const user = await makeUser("support_agent");
    const before = { user: { id: user.id, role: user.role, sessionVersion: user.sessionVersion, signedInAt: Date.now(), seenAt: Date.now() }, expires: "" };
    expect(await actorFromSession(before, null)).not.toBeNull();

    await changeOwnPassword(actorOf(user), { current: user.password, password: "a brand new passphrase", confirm: "a brand new passphrase" });

    // The session from before the change, as a stolen cookie would carry it, stands for no one.
    expect(await actorFromSession(before, null)).toBeNull();
    expect(await verifySignIn({ email: user.email, password: user.password, ip: null })).toMatchObject({ ok: false });
    expect(await verifySignIn({ email: user.email, password: "a brand new passphrase", ip: null })).toMatchObject({ ok: true });
    const db = await getDb();
    const [entry] = await db.select().from(auditLog).where(eq(auditLog.action, "user.password_change"));
    expect(entry).toMatchObject({ entityId: user.id, actorId: user.id });
    expect(JSON.stringify(entry!.changes)).not.toContain("argon2");
  });
});

import { and, eq } from "drizzle-orm";
import type { Session } from "next-auth";
import { afterEach, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, signInAttempts, users } from "@/db/schema";
import { actorFromSession } from "@/lib/auth/actor";
import { signInLimits, verifySecondFactor, verifySignIn } from "@/lib/auth/sign-in";
import { openTotpSecret, signChallenge, totpCode } from "@/lib/auth/totp";
import { expectAppError } from "@/lib/expect-app-error";
import { actorOf, makeActor, makeUser, seedActor } from "@/lib/factories";
import { readSetting } from "@/lib/settings/queries";
import { updateSetting } from "@/lib/settings/commands";
import { changeOwnPassword } from "./commands";
import { cancelTwoFactorSetup, confirmTwoFactor, disableTwoFactor, getTwoFactor, resetTwoFactor, startTwoFactorSetup, updateSessionSettings } from "./two-factor";

type TestUser = Awaited<ReturnType<typeof makeUser>>;

const record = async (id: string) => (await (await getDb()).select().from(users).where(eq(users.id, id)))[0]!;
const secretOf = async (id: string, column: "totpSecret" | "totpPendingSecret") => openTotpSecret((await record(id))[column]!)!;
const sessionOf = (user: { id: string; role: Session["user"]["role"]; sessionVersion: number }): Session => ({
  user: { id: user.id, role: user.role, sessionVersion: user.sessionVersion, signedInAt: Date.now(), seenAt: Date.now() },
  expires: new Date(Date.now() + 3_600_000).toISOString(),
});

/** Sets two-factor up from the account page, as `user` would: start, then the app's first code. */
async function turnOn(user: TestUser) {
  const actor = actorOf(user);
  await startTwoFactorSetup(actor);
  await confirmTwoFactor(actor, { code: totpCode(await secretOf(user.id, "totpPendingSecret")) });
  return secretOf(user.id, "totpSecret");
}

afterEach(async () => {
  await updateSetting(seedActor, "sessions", { idleMinutes: 120, maxHours: 12, adminTwoFactor: false });
});

describe("two-factor from the account page", () => {
  it("is set up with a code from the new secret, which ends every session, and then each sign-in needs a code", async () => {
    const user = await makeUser("sales_rep");
    const actor = actorOf(user);
    expect(await getTwoFactor(actor)).toEqual({ enabledAt: null, setup: null, required: false });

    await startTwoFactorSetup(actor);
    const status = await getTwoFactor(actor);
    const secret = status.setup!.secret;
    expect(status.setup!.uri).toContain(`secret=${secret}`);
    // Kept sealed: the column never holds the secret itself.
    expect((await record(user.id)).totpPendingSecret).not.toContain(secret);
    // Nothing changes for signing in until it is confirmed.
    expect(await verifySignIn({ email: user.email, password: user.password, ip: null })).toMatchObject({ ok: true, secondFactor: null });

    await expect(confirmTwoFactor(actor, { code: "000000" === totpCode(secret) ? "111111" : "000000" })).rejects.toMatchObject({ fieldErrors: { code: ["validation.totpCodeWrong"] } });
    await expect(confirmTwoFactor(actor, { code: "12 34" })).rejects.toMatchObject({ fieldErrors: { code: ["validation.totpCode"] } });
    expect((await record(user.id)).totpSecret).toBeNull();

    const before = (await record(user.id)).sessionVersion;
    await confirmTwoFactor(actor, { code: totpCode(secret) });
    const after = await record(user.id);
    expect(after).toMatchObject({ totpPendingSecret: null, sessionVersion: before + 1 });
    expect(openTotpSecret(after.totpSecret!)).toBe(secret);
    expect((await getTwoFactor(actor)).enabledAt).toEqual(after.totpEnabledAt);
    // The session it was turned on in has ended with the others.
    expect(await actorFromSession(sessionOf({ ...user, sessionVersion: before }), null)).toBeNull();
    const [entry] = await (await getDb()).select().from(auditLog).where(and(eq(auditLog.entityId, user.id), eq(auditLog.action, "user.two_factor_enable")));
    expect(JSON.stringify(entry)).not.toContain(secret);
    expect(JSON.stringify(entry)).not.toContain(after.totpSecret!);

    // The password alone gives no session: only a challenge, and a right password does not reset the count of wrong codes.
    const successes = async () => (await (await getDb()).select().from(signInAttempts).where(and(eq(signInAttempts.email, user.email), eq(signInAttempts.outcome, "success")))).length;
    const successesBefore = await successes();
    const first = await verifySignIn({ email: user.email, password: user.password, ip: null });
    expect(first).toMatchObject({ ok: true, secondFactor: "verify" });
    expect(await successes()).toBe(successesBefore);

    const now = new Date(Date.now() + 60_000);
    const challenge = signChallenge({ userId: user.id, sessionVersion: after.sessionVersion, step: "verify" }, now.getTime());
    expect(await verifySecondFactor({ challenge, code: totpCode(secret, now.getTime()) === "123456" ? "654321" : "123456", ip: null }, now)).toEqual({ ok: false, reason: "invalid" });
    expect(await verifySecondFactor({ challenge, code: totpCode(secret, now.getTime()), ip: null }, now)).toMatchObject({ ok: true, user: { id: user.id } });
    // A code is good once, even within its 30 seconds.
    expect(await verifySecondFactor({ challenge, code: totpCode(secret, now.getTime()), ip: null }, now)).toEqual({ ok: false, reason: "invalid" });
  });

  it("refuses a challenge that expired, was forged, or outlived a change of password", async () => {
    const user = await makeUser("manager");
    const secret = await turnOn(user);
    const { sessionVersion } = await record(user.id);
    const now = Date.now() + 120_000;
    const code = totpCode(secret, now);
    const old = signChallenge({ userId: user.id, sessionVersion, step: "verify" }, now - 6 * 60_000);
    expect(await verifySecondFactor({ challenge: old, code, ip: null }, new Date(now))).toEqual({ ok: false, reason: "expired" });
    expect(await verifySecondFactor({ challenge: "forged.token", code, ip: null }, new Date(now))).toEqual({ ok: false, reason: "expired" });
    // A challenge for setting up a new secret does not take the confirmed one's codes.
    const enrol = signChallenge({ userId: user.id, sessionVersion, step: "enrol" }, now);
    expect(await verifySecondFactor({ challenge: enrol, code, ip: null }, new Date(now))).toEqual({ ok: false, reason: "invalid" });

    const challenge = signChallenge({ userId: user.id, sessionVersion, step: "verify" }, now);
    await changeOwnPassword(actorOf(user), { current: user.password, password: "a fresh passphrase 42", confirm: "a fresh passphrase 42" });
    expect(await verifySecondFactor({ challenge, code: totpCode(secret, now + 30_000), ip: null }, new Date(now + 30_000))).toEqual({ ok: false, reason: "invalid" });
  });

  it("locks the account after five wrong codes, the right code included, as for passwords", async () => {
    const user = await makeUser("support_agent");
    const secret = await turnOn(user);
    const { sessionVersion } = await record(user.id);
    const start = Date.now() + 60_000;
    for (let index = 0; index < signInLimits.perAccount; index++) {
      const at = start + index * 1000;
      const challenge = signChallenge({ userId: user.id, sessionVersion, step: "verify" }, at);
      const wrong = totpCode(secret, at) === "999999" ? "999998" : "999999";
      expect(await verifySecondFactor({ challenge, code: wrong, ip: "198.51.100.20" }, new Date(at))).toEqual({ ok: false, reason: "invalid" });
    }
    const at = start + 10_000;
    const challenge = signChallenge({ userId: user.id, sessionVersion, step: "verify" }, at);
    expect(await verifySecondFactor({ challenge, code: totpCode(secret, at), ip: null }, new Date(at))).toEqual({ ok: false, reason: "locked" });
    expect(await verifySignIn({ email: user.email, password: user.password, ip: null }, new Date(at))).toEqual({ ok: false, reason: "locked" });
  });

  it("is turned off with the password and a current code, and a setup can be dropped", async () => {
    const user = await makeUser("sales_rep");
    const actor = actorOf(user);
    await startTwoFactorSetup(actor);
    await cancelTwoFactorSetup(actor);
    expect(await getTwoFactor(actor)).toMatchObject({ setup: null, enabledAt: null });
    await expectAppError(disableTwoFactor(actor, { current: user.password, code: "123456" }), "CONFLICT");

    const secret = await turnOn(user);
    await expectAppError(startTwoFactorSetup(actor), "CONFLICT");
    const later = Date.now() + 60_000;
    const code = () => totpCode(secret, Date.now() + 30_000);
    await expect(disableTwoFactor(actor, { current: "not my password", code: code() })).rejects.toMatchObject({ fieldErrors: { current: ["validation.currentPasswordWrong"] } });
    await expect(disableTwoFactor(actor, { current: user.password, code: totpCode(secret, later + 300_000) })).rejects.toMatchObject({ fieldErrors: { code: ["validation.totpCodeWrong"] } });
    await expect(disableTwoFactor(actor, { current: user.password })).rejects.toMatchObject({ fieldErrors: { code: ["validation.totpCode"] } });
    expect((await record(user.id)).totpSecret).not.toBeNull();
    await disableTwoFactor(actor, { current: user.password, code: code() });
    expect(await record(user.id)).toMatchObject({ totpSecret: null, totpEnabledAt: null, totpLastStep: null });
    expect(await verifySignIn({ email: user.email, password: user.password, ip: null })).toMatchObject({ ok: true, secondFactor: null });
  });

  it("is for staff: a member has none", async () => {
    const member = await makeActor("member");
    await expectAppError(getTwoFactor(member), "FORBIDDEN");
    await expectAppError(startTwoFactorSetup(member), "FORBIDDEN");
  });

  it("throttles the current-password check of a password change like a sign-in", async () => {
    const user = await makeUser("sales_rep");
    const actor = actorOf(user);
    const hash = (await record(user.id)).passwordHash;
    const change = (current: string) => changeOwnPassword(actor, { current, password: "another passphrase 7", confirm: "another passphrase 7" });
    for (let index = 0; index < signInLimits.perAccount; index++) {
      await expect(change(`guess ${index}`)).rejects.toMatchObject({ fieldErrors: { current: ["validation.currentPasswordWrong"] } });
    }
    await expect(change(user.password)).rejects.toMatchObject({ fieldErrors: { current: ["validation.tooManyAttempts"] } });
    expect((await record(user.id)).passwordHash).toBe(hash);
    expect(await verifySignIn({ email: user.email, password: user.password, ip: null })).toEqual({ ok: false, reason: "locked" });
  });
});

describe("two-factor required of admins", () => {
  it("is switched on only by an admin who has it, and then every admin without it sets it up at sign-in", async () => {
    const lead = await makeUser("admin");
    const leadActor = actorOf(lead);
    await expect(updateSessionSettings(leadActor, { idleMinutes: 120, maxHours: 12, adminTwoFactor: true })).rejects.toMatchObject({ fieldErrors: { adminTwoFactor: ["validation.twoFactorOwnFirst"] } });
    expect((await readSetting("sessions")).adminTwoFactor).toBe(false);
    await expectAppError(updateSessionSettings(await makeActor("manager"), { idleMinutes: 120, maxHours: 12, adminTwoFactor: false }), "FORBIDDEN");
    await turnOn(lead);
    await updateSessionSettings(leadActor, { idleMinutes: 120, maxHours: 12, adminTwoFactor: true });
    expect(await getTwoFactor(leadActor)).toMatchObject({ required: true });
    await expectAppError(disableTwoFactor(leadActor, { current: lead.password, code: "123456" }), "CONFLICT");

    // Another admin, signed in from before: that session ends, and signing in asks for setting it up.
    const other = await makeUser("admin");
    expect(await actorFromSession(sessionOf(other), null)).toBeNull();
    // Other roles are not asked.
    const rep = await makeUser("sales_rep");
    expect(await actorFromSession(sessionOf(rep), null)).not.toBeNull();
    expect(await verifySignIn({ email: rep.email, password: rep.password, ip: null })).toMatchObject({ ok: true, secondFactor: null });

    const first = await verifySignIn({ email: other.email, password: other.password, ip: null });
    expect(first).toMatchObject({ ok: true, secondFactor: "enrol" });
    const pending = await secretOf(other.id, "totpPendingSecret");
    // Asking again keeps the secret the app may already hold.
    await verifySignIn({ email: other.email, password: other.password, ip: null });
    expect(await secretOf(other.id, "totpPendingSecret")).toBe(pending);

    const now = Date.now();
    const challenge = signChallenge({ userId: other.id, sessionVersion: other.sessionVersion, step: "enrol" }, now);
    const signedIn = await verifySecondFactor({ challenge, code: totpCode(pending, now), ip: null }, new Date(now));
    expect(signedIn).toMatchObject({ ok: true, user: { id: other.id, sessionVersion: other.sessionVersion + 1 } });
    expect(openTotpSecret((await record(other.id)).totpSecret!)).toBe(pending);
    // Sessions from before it was set up stay ended; the one made with the code stands.
    expect(await actorFromSession(sessionOf(other), null)).toBeNull();
    expect(await actorFromSession(sessionOf({ ...other, sessionVersion: other.sessionVersion + 1 }), null)).not.toBeNull();
    const [entry] = await (await getDb()).select().from(auditLog).where(and(eq(auditLog.entityId, other.id), eq(auditLog.action, "user.two_factor_enable")));
    expect(entry).toMatchObject({ actorId: other.id });
  });

  it("is reset by an admin for someone who lost their phone", async () => {
    const user = await makeUser("manager");
    await turnOn(user);
    await expectAppError(resetTwoFactor(await makeActor("manager"), user.email), "FORBIDDEN");
    await expectAppError(resetTwoFactor(seedActor, "nobody@example.test"), "NOT_FOUND");
    await resetTwoFactor(seedActor, user.email.toUpperCase());
    expect(await record(user.id)).toMatchObject({ totpSecret: null, totpEnabledAt: null });
    await expectAppError(resetTwoFactor(seedActor, user.email), "CONFLICT");
    expect(await verifySignIn({ email: user.email, password: user.password, ip: null })).toMatchObject({ ok: true, secondFactor: null });
  });
});

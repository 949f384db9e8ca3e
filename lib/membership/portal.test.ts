import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { customerConsents, customers, memberships, users } from "@/db/schema";
import { actorFromSession } from "@/lib/auth/actor";
import { verifySignIn } from "@/lib/auth/sign-in";
import { eraseCustomer, exportOwnData } from "@/lib/customers/privacy";
import { getOwnProfile, setOwnConsent, updateOwnProfile } from "@/lib/customers/self-service";
import { expectAppError } from "@/lib/expect-app-error";
import { makeActor, makeTiers, seedActor } from "@/lib/factories";
import { adjustPoints, setMembershipStatus } from "./commands";
import { getOwnSummary, listOwnPointsHistory, signUpMember } from "./portal";

const password = "a long member password";

async function signUp(overrides: Record<string, unknown> = {}) {
  await makeTiers();
  const email = `member-${crypto.randomBytes(4).toString("hex")}@example.com`;
  const result = await signUpMember({ name: "周杰", email, phone: "139 1234 5678", password, confirm: password, terms: "on", emailConsent: "on", ...overrides }, { ip: "198.51.100.4", locale: "zh-CN" });
  const signIn = await verifySignIn({ email, password, ip: null });
  if (!signIn.ok) throw new Error("sign-in failed");
  const session = { user: { id: signIn.user.id, role: signIn.user.role, sessionVersion: signIn.user.sessionVersion, signedInAt: Date.now(), seenAt: Date.now() }, expires: "" };
  const actor = (await actorFromSession(session, null))!;
  return { ...result, email, actor };
}

describe("portal sign-up", () => {
  it("makes a customer, a member account, the membership with its bonus and the consents, all at once", async () => {
    const { membership, actor } = await signUp();
    expect(actor).toMatchObject({ role: "member", customerId: membership.customerId });
    const summary = await getOwnSummary(actor);
    expect(summary.membership).toMatchObject({ enrolledVia: "portal", locale: "zh-CN", balance: 200 });
    expect(summary.tier.name).toBe("Bronze");
    expect((await listOwnPointsHistory(actor, {})).rows).toMatchObject([{ source: "signup", delta: 200 }]);
    const db = await getDb();
    const [customer] = await db.select().from(customers).where(eq(customers.id, membership.customerId));
    expect(customer).toMatchObject({ phone: "+8613912345678", source: "website", emailConsent: true, smsConsent: false });
    expect(await db.select().from(customerConsents).where(eq(customerConsents.customerId, customer!.id))).toMatchObject([{ channel: "email", granted: true, method: "web_form" }]);
  });

  it("lets a member act only while the membership is open", async () => {
    const { actor, membership } = await signUp();
    const session = { user: { id: actor.userId, role: actor.role, sessionVersion: 1, signedInAt: Date.now(), seenAt: Date.now() }, expires: "" };
    expect((await actorFromSession(session, null))?.customerId).toBe(membership.customerId);
    await setMembershipStatus(await makeActor("manager"), membership.customerId, { status: "closed", reason: "Asked to leave" });
    expect(await actorFromSession(session, null)).toBeNull();
  });

  it("refuses bad input field by field and leaves nothing behind", async () => {
    await makeTiers();
    const db = await getDb();
    const before = (await db.select().from(customers)).length;
    const error = await expectAppError(
      signUpMember({ name: "", email: "not-an-email", password: "short", confirm: "other", phone: "12" }, { ip: null, locale: "en" }),
      "VALIDATION",
    );
    expect(Object.keys(error.fieldErrors ?? {}).sort()).toEqual(["email", "name", "password", "terms"].sort());
    const { email } = await signUp();
    const taken = await expectAppError(signUpMember({ name: "Again", email, password, confirm: password, terms: "on" }, { ip: null, locale: "en" }), "CONFLICT");
    expect(taken.fieldErrors).toEqual({ email: ["errors.emailTaken"] });
    // A phone that is not a phone number fails after the customer was written: the whole sign-up rolls back.
    await expectAppError(signUpMember({ name: "Phone", email: `p-${crypto.randomBytes(3).toString("hex")}@example.com`, phone: "12", password, confirm: password, terms: "on" }, { ip: null, locale: "en" }), "VALIDATION");
    expect((await db.select().from(customers)).length).toBe(before + 1);
  });
});

describe("member self-service", () => {
  it("shows and corrects the member's own profile and consent, and nobody else's", async () => {
    const { actor } = await signUp();
    expect(await getOwnProfile(actor)).toMatchObject({ name: "周杰", phone: "+8613912345678", emailConsent: true });
    await updateOwnProfile(actor, { name: "周杰伦", phone: "", birthday: "1990-02-03" });
    await setOwnConsent(actor, { channel: "sms", granted: "true" });
    await setOwnConsent(actor, { channel: "email", granted: "false" });
    expect(await getOwnProfile(actor)).toMatchObject({ name: "周杰伦", phone: null, birthday: "1990-02-03", emailConsent: false, smsConsent: true });
    const db = await getDb();
    const [account] = await db.select({ name: users.name }).from(users).where(eq(users.id, actor.userId));
    expect(account!.name).toBe("周杰伦");
    await expectAppError(updateOwnProfile(actor, { name: "x", phone: "12" }), "VALIDATION");
    await expectAppError(updateOwnProfile(actor, { name: "x", balance: 1_000_000 }), "VALIDATION");
    await expectAppError(getOwnProfile(await makeActor("sales_rep")), "FORBIDDEN");
  });

  it("downloads the member's own data, with the points", async () => {
    const { actor, membership } = await signUp();
    await adjustPoints(seedActor, membership.customerId, { delta: 50, reason: "Welcome gift", idempotencyKey: crypto.randomUUID() });
    const data = await exportOwnData(actor);
    expect(data.customer.name).toBe("周杰");
    expect(data.membership).toMatchObject({ balance: 250, ledger: [{ source: "signup" }, { reason: "Welcome gift" }] });
    expect(data.membership).not.toHaveProperty("userId");
    await expectAppError(exportOwnData(await makeActor("support_agent")), "FORBIDDEN");
  });

  it("ends the member's account when their data is erased, keeping the ledger", async () => {
    const { actor, email, membership } = await signUp();
    await eraseCustomer(await makeActor("admin"), membership.customerId, { confirmName: "周杰" });
    const db = await getDb();
    const [user] = await db.select().from(users).where(eq(users.id, actor.userId));
    expect(user).toMatchObject({ active: false, name: "[erased]" });
    expect(user!.email).not.toContain(email.split("@")[0]);
    expect((await verifySignIn({ email, password, ip: null })).ok).toBe(false);
    const [kept] = await db.select().from(memberships).where(eq(memberships.id, membership.id));
    expect(kept!.balance).toBe(200);
  });
});

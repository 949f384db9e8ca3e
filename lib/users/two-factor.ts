import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { users, type User } from "@/db/schema";
import { recordAudit } from "@/lib/audit/commands";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { verifyPassword } from "@/lib/auth/password";
import { confirmIdentity, turnOnTwoFactor } from "@/lib/auth/sign-in";
import { acceptedStep, newTotpSecret, openTotpSecret, sealTotpSecret, totpCodeSchema, totpUri } from "@/lib/auth/totp";
import { AppError } from "@/lib/errors";
import { updateSetting } from "@/lib/settings/commands";
import { readSetting } from "@/lib/settings/queries";
import { sessionSettingsSchema, type SessionSettings } from "@/lib/settings/schemas";
import { parseInput } from "@/lib/validation";
import { toPublic, type PublicUser } from "./commands";
import { findUserByEmail, findUserById } from "./queries";
import { emailSchema } from "./schemas";

/**
 * Two-factor sign-in for staff, from their account page: set up with an authenticator app (a QR
 * code, then a code from it), and turned off with the password and a code. Admins may be required
 * to have it (the `sessions` setting), and an admin resets it for someone who lost their phone.
 * Members sign in to the portal with their password alone.
 */

export type TwoFactorStatus = {
  /** On since then; null when off. */
  enabledAt: Date | null;
  /** Being set up: the secret to type in and the address the QR code holds. */
  setup: { secret: string; uri: string } | null;
  /** The organisation requires it of this user (an admin), so it cannot be turned off. */
  required: boolean;
};

/** The signed-in staff member's own record; members have no two-factor. */
async function ownStaffRecord(actor: Actor): Promise<User> {
  if (actor.kind !== "user" || actor.role === "member") throw new AppError("FORBIDDEN");
  const user = await findUserById(actor.userId);
  if (!user || !user.active) throw new AppError("NOT_FOUND");
  return user;
}

const requiredOf = async (user: Pick<User, "role">) => user.role === "admin" && (await readSetting("sessions")).adminTwoFactor;

/** Where the signed-in staff member's two-factor stands, for their account page. */
export async function getTwoFactor(actor: Actor): Promise<TwoFactorStatus> {
  const user = await ownStaffRecord(actor);
  const pending = !user.totpSecret && user.totpPendingSecret ? openTotpSecret(user.totpPendingSecret) : null;
  const { name } = await readSetting("organisation");
  return {
    enabledAt: user.totpSecret ? user.totpEnabledAt : null,
    setup: pending ? { secret: pending, uri: totpUri(pending, user.email, name) } : null,
    required: await requiredOf(user),
  };
}

/**
 * Starts setting two-factor up: a new secret, kept aside until a code from it is entered, so that
 * nothing changes for signing in until the app is known to hold it.
 */
export async function startTwoFactorSetup(actor: Actor): Promise<void> {
  const user = await ownStaffRecord(actor);
  if (user.totpSecret) throw new AppError("CONFLICT", "errors.twoFactorOn");
  const db = await getDb();
  await db.update(users).set({ totpPendingSecret: sealTotpSecret(newTotpSecret()), updatedAt: new Date() }).where(eq(users.id, user.id));
}

/** Drops a secret being set up. */
export async function cancelTwoFactorSetup(actor: Actor): Promise<void> {
  const user = await ownStaffRecord(actor);
  const db = await getDb();
  await db.update(users).set({ totpPendingSecret: null, updatedAt: new Date() }).where(eq(users.id, user.id));
}

const confirmSchema = z.strictObject({ code: totpCodeSchema });

/**
 * Turns two-factor on with a code from the secret being set up. Every session of the account ends,
 * this one too: from here on each one is made with a code. A wrong code counts as a failed sign-in.
 */
export async function confirmTwoFactor(actor: Actor, input: unknown): Promise<void> {
  const user = await ownStaffRecord(actor);
  const { code } = parseInput(confirmSchema, input);
  if (user.totpSecret) throw new AppError("CONFLICT", "errors.twoFactorOn");
  const pending = user.totpPendingSecret;
  if (!pending) throw new AppError("CONFLICT", "errors.twoFactorNotStarted");
  const now = new Date();
  let step: number | null = null;
  const outcome = await confirmIdentity(user, actor.kind === "user" ? actor.ip : null, (current) => {
    const secret = current.totpPendingSecret === pending ? openTotpSecret(pending) : null;
    step = secret ? acceptedStep(secret, code, null, now.getTime()) : null;
    return step !== null;
  });
  if (outcome !== "ok" || step === null) throw codeRefused(outcome);
  const db = await getDb();
  await db.transaction((tx) => turnOnTwoFactor(tx, actor, user, { sealed: pending, step: step!, now }));
}

function codeRefused(outcome: "invalid" | "locked" | "ok"): AppError {
  return outcome === "locked"
    ? new AppError("VALIDATION", "errors.VALIDATION", { code: ["validation.tooManyAttempts"] })
    : new AppError("VALIDATION", "errors.VALIDATION", { code: ["validation.totpCodeWrong"] });
}

const disableSchema = z.strictObject({
  current: z.string().min(1, { error: "validation.required" }).max(256),
  code: totpCodeSchema,
});

/**
 * Turns two-factor off, with the password and a current code: a session left open on a shared
 * computer is not enough. Not while the organisation requires it of this user.
 */
export async function disableTwoFactor(actor: Actor, input: unknown): Promise<void> {
  const user = await ownStaffRecord(actor);
  const { current, code } = parseInput(disableSchema, input);
  if (!user.totpSecret) throw new AppError("CONFLICT", "errors.twoFactorOff");
  if (await requiredOf(user)) throw new AppError("CONFLICT", "errors.twoFactorRequired");
  const now = new Date();
  let wrong: "current" | "code" | null = null;
  const outcome = await confirmIdentity(user, actor.kind === "user" ? actor.ip : null, async (record) => {
    if (!(await verifyPassword(record.passwordHash, current))) wrong = "current";
    else {
      const secret = record.totpSecret ? openTotpSecret(record.totpSecret) : null;
      if (!secret || acceptedStep(secret, code, record.totpLastStep, now.getTime()) === null) wrong = "code";
    }
    return wrong === null;
  });
  if (outcome === "locked") throw new AppError("VALIDATION", "errors.VALIDATION", { current: ["validation.tooManyAttempts"] });
  if (outcome !== "ok") {
    throw new AppError("VALIDATION", "errors.VALIDATION", wrong === "code" ? { code: ["validation.totpCodeWrong"] } : { current: ["validation.currentPasswordWrong"] });
  }
  const db = await getDb();
  await db.transaction(async (tx) => {
    await tx.update(users).set({ totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, totpLastStep: null, updatedAt: now }).where(eq(users.id, user.id));
    await recordAudit(tx, actor, { action: "user.two_factor_disable", entityType: "user", entityId: user.id, before: { twoFactor: true }, after: { twoFactor: false } });
  });
}

/**
 * An admin turns another user's two-factor off, for someone who lost the phone it was on
 * (`npm run crm -- user:reset-2fa`): they sign in with their password again and, as an admin
 * required to have it, set it up anew at once.
 */
export async function resetTwoFactor(actor: Actor, email: unknown): Promise<PublicUser> {
  assertCan(actor, "users.manage");
  const address = emailSchema.safeParse(email);
  const found = address.success ? await findUserByEmail(address.data) : null;
  if (!found) throw new AppError("NOT_FOUND");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, found.id)).for("update");
    if (!user) throw new AppError("NOT_FOUND");
    if (!user.totpSecret && !user.totpPendingSecret) throw new AppError("CONFLICT", "errors.twoFactorOff");
    const [after] = await tx
      .update(users)
      .set({ totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, totpLastStep: null, updatedAt: new Date() })
      .where(eq(users.id, user.id))
      .returning();
    await recordAudit(tx, actor, { action: "user.two_factor_reset", entityType: "user", entityId: user.id, before: { twoFactor: Boolean(user.totpSecret) }, after: { twoFactor: false } });
    return toPublic(after!);
  });
}

/**
 * Saves the sign-in settings. Requiring two-factor of admins is refused to an admin who has not
 * set it up: their next request would sign them out with no way to finish.
 */
export async function updateSessionSettings(actor: Actor, input: unknown): Promise<SessionSettings> {
  assertCan(actor, "settings.manage");
  const value = parseInput(sessionSettingsSchema, input);
  if (value.adminTwoFactor && actor.kind === "user") {
    const user = await findUserById(actor.userId);
    if (!user?.totpSecret) throw new AppError("VALIDATION", "errors.VALIDATION", { adminTwoFactor: ["validation.twoFactorOwnFirst"] });
  }
  return updateSetting(actor, "sessions", value);
}

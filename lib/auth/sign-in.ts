import "server-only";
import { and, count, eq, gt, max, sql } from "drizzle-orm";
import { getDb, type Database } from "@/db/client";
import { signInAttempts, users, type User } from "@/db/schema";
import { recordAudit } from "@/lib/audit/commands";
import { logSecurityEvent } from "@/lib/security-events";
import { readSetting } from "@/lib/settings/queries";
import { findUserByEmail, findUserById } from "@/lib/users/queries";
import { isStorableText } from "@/lib/validation";
import type { Actor, Role } from "./permissions";
import { timingDummyHash, verifyPassword } from "./password";
import { acceptedStep, newTotpSecret, openTotpSecret, readChallenge, sealTotpSecret, totpCodeSchema, type SignInChallenge } from "./totp";

export const signInLimits = {
  windowMs: 15 * 60 * 1000,
  /** Failures on one account (wrong passwords and wrong codes), since its last success, before it is locked for the window. */
  perAccount: 5,
  /** Failures from one IP address, across accounts. */
  perIp: 30,
} as const;

type SignedInUser = { id: string; name: string; email: string; role: Role; sessionVersion: number };

export type SignInResult =
  | { ok: true; user: SignedInUser; secondFactor: null }
  /** The password was right; no session until a code is given (`verify`), or two-factor is set up (`enrol`). */
  | { ok: true; user: SignedInUser; secondFactor: SignInChallenge["step"] }
  | { ok: false; reason: "invalid" | "locked" };

export type SecondFactorResult = { ok: true; user: SignedInUser } | { ok: false; reason: "invalid" | "locked" | "expired" };

/**
 * Runs `check` for `account` (its e-mail address, and its id once known, for the log) under the sign-in limits, one attempt per account at a
 * time (parallel guesses cannot all slip under the limit): refused while the account or the IP
 * address has too many recent failures, and a failed check is recorded as one. A success is
 * recorded only when `success` says so: it resets the account's count, so it marks a completed
 * sign-in, not a right password still waiting for its code.
 */
async function withinLimits<T>(
  account: { email: string; userId: string | null },
  ip: string | null,
  now: Date,
  check: (tx: Database) => Promise<Check<T>>,
): Promise<{ ok: true; value: T } | { ok: false; reason: "invalid" | "locked" }> {
  const { email, userId } = account;
  const since = new Date(now.getTime() - signInLimits.windowMs);
  const db = await getDb();
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`sign-in:${email}`}))`);
    const record = (outcome: "success" | "failure" | "locked") =>
      tx.insert(signInAttempts).values({ email, ip, outcome, createdAt: now, updatedAt: now });

    const [lastSuccess] = await tx
      .select({ at: max(signInAttempts.createdAt) })
      .from(signInAttempts)
      .where(and(eq(signInAttempts.email, email), eq(signInAttempts.outcome, "success")));
    const accountSince = lastSuccess?.at && lastSuccess.at > since ? lastSuccess.at : since;
    const [accountFailures] = await tx
      .select({ n: count() })
      .from(signInAttempts)
      .where(and(eq(signInAttempts.email, email), eq(signInAttempts.outcome, "failure"), gt(signInAttempts.createdAt, accountSince)));
    const [ipFailures] = ip
      ? await tx
          .select({ n: count() })
          .from(signInAttempts)
          .where(and(eq(signInAttempts.ip, ip), eq(signInAttempts.outcome, "failure"), gt(signInAttempts.createdAt, since)))
      : [{ n: 0 }];

    if ((accountFailures?.n ?? 0) >= signInLimits.perAccount || (ipFailures?.n ?? 0) >= signInLimits.perIp) {
      // Locked attempts are recorded but do not extend the lock: it ends when the window passes.
      await record("locked");
      logSecurityEvent({ event: "sign_in_locked", userId, ip }, now);
      return { ok: false, reason: "locked" } as const;
    }
    const result = await check(tx);
    if (!result.passed) {
      await record("failure");
      logSecurityEvent({ event: "sign_in_failed", userId: result.userId ?? userId, ip }, now);
      return { ok: false, reason: "invalid" } as const;
    }
    if (result.success) await record("success");
    return { ok: true, value: result.value } as const;
  });
}

/** A check's outcome; a failed one may name the account it failed for, for the log. */
type Check<T> = { passed: false; userId?: string } | { passed: true; value: T; success: boolean };
const failed = { passed: false } as const;
const passed = <T>(value: T, success: boolean): Check<T> => ({ passed: true, value, success });

const signedIn = (user: User): SignedInUser => ({ id: user.id, name: user.name, email: user.email, role: user.role, sessionVersion: user.sessionVersion });

/**
 * Whether signing in needs a code: always once two-factor is on; for an admin without it, setting
 * it up, when the organisation requires it of admins.
 */
async function secondFactorOf(user: User, db: Database): Promise<SignInChallenge["step"] | null> {
  if (user.totpSecret) return "verify";
  if (user.role === "admin" && (await readSetting("sessions", db)).adminTwoFactor) return "enrol";
  return null;
}

/**
 * Checks an e-mail and password, throttled per account and per IP. Unknown accounts, wrong
 * passwords and deactivated accounts give the same answer in about the same time. When the
 * account signs in with a code too, the answer says which step follows; an admin who must set
 * two-factor up gets a new secret to set up (or keeps the one being set up).
 */
export async function verifySignIn(input: { email: string; password: string; ip: string | null }, now: Date = new Date()): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  // No account's address holds a NUL, which PostgreSQL could not even look up.
  if (!isStorableText(email)) return { ok: false, reason: "invalid" };
  const result = await withinLimits<Omit<Extract<SignInResult, { ok: true }>, "ok">>({ email, userId: null }, input.ip, now, async (tx) => {
    const user = await findUserByEmail(email, tx);
    const passwordOk = await verifyPassword(user?.passwordHash ?? (await timingDummyHash()), input.password);
    if (!user || !user.active || !passwordOk) return { passed: false, userId: user?.id };
    const secondFactor = await secondFactorOf(user, tx);
    if (secondFactor === "enrol" && !(user.totpPendingSecret && openTotpSecret(user.totpPendingSecret))) {
      await tx.update(users).set({ totpPendingSecret: sealTotpSecret(newTotpSecret()) }).where(eq(users.id, user.id));
    }
    if (!secondFactor) await tx.update(users).set({ lastSignInAt: now }).where(eq(users.id, user.id));
    return passed({ user: signedIn(user), secondFactor }, !secondFactor);
  });
  return result.ok ? { ok: true, ...result.value } : result;
}

/**
 * The second step of a sign-in: a code for the challenge the password step gave. Counts against
 * the same limits as passwords. Setting up (`enrol`) makes the pending secret the account's.
 * A challenge outlives neither its few minutes nor a change of the user's session version.
 */
export async function verifySecondFactor(input: { challenge: unknown; code: unknown; ip: string | null }, now: Date = new Date()): Promise<SecondFactorResult> {
  const challenge = readChallenge(input.challenge, now.getTime());
  const owner = challenge && (await findUserById(challenge.userId));
  if (!challenge || !owner) return { ok: false, reason: "expired" };
  const code = totpCodeSchema.safeParse(input.code);
  const email = owner.email.toLowerCase();
  const result = await withinLimits({ email, userId: challenge.userId }, input.ip, now, async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, challenge.userId)).for("update");
    if (!user || !user.active || user.sessionVersion !== challenge.sessionVersion) return failed;
    const sealed = challenge.step === "verify" ? user.totpSecret : user.totpPendingSecret;
    const secret = sealed ? openTotpSecret(sealed) : null;
    const step = secret && code.success ? acceptedStep(secret, code.data, user.totpLastStep, now.getTime()) : null;
    if (step === null) return failed;
    if (challenge.step === "verify") {
      await tx.update(users).set({ totpLastStep: step, lastSignInAt: now }).where(eq(users.id, user.id));
      return passed(signedIn(user), true);
    }
    // Set up at sign-in: this sign-in's session is the first made with a code.
    const actor = { kind: "user", userId: user.id, role: user.role, name: user.name, ip: input.ip } as const;
    const after = await turnOnTwoFactor(tx, actor, user, { sealed: sealed!, step, now, signingIn: true });
    return passed(signedIn(after), true);
  });
  return result.ok ? { ok: true, user: result.value } : result;
}

/**
 * Makes the secret being set up (`sealed`, whose code for `step` was just entered) the account's,
 * in `tx`: every earlier session of the account ends, since each from now on is made with a code,
 * and the audit log says so (never with the secret).
 */
export async function turnOnTwoFactor(
  tx: Database,
  actor: Actor,
  user: Pick<User, "id" | "sessionVersion">,
  { sealed, step, now, signingIn = false }: { sealed: string; step: number; now: Date; signingIn?: boolean },
): Promise<User> {
  const [after] = await tx
    .update(users)
    .set({
      totpSecret: sealed,
      totpPendingSecret: null,
      totpEnabledAt: now,
      totpLastStep: step,
      sessionVersion: sql`${users.sessionVersion} + 1`,
      updatedAt: now,
      ...(signingIn ? { lastSignInAt: now } : {}),
    })
    .where(eq(users.id, user.id))
    .returning();
  await recordAudit(tx, actor, {
    action: "user.two_factor_enable",
    entityType: "user",
    entityId: user.id,
    before: { twoFactor: false, sessionVersion: user.sessionVersion },
    after: { twoFactor: true, sessionVersion: after!.sessionVersion },
  });
  return after!;
}

/**
 * Checks a signed-in user's own password or code before a change that needs it (a new password,
 * two-factor off), under the sign-in limits: otherwise a borrowed session could guess the password
 * without end. A wrong answer counts as a failed sign-in.
 */
export async function confirmIdentity(
  user: Pick<User, "id" | "email">,
  ip: string | null,
  check: (current: User) => Promise<boolean> | boolean,
  now = new Date(),
): Promise<"ok" | "invalid" | "locked"> {
  const result = await withinLimits({ email: user.email.toLowerCase(), userId: user.id }, ip, now, async (tx) => {
    const [current] = await tx.select().from(users).where(eq(users.id, user.id));
    return current && current.active && (await check(current)) ? passed(null, false) : failed;
  });
  return result.ok ? "ok" : result.reason;
}

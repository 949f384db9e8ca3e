import "server-only";
import { and, count, eq, gt, max, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { signInAttempts, users } from "@/db/schema";
import { findUserByEmail } from "@/lib/users/queries";
import { isStorableText } from "@/lib/validation";
import type { Role } from "./permissions";
import { timingDummyHash, verifyPassword } from "./password";

export const signInLimits = {
  windowMs: 15 * 60 * 1000,
  /** Failures on one account, since its last success, before it is locked for the window. */
  perAccount: 5,
  /** Failures from one IP address, across accounts. */
  perIp: 30,
} as const;

export type SignInResult =
  | { ok: true; user: { id: string; name: string; email: string; role: Role; sessionVersion: number } }
  | { ok: false; reason: "invalid" | "locked" };

/**
 * Checks an e-mail and password, throttled per account and per IP. Unknown accounts, wrong
 * passwords and deactivated accounts give the same answer in about the same time.
 */
export async function verifySignIn(
  input: { email: string; password: string; ip: string | null },
  now: Date = new Date(),
): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  // No account's address holds a NUL, which PostgreSQL could not even look up.
  if (!isStorableText(email)) return { ok: false, reason: "invalid" };
  const since = new Date(now.getTime() - signInLimits.windowMs);
  const db = await getDb();

  // One attempt per account at a time: parallel guesses cannot all slip under the limit.
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`sign-in:${email}`}))`);
    const record = (outcome: "success" | "failure" | "locked") =>
      tx.insert(signInAttempts).values({ email, ip: input.ip, outcome, createdAt: now, updatedAt: now });

    const [lastSuccess] = await tx
      .select({ at: max(signInAttempts.createdAt) })
      .from(signInAttempts)
      .where(and(eq(signInAttempts.email, email), eq(signInAttempts.outcome, "success")));
    const accountSince = lastSuccess?.at && lastSuccess.at > since ? lastSuccess.at : since;
    const [accountFailures] = await tx
      .select({ n: count() })
      .from(signInAttempts)
      .where(and(eq(signInAttempts.email, email), eq(signInAttempts.outcome, "failure"), gt(signInAttempts.createdAt, accountSince)));
    const [ipFailures] = input.ip
      ? await tx
          .select({ n: count() })
          .from(signInAttempts)
          .where(and(eq(signInAttempts.ip, input.ip), eq(signInAttempts.outcome, "failure"), gt(signInAttempts.createdAt, since)))
      : [{ n: 0 }];

    if ((accountFailures?.n ?? 0) >= signInLimits.perAccount || (ipFailures?.n ?? 0) >= signInLimits.perIp) {
      // Locked attempts are recorded but do not extend the lock: it ends when the window passes.
      await record("locked");
      return { ok: false, reason: "locked" } as const;
    }

    const user = await findUserByEmail(email, tx);
    const passwordOk = await verifyPassword(user?.passwordHash ?? (await timingDummyHash()), input.password);
    if (!user || !user.active || !passwordOk) {
      await record("failure");
      return { ok: false, reason: "invalid" } as const;
    }

    await record("success");
    await tx.update(users).set({ lastSignInAt: now }).where(eq(users.id, user.id));
    return {
      ok: true,
      user: { id: user.id, name: user.name, email: user.email, role: user.role, sessionVersion: user.sessionVersion },
    } as const;
  });
}

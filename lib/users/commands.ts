import "server-only";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Database } from "@/db/client";
import { users, type User } from "@/db/schema";
import { recordAudit } from "@/lib/audit/commands";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { confirmIdentity } from "@/lib/auth/sign-in";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { AppError, uniqueViolation } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { emailSchema, passwordSchema, userCreateSchema } from "./schemas";
import { findUserByEmail, findUserById } from "./queries";

/** A user as the app shows them: no password hash and no two-factor secrets, only whether two-factor is on. */
export type PublicUser = Omit<User, "passwordHash" | "totpSecret" | "totpPendingSecret" | "totpLastStep">;

export function toPublic({ passwordHash: _hash, totpSecret: _secret, totpPendingSecret: _pending, totpLastStep: _step, ...user }: User): PublicUser {
  return user;
}

/** Creates a user; pass `outer` to make it part of a larger transaction (a member's sign-up). */
export async function createUser(actor: Actor, input: unknown, outer?: Database): Promise<PublicUser> {
  assertCan(actor, "users.manage");
  const { email, name, role, password } = parseInput(userCreateSchema, input);
  const passwordHash = await hashPassword(password);
  const db = outer ?? (await getDb());
  const taken = () => new AppError("CONFLICT", "errors.emailTaken", { email: ["errors.emailTaken"] });
  try {
    return await db.transaction(async (tx) => {
      if (await findUserByEmail(email, tx)) throw taken();
      const [user] = await tx.insert(users).values({ email, name, role, passwordHash }).returning();
      const created = toPublic(user!);
      await recordAudit(tx, actor, { action: "user.create", entityType: "user", entityId: created.id, after: created });
      return created;
    });
  } catch (error) {
    // Two creations with one address at once: the unique index decides, and the loser hears why.
    if (uniqueViolation(error) === "users_email_key") throw taken();
    throw error;
  }
}

/** Renames a user: an admin any user, anyone themselves (a member correcting their name). */
export async function renameUser(tx: Database, actor: Actor, userId: string, name: string): Promise<void> {
  if (actor.kind === "user" && actor.userId !== userId) assertCan(actor, "users.manage");
  const [before] = await tx.select({ name: users.name }).from(users).where(eq(users.id, userId));
  if (!before) throw new AppError("NOT_FOUND");
  if (before.name === name) return;
  await tx.update(users).set({ name }).where(eq(users.id, userId));
  await recordAudit(tx, actor, { action: "user.rename", entityType: "user", entityId: userId, before, after: { name } });
}

/** Stops the user signing in and ends every session they hold. */
export async function deactivateUser(actor: Actor, emailInput: unknown): Promise<PublicUser> {
  assertCan(actor, "users.manage");
  const email = parseInput(emailSchema, emailInput);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const before = await findUserByEmail(email, tx);
    if (!before) throw new AppError("NOT_FOUND");
    if (actor.kind === "user" && actor.userId === before.id) {
      throw new AppError("INVALID_STATE", "errors.cannotDeactivateSelf");
    }
    const [after] = await tx
      .update(users)
      .set({ active: false, sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, before.id))
      .returning();
    await recordAudit(tx, actor, {
      action: "user.deactivate",
      entityType: "user",
      entityId: before.id,
      before: toPublic(before),
      after: toPublic(after!),
    });
    return toPublic(after!);
  });
}

/** Ends every session the user holds: their tokens no longer match the session version. */
export async function endSessions(actor: Actor, userId: string): Promise<void> {
  if (actor.kind === "user" && actor.userId !== userId) assertCan(actor, "users.manage");
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [after] = await tx
      .update(users)
      .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, userId))
      .returning({ sessionVersion: users.sessionVersion });
    if (!after) throw new AppError("NOT_FOUND");
    await recordAudit(tx, actor, {
      action: "user.end_sessions",
      entityType: "user",
      entityId: userId,
      before: { sessionVersion: after.sessionVersion - 1 },
      after,
    });
  });
}

const passwordChangeSchema = z
  .strictObject({ current: z.string().min(1, { error: "validation.required" }).max(256), password: passwordSchema, confirm: z.string() })
  .refine((input) => input.password === input.confirm, { path: ["confirm"], error: "validation.passwordMismatch" })
  .refine((input) => input.password !== input.current, { path: ["password"], error: "validation.passwordUnchanged" });

/**
 * A signed-in user changes their own password, proving the current one. Every session they hold
 * ends, so a copied or forgotten one stops working; the caller signs this one in again.
 */
export async function changeOwnPassword(actor: Actor, input: unknown): Promise<PublicUser> {
  if (actor.kind !== "user") throw new AppError("FORBIDDEN");
  const { current, password } = parseInput(passwordChangeSchema, input);
  const user = await findUserById(actor.userId);
  if (!user || !user.active) throw new AppError("NOT_FOUND");
  // Under the sign-in limits: a session left open is no way to guess the password without end.
  const confirmed = await confirmIdentity(user, actor.ip, (record) => verifyPassword(record.passwordHash, current));
  if (confirmed !== "ok") {
    throw new AppError("VALIDATION", "errors.VALIDATION", { current: [confirmed === "locked" ? "validation.tooManyAttempts" : "validation.currentPasswordWrong"] });
  }
  const passwordHash = await hashPassword(password);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [after] = await tx
      .update(users)
      .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, user.id))
      .returning();
    // The hash stays out of the log: only that it changed, and that the sessions ended.
    await recordAudit(tx, actor, {
      action: "user.password_change",
      entityType: "user",
      entityId: user.id,
      before: { sessionVersion: user.sessionVersion },
      after: { sessionVersion: after!.sessionVersion },
    });
    return toPublic(after!);
  });
}

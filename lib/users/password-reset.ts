import "server-only";
import crypto from "node:crypto";
import { and, count, eq, gt, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { passwordResetTokens, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/commands";
import { hashPassword } from "@/lib/auth/password";
import { systemActor } from "@/lib/auth/permissions";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { localeSchema } from "@/lib/i18n/locales";
import { queueMail } from "@/lib/mail/outbox";
import { readSetting } from "@/lib/settings/queries";
import { parseInput } from "@/lib/validation";
import { findUserByEmail } from "./queries";
import { emailSchema, passwordSchema } from "./schemas";

export const resetLinkMinutes = 60;
/** Links sent to one account per hour, so that the form cannot be used to flood an inbox. */
export const resetRequestsPerHour = 3;

const hashToken = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

const requestSchema = z.strictObject({ email: emailSchema, locale: localeSchema.catch("en") });

/**
 * Sends a user a single-use link (members' links open the portal) to choose a new password. It answers the same whether or
 * not the account exists, so that it reveals nothing about who has one.
 */
export async function requestPasswordReset(input: unknown, ip: string | null, now = new Date()): Promise<void> {
  const { email, locale } = parseInput(requestSchema, input);
  const db = await getDb();
  const user = await findUserByEmail(email, db);
  if (!user || !user.active) return;

  await db.transaction(async (tx) => {
    // Serialise requests for one account, so that the hourly limit holds under concurrency.
    await tx.select({ id: users.id }).from(users).where(eq(users.id, user.id)).for("update");
    const [recent] = await tx
      .select({ n: count() })
      .from(passwordResetTokens)
      .where(and(eq(passwordResetTokens.userId, user.id), gt(passwordResetTokens.createdAt, new Date(now.getTime() - 3_600_000))));
    if ((recent?.n ?? 0) >= resetRequestsPerHour) return;

    const token = crypto.randomBytes(32).toString("base64url");
    const expiresAt = new Date(now.getTime() + resetLinkMinutes * 60_000);
    const [row] = await tx
      .insert(passwordResetTokens)
      .values({ userId: user.id, tokenHash: hashToken(token), expiresAt, createdAt: now })
      .returning({ id: passwordResetTokens.id });
    const { name: organisation } = await readSetting("organisation", tx);
    await queueMail(tx, {
      to: user.email,
      locale,
      template: "passwordReset",
      context: { name: user.name, organisation, link: new URL(`${user.role === "member" ? "/portal" : ""}/reset-password/${token}`, env.APP_URL).toString(), expiresInMinutes: resetLinkMinutes },
    });
    await recordAudit(tx, systemActor("password-reset", ip), {
      action: "user.password_reset_requested",
      entityType: "user",
      entityId: user.id,
      after: { resetTokenId: row!.id, expiresAt },
    });
  });
}

const resetSchema = z
  .strictObject({ token: z.string().min(20).max(100), password: passwordSchema, confirm: z.string() })
  .refine((input) => input.password === input.confirm, { path: ["confirm"], error: "validation.passwordMismatch" });

/**
 * Sets a new password with a link's token. The token works once and before it expires; using it
 * ends every session the user held.
 */
export async function resetPassword(input: unknown, ip: string | null, now = new Date()): Promise<void> {
  const { token, password } = parseInput(resetSchema, input);
  const passwordHash = await hashPassword(password);
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [link] = await tx
      .select()
      .from(passwordResetTokens)
      .where(eq(passwordResetTokens.tokenHash, hashToken(token)))
      .for("update");
    if (!link || link.usedAt || link.expiresAt <= now) throw new AppError("INVALID_STATE", "errors.resetLinkInvalid");
    const [user] = await tx
      .update(users)
      .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(and(eq(users.id, link.userId), eq(users.active, true)))
      .returning({ id: users.id, name: users.name, role: users.role });
    if (!user) throw new AppError("INVALID_STATE", "errors.resetLinkInvalid");
    await tx.update(passwordResetTokens).set({ usedAt: now }).where(eq(passwordResetTokens.id, link.id));
    await recordAudit(tx, { kind: "user", userId: user.id, role: user.role, name: user.name, ip }, {
      action: "user.password_reset",
      entityType: "user",
      entityId: user.id,
      after: { resetTokenId: link.id },
    });
  });
}

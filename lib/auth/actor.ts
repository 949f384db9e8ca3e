import "server-only";
import type { Session } from "next-auth";
import { findUserById } from "@/lib/users/queries";
import { findMemberCustomerId } from "@/lib/membership/accounts";
import type { SessionSettings } from "@/lib/settings/schemas";
import { readSetting } from "@/lib/settings/queries";
import type { Actor } from "./permissions";

export type UserActor = Extract<Actor, { kind: "user" }>;

/**
 * Whether a session has run out: unused for longer than the idle limit, or older than the
 * absolute one (both organisation settings), counted from sign-in and from its last request.
 */
export function sessionLapsed(times: { signedInAt: number; seenAt: number }, limits: Pick<SessionSettings, "idleMinutes" | "maxHours">, now = Date.now()): boolean {
  return !(times.signedInAt > now - limits.maxHours * 3_600_000 && times.seenAt > now - limits.idleMinutes * 60_000);
}

/**
 * The actor a session stands for, checked against the database: a deactivated user, a session
 * issued before the user's sessions were ended, one past the idle or absolute limit, or an admin's
 * without two-factor when the organisation requires it, stands for no one.
 */
export async function actorFromSession(session: Session | null, ip: string | null, now = Date.now()): Promise<UserActor | null> {
  if (!session?.user?.id) return null;
  const limits = await readSetting("sessions");
  if (sessionLapsed(session.user, limits, now)) return null;
  const user = await findUserById(session.user.id);
  if (!user || !user.active || user.sessionVersion !== session.user.sessionVersion) return null;
  // Once admins must sign in with a code, an admin's session made without one ends. Turning
  // two-factor on ends every session of the account, so one that survives it was made with a code.
  if (user.role === "admin" && limits.adminTwoFactor && !user.totpSecret) return null;
  if (user.role === "member") {
    // A member acts only for their own customer record; without one they stand for no one.
    const customerId = await findMemberCustomerId(user.id);
    if (!customerId) return null;
    return { kind: "user", userId: user.id, role: user.role, name: user.name, ip, customerId };
  }
  return { kind: "user", userId: user.id, role: user.role, name: user.name, ip };
}

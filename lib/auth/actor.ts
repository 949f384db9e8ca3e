import "server-only";
import type { Session } from "next-auth";
import { findUserById } from "@/lib/users/queries";
import { findMemberCustomerId } from "@/lib/membership/accounts";
import type { Actor } from "./permissions";

export type UserActor = Extract<Actor, { kind: "user" }>;

/** A session ends this long after sign-in even if it is in constant use. */
export const absoluteSessionMs = 12 * 60 * 60 * 1000;

/**
 * The actor a session stands for, checked against the database: a deactivated user, a session
 * issued before the user's sessions were ended, or one older than the absolute limit, stands for
 * no one.
 */
export async function actorFromSession(session: Session | null, ip: string | null, now = Date.now()): Promise<UserActor | null> {
  if (!session?.user?.id) return null;
  if (!(session.user.signedInAt > now - absoluteSessionMs)) return null;
  const user = await findUserById(session.user.id);
  if (!user || !user.active || user.sessionVersion !== session.user.sessionVersion) return null;
  if (user.role === "member") {
    // A member acts only for their own customer record; without one they stand for no one.
    const customerId = await findMemberCustomerId(user.id);
    if (!customerId) return null;
    return { kind: "user", userId: user.id, role: user.role, name: user.name, ip, customerId };
  }
  return { kind: "user", userId: user.id, role: user.role, name: user.name, ip };
}

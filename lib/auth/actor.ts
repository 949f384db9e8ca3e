import "server-only";
import type { Session } from "next-auth";
import { findUserById } from "@/lib/users/queries";
import type { Actor } from "./permissions";

export type UserActor = Extract<Actor, { kind: "user" }>;

/**
 * The actor a session stands for, checked against the database: a deactivated user, or a session
 * issued before the user's sessions were ended, stands for no one.
 */
export async function actorFromSession(session: Session | null, ip: string | null): Promise<UserActor | null> {
  if (!session?.user?.id) return null;
  const user = await findUserById(session.user.id);
  if (!user || !user.active || user.sessionVersion !== session.user.sessionVersion) return null;
  return { kind: "user", userId: user.id, role: user.role, name: user.name, ip };
}

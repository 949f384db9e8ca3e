import "server-only";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { findUserById } from "@/lib/users/queries";
import { clientIp } from "@/lib/http/client-ip";
import { auth } from "./config";
import { can, type Actor, type Permission } from "./permissions";

export type UserActor = Extract<Actor, { kind: "user" }>;

/**
 * The signed-in user, checked against the database on every request: a deactivated user, or a
 * session older than the user's last sign-out everywhere, is signed out.
 */
export const getActor = cache(async (): Promise<UserActor | null> => {
  const session = await auth();
  if (!session?.user?.id) return null;
  const user = await findUserById(session.user.id);
  if (!user || !user.active || user.sessionVersion !== session.user.sessionVersion) return null;
  return { kind: "user", userId: user.id, role: user.role, name: user.name, ip: clientIp(await headers()) };
});

export async function requireActor(): Promise<UserActor> {
  const actor = await getActor();
  if (!actor) redirect("/login");
  return actor;
}

/**
 * For pages: signed out → sign-in; signed in without the permission → not found. The domain
 * function checks again; this only spares the user a screen they cannot use.
 */
export async function requirePermission(permission: Permission): Promise<UserActor> {
  const actor = await requireActor();
  if (!can(actor, permission)) notFound();
  return actor;
}

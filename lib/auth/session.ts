import "server-only";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { clientIp } from "@/lib/http/client-ip";
import { logSecurityEvent } from "@/lib/security-events";
import { actorFromSession, type UserActor } from "./actor";
import { auth } from "./config";
import { can, type Permission } from "./permissions";

export type { UserActor };

/** The signed-in user of this request, checked against the database once per request. */
export const getActor = cache(async (): Promise<UserActor | null> => actorFromSession(await auth(), clientIp(await headers())));

/** For the back office: signed out → sign-in; a member → their portal. */
export async function requireActor(): Promise<UserActor> {
  const actor = await getActor();
  if (!actor) redirect("/login");
  if (actor.role === "member") redirect("/portal");
  return actor;
}

/** For the portal: signed out → the portal's sign-in; staff → the back office. */
export async function requireMember(): Promise<UserActor & { customerId: string }> {
  const actor = await getActor();
  if (!actor) redirect("/portal/login");
  if (actor.role !== "member" || !actor.customerId) redirect("/customers");
  return actor as UserActor & { customerId: string };
}

/**
 * For pages: signed out → sign-in; signed in without the permission → not found. The domain
 * function checks again; this only spares the user a screen they cannot use.
 */
export async function requirePermission(permission: Permission): Promise<UserActor> {
  const actor = await requireActor();
  if (!can(actor, permission)) {
    logSecurityEvent({ event: "refused", userId: actor.userId, ip: actor.ip ?? null, what: permission });
    notFound();
  }
  return actor;
}

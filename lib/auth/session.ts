import "server-only";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { clientIp } from "@/lib/http/client-ip";
import { actorFromSession, type UserActor } from "./actor";
import { auth } from "./config";
import { can, type Permission } from "./permissions";

export type { UserActor };

/** The signed-in user of this request, checked against the database once per request. */
export const getActor = cache(async (): Promise<UserActor | null> => actorFromSession(await auth(), clientIp(await headers())));

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

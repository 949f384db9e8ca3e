"use server";

import { signOut } from "@/lib/auth/config";
import { getActor } from "@/lib/auth/session";
import { endSessions } from "@/lib/users/commands";

/** Signs out here and everywhere: the user's other sessions end too. */
export async function signOutAction() {
  const actor = await getActor();
  if (actor) await endSessions(actor, actor.userId);
  await signOut({ redirectTo: "/login" });
}

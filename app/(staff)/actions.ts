"use server";

import { signOut } from "@/lib/auth/config";

/** Signs out here and everywhere: next-auth's signOut event ends all the user's sessions. */
export async function signOutAction() {
  await signOut({ redirectTo: "/login" });
}

"use server";

import { redirect } from "next/navigation";
import { signIn } from "@/lib/auth/config";
import { defineAction, type ActionState } from "@/lib/http/action";
import { changeOwnPassword } from "@/lib/users/commands";

const change = defineAction(async (values, actor) => (await changeOwnPassword(actor, values)).email);

/**
 * Changes the password, which ends every session of the account, then signs this browser in
 * again with the new password: the one place that keeps working. Nothing typed is sent back.
 */
export async function changePasswordAction(previous: ActionState<null>, formData: FormData): Promise<ActionState<null>> {
  const result = await change(null, formData);
  if (!result?.ok) return { ok: false, formError: result?.formError, fieldErrors: result?.fieldErrors, errorId: result?.errorId, values: {} };
  const password = formData.get("password");
  try {
    await signIn("credentials", { email: result.data, password: typeof password === "string" ? password : "", redirect: false });
  } catch {
    // Signed out with the other sessions: the sign-in page takes it from here.
    redirect("/login?callbackUrl=%2Faccount");
  }
  redirect("/account?changed=1");
}

"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { CredentialsSignin } from "next-auth";
import { signIn } from "@/lib/auth/config";
import { defineAction, type ActionState } from "@/lib/http/action";
import { changeOwnPassword } from "@/lib/users/commands";
import { cancelTwoFactorSetup, confirmTwoFactor, disableTwoFactor, startTwoFactorSetup } from "@/lib/users/two-factor";

const change = defineAction(async (values, actor) => (await changeOwnPassword(actor, values)).email);

/**
 * Changes the password, which ends every session of the account, then signs this browser in
 * again with the new password: the one place that keeps working. With two-factor on, that takes
 * a code as well, so the sign-in page takes it from there. Nothing typed is sent back.
 */
export async function changePasswordAction(previous: ActionState<null>, formData: FormData): Promise<ActionState<null>> {
  const result = await change(null, formData);
  if (!result?.ok) return { ok: false, formError: result?.formError, fieldErrors: result?.fieldErrors, errorId: result?.errorId, values: {} };
  const password = formData.get("password");
  try {
    await signIn("credentials", { email: result.data, password: typeof password === "string" ? password : "", redirect: false });
  } catch (error) {
    // The new password was right and the code comes next; otherwise signed out with the other
    // sessions, and the sign-in page takes it from here.
    if (error instanceof CredentialsSignin && error.code === "code") redirect("/login/code?callbackUrl=%2Faccount");
    redirect("/login?callbackUrl=%2Faccount");
  }
  redirect("/account?changed=1");
}

export const startTwoFactorAction = defineAction(
  (_values, actor) => startTwoFactorSetup(actor),
  () => revalidatePath("/account"),
);

export const cancelTwoFactorAction = defineAction(
  (_values, actor) => cancelTwoFactorSetup(actor),
  () => revalidatePath("/account"),
);

/** Turning two-factor on ends every session, this one too: the sign-in page asks for a code at once. */
export const confirmTwoFactorAction = defineAction(
  (values, actor) => confirmTwoFactor(actor, { code: values.code }),
  () => redirect("/login?callbackUrl=%2Faccount&twoFactor=on"),
);

export const disableTwoFactorAction = defineAction(
  (values, actor) => disableTwoFactor(actor, { current: values.current, code: values.code }),
  () => revalidatePath("/account"),
);

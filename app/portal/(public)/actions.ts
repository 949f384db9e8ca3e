"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getLocale } from "next-intl/server";
import { signIn } from "@/lib/auth/config";
import { definePublicAction, formValues, type ActionState } from "@/lib/http/action";
import { reportError } from "@/lib/http/errors";
import { clientIp } from "@/lib/http/client-ip";
import { signUpMember } from "@/lib/membership/portal";
import { requestPasswordReset, resetPassword } from "@/lib/users/password-reset";

/**
 * Joins, then signs the new member in and opens their card. The passwords never travel back to
 * the browser, not even with a refused form.
 */
export async function signUpAction(_previous: ActionState<null>, formData: FormData): Promise<ActionState<null>> {
  const { password = "", confirm: _confirm, ...kept } = formValues(formData);
  let email: string;
  try {
    ({ email } = await signUpMember(formValues(formData), { ip: clientIp(await headers()), locale: await getLocale() }));
  } catch (error) {
    const { message, fieldErrors, errorId } = reportError(error);
    return { ok: false, formError: message, fieldErrors, values: kept, errorId };
  }
  await signIn("credentials", { email, password, redirectTo: "/portal?welcome=1" });
  return { ok: true, data: null };
}

export const requestMemberPasswordResetAction = definePublicAction(async (values) =>
  requestPasswordReset({ email: values.email, locale: await getLocale() }, clientIp(await headers())),
);

export const resetMemberPasswordAction = definePublicAction(
  async ({ token, password, confirm }) => resetPassword({ token, password, confirm }, clientIp(await headers())),
  () => redirect("/portal/login?reset=done"),
);

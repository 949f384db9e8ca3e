"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getLocale } from "next-intl/server";
import { definePublicAction } from "@/lib/http/action";
import { clientIp } from "@/lib/http/client-ip";
import { requestPasswordReset, resetPassword } from "@/lib/users/password-reset";

export const requestPasswordResetAction = definePublicAction(async (values) =>
  requestPasswordReset({ email: values.email, locale: await getLocale() }, clientIp(await headers())),
);

export const resetPasswordAction = definePublicAction(
  async ({ token, password, confirm }) => resetPassword({ token, password, confirm }, clientIp(await headers())),
  () => redirect("/login?reset=done"),
);

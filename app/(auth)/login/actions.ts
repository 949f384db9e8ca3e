"use server";

import { cookies } from "next/headers";
import type { Route } from "next";
import { redirect } from "next/navigation";
import { AuthError, CredentialsSignin } from "next-auth";
import { z } from "zod";
import type { CodeState } from "@/components/auth/code-form";
import { signIn } from "@/lib/auth/config";
import { challengeCookie } from "@/lib/auth/cookies";
import { env } from "@/lib/env";

export type SignInState = { error?: "invalid" | "locked" | "missing" | "unexpected"; email?: string } | null;

/** Only a path on this site: never `//elsewhere` or a full URL. */
const callbackUrl = z
  .string()
  .regex(/^\/(?![/\\])/)
  .catch("/customers");

const signInSchema = z.object({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(256),
  callbackUrl,
});

const codeSchema = z.object({
  code: z.string().trim().min(1).max(20),
  callbackUrl,
});

/** Where the code is asked for, keeping where the user was going. */
const codeStep = (to: string) => `/login/code?${new URLSearchParams({ callbackUrl: to })}` as Route;

export async function signInAction(_previous: SignInState, formData: FormData): Promise<SignInState> {
  const input = signInSchema.safeParse({
    email: formData.get("email") ?? "",
    password: formData.get("password") ?? "",
    callbackUrl: formData.get("callbackUrl") ?? "",
  });
  const email = String(formData.get("email") ?? "");
  if (!input.success) return { error: "missing", email };
  try {
    await signIn("credentials", {
      email: input.data.email,
      password: input.data.password,
      redirectTo: input.data.callbackUrl,
    });
  } catch (error) {
    // The success redirect is thrown too: only sign-in failures are answered here.
    if (error instanceof CredentialsSignin) {
      if (error.code === "code") redirect(codeStep(input.data.callbackUrl));
      return { error: error.code === "locked" ? "locked" : "invalid", email };
    }
    if (error instanceof AuthError) return { error: "unexpected", email };
    throw error;
  }
  return null;
}

/** The second step: the code for the challenge the password step left in its cookie. */
export async function signInWithCodeAction(_previous: CodeState, formData: FormData): Promise<CodeState> {
  const input = codeSchema.safeParse({ code: formData.get("code") ?? "", callbackUrl: formData.get("callbackUrl") ?? "" });
  if (!input.success) return { error: "missing" };
  const challenge = (await cookies()).get(challengeCookie(env.APP_URL).name)?.value ?? "";
  try {
    await signIn("credentials", { challenge, code: input.data.code, redirectTo: input.data.callbackUrl });
  } catch (error) {
    if (error instanceof CredentialsSignin) {
      if (error.code === "expired") redirect(`/login?${new URLSearchParams({ callbackUrl: input.data.callbackUrl, expired: "1" })}` as Route);
      return { error: error.code === "locked" ? "locked" : "invalid" };
    }
    if (error instanceof AuthError) return { error: "unexpected" };
    throw error;
  }
  return null;
}

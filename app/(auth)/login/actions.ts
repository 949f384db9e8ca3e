"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { z } from "zod";
import { signIn } from "@/lib/auth/config";

export type SignInState = { error?: "invalid" | "locked" | "missing" | "unexpected"; email?: string } | null;

const signInSchema = z.object({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(256),
  // Only a path on this site: never `//elsewhere` or a full URL.
  callbackUrl: z
    .string()
    .regex(/^\/(?![/\\])/)
    .catch("/customers"),
});

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
    if (error instanceof CredentialsSignin) return { error: error.code === "locked" ? "locked" : "invalid", email };
    if (error instanceof AuthError) return { error: "unexpected", email };
    throw error;
  }
  return null;
}

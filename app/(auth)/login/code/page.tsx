import type { Metadata } from "next";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { CodeForm } from "@/components/auth/code-form";
import { TotpSetup } from "@/components/auth/totp-setup";
import { challengeCookie } from "@/lib/auth/cookies";
import { getActor } from "@/lib/auth/session";
import { openTotpSecret, readChallenge, totpUri } from "@/lib/auth/totp";
import { env } from "@/lib/env";
import { readSetting } from "@/lib/settings/queries";
import { findUserById } from "@/lib/users/queries";
import { signInWithCodeAction } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("login.code"))("title") };
}

/**
 * The second step of signing in, after the right password: a code from the authenticator app, or,
 * for an admin required to have two-factor who has none yet, setting the app up first.
 */
export default async function SignInCodePage({ searchParams }: PageProps<"/login/code">) {
  if (await getActor()) redirect("/customers");
  const { callbackUrl } = await searchParams;
  const to = typeof callbackUrl === "string" ? callbackUrl : "";
  const challenge = readChallenge((await cookies()).get(challengeCookie(env.APP_URL).name)?.value);
  if (!challenge) redirect(`/login?${new URLSearchParams({ callbackUrl: to, expired: "1" })}`);
  const [t, user] = await Promise.all([getTranslations("login.code"), findUserById(challenge.userId)]);
  const pending = challenge.step === "enrol" && user?.totpPendingSecret ? openTotpSecret(user.totpPendingSecret) : null;
  if (challenge.step === "enrol" && (!user || !pending)) redirect(`/login?${new URLSearchParams({ callbackUrl: to, expired: "1" })}`);

  return (
    <AuthCard
      brand={(await getTranslations("app"))("name")}
      title={t(challenge.step === "enrol" ? "enrolTitle" : "title")}
      footer={
        <Link href="/login" className="text-brand-700 hover:underline">
          {t("startOver")}
        </Link>
      }
    >
      {pending && user ? (
        <>
          <p className="mb-4 text-sm text-slate-600">{t("enrolIntro")}</p>
          <TotpSetup secret={pending} uri={totpUri(pending, user.email, (await readSetting("organisation")).name)} />
        </>
      ) : (
        <p className="mb-4 text-sm text-slate-600">{t("intro")}</p>
      )}
      <CodeForm action={signInWithCodeAction} callbackUrl={to} />
    </AuthCard>
  );
}

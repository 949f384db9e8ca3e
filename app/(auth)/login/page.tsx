import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { setLocaleAction } from "@/app/actions";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { LocaleSwitch } from "@/components/shell/locale-switch";
import { getActor } from "@/lib/auth/session";
import { LoginForm } from "./login-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("login");
  return { title: t("title") };
}

export default async function LoginPage({ searchParams }: PageProps<"/login">) {
  if (await getActor()) redirect("/customers");
  const { callbackUrl, reset, expired, twoFactor } = await searchParams;
  const t = await getTranslations();
  return (
    <AuthCard
      brand={t("app.name")}
      title={t("login.title")}
      footer={
        <>
          <Link href="/forgot-password" className="text-brand-700 hover:underline">
            {t("login.forgot")}
          </Link>
          <LocaleSwitch action={setLocaleAction} />
        </>
      }
    >
      {reset === "done" && (
        <p role="status" className="mb-4 rounded-md border border-green-200 bg-green-50 px-4 py-3 text-sm text-green-800">
          {t("passwordReset.done")}
        </p>
      )}
      {twoFactor === "on" && (
        <p role="status" className="mb-4 rounded-md border border-green-200 bg-green-50 px-4 py-3 text-sm text-green-800">
          {t("login.twoFactorOn")}
        </p>
      )}
      {expired === "1" && (
        <p role="status" className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          {t("login.expired")}
        </p>
      )}
      <LoginForm callbackUrl={typeof callbackUrl === "string" ? callbackUrl : ""} />
    </AuthCard>
  );
}

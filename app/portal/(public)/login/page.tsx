import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { LoginForm } from "@/app/(auth)/login/login-form";
import { setLocaleAction } from "@/app/actions";
import { AuthCard } from "@/components/auth/auth-card";
import { LocaleSwitch } from "@/components/shell/locale-switch";
import { getActor } from "@/lib/auth/session";
import { getSetting } from "@/lib/settings/queries";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("portal.auth"))("signInTitle") };
}

export default async function PortalLoginPage({ searchParams }: PageProps<"/portal/login">) {
  if (await getActor()) redirect("/portal");
  const { reset } = await searchParams;
  const [t, organisation] = await Promise.all([getTranslations(), getSetting("organisation")]);
  return (
    <AuthCard
      brand={organisation.name}
      title={t("portal.auth.signInTitle")}
      footer={
        <>
          <p>
            {t("portal.auth.noAccount")}{" "}
            <Link href="/portal/signup" className="font-medium text-brand-700 hover:underline">
              {t("portal.auth.join")}
            </Link>
          </p>
          <Link href="/portal/forgot-password" className="text-brand-700 hover:underline">
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
      <LoginForm callbackUrl="/portal" />
    </AuthCard>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { setLocaleAction } from "@/app/actions";
import { AuthCard } from "@/components/auth/auth-card";
import { ForgotPasswordForm } from "@/components/auth/forgot-password-form";
import { LocaleSwitch } from "@/components/shell/locale-switch";
import { getSetting } from "@/lib/settings/queries";
import { requestMemberPasswordResetAction } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("passwordReset"))("requestTitle") };
}

export default async function PortalForgotPasswordPage() {
  const [t, organisation] = await Promise.all([getTranslations(), getSetting("organisation")]);
  return (
    <AuthCard
      brand={organisation.name}
      title={t("passwordReset.requestTitle")}
      footer={
        <>
          <Link href="/portal/login" className="text-brand-700 hover:underline">
            {t("passwordReset.backToLogin")}
          </Link>
          <LocaleSwitch action={setLocaleAction} />
        </>
      }
    >
      <ForgotPasswordForm action={requestMemberPasswordResetAction} />
    </AuthCard>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { setLocaleAction } from "@/app/actions";
import { AuthCard } from "@/components/auth/auth-card";
import { ForgotPasswordForm } from "@/components/auth/forgot-password-form";
import { LocaleSwitch } from "@/components/shell/locale-switch";
import { requestPasswordResetAction } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("passwordReset"))("requestTitle") };
}

export default async function ForgotPasswordPage() {
  const t = await getTranslations();
  return (
    <AuthCard
      brand={t("app.name")}
      title={t("passwordReset.requestTitle")}
      footer={
        <>
          <Link href="/login" className="text-brand-700 hover:underline">
            {t("passwordReset.backToLogin")}
          </Link>
          <LocaleSwitch action={setLocaleAction} />
        </>
      }
    >
      <ForgotPasswordForm action={requestPasswordResetAction} />
    </AuthCard>
  );
}

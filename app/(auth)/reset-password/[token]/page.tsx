import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { setLocaleAction } from "@/app/actions";
import { AuthCard } from "@/components/auth/auth-card";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";
import { LocaleSwitch } from "@/components/shell/locale-switch";
import { resetPasswordAction } from "../../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("passwordReset"))("title") };
}

export default async function ResetPasswordPage({ params }: PageProps<"/reset-password/[token]">) {
  const { token } = await params;
  const t = await getTranslations();
  return (
    <AuthCard brand={t("app.name")} title={t("passwordReset.title")} footer={<LocaleSwitch action={setLocaleAction} />}>
      <ResetPasswordForm
        action={resetPasswordAction}
        token={token}
        requestAnother={
          <Link href="/forgot-password" className="font-medium underline">
            {t("passwordReset.requestAnother")}
          </Link>
        }
      />
    </AuthCard>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { setLocaleAction } from "@/app/actions";
import { AuthCard } from "@/components/auth/auth-card";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";
import { LocaleSwitch } from "@/components/shell/locale-switch";
import { getSetting } from "@/lib/settings/queries";
import { resetMemberPasswordAction } from "../../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("passwordReset"))("title") };
}

export default async function PortalResetPasswordPage({ params }: PageProps<"/portal/reset-password/[token]">) {
  const { token } = await params;
  const [t, organisation] = await Promise.all([getTranslations(), getSetting("organisation")]);
  return (
    <AuthCard brand={organisation.name} title={t("passwordReset.title")} footer={<LocaleSwitch action={setLocaleAction} />}>
      <ResetPasswordForm
        action={resetMemberPasswordAction}
        token={token}
        requestAnother={
          <Link href="/portal/forgot-password" className="font-medium underline">
            {t("passwordReset.requestAnother")}
          </Link>
        }
      />
    </AuthCard>
  );
}

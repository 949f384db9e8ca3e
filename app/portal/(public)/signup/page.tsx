import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { setLocaleAction } from "@/app/actions";
import { AuthCard } from "@/components/auth/auth-card";
import { SignUpForm } from "@/components/portal/auth-signup-form";
import { LocaleSwitch } from "@/components/shell/locale-switch";
import { getActor } from "@/lib/auth/session";
import { getSetting } from "@/lib/settings/queries";
import { signUpAction } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("portal.auth"))("joinTitle") };
}

export default async function PortalSignUpPage() {
  if (await getActor()) redirect("/portal");
  const [t, organisation, membership] = await Promise.all([getTranslations("portal.auth"), getSetting("organisation"), getSetting("membership")]);
  return (
    <AuthCard
      brand={organisation.name}
      title={t("joinTitle")}
      footer={
        <>
          <p>
            {t("haveAccount")}{" "}
            <Link href="/portal/login" className="font-medium text-brand-700 hover:underline">
              {t("signIn")}
            </Link>
          </p>
          <LocaleSwitch action={setLocaleAction} />
        </>
      }
    >
      {membership.signupBonus > 0 && <p className="mb-4 rounded-md bg-brand-50 px-4 py-3 text-sm text-brand-800">{t("bonus", { points: membership.signupBonus })}</p>}
      <SignUpForm action={signUpAction} />
    </AuthCard>
  );
}

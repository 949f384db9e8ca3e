import { Download, LogOut } from "lucide-react";
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { setLocaleAction } from "@/app/actions";
import { ConsentSwitch } from "@/components/portal/consent-switch";
import { ProfileForm } from "@/components/portal/profile-form";
import { LocaleSwitch } from "@/components/shell/locale-switch";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { requireMember } from "@/lib/auth/session";
import { formatPhone } from "@/lib/customers/rules";
import { dayIn } from "@/lib/dates";
import { portalSignOutAction, setOwnConsentAction, updateOwnProfileAction } from "../actions";
import { loadOrganisation, loadOwnProfile } from "../load";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("portal.profile"))("title") };
}

/** The member's details, marketing choices, language, their data and signing out. */
export default async function PortalProfilePage() {
  const actor = await requireMember();
  const [profile, organisation, t] = await Promise.all([loadOwnProfile(actor), loadOrganisation(), getTranslations("portal.profile")]);
  const heading = "text-base font-semibold text-slate-900";
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>

      <Card className="p-4" aria-labelledby="details-heading">
        <h2 id="details-heading" className={heading}>
          {t("details")}
        </h2>
        <dl className="mt-3 mb-4 grid grid-cols-1 gap-3 text-sm min-[360px]:grid-cols-2">
          <div>
            <dt className="text-xs font-medium text-slate-500">{t("customerNumber")}</dt>
            <dd className="font-mono text-slate-900">{profile.number}</dd>
          </div>
          <div className="min-w-0">
            <dt className="text-xs font-medium text-slate-500">{t("email")}</dt>
            <dd className="break-all text-slate-900">{profile.email ?? "—"}</dd>
          </div>
          <p className="text-xs text-slate-500 min-[360px]:col-span-2">{t("emailHint")}</p>
        </dl>
        <ProfileForm
          action={updateOwnProfileAction}
          initial={{ name: profile.name, phone: profile.phone ? formatPhone(profile.phone) : "", birthday: profile.birthday ?? "" }}
          today={dayIn(new Date(), organisation.timeZone)}
        />
      </Card>

      <Card className="p-4" aria-labelledby="consent-heading">
        <h2 id="consent-heading" className={heading}>
          {t("consent.title")}
        </h2>
        <p className="mt-1 text-sm text-slate-600">{t("consent.intro")}</p>
        <div className="mt-2 divide-y divide-slate-100">
          <ConsentSwitch action={setOwnConsentAction} channel="email" granted={profile.emailConsent} />
          <ConsentSwitch action={setOwnConsentAction} channel="sms" granted={profile.smsConsent} />
        </div>
      </Card>

      <Card className="p-4" aria-labelledby="language-heading">
        <h2 id="language-heading" className={heading}>
          {t("language")}
        </h2>
        <LocaleSwitch action={setLocaleAction} className="mt-2" />
      </Card>

      <Card className="p-4" aria-labelledby="data-heading">
        <h2 id="data-heading" className={heading}>
          {t("data.title")}
        </h2>
        <p className="mt-1 text-sm text-slate-600">{t("data.intro")}</p>
        <a href="/portal/profile/my-data" download className={buttonClass("secondary", "mt-3 w-full sm:w-auto")}>
          <Download className="size-4" aria-hidden />
          {t("data.download")}
        </a>
      </Card>

      <Card className="p-4" aria-labelledby="account-heading">
        <h2 id="account-heading" className="sr-only">
          {t("account")}
        </h2>
        <form action={portalSignOutAction}>
          <button type="submit" className={buttonClass("secondary", "w-full text-red-700")}>
            <LogOut className="size-4" aria-hidden />
            {t("signOut")}
          </button>
        </form>
      </Card>
    </div>
  );
}

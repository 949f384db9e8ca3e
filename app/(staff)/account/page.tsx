import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { ChangePasswordForm } from "@/components/auth/change-password-form";
import { TotpSetup } from "@/components/auth/totp-setup";
import { TwoFactorForm } from "@/components/auth/two-factor-forms";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { ActionButton } from "@/components/webhooks/action-button";
import { requireActor } from "@/lib/auth/session";
import { findUserById } from "@/lib/users/queries";
import { getTwoFactor } from "@/lib/users/two-factor";
import { cancelTwoFactorAction, changePasswordAction, confirmTwoFactorAction, disableTwoFactorAction, startTwoFactorAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account"))("title") };
}

export default async function AccountPage({ searchParams }: PageProps<"/account">) {
  const actor = await requireActor();
  const [t, format, user, params, twoFactor] = await Promise.all([getTranslations(), getFormatter(), findUserById(actor.userId), searchParams, getTwoFactor(actor)]);
  return (
    <>
      <PageHeader title={t("account.title")} description={`${user?.email ?? ""} · ${t(`roles.${actor.role}`)}`} />
      <div className="grid max-w-xl gap-6">
        <Card className="p-5 sm:p-6">
          <h2 className="text-base font-semibold text-slate-900">{t("account.password.title")}</h2>
          <p className="mt-1 mb-5 text-sm text-slate-600">{t("account.password.description")}</p>
          {params.changed === "1" && (
            <p role="status" className="mb-5 rounded-md border border-green-200 bg-green-50 px-4 py-3 text-sm text-green-800">
              {t("account.password.changed")}
            </p>
          )}
          <ChangePasswordForm action={changePasswordAction} />
        </Card>

        <Card className="p-5 sm:p-6" aria-labelledby="two-factor-title">
          <div className="flex flex-wrap items-center gap-2">
            <h2 id="two-factor-title" className="text-base font-semibold text-slate-900">
              {t("account.twoFactor.title")}
            </h2>
            <Badge tone={twoFactor.enabledAt ? "green" : "slate"}>{t(twoFactor.enabledAt ? "account.twoFactor.on" : "account.twoFactor.off")}</Badge>
          </div>
          {twoFactor.enabledAt ? (
            <>
              <p className="mt-1 mb-5 text-sm text-slate-600">
                {t("account.twoFactor.onSince", { date: format.dateTime(twoFactor.enabledAt, { dateStyle: "medium", timeStyle: "short" }) })}
              </p>
              {twoFactor.required ? <p className="text-sm text-slate-600">{t("account.twoFactor.required")}</p> : <TwoFactorForm action={disableTwoFactorAction} turn="off" />}
            </>
          ) : twoFactor.setup ? (
            <>
              <p className="mt-1 mb-5 text-sm text-slate-600">{t("account.twoFactor.setupIntro")}</p>
              <TotpSetup secret={twoFactor.setup.secret} uri={twoFactor.setup.uri} />
              <TwoFactorForm action={confirmTwoFactorAction} turn="on" />
              <div className="mt-4 border-t border-slate-100 pt-4">
                <ActionButton action={cancelTwoFactorAction} fields={{}} label={t("account.twoFactor.cancel")} small />
              </div>
            </>
          ) : (
            <>
              <p className="mt-1 mb-5 text-sm text-slate-600">{t(twoFactor.required ? "account.twoFactor.requiredIntro" : "account.twoFactor.intro")}</p>
              <ActionButton action={startTwoFactorAction} fields={{}} label={t("account.twoFactor.start")} variant="primary" />
            </>
          )}
        </Card>
      </div>
    </>
  );
}

import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ChangePasswordForm } from "@/components/auth/change-password-form";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireActor } from "@/lib/auth/session";
import { findUserById } from "@/lib/users/queries";
import { changePasswordAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account"))("title") };
}

export default async function AccountPage({ searchParams }: PageProps<"/account">) {
  const actor = await requireActor();
  const [t, user, params] = await Promise.all([getTranslations(), findUserById(actor.userId), searchParams]);
  return (
    <>
      <PageHeader title={t("account.title")} description={`${user?.email ?? ""} · ${t(`roles.${actor.role}`)}`} />
      <Card className="max-w-xl p-5 sm:p-6">
        <h2 className="text-base font-semibold text-slate-900">{t("account.password.title")}</h2>
        <p className="mt-1 mb-5 text-sm text-slate-600">{t("account.password.description")}</p>
        {params.changed === "1" && (
          <p role="status" className="mb-5 rounded-md border border-green-200 bg-green-50 px-4 py-3 text-sm text-green-800">
            {t("account.password.changed")}
          </p>
        )}
        <ChangePasswordForm action={changePasswordAction} />
      </Card>
    </>
  );
}

import { getCountries } from "libphonenumber-js/max";
import type { Metadata } from "next";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { OrganisationForm } from "@/components/settings/organisation-form";
import { SessionForm } from "@/components/settings/session-form";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/lib/auth/session";
import { toMajorUnits } from "@/lib/money";
import { getSetting } from "@/lib/settings/queries";
import { updateOrganisationAction, updateSessionSettingsAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settings"))("title") };
}

const commonCurrencies = ["CNY", "HKD", "TWD", "JPY", "KRW", "SGD", "USD", "EUR", "GBP", "AUD", "CAD"];

export default async function SettingsPage() {
  await requirePermission("settings.manage");
  const [t, locale, format, organisation, sessions] = await Promise.all([
    getTranslations("settings"),
    getLocale(),
    getFormatter(),
    getSetting("organisation"),
    getSetting("sessions"),
  ]);
  const currencyNames = new Intl.DisplayNames([locale], { type: "currency" });
  const regionNames = new Intl.DisplayNames([locale], { type: "region" });
  const byLabel = (a: { label: string }, b: { label: string }) => a.label.localeCompare(b.label, locale);

  const currencies = [...new Set([...commonCurrencies, organisation.currency])].map((code) => ({
    value: code,
    label: `${code} · ${currencyNames.of(code)}`,
  }));
  const timeZones = [...new Set(["UTC", ...Intl.supportedValuesOf("timeZone")])].map((zone) => ({ value: zone, label: zone }));
  const countries = getCountries()
    .map((code) => ({ value: code, label: `${regionNames.of(code) ?? code} (${code})` }))
    .sort(byLabel);

  return (
    <>
      <PageHeader
        title={t("title")}
        actions={
          <Link href="/settings/fields" className={buttonClass("secondary")}>
            {t("fields.title")}
          </Link>
        }
        description={t("example", {
          amount: format.number(toMajorUnits(123456, organisation.currency), { style: "currency", currency: organisation.currency }),
          time: format.dateTime(new Date(), "dateTime"),
        })}
      />
      <Card className="p-5 sm:p-6">
        <OrganisationForm
          action={updateOrganisationAction}
          initial={organisation}
          currencies={currencies}
          timeZones={timeZones}
          countries={countries}
        />
      </Card>
      <Card className="mt-6 p-5 sm:p-6">
        <h2 id="sessions-title" className="text-base font-semibold text-slate-900">
          {t("sessions.title")}
        </h2>
        <p className="mt-1 mb-5 text-sm text-slate-600">{t("sessions.description")}</p>
        <SessionForm action={updateSessionSettingsAction} initial={sessions} />
      </Card>
    </>
  );
}

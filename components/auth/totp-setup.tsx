import { getTranslations } from "next-intl/server";
import { QrCode } from "@/components/portal/qr-code";

/** What an authenticator app needs to be set up: the QR code, and the key to type in instead. */
export async function TotpSetup({ secret, uri }: { secret: string; uri: string }) {
  const t = await getTranslations("account.twoFactor");
  // In groups of four, as the apps show keys, so that typing it is easier.
  const grouped = secret.match(/.{1,4}/g)?.join(" ") ?? secret;
  return (
    <div className="mb-5 flex flex-col items-center gap-3 sm:flex-row sm:items-start">
      <QrCode text={uri} label={t("qrLabel")} className="size-40 shrink-0 rounded-md border border-slate-200 p-1" />
      <div className="min-w-0 text-sm text-slate-600">
        <p>{t("scan")}</p>
        <p className="mt-2">{t("keyInstead")}</p>
        <p className="mt-1 font-mono text-sm break-all text-slate-900" data-testid="totp-key">
          {grouped}
        </p>
      </div>
    </div>
  );
}

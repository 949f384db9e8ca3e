import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { LiveRefresh } from "@/components/live/live-refresh";
import { TierProgress } from "@/components/membership/tier-progress";
import { QrCode } from "@/components/portal/qr-code";
import { portalTerms } from "@/components/portal/terms";
import { Card } from "@/components/ui/card";
import { requireMember } from "@/lib/auth/session";
import { getOwnSummary, listOwnPointsHistory } from "@/lib/membership/portal";
import { formatMemberNumber } from "@/lib/membership/rules";
import { loadOrganisation, loadOwnProfile } from "../load";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("portal.card"))("title") };
}

/** The member card: who, which tier, how many points, and the code the till scans. */
export default async function MemberCardPage() {
  const actor = await requireMember();
  const [summary, history, profile, organisation, t, tp, terms] = await Promise.all([
    getOwnSummary(actor),
    listOwnPointsHistory(actor, {}),
    loadOwnProfile(actor),
    loadOrganisation(),
    getTranslations("portal.card"),
    getTranslations("points"),
    portalTerms(),
  ]);
  const { membership, tier, expiringSoon, lots } = summary;
  const number = formatMemberNumber(membership.number);
  const tierName = (value: { name: string; nameZh: string }) => terms.named(value);
  const money = (minor: number) => terms.money(minor, organisation.currency);
  const date = (value: Date) => terms.format.dateTime(value, { dateStyle: "medium" });
  const recent = history.rows.slice(0, 5);

  return (
    <div className="space-y-4">
      {/* A purchase at the till, an adjustment or a new coupon shows without a reload. */}
      <LiveRefresh types={["points.changed", "membership.tier_changed", "membership.updated", "coupon.issued"]} entityId={membership.id} />
      <section aria-labelledby="card-name" className="overflow-hidden rounded-2xl bg-linear-to-br from-brand-600 to-purple-700 text-white shadow-md">
        <div className="flex items-start justify-between gap-3 p-5 pb-4">
          <div className="min-w-0">
            <p className="truncate text-xs font-medium tracking-wide text-white/80 uppercase">{organisation.name}</p>
            <h1 id="card-name" className="mt-1 text-xl font-semibold break-words">
              {profile.name}
            </h1>
            <p className="mt-0.5 text-sm text-white/85">
              <span className="sr-only">{t("memberNumber")}: </span>
              <span className="font-mono tracking-wider">{number}</span>
            </p>
          </div>
          <p className="shrink-0 rounded-full bg-white/20 px-3 py-1 text-sm font-semibold ring-1 ring-white/40">
            <span className="sr-only">{t("tier")}: </span>
            {tierName(tier)}
          </p>
        </div>
        <div className="mx-5 rounded-xl bg-white p-4 text-center text-slate-900">
          <QrCode text={number} label={t("qrLabel", { number })} className="mx-auto size-44" />
          <p className="mt-2 text-xs text-slate-600">{t("showAtTill")}</p>
        </div>
        <div className="p-5 pt-4">
          <p data-testid="balance" role="group" aria-label={t("balanceLabel", { balance: membership.balance })} className="text-4xl font-semibold tabular-nums">
            {terms.format.number(membership.balance)} <span className="text-base font-normal text-white/85">{t("points")}</span>
          </p>
          {summary.pending.points > 0 && summary.pending.nextAt && (
            <p className="mt-1 text-sm text-white/85">{t("pending", { points: summary.pending.points, date: date(summary.pending.nextAt) })}</p>
          )}
          {expiringSoon.points > 0 && expiringSoon.firstAt && (
            <p className="mt-1 text-sm text-amber-100">{t("expiringSoon", { points: expiringSoon.points, date: date(expiringSoon.firstAt) })}</p>
          )}
        </div>
      </section>

      {membership.status === "frozen" && (
        <p role="note" className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          {t("frozen")}
        </p>
      )}
      {membership.balance < 0 && <p className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">{t("negative")}</p>}

      <Card className="p-4" aria-labelledby="tier-heading">
        <h2 id="tier-heading" className="text-base font-semibold">
          {t("progress")}
        </h2>
        <TierProgress summary={summary} money={money} tierName={tierName} />
        {lots.length > 0 && (
          <details className="mt-4 border-t border-slate-100 pt-3 text-sm">
            <summary className="cursor-pointer font-medium text-brand-700">{t("lots")}</summary>
            <ul className="mt-2 space-y-1 text-slate-700">
              {lots.map((lot) => (
                <li key={lot.id} className="flex justify-between gap-3">
                  <span className="tabular-nums">{t("lotPoints", { points: lot.remaining })}</span>
                  <span className="text-slate-500">{t("lotExpires", { date: date(lot.expiresAt) })}</span>
                </li>
              ))}
            </ul>
          </details>
        )}
      </Card>

      <Card className="p-4" aria-labelledby="recent-heading">
        <div className="flex items-baseline justify-between gap-3">
          <h2 id="recent-heading" className="text-base font-semibold">
            {t("recent")}
          </h2>
          <Link href="/portal/points" className="text-sm font-medium text-brand-700 hover:underline">
            {t("allPoints")}
          </Link>
        </div>
        {recent.length === 0 ? (
          <p className="mt-2 text-sm text-slate-500">{t("noPoints")}</p>
        ) : (
          <ul className="mt-2 divide-y divide-slate-100 text-sm">
            {recent.map((entry) => (
              <li key={entry.id} className="flex items-center justify-between gap-3 py-2">
                <span className="min-w-0">
                  <span className="block truncate text-slate-800">{tp(`sources.${entry.source}`)}</span>
                  <span className="block text-xs text-slate-500">{date(entry.occurredAt)}</span>
                </span>
                <span className={entry.delta < 0 ? "shrink-0 font-medium tabular-nums text-red-700" : "shrink-0 font-medium tabular-nums text-green-700"}>{tp("delta", { delta: entry.delta })}</span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}

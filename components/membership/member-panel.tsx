import crypto from "node:crypto";
import type { Route } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { can, type Actor } from "@/lib/auth/permissions";
import type { MemberSummary } from "@/lib/membership/queries";
import { formatMemberNumber } from "@/lib/membership/rules";
import { toMajorUnits } from "@/lib/money";
import type { FormAction } from "@/lib/http/action-state";
import { AdjustPointsForm, EnrolForm, MembershipStatusForm, RedeemPointsForm } from "./points-forms";
import { TierProgress } from "./tier-progress";

const statusTone = { active: "green", frozen: "amber", closed: "slate" } as const;

type Actions<E, A, R, S> = { enrol: FormAction<E>; adjust: FormAction<A>; redeem: FormAction<R>; status: FormAction<S> };

/** The member side of a customer: tier, balance, the way to the next tier, lots, recent points and the forms staff use. */
export async function MemberPanel<E, A, R, S>({
  actor,
  customerId,
  summary,
  lots,
  recent,
  currency,
  agentCap,
  actions,
}: {
  actor: Actor;
  customerId: string;
  summary: MemberSummary | null;
  lots: { id: number; remaining: number; expiresAt: Date }[];
  recent: { id: number; delta: number; kind: string; source: string; occurredAt: Date; reason: string | null }[];
  currency: string;
  agentCap: number;
  actions: Actions<E, A, R, S>;
}) {
  const [t, tp, format, locale] = await Promise.all([getTranslations("member"), getTranslations("points"), getFormatter(), getLocale()]);
  if (!summary) {
    return (
      <Card className="p-5" aria-labelledby="member-heading">
        <h2 id="member-heading" className="text-base font-semibold">
          {t("title")}
        </h2>
        <p className="mt-1 text-sm text-slate-600">{t("notMember")}</p>
        {can(actor, "membership.enrol") && <EnrolForm action={actions.enrol} customerId={customerId} />}
      </Card>
    );
  }
  const { membership, tier, expiringSoon } = summary;
  const tierName = (value: { name: string; nameZh: string }) => (locale === "zh-CN" ? value.nameZh : value.name);
  const money = (minor: number) => format.number(toMajorUnits(minor, currency), { style: "currency", currency });
  const open = membership.status !== "closed";
  return (
    <Card className="p-5" aria-labelledby="member-heading">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <h2 id="member-heading" className="text-base font-semibold">
            {t("title")}
          </h2>
          <p className="font-mono text-sm text-slate-600">{formatMemberNumber(membership.number)}</p>
        </div>
        <div className="flex gap-2">
          <Badge tone="purple">{tierName(tier)}</Badge>
          <Badge tone={statusTone[membership.status]}>{t(`statuses.${membership.status}`)}</Badge>
        </div>
      </div>
      <p className="mt-4 text-3xl font-semibold tabular-nums text-slate-900" aria-label={t("balanceLabel", { balance: membership.balance })}>
        {format.number(membership.balance)} <span className="text-base font-normal text-slate-500">{t("points")}</span>
      </p>
      {membership.balance < 0 && <p className="mt-1 text-sm text-red-700">{t("negative")}</p>}
      {expiringSoon.points > 0 && expiringSoon.firstAt && (
        <p className="mt-1 text-sm text-amber-800">{t("expiringSoon", { points: expiringSoon.points, date: format.dateTime(expiringSoon.firstAt, { dateStyle: "medium" }) })}</p>
      )}
      {summary.pending.points > 0 && summary.pending.nextAt && (
        <p className="mt-1 text-sm text-slate-600">{t("pending", { points: summary.pending.points, date: format.dateTime(summary.pending.nextAt, { dateStyle: "medium" }) })}</p>
      )}
      <TierProgress summary={summary} money={money} tierName={tierName} />

      {lots.length > 0 && (
        <details className="mt-4 text-sm">
          <summary className="cursor-pointer text-brand-700">{t("lots")}</summary>
          <ul className="mt-2 space-y-1 text-slate-700">
            {lots.map((lot) => (
              <li key={lot.id} className="flex justify-between gap-3">
                <span className="tabular-nums">{t("lotPoints", { points: lot.remaining })}</span>
                <span className="text-slate-500">{t("lotExpires", { date: format.dateTime(lot.expiresAt, { dateStyle: "medium" }) })}</span>
              </li>
            ))}
          </ul>
        </details>
      )}

      <div className="mt-4 border-t border-slate-100 pt-4">
        <h3 className="text-sm font-medium text-slate-900">{t("recent")}</h3>
        {recent.length === 0 ? (
          <p className="mt-1 text-sm text-slate-500">{t("noPoints")}</p>
        ) : (
          <ul className="mt-2 space-y-1.5 text-sm">
            {recent.map((entry) => (
              <li key={entry.id} className="flex justify-between gap-3">
                <span className="min-w-0 truncate text-slate-700">
                  {tp(`sources.${entry.source}`)}
                  <span className="text-slate-400"> · {format.dateTime(entry.occurredAt, { dateStyle: "medium" })}</span>
                </span>
                <span className={entry.delta < 0 ? "shrink-0 tabular-nums text-red-700" : "shrink-0 tabular-nums text-green-700"}>{tp("delta", { delta: entry.delta })}</span>
              </li>
            ))}
          </ul>
        )}
        <Link href={`/customers/${customerId}/points` as Route} className="mt-2 inline-block text-sm text-brand-700 hover:underline">
          {t("history")}
        </Link>
      </div>

      {open && (can(actor, "points.adjust") || can(actor, "points.redeem") || can(actor, "membership.manage")) && (
        <div className="mt-4 space-y-2 border-t border-slate-100 pt-4">
          {can(actor, "points.adjust") && (
            <details className="text-sm">
              <summary className="cursor-pointer text-brand-700">{t("adjust.title")}</summary>
              <div className="mt-3">
                <AdjustPointsForm action={actions.adjust} customerId={customerId} idempotencyKey={crypto.randomUUID()} cap={can(actor, "points.adjust.uncapped") ? null : agentCap} />
              </div>
            </details>
          )}
          {can(actor, "points.redeem") && membership.status === "active" && (
            <details className="text-sm">
              <summary className="cursor-pointer text-brand-700">{t("redeem.title")}</summary>
              <div className="mt-3">
                <RedeemPointsForm action={actions.redeem} customerId={customerId} idempotencyKey={crypto.randomUUID()} />
              </div>
            </details>
          )}
          {can(actor, "membership.manage") && (
            <details className="text-sm">
              <summary className="cursor-pointer text-brand-700">{t("status.title")}</summary>
              <div className="mt-3">
                <MembershipStatusForm action={actions.status} customerId={customerId} status={membership.status === "frozen" ? "frozen" : "active"} />
              </div>
            </details>
          )}
        </div>
      )}
    </Card>
  );
}

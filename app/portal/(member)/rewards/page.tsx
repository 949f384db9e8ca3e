import crypto from "node:crypto";
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ExchangeButton } from "@/components/portal/exchange-button";
import { portalTerms } from "@/components/portal/terms";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { requireMember } from "@/lib/auth/session";
import { listCatalogue } from "@/lib/membership/coupons";
import { ownMembership } from "@/lib/membership/portal";
import { exchangeForCouponAction } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("portal.rewards"))("title") };
}

/** The points catalogue: coupons the member can exchange points for, and why not when they cannot. */
export default async function PortalRewardsPage() {
  const actor = await requireMember();
  const [membership, catalogue, t, tAll, terms] = await Promise.all([
    ownMembership(actor),
    listCatalogue(actor, actor.customerId),
    getTranslations("portal.rewards"),
    getTranslations(),
    portalTerms(),
  ]);
  // The member-facing wording where there is one ("You need 300 more points"), else the shared one.
  const why = (refusal: string, price: number) => {
    const own = `portal.rewards.refusals.${refusal.replace(/^errors\./, "")}`;
    if (tAll.has(own)) return tAll(own, { missing: price - membership.balance });
    return tAll.has(refusal) ? tAll(refusal) : tAll("errors.INVALID_STATE");
  };

  return (
    <>
      <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
      <p className="mt-1 mb-4 text-sm text-slate-600">
        {t("intro")} <strong className="font-semibold text-slate-900">{t("balance", { balance: membership.balance })}</strong>
      </p>
      {catalogue.length === 0 ? (
        <EmptyState title={t("empty")}>
          <p>{t("emptyHint")}</p>
        </EmptyState>
      ) : (
        <ul className="space-y-3">
          {catalogue.map(({ template, refusal }) => {
            const price = template.pointsPrice ?? 0;
            const name = terms.named(template);
            return (
              <li key={template.id}>
                <Card className="p-4" aria-labelledby={`reward-${template.id}`}>
                  <div className="flex items-start justify-between gap-3">
                    <div className="min-w-0">
                      <p className="text-lg font-semibold break-words text-brand-700">{terms.offer(template)}</p>
                      <h2 id={`reward-${template.id}`} className="font-medium break-words text-slate-900">
                        {name}
                      </h2>
                    </div>
                    <p className="shrink-0 rounded-full bg-purple-50 px-2.5 py-1 text-sm font-semibold text-purple-700 tabular-nums">{t("price", { points: price })}</p>
                  </div>
                  {template.description && <p className="mt-2 text-sm whitespace-pre-wrap text-slate-600">{template.description}</p>}
                  <ul className="mt-2 space-y-0.5 text-sm text-slate-600">
                    <li>{terms.minSpend(template)}</li>
                    {template.validDays !== null && <li>{t("validDays", { days: template.validDays })}</li>}
                    {template.validUntil && <li>{t("offerEnds", { date: terms.lastDay(template.validUntil) })}</li>}
                  </ul>
                  <div className="mt-4">
                    <ExchangeButton
                      action={exchangeForCouponAction}
                      templateId={template.id}
                      idempotencyKey={crypto.randomUUID()}
                      points={price}
                      name={name}
                      balance={membership.balance}
                      refusal={refusal ? why(refusal, price) : null}
                    />
                  </div>
                </Card>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
